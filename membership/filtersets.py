"""Filters of the organizers' list, for the API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from membership.models import Actor


class OrganizationFilterSet(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=[
            (kind, label) for kind, label in Actor.Kind.choices if kind not in Actor.STATE_KINDS
        ],
        label=_("Kind"),
    )
    country = django_filters.MultipleChoiceFilter(choices=list(countries), label=_("Country"))

    class Meta:
        model = Actor
        fields = ["kind", "country"]
