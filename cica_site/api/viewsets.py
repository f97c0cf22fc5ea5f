"""Base viewsets of the API: conditional GET, cache headers and JSON error bodies."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext_lazy as _
from django_filters import MultipleChoiceFilter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cica_site.api.conditional import check_if_match, updated_at_etag
from cica_site.api.exceptions import Conflict

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
        # A streamed body (a CSV or calendar of any length) is not held to hash: no ETag.
        if response.status_code != 200 or response.streaming:
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


ETAG_HEADER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description=_(
        "The ETag read with the object: the change is refused (412) if it has changed since."
    ),
)


class WritableByNaturalKeyMixin:
    """Create and change (never delete) objects under the token's model permissions, with
    conditional writes: PUT/PATCH lock the row, honour If-Match (412), and answer with the
    object as a GET reads it, its ETag and Last-Modified; a create answers 201 with its
    address in Location. The database's refusal of what validation let through is 409."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def retrieve(self, request, *args, **kwargs):
        return self.object_response(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.save(serializer)
        response = self.object_response(obj, status.HTTP_201_CREATED)
        response["Location"] = self.location(obj, response)
        return response

    def location(self, obj, response) -> str:
        # A plain str: WSGI servers refuse any other header type (DRF's url is a Hyperlink).
        return str(response.data["url"])

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            # Two systems writing one object take turns, so If-Match sees the latest version.
            obj = self.locked(self.get_object())
            check_if_match(request, updated_at_etag(obj))
            serializer = self.get_serializer(
                obj, data=request.data, partial=kwargs.get("partial", False)
            )
            serializer.is_valid(raise_exception=True)
            obj = self.save(serializer)
        return self.object_response(obj)

    def locked(self, obj):
        return type(obj).objects.select_for_update().get(pk=obj.pk)

    def save(self, serializer):
        """Save the object and its many-to-many rows together, or nothing (409 when the
        database refuses what validation let through, e.g. a code taken meanwhile)."""
        try:
            with transaction.atomic():
                obj = serializer.save()
        except IntegrityError as error:
            raise Conflict() from error
        # Read back as the list shows it, with the new updated_at.
        return self.get_queryset().get(pk=obj.pk)

    def object_response(self, obj, code=status.HTTP_200_OK) -> Response:
        response = Response(self.get_serializer(obj).data, status=code)
        if self.request.accepted_renderer.format == "json":
            response["ETag"] = updated_at_etag(obj)
        response["Last-Modified"] = http_date(obj.updated_at.timestamp())
        return response
