from itertools import chain

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from cica_site.api.viewsets import (
    ETAG_HEADER,
    GenericViewSet,
    ModelViewSet,
    ReadOnlyModelViewSet,
    WritableByNaturalKeyMixin,
)
from membership.api.serializers import (
    ChairmanshipSerializer,
    MemberStateSerializer,
    ObserverSerializer,
    OrganizationSerializer,
)
from membership.filtersets import OrganizationFilterSet
from membership.models import Actor, Chairmanship, Organization, State


@extend_schema_view(
    list=extend_schema(summary=_("The 28 Member States")),
    retrieve=extend_schema(summary=_("A Member State, by its ISO code (e.g. KZ)")),
)
class MemberStateViewSet(ReadOnlyModelViewSet):
    queryset = State.objects.member_states()
    serializer_class = MemberStateSerializer
    lookup_field = "iso_code"
    lookup_value_regex = "[A-Z]{2}"


@extend_schema_view(
    list=extend_schema(
        summary=_("Observer states and observer organizations"),
        description=_(
            "One list: observer states (kind `state`, natural key its ISO code) followed by "
            "observer organizations (kind `organization`, natural key its abbreviation). "
            "Each has the id of its own kind; organizations also appear under /organizations/."
        ),
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                enum=[choice for choice, _label in ObserverSerializer.Kind.choices],
                description=_("Only observer states, or only observer organizations."),
            )
        ],
    )
)
class ObserverViewSet(GenericViewSet):
    serializer_class = ObserverSerializer
    permission_classes = [AllowAny]  # read only: the viewset answers GET alone
    queryset = State.objects.none()  # for the schema; list() reads both models

    def list(self, request):
        kind = request.query_params.get("kind")
        kinds = {choice for choice, _label in ObserverSerializer.Kind.choices}
        if kind is not None and kind not in kinds:
            raise ValidationError({"kind": [_("Choose state or organization.")]})
        states = State.objects.observers() if kind in (None, "state") else []
        organizations = (
            Organization.objects.filter(status=Organization.Status.OBSERVER)
            if kind in (None, "organization")
            else []
        )
        observers = list(chain(states, organizations))
        page = self.paginate_queryset(observers)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary=_(
            "Organizers besides states: observer and partner organizations, CICA bodies, the "
            "Secretariat and outside institutions"
        )
    ),
    retrieve=extend_schema(summary=_("An organizer, by its slug (e.g. UNODC, cica-secretariat)")),
    create=extend_schema(
        summary=_("Add an outside institution (token with the add organizer permission)")
    ),
    update=extend_schema(
        summary=_("Replace an outside institution (change organizer permission)"),
        parameters=[ETAG_HEADER],
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of an outside institution (change organizer permission)"),
        parameters=[ETAG_HEADER],
    ),
)
class OrganizationViewSet(WritableByNaturalKeyMixin, ModelViewSet):
    queryset = Actor.objects.exclude(kind__in=Actor.STATE_KINDS)
    serializer_class = OrganizationSerializer
    lookup_field = "slug"
    lookup_value_regex = "[A-Za-z0-9_-]+"
    filterset_class = OrganizationFilterSet


@extend_schema_view(
    list=extend_schema(summary=_("The chairmanships of CICA, oldest first")),
    retrieve=extend_schema(summary=_("A chairmanship, by id")),
)
class ChairmanshipViewSet(ReadOnlyModelViewSet):
    queryset = Chairmanship.objects.select_related("state")
    serializer_class = ChairmanshipSerializer
    lookup_value_regex = "[0-9]{1,18}"
