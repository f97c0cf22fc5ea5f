"""The filterset of published figures, for /api/v1/published-figures/.

Beside cbm/filtersets.py rather than in it while that module is reworked for the organizers on
the actors branch; it belongs there when that work has landed.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from cbm.models import PublishedFigure, Source
from cica_site.filters import WHOLE_YEAR, by_natural_key


class PublishedFigureFilterSet(django_filters.FilterSet):
    year = WHOLE_YEAR(
        django_filters.NumberFilter(
            field_name="plan__year",
            label=_("Year"),
            help_text=_("The figures of that year's annual plan."),
            min_value=1,
            max_value=9999,
            decimal_places=0,
        )
    )
    measure = django_filters.MultipleChoiceFilter(
        choices=PublishedFigure.Measure.choices, label=_("What it counts")
    )
    source = by_natural_key("source", Source, _("Source"))

    class Meta:
        model = PublishedFigure
        fields = ["year", "measure", "source"]
