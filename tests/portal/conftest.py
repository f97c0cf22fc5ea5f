"""Builders for the portal's tests: rows of every kind a page lists."""

from datetime import date
from itertools import count

import pytest

from bodies.models import Session
from cbm.models import ConceptPaper, CoordinatorRole, PlanItemLink
from tests import factories

_serial = count(1)


def add_rows(n: int) -> None:
    """Add `n` of everything the portal lists: CBM events (with a participating state and a
    link), body meetings, sessions, priority areas with a coordinator and a concept paper.

    Everything lands in the 2023 plan, the economic dimension, Kazakhstan and the Senior
    Officials Committee, and in May 2023, so every page's lists grow with `n`.
    """
    plan = factories.plan(2023)
    kazakhstan = factories.state("KZ", "Kazakhstan")
    india = factories.state("IN", "India")
    soc = factories.body("senior-officials-committee", name_en="Senior Officials Committee")
    for _ in range(n):
        i = next(_serial)
        area = factories.priority_area(f"area-{i}", order=100 + i, dimension_slug="economic")
        CoordinatorRole.objects.create(
            priority_area=area, state=kazakhstan, role="coordinator", term_start=date(2024, 1, 1)
        )
        ConceptPaper.objects.create(priority_area=area, status="approved", as_of=date(2024, 12, 1))
        item = factories.cbm_event(
            plan=plan,
            priority_area=area,
            organizer=kazakhstan,
            start_date=date(2023, 5, 1 + i % 28),
            format="online",
            status="completed",
        )
        item.participating_states = [india.iso_code, "GE"]
        item.save()
        PlanItemLink.objects.create(plan_item=item, url=f"https://example.org/{i}")
        factories.body_meeting(
            plan=plan, body=soc, start_date=date(2023, 5, 1 + i % 28), status="completed"
        )
        Session.objects.create(
            body=soc,
            kind="meeting",
            ordinal=i,
            start_date=date(2023, 5, 1 + i % 28),
            end_date=date(2023, 5, 1 + i % 28),
            country=kazakhstan,
        )


@pytest.fixture
def rows(django_capture_on_commit_callbacks):
    """`add_rows`, committed as far as the page cache can tell: the cache moves on once a change
    commits (cbm/caching.py), and a test's transaction never does, so its on-commit callbacks
    are run here."""

    def add_committed_rows(n: int) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            add_rows(n)

    return add_committed_rows
