from datetime import date

from django.db.models import Case, Count, Prefetch, When
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bodies.models import Format
from cbm.api.serializers import (
    AnnualPlanSerializer,
    ConceptPaperSerializer,
    CoordinatorRoleSerializer,
    DimensionSerializer,
    PlanItemSerializer,
    PlanStatisticsSerializer,
    PriorityAreaSerializer,
    PublishedFigureSerializer,
    SourceSerializer,
)
from cbm.calendar import calendar_stream
from cbm.filtersets import (
    ConceptPaperFilterSet,
    CoordinatorRoleFilterSet,
    PlanItemFilterSet,
    PublishedFigureFilterSet,
)
from cbm.models import (
    AnnualPlan,
    ConceptPaper,
    CoordinatorRole,
    Dimension,
    PlanItem,
    PriorityArea,
    PublishedFigure,
    Role,
    Source,
    published_figures_changed_at,
)
from cbm.stats import snapshot_for
from cica_site.api.filters import FilterBackend, StableOrderingFilter
from cica_site.api.renderers import CSVRenderer, ICalendarRenderer
from cica_site.api.viewsets import (
    ETAG_HEADER,
    ModelViewSet,
    ReadOnlyModelViewSet,
    WritableByNaturalKeyMixin,
)
from cica_site.spreadsheets import CHUNK_ROWS

SLUG_REGEX = "[-a-zA-Z0-9_]+"
ID_REGEX = "[0-9]{1,18}"
YEAR_REGEX = "[0-9]{1,4}"


def query_value(request, name: str, field: serializers.Field):
    """A query parameter parsed by a serializer field; None when absent; 400 when bad."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        return field.run_validation(raw)
    except ValidationError as error:
        raise ValidationError({name: error.detail}) from error


@extend_schema_view(
    list=extend_schema(summary=_("The Catalogue's five dimensions")),
    retrieve=extend_schema(summary=_("A dimension, by its slug (e.g. economic)")),
)
class DimensionViewSet(ReadOnlyModelViewSet):
    queryset = Dimension.objects.all()
    serializer_class = DimensionSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX


YEAR_PARAMETER = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": 1992, "maximum": 2200},
    description=_(
        "The Catalogue of that year: the areas in force at any time in it, with the "
        "coordinators current at its end (or today, for the current year)."
    ),
)


@extend_schema_view(
    list=extend_schema(
        summary=_("The Catalogue's priority areas, with their current coordinators"),
        parameters=[YEAR_PARAMETER],
    ),
    retrieve=extend_schema(
        summary=_("A priority area, by its slug (e.g. tourism)"), parameters=[YEAR_PARAMETER]
    ),
)
class PriorityAreaViewSet(ReadOnlyModelViewSet):
    serializer_class = PriorityAreaSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX

    def get_queryset(self):
        year = query_value(
            self.request, "year", serializers.IntegerField(min_value=1992, max_value=2200)
        )
        day = timezone.localdate()
        areas = PriorityArea.objects.all()
        if year is not None:
            day = min(day, date(year, 12, 31))
            areas = areas.in_force_in(year)
        coordinators = (
            CoordinatorRole.objects.current_on(day)
            .select_related("state")
            # Coordinators before co-coordinators, as the Catalogue's annex lists them.
            .order_by(Case(When(role=Role.COORDINATOR, then=0), default=1), "state__name_en")
        )
        return areas.select_related("dimension").prefetch_related(
            Prefetch("coordinator_roles", queryset=coordinators, to_attr="current_coordinators")
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Coordinators and co-coordinators of the priority areas, all terms")
    ),
    retrieve=extend_schema(summary=_("A coordinator role, by id")),
)
class CoordinatorRoleViewSet(ReadOnlyModelViewSet):
    queryset = CoordinatorRole.objects.select_related("priority_area", "state")
    serializer_class = CoordinatorRoleSerializer
    lookup_value_regex = ID_REGEX
    filterset_class = CoordinatorRoleFilterSet


@extend_schema_view(
    list=extend_schema(summary=_("The status of the priority areas' concept papers, by source")),
    retrieve=extend_schema(summary=_("A concept paper status, by id")),
)
class ConceptPaperViewSet(ReadOnlyModelViewSet):
    queryset = ConceptPaper.objects.select_related("priority_area")
    serializer_class = ConceptPaperSerializer
    lookup_value_regex = ID_REGEX
    filterset_class = ConceptPaperFilterSet


@extend_schema_view(
    list=extend_schema(summary=_("The annual plans, newest first")),
    retrieve=extend_schema(summary=_("An annual plan, by its year")),
    create=extend_schema(
        summary=_("Add an annual plan (token with the add annual plan permission)")
    ),
    update=extend_schema(
        summary=_("Replace an annual plan (token with the change annual plan permission)"),
        parameters=[ETAG_HEADER],
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of an annual plan (change annual plan permission)"),
        parameters=[ETAG_HEADER],
    ),
)
class AnnualPlanViewSet(WritableByNaturalKeyMixin, ModelViewSet):
    queryset = (
        AnnualPlan.objects.select_related("approved_by")
        .annotate(items_count=Count("items"))
        .order_by("-year")
    )
    serializer_class = AnnualPlanSerializer
    lookup_field = "year"
    lookup_value_regex = YEAR_REGEX

    @extend_schema(
        summary=_("A plan's statistics as of a date"),
        description=_(
            "The figures the Secretary General reports: completed, scheduled, expected "
            "completed, postponed …, with breakdowns, and the plan's make-up (items_by_*: every "
            "item, whatever its status). From the stored snapshot for that plan and date when "
            "there is one, else compiled on demand. Beside them, published_figures: what the "
            "sources publish about the plan, each with its source, never added to the counted "
            "figures."
        ),
        parameters=[
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description=_(
                    "ISO 8601 date (YYYY-MM-DD). Default: today, or the plan's last day once "
                    "its year is over."
                ),
            )
        ],
        responses=PlanStatisticsSerializer,
    )
    @action(detail=True, url_path="statistics", url_name="statistics", filter_backends=[])
    def statistics(self, request, year=None):
        plan = self.get_object()
        as_of = query_value(request, "as_of", serializers.DateField())
        if as_of is None:
            as_of = min(timezone.localdate(), date(plan.year, 12, 31))
        snapshot = snapshot_for(plan, as_of)
        published = PublishedFigureSerializer(
            PublishedFigure.objects.of_plan(plan), many=True, context=self.get_serializer_context()
        )
        # The counted figures, and beside them (never added to them) what the sources publish.
        body = {**snapshot.figures, "published_figures": published.data}
        if snapshot.pk is None:  # compiled now: none stored for that date, or a stale one
            return Response(body)
        changed = max(filter(None, (snapshot.compiled_at, published_figures_changed_at(plan))))
        return Response(body, headers={"Last-Modified": http_date(changed.timestamp())})


@extend_schema_view(
    list=extend_schema(summary=_("Sources: the documents events cite, newest first")),
    retrieve=extend_schema(summary=_("A source, by its slug")),
    create=extend_schema(summary=_("Add a source (token with the add source permission)")),
    update=extend_schema(
        summary=_("Replace a source (token with the change source permission)"),
        parameters=[ETAG_HEADER],
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of a source (token with the change source permission)"),
        parameters=[ETAG_HEADER],
    ),
)
class SourceViewSet(WritableByNaturalKeyMixin, ModelViewSet):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX

    def location(self, obj, response) -> str:
        # A source's `url` is the document's own address: its address here is built.
        return self.request.build_absolute_uri(reverse("api:source-detail", args=[obj.slug]))


ORDERING_FIELDS = ["start_date", "end_date", "code", "title_en", "created_at", "updated_at"]
EVENT_FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "ics", *Format.values],
    description=_(
        "json (paginated), csv (every matching event, one row each) or ics (an iCalendar of "
        "the matching events that have a published date). Accept: text/csv or text/calendar "
        "does the same. A meeting format (online, offline, hybrid) instead filters the events "
        "by how they are held, as meeting_format does."
    ),
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Events: the plan items, filtered"),
        parameters=[
            EVENT_FORMAT_PARAMETER,
            OpenApiParameter(
                "ordering",
                OpenApiTypes.STR,
                enum=[f"{sign}{name}" for name in ORDERING_FIELDS for sign in ("", "-")],
                description=_(
                    "Sort by a field, descending with a leading minus. Default: start date "
                    "(undated last), then code."
                ),
            ),
            OpenApiParameter(
                "meeting_format",
                OpenApiTypes.STR,
                many=True,
                enum=Format.values,
                description=_("How the event is held (the filterset's `format` filter)."),
            ),
        ],
        responses={
            (200, "application/json"): PlanItemSerializer(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "text/calendar"): OpenApiTypes.STR,
        },
    ),
    retrieve=extend_schema(summary=_("An event, by its code (e.g. 2023-cbm-01)")),
    create=extend_schema(summary=_("Create an event (token with the add plan item permission)")),
    update=extend_schema(
        summary=_("Replace an event (token with the change plan item permission)"),
        parameters=[ETAG_HEADER],
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of an event (token with the change plan item permission)"),
        parameters=[ETAG_HEADER],
    ),
)
class EventViewSet(WritableByNaturalKeyMixin, ModelViewSet):
    """Plan items, filtered by the portal's filterset (cbm.filtersets.PlanItemFilterSet)."""

    queryset = PlanItem.objects.listed().prefetch_related("sources", "links")
    serializer_class = PlanItemSerializer
    filterset_class = PlanItemFilterSet
    filter_backends = [FilterBackend, StableOrderingFilter]
    ordering_fields = ORDERING_FIELDS
    lookup_field = "code"
    lookup_value_regex = SLUG_REGEX

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            renderers += [CSVRenderer(), ICalendarRenderer()]
        return renderers

    def list(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        if renderer.format not in ("csv", "ics"):
            return super().list(request, *args, **kwargs)
        # Every matching event, streamed as it is read: the filters are checked first, so a
        # bad one is still a JSON 400.
        items = self.filter_queryset(self.get_queryset())
        if renderer.format == "ics":
            body = calendar_stream(
                items,
                name=str(_("CICA events")),
                url_for=lambda item: request.build_absolute_uri(
                    reverse("api:event-detail", kwargs={"code": item.code})
                ),
            )
        else:
            body = renderer.stream(self.get_serializer(), items.iterator(chunk_size=CHUNK_ROWS))
        return StreamingHttpResponse(
            body,
            content_type=f"{renderer.media_type}; charset={renderer.charset}",
            headers={"Content-Disposition": f'attachment; filename="events.{renderer.format}"'},
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Published figures: what the sources publish, beside what the records count")
    ),
    retrieve=extend_schema(summary=_("A published figure, by its slug")),
)
class PublishedFigureViewSet(ReadOnlyModelViewSet):
    """Figures as the sources publish them (a plan's number of items, events held over a
    period …), with their source; the figures counted from the records are at
    /api/v1/plans/<year>/statistics/, these beside them."""

    queryset = PublishedFigure.objects.with_related()
    serializer_class = PublishedFigureSerializer
    filterset_class = PublishedFigureFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
