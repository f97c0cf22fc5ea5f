from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from drf_spectacular.utils import extend_schema
from rest_framework import routers
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

from cica_site.api.exceptions import error_body, server_error_body
from cica_site.api.viewsets import ConditionalMixin


@extend_schema(exclude=True)
class APIRootView(ConditionalMixin, routers.APIRootView):
    """CICA CBM API: the Catalogue, the annual plans and their events. The schema is at
    /api/schema/, its pages at /api/schema/swagger-ui/ and /api/schema/redoc/."""


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@schema(None)
def not_found(request, *args, **kwargs):
    """Unknown addresses under /api/v1/ get the JSON error body, not the portal's page."""
    raise NotFound(_("No endpoint at this address."))


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def server_error(request, *args, **kwargs):
    """Django's 500 page, except under /api/: there the one error body, as JSON."""
    if is_api_request(request):
        return JsonResponse(server_error_body(), status=500)
    return defaults.server_error(request, *args, **kwargs)


def page_not_found(request, exception, *args, **kwargs):
    """Django's 404 page, except under /api/ (e.g. /api/v2/): the one error body."""
    if is_api_request(request):
        return JsonResponse(
            error_body(404, "not_found", _("No endpoint at this address.")), status=404
        )
    return defaults.page_not_found(request, exception, *args, **kwargs)
