"""The benchmark's database: twenty years of annual plans, 100,000 plan items in all.

`fill(total)` adds to the reference data (plans 2023 and 2025, the 28 Member States, 18 priority
areas, bodies and their sessions) plans for 2007-2026 and items of every shape the Secretariat
enters, in the proportions of the real plans: meetings of bodies with their numbered sessions,
CBM events in a priority area (a few with a dimension only), other items; past plans mostly
completed with some postponed and cancelled, the current one mostly planned; dates by day, by
month, by year or not yet known; offline, online and hybrid; co-organizers and participating
states. Deterministic (one seeded generator), written with bulk_create: the model's save() does
not run, so what it derives (an area's dimension, a month's span) is set here.
"""

import calendar
import random
from datetime import date, timedelta

from django.db import transaction

from bodies.models import Body, Format, Session
from cbm.models import AnnualPlan, DatePrecision, PlanItem, PriorityArea
from membership.models import Actor

FIRST_YEAR, LAST_YEAR = 2007, 2026
CODE_PREFIX = "bench-"
BATCH = 2000

# The make-up of a plan, from the 2023 and 2025 plans: a share of each category.
CATEGORY_SHARES = [
    (PlanItem.Category.BODY_MEETING, 40),
    (PlanItem.Category.CBM_EVENT, 50),
    (PlanItem.Category.OTHER, 10),
]
SESSION_KINDS = [kind for kind, _label in Session.Kind.choices]


def bench_items():
    return PlanItem.objects.filter(code__startswith=CODE_PREFIX)


def _status(rng: random.Random, year: int) -> str:
    past = year < LAST_YEAR
    roll = rng.random()
    if past:
        return (
            PlanItem.Status.COMPLETED
            if roll < 0.8
            else PlanItem.Status.POSTPONED
            if roll < 0.9
            else PlanItem.Status.CANCELLED
            if roll < 0.95
            else PlanItem.Status.PLANNED
        )
    return PlanItem.Status.COMPLETED if roll < 0.3 else PlanItem.Status.PLANNED


def _dates(rng: random.Random, year: int) -> tuple[str, date | None, date | None]:
    roll = rng.random()
    month = rng.randint(1, 12)
    if roll < 0.65:
        start = date(year, month, rng.randint(1, 28))
        return DatePrecision.DAY, start, start + timedelta(days=rng.choice([0, 0, 1, 2]))
    if roll < 0.85:
        last = calendar.monthrange(year, month)[1]
        return DatePrecision.MONTH, date(year, month, 1), date(year, month, last)
    if roll < 0.93:
        return DatePrecision.YEAR, date(year, 1, 1), date(year, 12, 31)
    return DatePrecision.UNKNOWN, None, None


class World:
    """What the generated items refer to, loaded once."""

    def __init__(self):
        actors = list(Actor.objects.order_by("pk"))
        self.member_states = [a for a in actors if a.kind == Actor.Kind.MEMBER_STATE]
        self.others = [a for a in actors if a.kind != Actor.Kind.MEMBER_STATE]
        self.secretariat = next(a for a in actors if a.kind == Actor.Kind.SECRETARIAT)
        self.countries = [a.country.code for a in self.member_states if a.country] or ["KZ"]
        self.bodies = list(Body.objects.order_by("pk"))
        self.areas = list(PriorityArea.objects.order_by("pk"))
        self.dimension_ids = sorted({area.dimension_id for area in self.areas})
        self.ordinals = {}  # (body, kind) -> the last session number used
        for body, kind, ordinal in Session.objects.values_list("body", "kind", "ordinal"):
            key = (body, kind)
            self.ordinals[key] = max(self.ordinals.get(key, 0), ordinal or 0)

    def next_ordinal(self, body: Body, kind: str) -> int:
        key = (body.pk, kind)
        self.ordinals[key] = self.ordinals.get(key, 0) + 1
        return self.ordinals[key]


def _item(rng: random.Random, world: World, plan: AnnualPlan, n: int) -> tuple:
    """A plan item and, for a meeting of a body, its session (saved by the caller first)."""
    (category,) = rng.choices(
        [c for c, _ in CATEGORY_SHARES], weights=[w for _, w in CATEGORY_SHARES]
    )
    precision, start, end = _dates(rng, plan.year)
    status = _status(rng, plan.year)
    if precision == DatePrecision.UNKNOWN and status == PlanItem.Status.COMPLETED:
        status = PlanItem.Status.PLANNED
    file_format = rng.choice([Format.OFFLINE, Format.OFFLINE, Format.HYBRID, Format.ONLINE, ""])
    country, city = "", ""
    if file_format != Format.ONLINE and rng.random() < 0.8:
        country = rng.choice(world.countries)
        city = f"City {country}"
    item = PlanItem(
        code=f"{CODE_PREFIX}{plan.year}-{n:05d}",
        plan=plan,
        category=category,
        start_date=start,
        end_date=end,
        date_precision=precision,
        status=status,
        status_changed_on=(end or start) if status == PlanItem.Status.COMPLETED else None,
        format=file_format,
        country=country,
        city=city,
        participants=rng.randint(15, 400) if status == PlanItem.Status.COMPLETED else None,
        participating_states=rng.sample(world.countries, k=rng.randint(0, 6)),
    )
    session = None
    if category == PlanItem.Category.BODY_MEETING:
        body = rng.choice(world.bodies)
        kind = rng.choice(SESSION_KINDS)
        session = Session(
            body=body,
            kind=kind,
            ordinal=world.next_ordinal(body, kind),
            start_date=start,
            end_date=end,
            date_precision=precision,
            format=file_format,
        )
        item.body = body
        item.organizer = world.secretariat
        item.organizer_role = PlanItem.OrganizerRole.SECRETARIAT
        item.title_en = f"{body.name_en}: meeting {n}"
        item.title_ru = f"{body.name_ru or body.name_en}: заседание {n}"
    else:
        if category == PlanItem.Category.CBM_EVENT and rng.random() < 0.95:
            area = rng.choice(world.areas)
            item.priority_area, item.dimension_id = area, area.dimension_id
        elif category == PlanItem.Category.CBM_EVENT:
            item.dimension_id = rng.choice(world.dimension_ids)
        if rng.random() < 0.85:
            item.organizer = rng.choice(world.member_states)
            item.organizer_role = rng.choice(
                [PlanItem.OrganizerRole.COORDINATOR, PlanItem.OrganizerRole.CO_COORDINATOR]
                + [PlanItem.OrganizerRole.MEMBER_STATE]
            )
        else:
            item.organizer = rng.choice(world.others)
            item.organizer_role = PlanItem.OrganizerRole.PARTNER
        item.title_en = f"Seminar on confidence building {n}"
        item.title_ru = f"Семинар по мерам доверия {n}"
        item.description_en = "A workshop of experts of the Member States. " * rng.randint(1, 4)
    co_organizers = []
    if category != PlanItem.Category.BODY_MEETING and rng.random() < 0.3:
        pool = [a for a in rng.sample(world.member_states, 3) if a != item.organizer]
        co_organizers = pool[: rng.randint(1, 2)]
    return item, session, co_organizers


def fill(total: int, seed: int = 2023) -> int:
    """Add plans for every year of FIRST_YEAR..LAST_YEAR and items until the database holds
    `total` plan items; returns how many were added."""
    missing = total - PlanItem.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)
    world = World()
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    plans = [
        AnnualPlan.objects.get_or_create(
            year=year,
            defaults={
                "status": AnnualPlan.Status.APPROVED,
                "approved_on": date(year - 1, 12, 1),
            },
        )[0]
        for year in years
    ]
    per_plan, extra = divmod(missing, len(plans))
    through = PlanItem.co_organizers.through
    with transaction.atomic():
        for index, plan in enumerate(plans):
            count = per_plan + (1 if index < extra else 0)
            # Numbered on from what an earlier, smaller fill left.
            offset = bench_items().filter(plan=plan).count()
            for first in range(offset, offset + count, BATCH):
                last = min(first + BATCH, offset + count)
                generated = [_item(rng, world, plan, n) for n in range(first, last)]
                Session.objects.bulk_create([s for _, s, _ in generated if s])
                for item, session, _ in generated:
                    item.session = session
                PlanItem.objects.bulk_create([item for item, _, _ in generated])
                through.objects.bulk_create(
                    through(planitem_id=item.pk, actor_id=actor.pk)
                    for item, _, actors in generated
                    for actor in actors
                )
    return missing
