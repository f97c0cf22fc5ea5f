"""The filter form of /activities/, with facet counts beside each value.

The filtering itself is PlanItemFilterSet's (cbm/filtersets.py); this form only shows its
fields to people, with how many items each value would give.
"""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.db.models import Count
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from bodies.models import Format
from cbm.models import PlanItem
from cica_site.languages import in_language
from membership.models import Actor

FACETS = ("year", "dimension", "priority_area", "organizer", "category", "format", "status")


@dataclass(frozen=True)
class FacetLabel:
    """A value's label and how many items carry it, given the other filters."""

    name: str
    count: int | None
    group: str = ""  # a heading the value is listed under (an organizer's kind)

    def __str__(self):
        return self.name


def _localized(name_en: str, name_ru: str) -> str:
    return in_language(name_en, name_ru)


def filtered_without(filterset, excluded: str):
    """The filterset's items with every valid filter applied except `excluded`.

    Counting a facet without its own filter shows what choosing another value would give.
    """
    queryset = filterset.queryset.all()
    for name, value in filterset.form.cleaned_data.items():
        if name != excluded:
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def _grouped(queryset, *fields):
    return queryset.values_list(*fields).annotate(n=Count("pk")).order_by()


def facet_counts(filterset) -> dict[str, list[tuple[str, FacetLabel]]]:
    """For each facet, its values with their item counts: one query per facet, whatever the
    number of items. `filterset` must be valid."""
    facets = {}
    years = (
        filtered_without(filterset, "year")
        .annotate(facet_year=Coalesce("plan__year", ExtractYear("start_date")))
        .filter(facet_year__isnull=False)
    )
    facets["year"] = [
        (str(year), FacetLabel(str(year), n))
        for year, n in sorted(_grouped(years, "facet_year"), reverse=True)
    ]
    # The item's own dimension: a CBM event may state it without an area.
    dimension = "dimension__"
    rows = _grouped(
        filtered_without(filterset, "dimension").filter(dimension__isnull=False),
        f"{dimension}order",
        f"{dimension}slug",
        f"{dimension}name_en",
        f"{dimension}name_ru",
    )
    facets["dimension"] = [
        (slug, FacetLabel(_localized(en, ru), n)) for _order, slug, en, ru, n in sorted(rows)
    ]
    rows = _grouped(
        filtered_without(filterset, "priority_area").filter(priority_area__isnull=False),
        "priority_area__order",
        "priority_area__slug",
        "priority_area__name_en",
        "priority_area__name_ru",
    )
    facets["priority_area"] = [
        (slug, FacetLabel(f"{order}. {_localized(en, ru)}", n))
        for order, slug, en, ru, n in sorted(rows)
    ]
    facets["organizer"] = organizer_facet(filtered_without(filterset, "organizer"))
    for name, choices in (
        ("category", PlanItem.Category.choices),
        ("format", Format.choices),
        ("status", PlanItem.Status.choices),
    ):
        counts = dict(_grouped(filtered_without(filterset, name), name))
        facets[name] = [
            (value, FacetLabel(str(label), counts[value]))
            for value, label in choices
            if counts.get(value)
        ]
    # A chosen value that no item carries any more still shows, so it can be unticked.
    for name, choices in facets.items():
        present = {value for value, _label in choices}
        for value in filterset.data.getlist(name):
            if value and value not in present:
                choices.append((value, FacetLabel(value, 0)))
    return facets


def organizer_facet(items) -> list[tuple[str, FacetLabel]]:
    """Every organizer of `items`, leading or co-organizing, with its number of items, listed
    under its kind (Member States first, outside institutions last)."""
    counts = Counter(dict(_grouped(items.filter(organizer__isnull=False), "organizer")))
    through = PlanItem.co_organizers.through.objects.filter(planitem__in=items.values("pk"))
    # An organizer is never its item's co-organizer too (the item's rules), so no item
    # counts twice.
    counts.update(dict(_grouped(through, "actor")))
    kind_order = {kind: n for n, kind in enumerate(Actor.Kind.values)}
    actors = Actor.objects.filter(pk__in=counts).only("slug", "kind", "name_en", "name_ru")
    return [
        (
            actor.slug,
            FacetLabel(actor.name, counts[actor.pk], group=actor.get_kind_display()),
        )
        for actor in sorted(actors, key=lambda a: (kind_order[a.kind], a.name))
    ]


class ActivityFilterForm(forms.Form):
    """The fields of PlanItemFilterSet as people see them; the choices come with counts."""

    search = forms.CharField(
        label=_("Search titles and descriptions"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    year = forms.ChoiceField(label=_("Year"), required=False, widget=forms.RadioSelect)
    dimension = forms.MultipleChoiceField(
        label=_("Dimension"), required=False, widget=forms.CheckboxSelectMultiple
    )
    priority_area = forms.MultipleChoiceField(
        label=_("Priority area"), required=False, widget=forms.CheckboxSelectMultiple
    )
    organizer = forms.MultipleChoiceField(
        label=_("Organizer"), required=False, widget=forms.CheckboxSelectMultiple
    )
    category = forms.MultipleChoiceField(
        label=_("Category"), required=False, widget=forms.CheckboxSelectMultiple
    )
    format = forms.MultipleChoiceField(
        label=_("Format"), required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.MultipleChoiceField(
        label=_("Status"), required=False, widget=forms.CheckboxSelectMultiple
    )
    date_after = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_before = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, facets: dict[str, list[tuple[str, FacetLabel]]]):
        super().__init__(data)
        for name in FACETS:
            self.fields[name].choices = facets.get(name, [])
        self.fields["year"].choices = [("", FacetLabel(str(_("All years")), None))] + self.fields[
            "year"
        ].choices

    def facet_fields(self):
        return [self[name] for name in FACETS]

    def active_filter_count(self) -> int:
        names = [*FACETS, "search", "date_after", "date_before"]
        return sum(1 for name in names if any(self.data.getlist(name)))
