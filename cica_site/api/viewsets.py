"""Base viewsets of the API: conditional GET, cache headers and JSON error bodies."""

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe
from rest_framework import exceptions, viewsets
from rest_framework.renderers import JSONRenderer

SAFE_METHODS = ("GET", "HEAD")


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
