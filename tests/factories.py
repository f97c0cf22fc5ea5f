"""Small builders for test data. The real reference data lives in fixtures/."""

from datetime import date
from itertools import count
from string import ascii_uppercase

from bodies.models import Body
from cbm.models import (
    AnnualPlan,
    Dimension,
    PlanItem,
    PlanStatsSnapshot,
    PriorityArea,
    PublishedFigure,
    Source,
)
from membership.models import Actor, State

_serial = count(1)


def state(iso_code="KZ", name_en="Kazakhstan", **fields) -> State:
    fields.setdefault("name_ru", "")
    fields.setdefault("status", State.Status.MEMBER)
    return State.objects.get_or_create(iso_code=iso_code, defaults={"name_en": name_en, **fields})[
        0
    ]


def new_state(name_en: str) -> State:
    """A state under the first two-letter code that no state has yet."""
    taken = set(State.objects.values_list("iso_code", flat=True))
    code = next(a + b for a in ascii_uppercase for b in ascii_uppercase if a + b not in taken)
    return state(code, name_en)


def dimension(slug="economic", **fields) -> Dimension:
    fields.setdefault("name_en", slug.replace("-", " ").capitalize())
    fields.setdefault("order", next(_serial))
    return Dimension.objects.get_or_create(slug=slug, defaults=fields)[0]


def priority_area(slug="tourism", order=10, dimension_slug="economic", **fields) -> PriorityArea:
    fields.setdefault("name_en", slug.replace("-", " ").capitalize())
    fields.setdefault("in_force_from", date(2021, 10, 12))
    return PriorityArea.objects.get_or_create(
        slug=slug, defaults={"order": order, "dimension": dimension(dimension_slug), **fields}
    )[0]


def body(slug="senior-officials-committee", **fields) -> Body:
    fields.setdefault("name_en", slug.replace("-", " ").capitalize())
    fields.setdefault("kind", Body.Kind.GOVERNING)
    return Body.objects.get_or_create(slug=slug, defaults=fields)[0]


def plan(year=2023, **fields) -> AnnualPlan:
    if fields.get("status") == AnnualPlan.Status.APPROVED:
        fields.setdefault("approved_on", date(year - 1, 12, 1))
    return AnnualPlan.objects.get_or_create(year=year, defaults=fields)[0]


def cbm_event(**fields) -> PlanItem:
    """A valid CBM event; override any field."""
    n = next(_serial)
    fields.setdefault("code", f"test-cbm-{n}")
    fields.setdefault("category", PlanItem.Category.CBM_EVENT)
    fields.setdefault("priority_area", priority_area())
    fields.setdefault("title_en", f"Seminar {n}")
    fields.setdefault("start_date", date(2023, 5, 18))
    fields.setdefault("end_date", fields["start_date"])
    fields.setdefault("organizer", state())
    fields.setdefault("organizer_role", PlanItem.OrganizerRole.COORDINATOR)
    return _plan_item(fields)


def body_meeting(**fields) -> PlanItem:
    """A valid meeting of a body; override any field."""
    n = next(_serial)
    fields.setdefault("code", f"test-bm-{n}")
    fields.setdefault("category", PlanItem.Category.BODY_MEETING)
    fields.setdefault("body", body())
    fields.setdefault("title_en", f"Meeting {n}")
    fields.setdefault("start_date", date(2023, 4, 19))
    return _plan_item(fields)


def _plan_item(fields) -> PlanItem:
    """Create the item; with `sources`, as an officer would: cite them, then set the status
    (an undated item counts as held by its sources' date)."""
    if isinstance(fields.get("organizer"), State):  # a state organizes as its actor
        fields["organizer"] = fields["organizer"].actor
    co_organizers = fields.pop("co_organizers", [])
    sources = fields.pop("sources", None)
    if sources is None:
        item = PlanItem.objects.create(**fields)
        item.co_organizers.set(co_organizers)
        return item
    status = fields.pop("status", PlanItem.Status.PLANNED)
    item = PlanItem.objects.create(**fields)
    item.co_organizers.set(co_organizers)
    item.sources.set(sources)
    if status != item.status:
        item.status = status
        item.save()
    return item


def institution(name_en="Academy of Public Administration", **fields) -> Actor:
    """An outside institution (an academy, by default)."""
    fields.setdefault("kind", Actor.Kind.ACADEMY)
    return Actor.objects.get_or_create(name_en=name_en, defaults=fields)[0]


def secretariat() -> Actor:
    """The CICA Secretariat as an organizer (its body's actor)."""
    return body("secretariat", name_en="CICA Secretariat", kind=Body.Kind.EXECUTIVE).actor


def source(slug="sg-report-2023", **fields) -> Source:
    """A source (by default the Secretary General's report of 30 November 2023)."""
    fields.setdefault(
        "title_en", "Report of the Secretary General on the activities of CICA in 2023"
    )
    fields.setdefault("publisher", "CICA Secretariat")
    fields.setdefault("date", date(2023, 11, 30))
    return Source.objects.get_or_create(slug=slug, defaults=fields)[0]


def all_planned_plan(year=2025) -> AnnualPlan:
    """A 44-item plan of which nothing is held yet, as a plan looks before its events report.

    16 meetings of bodies (one on the 15th of each month, 4 more whose date is not published)
    and 28 CBM events, the n-th in month 1 + n % 12: 12 in tourism (economic, Azerbaijan as
    coordinator), 10 in combating terrorism (new challenges and threats, Kazakhstan as
    coordinator), 6 in environment protection (environmental, China as co-coordinator).
    By month: January to April 4 items each, May to December 3 each, 4 undated.
    """
    plan_ = plan(year, status=AnnualPlan.Status.APPROVED)
    for month in range(1, 13):
        body_meeting(plan=plan_, code=f"{year}-bm-{month:02}", start_date=date(year, month, 15))
    for n in range(1, 5):
        body_meeting(
            plan=plan_,
            code=f"{year}-bm-undated-{n}",
            start_date=None,
            date_precision="unknown",
            title_en=f"Thematic expert meeting {n}",
        )
    areas = [
        (priority_area("tourism", 10, "economic"), state("AZ", "Azerbaijan"), "coordinator", 12),
        (
            priority_area("combating-terrorism", 3, "new-challenges-and-threats"),
            state("KZ", "Kazakhstan"),
            "coordinator",
            10,
        ),
        (
            priority_area("environment-protection", 17, "environmental"),
            state("CN", "China"),
            "co_coordinator",
            6,
        ),
    ]
    n = 0
    for area, organizer, role, count_ in areas:
        for _ in range(count_):
            cbm_event(
                plan=plan_,
                code=f"{year}-cbm-{n + 1:02}",
                priority_area=area,
                organizer=organizer,
                organizer_role=role,
                start_date=date(year, 1 + n % 12, 20),
            )
            n += 1
    return plan_


def snapshot_without_make_up(plan: AnnualPlan, as_of: date) -> PlanStatsSnapshot:
    """A snapshot stored as the compiler wrote them before plans had a make-up (the
    `items_by_*` keys): completion figures only."""
    from cbm.stats import store_snapshot

    snapshot = store_snapshot(plan, as_of)
    snapshot.figures = {
        key: value for key, value in snapshot.figures.items() if not key.startswith("items_by_")
    }
    snapshot.save()
    return snapshot


def items_of_every_standing(plan: AnnualPlan, n: int) -> None:
    """Add `n` each of overdue, undated and postponed items to `plan`, every postponed one by
    another organizer in another priority area: every part of a plan's figures grows."""
    for _ in range(n):
        i = next(_serial)
        cbm_event(plan=plan, start_date=date(plan.year, 1 + i % 12, 10), status="planned")
        body_meeting(plan=plan, start_date=None, date_precision="unknown")
        cbm_event(
            plan=plan,
            priority_area=priority_area(f"area-{i}", order=100 + i),
            organizer=new_state(f"State {i}"),
            start_date=date(plan.year, 1 + i % 12, 12),
            status="postponed",
        )


def without_plan(year: int) -> None:
    """Remove the plan of `year`, its items and its published figures (the reference data's
    2025 plan), so that a test builds its own plan of that year in its place."""
    PublishedFigure.objects.filter(plan__year=year).delete()
    PlanItem.objects.filter(plan__year=year).delete()
    AnnualPlan.objects.filter(year=year).delete()


def published_figure(**fields) -> PublishedFigure:
    """A valid published figure (by default 44 items in the 2023 plan, per the SG report);
    override any field."""
    fields.setdefault("slug", f"test-figure-{next(_serial)}")
    fields.setdefault("measure", PublishedFigure.Measure.PLAN_ITEMS)
    fields.setdefault("value", 44)
    fields.setdefault("source", source())
    if "period_start" not in fields:
        fields.setdefault("plan", plan(2023))
    return PublishedFigure.objects.create(**fields)


def figure_proposed_by_a_new_state(plan: AnnualPlan) -> PublishedFigure:
    """About n items of `plan` proposed by a new state, in the economic dimension, from a source
    of its own: each call adds a figure that names one more state and source."""
    n = next(_serial)
    return published_figure(
        plan=plan,
        measure=PublishedFigure.Measure.PLAN_ITEMS_PROPOSED,
        value=n,
        qualifier=PublishedFigure.Qualifier.ABOUT,
        actor=new_state(f"Proposer {n}").actor,
        dimension=dimension(),
        source=source(f"source-{n}"),
    )
