"""Annual-plan statistics as the Secretary General reports them.

Plain functions over querysets: no HTTP, no Celery. Tasks, views, the API and the
management command call `compile_plan_stats` and present its result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cbm.models import AnnualPlan, Dimension, PlanItem, PlanStatsSnapshot, PriorityArea

CATEGORIES = [choice.value for choice in PlanItem.Category]


@dataclass(frozen=True)
class AreaCount:
    order: int
    slug: str
    name: str
    dimension: str
    count: int


@dataclass(frozen=True)
class OrganizerCount:
    state: str  # ISO code
    name: str
    role: str
    count: int


@dataclass(frozen=True)
class PlanStats:
    """A plan's figures as of a date; `to_json()` gives the API's and snapshots' form."""

    plan: int
    as_of: date
    total_items: int
    completed: int
    scheduled: int
    postponed: int
    cancelled: int
    overdue: int
    undated_planned: int
    by_category: dict[str, int]
    cbm_by_dimension: dict[str, int]
    cbm_by_priority_area: list[AreaCount]
    by_organizer: list[OrganizerCount]
    by_month: dict[str, int]
    dimension_names: dict[str, str] = field(default_factory=dict)

    @property
    def expected_completed(self) -> int:
        return self.completed + self.scheduled

    def to_json(self) -> dict:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["expected_completed"] = self.expected_completed
        return data


def completed_and_ahead(plan: AnnualPlan, as_of: date) -> tuple[Q, Q]:
    """Filters over items annotated `with_held_on()`: completed by `as_of`, and still ahead of
    `as_of` within the plan's year. Together they are the items expected to be completed."""
    completed_q = Q(status=PlanItem.Status.COMPLETED, held_on__lte=as_of)
    ahead_q = Q(
        status__in=[PlanItem.Status.PLANNED, PlanItem.Status.COMPLETED],
        held_on__gt=as_of,
        held_on__lte=date(plan.year, 12, 31),
    )
    return completed_q, ahead_q


def default_as_of(plan: AnnualPlan) -> date:
    """Today, or the plan's last day once its year is over."""
    return min(timezone.localdate(), date(plan.year, 12, 31))


def compile_plan_stats(plan: AnnualPlan, as_of: date) -> PlanStats:
    """Count a plan's items as the Secretary General reports them, as of `as_of`.

    Completed: held on or before `as_of` (a month-only item at its month's end, an undated one
    on the date of the source reporting it). Scheduled: planned or completed items still
    ahead of `as_of` within the plan's year. Expected completed is completed + scheduled; the
    breakdowns by category, dimension, priority area, organizer and month count those.
    Postponed and cancelled count the items' current status. Seven queries, whatever the size.
    """
    items = PlanItem.objects.filter(plan=plan).with_held_on()
    completed_q, ahead_q = completed_and_ahead(plan, as_of)
    expected_q = completed_q | ahead_q
    planned = Q(status=PlanItem.Status.PLANNED)

    totals = items.aggregate(
        total_items=Count("pk"),
        completed=Count("pk", filter=completed_q),
        scheduled=Count("pk", filter=ahead_q),
        postponed=Count("pk", filter=Q(status=PlanItem.Status.POSTPONED)),
        cancelled=Count("pk", filter=Q(status=PlanItem.Status.CANCELLED)),
        overdue=Count("pk", filter=planned & Q(held_on__lte=as_of)),
        undated_planned=Count("pk", filter=planned & Q(held_on__isnull=True)),
        expected_undated=Count("pk", filter=expected_q & Q(start_date__isnull=True)),
        **{
            f"category_{category}": Count("pk", filter=expected_q & Q(category=category))
            for category in CATEGORIES
        },
    )
    expected = items.filter(expected_q)
    expected_cbm = expected.filter(category=PlanItem.Category.CBM_EVENT)

    per_area = dict(expected_cbm.values_list("priority_area").annotate(n=Count("pk")).order_by())
    per_dimension = dict(
        expected_cbm.values_list("priority_area__dimension__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    dimensions = list(Dimension.objects.order_by("order"))
    areas = PriorityArea.objects.in_force_in(plan.year).select_related("dimension")

    organizers = (
        expected.filter(organizer__isnull=False)
        .values_list("organizer__iso_code", "organizer__name_en", "organizer_role")
        .annotate(n=Count("pk"))
        .order_by("-n", "organizer__name_en", "organizer_role")
    )
    months = (
        expected.filter(start_date__isnull=False)
        .annotate(month=TruncMonth("start_date"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    by_month = {month.strftime("%Y-%m"): n for month, n in months}
    if totals["expected_undated"]:
        by_month["undated"] = totals["expected_undated"]

    return PlanStats(
        plan=plan.year,
        as_of=as_of,
        total_items=totals["total_items"],
        completed=totals["completed"],
        scheduled=totals["scheduled"],
        postponed=totals["postponed"],
        cancelled=totals["cancelled"],
        overdue=totals["overdue"],
        undated_planned=totals["undated_planned"],
        by_category={category: totals[f"category_{category}"] for category in CATEGORIES},
        cbm_by_dimension={d.slug: per_dimension.get(d.slug, 0) for d in dimensions},
        cbm_by_priority_area=[
            AreaCount(
                order=area.order,
                slug=area.slug,
                name=area.name_en,
                dimension=area.dimension.slug,
                count=per_area.get(area.pk, 0),
            )
            for area in areas
        ],
        by_organizer=[
            OrganizerCount(state=iso, name=name, role=role, count=n)
            for iso, name, role, n in organizers
        ],
        by_month=by_month,
        dimension_names={d.slug: d.name_en for d in dimensions},
    )


def store_snapshot(plan: AnnualPlan, as_of: date) -> PlanStatsSnapshot:
    """Compile `plan` as of `as_of` and store it, replacing any earlier snapshot for that date.

    The write is one statement inside a transaction: readers see the old figures or the new
    ones, never half of either. Compiling again gives the same row.
    """
    figures = compile_plan_stats(plan, as_of).to_json()
    with transaction.atomic():
        snapshot, _ = PlanStatsSnapshot.objects.update_or_create(
            plan=plan, as_of=as_of, defaults={"figures": figures, "compiled_at": timezone.now()}
        )
    return snapshot


def snapshot_for(plan: AnnualPlan, as_of: date | None = None) -> PlanStatsSnapshot:
    """The stored snapshot of `plan` as of `as_of` (by default its latest), or, when there is
    none, one compiled now and left unsaved: reading figures never writes."""
    stored = plan.snapshots.all()
    stored = stored.filter(as_of=as_of) if as_of else stored.order_by("-as_of", "-compiled_at")
    snapshot = stored.first()
    if snapshot is None:
        stats = compile_plan_stats(plan, as_of or default_as_of(plan))
        snapshot = PlanStatsSnapshot(
            plan=plan, as_of=stats.as_of, compiled_at=timezone.now(), figures=stats.to_json()
        )
    return snapshot
