"""Base viewsets of the API: conditional GET, cache headers and JSON error bodies."""

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext_lazy as _
from django_filters import MultipleChoiceFilter
from rest_framework import exceptions, viewsets
from rest_framework.renderers import JSONRenderer

SAFE_METHODS = ("GET", "HEAD")
# Free text, where an empty value means "no words": every other parameter is a year, a date,
# a number or a key, which an empty value is not.
EMPTY_ALLOWED = {"search"}


def refuse_malformed_parameters(request, view) -> None:
    """400 for `?kind=` or `?page=` (a parameter without a value) and for `?year=2023&year=2024`
    (a single-valued parameter given twice): a client's mistake to hear about, not something
    to drop or pick from silently. Filters by several values (`?dimension=a&dimension=b`)
    repeat as they should."""
    filterset_class = getattr(view, "filterset_class", None)
    filters = filterset_class.base_filters.items() if filterset_class else ()
    repeatable = {name for name, f in filters if isinstance(f, MultipleChoiceFilter)}
    repeatable |= {"meeting_format"}  # the API's name for the filterset's `format`
    errors = {}
    for name, values in request.query_params.lists():
        if name not in EMPTY_ALLOWED and "" in values:
            errors[name] = [_("Give a value, or leave the parameter out.")]
        elif len(values) > 1 and name not in repeatable:
            errors[name] = [_("Give this parameter once.")]
    if errors:
        raise exceptions.ValidationError(errors)


class ConditionalMixin:
    """Answer GET with an ETag (a hash of the body, unless the view set one), Cache-Control,
    and 304 Not Modified when If-None-Match or If-Modified-Since says the client has it.

    Errors are always rendered as JSON, whatever format was asked for: a client asking for
    CSV or iCalendar still gets the one error body.
    """

    def initial(self, request, *args, **kwargs):
        # A method the endpoint does not have is 405 for everyone, before permissions are
        # asked (which would say 403 to a user who lacks a permission nothing could grant).
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise exceptions.MethodNotAllowed(request.method)
        refuse_malformed_parameters(request, self)
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        renderer = getattr(self.request, "accepted_renderer", None)
        if renderer is not None and renderer.format not in ("json", "api"):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in SAFE_METHODS or response.status_code >= 400:
            patch_cache_control(response, no_store=True)
            return response
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        patch_vary_headers(response, ["Accept"])
        if response.status_code != 200:
            return response
        if not response.has_header("ETag"):
            response.render()
            set_response_etag(response)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )


class ReadOnlyModelViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ModelViewSet(ConditionalMixin, viewsets.ModelViewSet):
    pass


class GenericViewSet(ConditionalMixin, viewsets.GenericViewSet):
    pass
