"""Small builders for test data. The real reference data lives in fixtures/."""

from datetime import date
from itertools import count

from bodies.models import Body
from cbm.models import AnnualPlan, Dimension, PlanItem, PriorityArea
from membership.models import State

_serial = count(1)


def state(iso_code="KZ", name_en="Kazakhstan", **fields) -> State:
    fields.setdefault("name_ru", "")
    fields.setdefault("status", State.Status.MEMBER)
    return State.objects.get_or_create(iso_code=iso_code, defaults={"name_en": name_en, **fields})[
        0
    ]


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
    return PlanItem.objects.create(**fields)


def body_meeting(**fields) -> PlanItem:
    """A valid meeting of a body; override any field."""
    n = next(_serial)
    fields.setdefault("code", f"test-bm-{n}")
    fields.setdefault("category", PlanItem.Category.BODY_MEETING)
    fields.setdefault("body", body())
    fields.setdefault("title_en", f"Meeting {n}")
    fields.setdefault("start_date", date(2023, 4, 19))
    return PlanItem.objects.create(**fields)
