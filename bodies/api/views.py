from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from bodies.api.serializers import BodySerializer, SessionSerializer
from bodies.filtersets import SessionFilterSet
from bodies.models import Body, Session
from cica_site.api.filters import FilterBackend
from cica_site.api.viewsets import ReadOnlyModelViewSet


@extend_schema_view(
    list=extend_schema(summary=_("CICA's bodies")),
    retrieve=extend_schema(summary=_("A body, by its slug (e.g. senior-officials-committee)")),
)
class BodyViewSet(ReadOnlyModelViewSet):
    queryset = Body.objects.select_related("parent")
    serializer_class = BodySerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_fields = ["kind"]


@extend_schema_view(
    list=extend_schema(summary=_("The numbered sessions of the bodies")),
    retrieve=extend_schema(summary=_("A session, by id")),
)
class SessionViewSet(ReadOnlyModelViewSet):
    queryset = Session.objects.select_related("body", "country")
    serializer_class = SessionSerializer
    lookup_value_regex = "[0-9]{1,18}"
    filterset_class = SessionFilterSet
    # Shares `?format=` between a meeting format and a rendering, as the events do.
    filter_backends = [FilterBackend]
