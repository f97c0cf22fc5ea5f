"""Annual-plan statistics as the Secretary General reports them.

Plain functions over querysets: no HTTP, no Celery. Tasks, views, the API and the
management command call `compile_plan_stats` and present its result.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cbm.models import AnnualPlan, Dimension, PlanItem, PlanStatsSnapshot, PriorityArea
from membership.models import Actor, State

CATEGORIES = [choice.value for choice in PlanItem.Category]

# Which of a breakdown group's two counts: every item of the plan, or those expected completed.
ALL_ITEMS, EXPECTED = 0, 1


@dataclass(frozen=True)
class AreaCount:
    order: int
    slug: str
    name: str
    dimension: str
    count: int


@dataclass(frozen=True)
class OrganizerCount:
    organizer: str  # the organizer's slug (a state's: its ISO code)
    kind: str
    name: str
    role: str
    count: int


@dataclass(frozen=True)
class CoOrganizerCount:
    organizer: str
    kind: str
    name: str
    count: int


@dataclass(frozen=True)
class PlanStats:
    """A plan's figures as of a date; `to_json()` gives the API's and snapshots' form.

    Two kinds of figures: progress as of the date (completed, scheduled …, and the breakdowns
    `by_category` … `by_month` of the items expected to be completed), and the plan's make-up
    (`items_by_*`: every item, whatever its status, the same whatever the date).
    """

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
    cbm_area_not_stated: int
    by_organizer: list[OrganizerCount]
    by_organizer_kind: dict[str, int]
    by_month: dict[str, int]
    items_by_category: dict[str, int]
    items_by_dimension: dict[str, int]
    items_by_priority_area: list[AreaCount]
    items_area_not_stated: int
    items_by_organizer: list[OrganizerCount]
    items_by_organizer_kind: dict[str, int]
    items_co_organized: list[CoOrganizerCount]
    items_by_month: dict[str, int]
    participation: dict[str, int]
    participating_countries: dict[str, int]
    dimension_names: dict[str, str] = field(default_factory=dict)

    @property
    def expected_completed(self) -> int:
        return self.completed + self.scheduled

    def to_json(self) -> dict:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["expected_completed"] = self.expected_completed
        return data


# Every key of `PlanStats.to_json()`.
FIGURE_KEYS = frozenset(f.name for f in fields(PlanStats)) | {"expected_completed"}


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
    """Count a plan's items as the Secretary General reports them, as of `as_of`, and what
    the plan holds.

    Completed: held on or before `as_of` (a month-only item at its month's end, an undated one
    on the date of the source reporting it). Scheduled: planned or completed items still
    ahead of `as_of` within the plan's year. Expected completed is completed + scheduled; the
    breakdowns by category, dimension, priority area, organizer and month count those.
    Postponed and cancelled count the items' current status. The make-up (`items_by_*`) counts
    every item in the same breakdowns, whatever its status. Each breakdown query counts both
    at once: ten queries, whatever the size.
    """
    items = PlanItem.objects.filter(plan=plan).with_held_on()
    completed_q, ahead_q = completed_and_ahead(plan, as_of)
    expected_q = completed_q | ahead_q
    planned = Q(status=PlanItem.Status.PLANNED)
    # Per group of a breakdown: every item (the make-up) and those expected to be completed.
    both = {"n_items": Count("pk"), "n_expected": Count("pk", filter=expected_q)}

    totals = items.aggregate(
        total_items=Count("pk"),
        completed=Count("pk", filter=completed_q),
        scheduled=Count("pk", filter=ahead_q),
        postponed=Count("pk", filter=Q(status=PlanItem.Status.POSTPONED)),
        cancelled=Count("pk", filter=Q(status=PlanItem.Status.CANCELLED)),
        overdue=Count("pk", filter=planned & Q(held_on__lte=as_of)),
        undated_planned=Count("pk", filter=planned & Q(held_on__isnull=True)),
        expected_undated=Count("pk", filter=expected_q & Q(start_date__isnull=True)),
        items_undated=Count("pk", filter=Q(start_date__isnull=True)),
        # Published counts of the items expected completed, where the sources give them.
        items_with_participants=Count("pk", filter=expected_q & Q(participants__isnull=False)),
        participants=Sum("participants", filter=expected_q),
        items_with_states_represented=Count(
            "pk", filter=expected_q & Q(states_represented__isnull=False)
        ),
        **{
            f"category_{category}": Count("pk", filter=expected_q & Q(category=category))
            for category in CATEGORIES
        },
        **{
            f"items_category_{category}": Count("pk", filter=Q(category=category))
            for category in CATEGORIES
        },
    )
    cbm_events = items.filter(category=PlanItem.Category.CBM_EVENT)

    per_area = {
        area: counts
        for area, *counts in cbm_events.values_list("priority_area").annotate(**both).order_by()
    }
    per_dimension = {
        slug: counts
        for slug, *counts in cbm_events.values_list("dimension__slug").annotate(**both).order_by()
    }
    dimensions = list(Dimension.objects.order_by("order"))
    areas = PriorityArea.objects.in_force_in(plan.year).select_related("dimension")

    # Ordered by name and role here, by count below: a stable sort keeps name and role order.
    organizers = [
        ((slug, kind, name, role), counts)
        for slug, kind, name, role, *counts in items.filter(organizer__isnull=False)
        .values_list("organizer__slug", "organizer__kind", "organizer__name_en", "organizer_role")
        .annotate(**both)
        .order_by("organizer__name_en", "organizer_role")
    ]
    co_organizers = (
        PlanItem.co_organizers.through.objects.filter(planitem__plan=plan)
        .values_list("actor__slug", "actor__kind", "actor__name_en")
        .annotate(n=Count("planitem"))
        .order_by("-n", "actor__name_en")
    )
    months = (
        items.filter(start_date__isnull=False)
        .annotate(month=TruncMonth("start_date"))
        .values_list("month")
        .annotate(**both)
        .order_by("month")
    )
    by_month, items_by_month = {}, {}
    for month, n_items, n_expected in months:
        key = month.strftime("%Y-%m")
        items_by_month[key] = n_items
        if n_expected:
            by_month[key] = n_expected
    if totals["expected_undated"]:
        by_month["undated"] = totals["expected_undated"]
    if totals["items_undated"]:
        items_by_month["undated"] = totals["items_undated"]

    def area_counts(which: int) -> list[AreaCount]:
        return [
            AreaCount(
                order=area.order,
                slug=area.slug,
                name=area.name_en,
                dimension=area.dimension.slug,
                count=per_area.get(area.pk, (0, 0))[which],
            )
            for area in areas
        ]

    def organizer_counts(which: int) -> list[OrganizerCount]:
        return [
            OrganizerCount(*organizer, count=counts[which])
            for organizer, counts in sorted(organizers, key=lambda row: -row[1][which])
            if counts[which]
        ]

    def kind_counts(which: int) -> dict[str, int]:
        by_kind = Counter()
        for (_slug, kind, _name, _role), counts in organizers:
            by_kind[kind] += counts[which]
        return {kind: by_kind[kind] for kind in Actor.Kind.values if by_kind[kind]}

    return PlanStats(
        participating_countries=participating_countries(items.filter(expected_q)),
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
        cbm_by_dimension={d.slug: per_dimension.get(d.slug, (0, 0))[1] for d in dimensions},
        cbm_by_priority_area=area_counts(EXPECTED),
        cbm_area_not_stated=per_area.get(None, (0, 0))[EXPECTED],
        by_organizer=organizer_counts(EXPECTED),
        by_organizer_kind=kind_counts(EXPECTED),
        by_month=by_month,
        items_by_category={
            category: totals[f"items_category_{category}"] for category in CATEGORIES
        },
        items_by_dimension={d.slug: per_dimension.get(d.slug, (0, 0))[0] for d in dimensions},
        items_by_priority_area=area_counts(ALL_ITEMS),
        items_area_not_stated=per_area.get(None, (0, 0))[ALL_ITEMS],
        items_by_organizer=organizer_counts(ALL_ITEMS),
        items_by_organizer_kind=kind_counts(ALL_ITEMS),
        items_co_organized=[CoOrganizerCount(*row) for row in co_organizers],
        items_by_month=items_by_month,
        participation={
            key: totals[key] or 0
            for key in (
                "items_with_participants",
                "participants",
                "items_with_states_represented",
            )
        },
        dimension_names={d.slug: d.name_en for d in dimensions},
    )


def participating_countries(items) -> dict[str, int]:
    """Of `items`, the participating states they name, summed over the items, by standing in
    CICA (a Member State, an observer state, another country), and how many items name a
    country that is not a member. Two queries."""
    standing = dict(State.objects.values_list("iso_code", "status"))
    counts = Counter()
    for codes in items.exclude(participating_states="").values_list(
        "participating_states", flat=True
    ):
        # The stored column: codes joined by commas.
        kinds = [standing.get(code, "other") for code in str(codes).split(",")]
        counts.update(kinds)
        counts["items_with_non_members"] += any(kind != State.Status.MEMBER for kind in kinds)
    return {
        "member_states": counts[State.Status.MEMBER],
        "observer_states": counts[State.Status.OBSERVER],
        "other_countries": counts["other"],
        "items_with_non_members": counts["items_with_non_members"],
    }


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


def is_current(figures: dict) -> bool:
    """Whether stored figures hold every key the compiler writes now. A snapshot compiled
    before a key was added (the make-up, `items_by_*`) lacks it: it is stale, not zero."""
    return figures.keys() >= FIGURE_KEYS


def snapshot_for(plan: AnnualPlan, as_of: date | None = None) -> PlanStatsSnapshot:
    """The stored snapshot of `plan` as of `as_of` (by default its latest), or, when there is
    none or it is stale (`is_current`), one compiled now for that date and left unsaved:
    reading figures never writes. An unsaved snapshot has no pk."""
    stored = plan.snapshots.all()
    stored = stored.filter(as_of=as_of) if as_of else stored.order_by("-as_of", "-compiled_at")
    snapshot = stored.first()
    if snapshot is not None and is_current(snapshot.figures):
        return snapshot
    stats = compile_plan_stats(plan, snapshot.as_of if snapshot else as_of or default_as_of(plan))
    return PlanStatsSnapshot(
        plan=plan, as_of=stats.as_of, compiled_at=timezone.now(), figures=stats.to_json()
    )
