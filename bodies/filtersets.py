"""Filters of the bodies' sessions, for the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from bodies.models import Body, Format, Session
from membership.models import State


class SessionFilterSet(django_filters.FilterSet):
    body = django_filters.ModelMultipleChoiceFilter(
        field_name="body__slug", to_field_name="slug", queryset=Body.objects.all(), label=_("Body")
    )
    kind = django_filters.MultipleChoiceFilter(choices=Session.Kind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(
        field_name="start_date__year",
        label=_("Year"),
        min_value=1,
        max_value=9999,
        decimal_places=0,
    )
    country = django_filters.ModelMultipleChoiceFilter(
        field_name="country__iso_code",
        to_field_name="iso_code",
        queryset=State.objects.all(),
        label=_("Country"),
    )
    format = django_filters.MultipleChoiceFilter(choices=Format.choices, label=_("Format"))

    class Meta:
        model = Session
        fields = ["body", "kind", "year", "country", "format"]
