"""Filters of the organizers' list, for the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from membership.models import Actor


class OrganizationFilterSet(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=[
            (kind, label) for kind, label in Actor.Kind.choices if kind not in Actor.STATE_KINDS
        ],
        label=_("Kind"),
    )
    country = django_filters.CharFilter(label=_("Country (ISO code)"), method="filter_country")

    class Meta:
        model = Actor
        fields = ["kind", "country"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value.upper())
