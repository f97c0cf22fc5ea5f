from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import routers
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

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
