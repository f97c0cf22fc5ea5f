from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter
from rest_framework.settings import api_settings


class StableOrderingFilter(OrderingFilter):
    """OrderingFilter that ends every ordering with the primary key, so pages never share or
    skip rows when the chosen field has ties."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and "pk" not in ordering and "-pk" not in ordering:
            ordering = [*ordering, "pk"]
        return ordering


class FilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend for the API, where `?format=` chooses the rendering (json, csv,
    ics). A filterset filter named `format` (the meeting's format) is reached as
    `meeting_format` instead."""

    renamed = {"meeting_format": "format"}

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        data = kwargs["data"].copy()
        data.pop(api_settings.URL_FORMAT_OVERRIDE, None)
        for api_name, filter_name in self.renamed.items():
            if api_name in data:
                data.setlist(filter_name, data.pop(api_name))
        kwargs["data"] = data
        return kwargs
