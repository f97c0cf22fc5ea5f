"""The one filterset of plan items: it backs /activities/, /calendar.ics and /api/v1/events/.

A filter added here appears on every face. Natural keys stand beside ids: `dimension`
and `priority_area` take slugs, `organizer` an organizer's slug (a state's is its ISO code),
`body` a slug.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, Subquery
from django.utils.translation import gettext_lazy as _

from bodies.models import Body, Format
from cbm.models import (
    AnnualPlan,
    ConceptPaper,
    CoordinatorRole,
    Dimension,
    PlanItem,
    PriorityArea,
    PublishedFigure,
    Role,
    Source,
    organized_by,
)
from cica_site.filters import WHOLE_YEAR, by_natural_key
from membership.models import Actor, State

SEARCH_FIELDS = ["title_en", "title_ru", "description_en", "description_ru", "code"]


def search_items(queryset, terms: str):
    """Full-text search over titles and descriptions in both languages (search_condition)."""
    condition = search_condition(terms)
    return queryset if condition is None else queryset.filter(condition)


def search_condition(terms: str) -> Q | None:
    """The items matching the search `terms`, as a Q (None: no terms, no condition).

    PostgreSQL matches with its text search (the 'simple' configuration, since the texts mix
    English and Russian); elsewhere every word must appear somewhere (case-insensitive).
    """
    terms = terms.strip()
    if not terms:
        return None
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact

        # The same expression as the GIN index of cbm migration 0003, so the index serves it.
        vector = SearchVector(*SEARCH_FIELDS, config="simple")
        query = SearchQuery(terms, config="simple", search_type="websearch")
        return Q(SearchVectorExact(vector, query))
    condition = Q()
    for word in terms.split():
        word_q = Q()
        for name in SEARCH_FIELDS:
            word_q |= Q(**{f"{name}__icontains": word})
        condition &= word_q
    return condition


class IdMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Ids beyond a 64-bit integer are invalid choices, refused before any query (SQLite
    cannot even bind them)."""

    def _check_values(self, value):
        for pk in value:
            try:
                in_range = -(2**63) <= int(pk) < 2**63
            except (TypeError, ValueError):
                continue  # not a number: the usual check refuses it
            if not in_range:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class IdMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdMultipleChoiceField


class PlanItemFilterSet(django_filters.FilterSet):
    # A year the calendar knows (date(year, 1, 1) must exist), whole.
    year = WHOLE_YEAR(
        django_filters.NumberFilter(
            method="filter_year", label=_("Year"), min_value=1, max_value=9999, decimal_places=0
        )
    )
    # The item's own dimension: a CBM event may state its dimension and no area.
    dimension = by_natural_key("dimension", Dimension, _("Dimension"))
    priority_area = by_natural_key("priority_area", PriorityArea, _("Priority area"))
    priority_area_id = IdMultipleChoiceFilter(
        field_name="priority_area",
        queryset=PriorityArea.objects.all(),
        label=_("Priority area (id)"),
    )
    # Who organizes, leading or with others: `?organizer=cica-secretariat` lists what the
    # Secretariat organized or co-organized.
    organizer = django_filters.ModelMultipleChoiceFilter(
        to_field_name="slug",
        queryset=Actor.objects.all(),
        method="filter_organizer",
        label=_("Organizer"),
        help_text=_("Organized or co-organized by any of them (a state's ISO code, or a slug)."),
    )
    organizer_id = IdMultipleChoiceFilter(
        queryset=Actor.objects.all(), method="filter_organizer", label=_("Organizer (id)")
    )
    organizer_kind = django_filters.MultipleChoiceFilter(
        choices=Actor.Kind.choices,
        method="filter_organizer_kind",
        label=_("Kind of organizer"),
        help_text=_("Organized or co-organized by an organizer of any of these kinds."),
    )
    body = by_natural_key("body", Body, _("Body"))
    category = django_filters.MultipleChoiceFilter(
        choices=PlanItem.Category.choices, label=_("Category")
    )
    status = django_filters.MultipleChoiceFilter(choices=PlanItem.Status.choices, label=_("Status"))
    format = django_filters.MultipleChoiceFilter(choices=Format.choices, label=_("Format"))
    date = django_filters.DateFromToRangeFilter(
        method="filter_date",
        label=_("Dates"),
        help_text=_("Items held at least partly in the range."),
    )
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = PlanItem
        fields = [
            "year",
            "dimension",
            "priority_area",
            "priority_area_id",
            "organizer",
            "organizer_id",
            "organizer_kind",
            "body",
            "category",
            "status",
            "format",
            "date",
            "search",
        ]

    def filter_queryset(self, queryset):
        # Every filter through condition(): the facets of /activities/ test each item with the
        # same conditions (cbm/facets.py), so a list and its counts cannot disagree.
        conditions = (self.condition(name) for name in self.form.cleaned_data)
        return queryset.filter(*(q for q in conditions if q is not None))

    def condition(self, name: str) -> Q | None:
        """Filter `name`'s test of an item for its cleaned value, as a Q; None when the value
        asks for nothing. The form must be valid."""
        value = self.form.cleaned_data.get(name)
        if not value:  # nothing chosen (an empty queryset, list or string)
            return None
        filter_ = self.filters[name]
        if filter_.method:
            condition = getattr(self, filter_.method.replace("filter_", "", 1) + "_condition")
            return condition(value) or None
        # django-filter's own multiple choice: any of the values, as its filter() has it.
        condition = Q()
        for choice in set(value):
            condition |= Q(**filter_.get_filter_predicate(choice))
        return condition

    # The filters with a method: each applies its condition.
    def filter_year(self, queryset, name, value):
        return queryset.filter(self.year_condition(value))

    def filter_organizer(self, queryset, name, value):
        return queryset.filter(self.organizer_condition(value)) if value else queryset

    def filter_organizer_kind(self, queryset, name, value):
        return queryset.filter(self.organizer_kind_condition(value))

    def filter_date(self, queryset, name, value):
        return queryset.filter(self.date_condition(value))

    def filter_search(self, queryset, name, value):
        return search_items(queryset, value)

    def year_condition(self, value) -> Q:
        # A plan's year; an event outside any plan by the year it starts. The plan as a scalar
        # subquery (a year has one plan), which PostgreSQL can look up in the plan's index.
        year = int(value)
        plan = AnnualPlan.objects.filter(year=year).values("pk")
        return Q(plan=Subquery(plan)) | Q(plan__isnull=True, start_date__year=year)

    def organizer_condition(self, value) -> Q:
        return organized_by(Q(pk__in=[actor.pk for actor in value]))

    def organizer_kind_condition(self, value) -> Q:
        return organized_by(Q(kind__in=value))

    def date_condition(self, value) -> Q:
        # Overlap: the item ends on or after the range's start and starts on or before its end.
        condition = Q()
        if value.start:
            condition &= Q(end_date__gte=value.start) | Q(
                end_date__isnull=True, start_date__gte=value.start
            )
        if value.stop:
            condition &= Q(start_date__lte=value.stop)
        return condition

    def search_condition(self, value) -> Q | None:
        return search_condition(value)


class CoordinatorRoleFilterSet(django_filters.FilterSet):
    """Who coordinates what: by area, dimension, state and role, or as things stood on a day."""

    priority_area = by_natural_key("priority_area", PriorityArea, _("Priority area"))
    dimension = by_natural_key("priority_area__dimension", Dimension, _("Dimension"))
    state = by_natural_key("state", State, _("State"), key="iso_code")
    role = django_filters.MultipleChoiceFilter(choices=Role.choices, label=_("Role"))
    current_on = django_filters.DateFilter(
        method="filter_current_on",
        label=_("Current on"),
        help_text=_("Only the roles whose term includes this day."),
    )

    class Meta:
        model = CoordinatorRole
        fields = ["priority_area", "dimension", "state", "role", "current_on"]

    def filter_current_on(self, queryset, name, value):
        return queryset.current_on(value)


class ConceptPaperFilterSet(django_filters.FilterSet):
    priority_area = by_natural_key("priority_area", PriorityArea, _("Priority area"))
    dimension = by_natural_key("priority_area__dimension", Dimension, _("Dimension"))
    status = django_filters.MultipleChoiceFilter(
        choices=ConceptPaper.Status.choices, label=_("Status")
    )

    class Meta:
        model = ConceptPaper
        fields = ["priority_area", "dimension", "status"]


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
