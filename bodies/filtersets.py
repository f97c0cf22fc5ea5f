"""Filters of the bodies' sessions, for the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from bodies.models import Body, Format, Session
from cica_site.filters import WHOLE_YEAR, by_natural_key
from membership.models import State


class SessionFilterSet(django_filters.FilterSet):
    body = by_natural_key("body", Body, _("Body"))
    kind = django_filters.MultipleChoiceFilter(choices=Session.Kind.choices, label=_("Kind"))
    year = WHOLE_YEAR(
        django_filters.NumberFilter(
            field_name="start_date__year",
            label=_("Year"),
            min_value=1,
            max_value=9999,
            decimal_places=0,
        )
    )
    country = by_natural_key("country", State, _("Country"), key="iso_code")
    format = django_filters.MultipleChoiceFilter(choices=Format.choices, label=_("Format"))

    class Meta:
        model = Session
        fields = ["body", "kind", "year", "country", "format"]
