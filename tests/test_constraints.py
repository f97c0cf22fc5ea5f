"""Every integrity rule lives in the database: the bad row is refused by the database itself.

These tests bypass forms and model validation (plain `create`/`update`) on purpose. CI runs
them on PostgreSQL; on the embedded defaults they run on SQLite, which enforces the same rules.
"""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from bodies.models import Session
from cbm.models import (
    AnnualPlan,
    ConceptPaper,
    CoordinatorRole,
    PlanItem,
    PriorityArea,
    Source,
)
from cica_site.dates import DatePrecision
from membership.models import Chairmanship, State
from tests import factories

pytestmark = pytest.mark.django_db


def assert_refused(create, constraint_name):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        create()
    # SQLite names only CHECK constraints in its message; PostgreSQL names every constraint.
    if connection.vendor == "postgresql":
        assert constraint_name in str(refused.value)


def test_plan_item_end_before_start_is_refused():
    assert_refused(
        lambda: factories.cbm_event(start_date=date(2023, 5, 18), end_date=date(2023, 5, 17)),
        "plan_item_end_not_before_start",
    )


def test_plan_item_end_on_its_start_day_is_accepted():
    item = factories.cbm_event(start_date=date(2023, 5, 18), end_date=date(2023, 5, 18))
    assert item.pk


def test_cbm_event_without_priority_area_is_refused():
    assert_refused(
        lambda: factories.cbm_event(priority_area=None, dimension=None),
        "plan_item_cbm_event_has_area_or_dimension",
    )


def test_cbm_event_with_a_body_is_refused():
    assert_refused(
        lambda: factories.cbm_event(body=factories.body()),
        "plan_item_cbm_event_has_no_body",
    )


def test_body_meeting_without_body_is_refused():
    assert_refused(lambda: factories.body_meeting(body=None), "plan_item_body_meeting_has_body")


def test_existing_cbm_event_cannot_lose_its_priority_area_by_update():
    item = factories.cbm_event()
    assert_refused(
        lambda: PlanItem.objects.filter(pk=item.pk).update(priority_area=None, dimension=None),
        "plan_item_cbm_event_has_area_or_dimension",
    )
    item.refresh_from_db()
    assert item.priority_area is not None


def test_dated_item_without_start_date_is_refused():
    assert_refused(
        lambda: factories.cbm_event(
            start_date=None, end_date=None, date_precision=DatePrecision.DAY
        ),
        "plan_item_dates_match_precision",
    )


def test_undated_item_with_a_date_is_refused():
    assert_refused(
        lambda: factories.cbm_event(date_precision=DatePrecision.UNKNOWN),
        "plan_item_dates_match_precision",
    )


def test_source_with_precision_but_no_date_is_refused():
    assert_refused(
        lambda: Source.objects.create(slug="a-report", title_en="A report", date=None),
        "source_date_matches_precision",
    )


def test_published_item_without_title_is_refused():
    assert_refused(lambda: factories.cbm_event(title_en=""), "plan_item_published_has_title")


def test_unpublished_item_without_title_is_accepted():
    item = PlanItem.objects.create(
        code="2023-postponed-x",
        category=PlanItem.Category.OTHER,
        details_published=False,
        date_precision=DatePrecision.UNKNOWN,
        status=PlanItem.Status.POSTPONED,
    )
    assert "details not published" in str(item)


def test_coordinator_role_without_organizer_state_is_refused():
    assert_refused(
        lambda: factories.cbm_event(organizer=None), "plan_item_state_role_has_organizer"
    )


def test_duplicate_plan_item_code_is_refused():
    factories.cbm_event(code="2023-cbm-01")
    assert_refused(lambda: factories.cbm_event(code="2023-cbm-01"), "code")


def test_second_plan_for_the_same_year_is_refused():
    AnnualPlan.objects.create(year=2023)
    assert_refused(lambda: AnnualPlan.objects.create(year=2023), "year")


def test_approved_plan_without_approval_date_is_refused():
    assert_refused(
        lambda: AnnualPlan.objects.create(year=2024, status=AnnualPlan.Status.APPROVED),
        "annual_plan_approved_has_date",
    )


def test_coordinator_role_twice_for_the_same_area_state_and_term_start_is_refused():
    area, kz = factories.priority_area(), factories.state()
    start = date(2024, 1, 1)
    CoordinatorRole.objects.create(
        priority_area=area, state=kz, role="coordinator", term_start=start
    )
    assert_refused(
        lambda: CoordinatorRole.objects.create(
            priority_area=area, state=kz, role="co_coordinator", term_start=start
        ),
        "coordinator_role_unique_area_state_term_start",
    )


def test_coordinator_role_twice_without_term_start_is_refused():
    area, kz = factories.priority_area(), factories.state()
    CoordinatorRole.objects.create(priority_area=area, state=kz, role="coordinator")
    assert_refused(
        lambda: CoordinatorRole.objects.create(priority_area=area, state=kz, role="coordinator"),
        "coordinator_role_unique_area_state_open_start",
    )


def test_coordinator_role_for_a_new_term_is_accepted():
    area, kz = factories.priority_area(), factories.state()
    CoordinatorRole.objects.create(priority_area=area, state=kz, role="coordinator")
    CoordinatorRole.objects.create(
        priority_area=area, state=kz, role="coordinator", term_start=date(2024, 1, 1)
    )
    assert CoordinatorRole.objects.filter(priority_area=area, state=kz).count() == 2


def test_coordinator_term_ending_before_it_starts_is_refused():
    assert_refused(
        lambda: CoordinatorRole.objects.create(
            priority_area=factories.priority_area(),
            state=factories.state(),
            role="coordinator",
            term_start=date(2024, 1, 1),
            term_end=date(2023, 12, 31),
        ),
        "coordinator_role_end_not_before_start",
    )


def test_session_twice_with_the_same_body_kind_and_number_is_refused():
    business_council = factories.body("business-council")
    day = date(2023, 11, 13)
    Session.objects.create(body=business_council, kind="plenary_session", ordinal=6, start_date=day)
    assert_refused(
        lambda: Session.objects.create(
            body=business_council, kind="plenary_session", ordinal=6, start_date=day
        ),
        "session_unique_body_kind_ordinal",
    )


def test_forum_with_the_number_of_a_plenary_session_is_accepted():
    business_council = factories.body("business-council")
    day = date(2023, 11, 13)
    Session.objects.create(body=business_council, kind="plenary_session", ordinal=6, start_date=day)
    assert Session.objects.create(body=business_council, kind="forum", ordinal=6, start_date=day).pk


def test_session_dated_to_the_day_without_a_date_is_refused():
    assert_refused(
        lambda: Session.objects.create(body=factories.body(), kind="meeting", ordinal=1),
        "session_date_with_precision",
    )


def test_session_ending_before_it_starts_is_refused():
    assert_refused(
        lambda: Session.objects.create(
            body=factories.body(),
            kind="meeting",
            ordinal=1,
            start_date=date(2023, 8, 29),
            end_date=date(2023, 8, 27),
        ),
        "session_end_not_before_start",
    )


def test_chairmanship_ending_before_it_starts_is_refused():
    assert_refused(
        lambda: Chairmanship.objects.create(
            state=factories.state(), term_start=date(2014, 1, 1), term_end=date(2010, 1, 1)
        ),
        "chairmanship_end_not_before_start",
    )


def test_state_with_a_malformed_iso_code_is_refused():
    assert_refused(
        lambda: State.objects.create(iso_code="kz", name_en="Kazakhstan", status="member"),
        "state_iso_code_two_capitals",
    )


def test_priority_area_retired_before_it_came_into_force_is_refused():
    assert_refused(
        lambda: PriorityArea.objects.create(
            dimension=factories.dimension(),
            slug="volunteerism",
            order=19,
            name_en="Volunteerism",
            in_force_from=date(2024, 12, 17),
            in_force_until=date(2024, 1, 1),
        ),
        "priority_area_in_force_until_after_from",
    )


def test_concept_paper_status_reported_twice_by_one_source_is_refused():
    area = factories.priority_area()
    ConceptPaper.objects.create(priority_area=area, status="approved", as_of=date(2023, 12, 7))
    assert_refused(
        lambda: ConceptPaper.objects.create(
            priority_area=area, status="approved", as_of=date(2023, 12, 7)
        ),
        "concept_paper_unique_area_status_as_of",
    )


def test_ci_runs_these_on_postgresql_when_configured():
    import os

    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor == "sqlite"
