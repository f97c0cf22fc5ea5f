"""The filter form of /activities/, with facet counts beside each value.

The filtering itself is PlanItemFilterSet's (cbm/filtersets.py), the counting cbm/facets.py's;
this form only shows the filters to people, with how many items each value would give.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cbm.facets import FACETS, FacetLabel

__all__ = ["FACETS", "ActivityFilterForm", "FacetLabel"]


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
