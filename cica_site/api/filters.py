from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.settings import api_settings

from bodies.models import Format


def format_values_filter_meetings(request) -> bool:
    """`?format=online` (or offline, hybrid) filters events by how they are held; any other
    `?format=` value (json, csv, ics) chooses the rendering."""
    values = request.query_params.getlist(api_settings.URL_FORMAT_OVERRIDE)
    return bool(values) and set(values) <= set(Format.values)


class FormatAwareContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, except that a meeting format in `?format=` chooses no renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if format_values_filter_meetings(request):
            self.settings = NoFormatOverride
        return super().select_renderer(request, renderers, format_suffix)


class NoFormatOverride:
    URL_FORMAT_OVERRIDE = None


class StableOrderingFilter(OrderingFilter):
    """OrderingFilter that ends every ordering with the primary key, so pages never share or
    skip rows when the chosen field has ties, and refuses a field it cannot sort by (400)
    instead of silently sorting by the default."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        invalid = [term for term in fields if term not in valid]
        if invalid:
            allowed = ", ".join(
                name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
            )
            raise ValidationError(
                {
                    self.ordering_param: [
                        _(
                            "Cannot sort by %(terms)s. Sort by one of: %(allowed)s (a leading minus sorts descending)."
                        )
                        % {"terms": ", ".join(invalid), "allowed": allowed}
                    ]
                }
            )
        return valid

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and "pk" not in ordering and "-pk" not in ordering:
            ordering = [*ordering, "pk"]
        return ordering


class FilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend for the API, where `?format=` is shared: a meeting format
    (online, offline, hybrid) goes to the filterset's `format` filter, a rendering (json, csv,
    ics) does not. `meeting_format` reaches the same filter without the ambiguity."""

    renamed = {"meeting_format": "format"}

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        data = kwargs["data"].copy()
        if not format_values_filter_meetings(request):
            data.pop(api_settings.URL_FORMAT_OVERRIDE, None)
        for api_name, filter_name in self.renamed.items():
            if api_name in data:
                data.setlist(filter_name, data.pop(api_name))
        kwargs["data"] = data
        return kwargs
