"""The compiler reproduces the Secretary General's 2023 breakdown from the reference data."""

from datetime import date

import pytest

from cbm.models import AnnualPlan, PlanItem
from cbm.stats import compile_plan_stats
from cica_site.dates import DatePrecision
from tests import factories

pytestmark = pytest.mark.django_db

ZERO_AREAS_2023 = [6, 7, 8, 9, 13, 14, 15]


@pytest.fixture
def plan_2023(reference_data):
    return AnnualPlan.objects.get(year=2023)


def test_as_of_30_november_2023_27_completed_and_3_still_ahead(plan_2023):
    stats = compile_plan_stats(plan_2023, date(2023, 11, 30))
    assert stats.total_items == 41
    assert stats.completed == 27
    # The report says "two pending", but the SWG meeting of 5 December was also ahead.
    assert stats.scheduled == 3
    assert stats.expected_completed == 30
    assert stats.postponed == 11
    assert stats.cancelled == 0


def test_the_three_still_ahead_on_30_november_are_the_december_items(plan_2023):
    ahead = PlanItem.objects.filter(plan=plan_2023).still_ahead(
        date(2023, 11, 30), date(2023, 12, 31)
    )
    assert sorted((i.start_date, i.category) for i in ahead) == [
        (date(2023, 12, 5), "body_meeting"),
        (date(2023, 12, 11), "cbm_event"),
        (date(2023, 12, 12), "body_meeting"),
    ]


def test_as_of_31_december_2023_30_completed_and_11_postponed(plan_2023):
    stats = compile_plan_stats(plan_2023, date(2023, 12, 31))
    assert (stats.completed, stats.scheduled, stats.postponed) == (30, 0, 11)


def test_17_body_meetings_and_13_cbm_events(plan_2023):
    stats = compile_plan_stats(plan_2023, date(2023, 11, 30))
    assert stats.by_category == {"body_meeting": 17, "cbm_event": 13, "other": 0}


def test_cbm_events_by_dimension_as_the_report_gives_them(plan_2023):
    stats = compile_plan_stats(plan_2023, date(2023, 12, 31))
    assert stats.cbm_by_dimension == {
        "military-political": 1,
        "new-challenges-and-threats": 5,
        "economic": 3,
        "environmental": 2,
        "human": 2,
    }


def test_all_18_areas_listed_in_catalogue_order_with_seven_at_zero(plan_2023):
    areas = compile_plan_stats(plan_2023, date(2023, 12, 31)).cbm_by_priority_area
    assert [a.order for a in areas] == list(range(1, 19))
    assert [a.order for a in areas if a.count == 0] == ZERO_AREAS_2023
    assert sum(a.count for a in areas) == 13
    assert {a.slug: a.count for a in areas}["combating-terrorism"] == 2


def test_month_only_item_counts_as_held_at_the_end_of_its_month():
    plan = factories.plan(2023)
    swg = factories.body_meeting(
        plan=plan,
        start_date=date(2023, 5, 1),
        date_precision=DatePrecision.MONTH,
        status=PlanItem.Status.COMPLETED,
    )
    assert swg.end_date == date(2023, 5, 31)
    assert compile_plan_stats(plan, date(2023, 5, 30)).completed == 0
    assert compile_plan_stats(plan, date(2023, 5, 31)).completed == 1


def test_undated_completed_item_counts_from_its_source_date():
    plan = factories.plan(2023)
    factories.body_meeting(
        plan=plan,
        start_date=None,
        date_precision=DatePrecision.UNKNOWN,
        status=PlanItem.Status.COMPLETED,
        source_date=date(2023, 11, 30),
    )
    assert compile_plan_stats(plan, date(2023, 11, 29)).completed == 0
    stats = compile_plan_stats(plan, date(2023, 11, 30))
    assert stats.completed == 1
    assert stats.by_month == {"undated": 1}


def test_planned_item_whose_date_passed_is_overdue_not_completed():
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, start_date=date(2023, 3, 1), status=PlanItem.Status.PLANNED)
    stats = compile_plan_stats(plan, date(2023, 6, 1))
    assert (stats.completed, stats.scheduled, stats.overdue) == (0, 0, 1)


def test_item_planned_for_next_year_is_not_scheduled_within_this_plan():
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, start_date=date(2024, 1, 15))
    assert compile_plan_stats(plan, date(2023, 6, 1)).scheduled == 0


def test_organizers_counted_by_state_and_role(plan_2023):
    organizers = compile_plan_stats(plan_2023, date(2023, 12, 31)).by_organizer
    counts = {(o.state, o.role): o.count for o in organizers}
    assert counts[("IN", "coordinator")] == 2
    assert counts[("BD", "co_coordinator")] == 2
    assert counts[("TH", "member_state")] == 1


def test_json_form_has_the_documented_keys(plan_2023):
    data = compile_plan_stats(plan_2023, date(2023, 11, 30)).to_json()
    assert data["plan"] == 2023
    assert data["as_of"] == "2023-11-30"
    assert data["expected_completed"] == 30
    assert data["cbm_by_priority_area"][0] == {
        "order": 1,
        "slug": "military-political-dimension",
        "name": "Military-political dimension",
        "dimension": "military-political",
        "count": 1,
    }


def add_completed_events(plan, area, prefix: str, count: int) -> None:
    PlanItem.objects.bulk_create(
        PlanItem(
            code=f"{prefix}-{n}",
            plan=plan,
            category="cbm_event",
            priority_area=area,
            title_en=f"Event {n}",
            start_date=date(2023, 1 + n % 12, 1 + n % 28),
            status="completed",
        )
        for n in range(count)
    )


def test_compiling_runs_the_same_queries_for_50_items_as_for_50000(django_assert_num_queries):
    plan, area = factories.plan(2023), factories.priority_area()
    add_completed_events(plan, area, "few", 50)
    with django_assert_num_queries(7):
        few = compile_plan_stats(plan, date(2023, 12, 31))
    add_completed_events(plan, area, "many", 49950)
    with django_assert_num_queries(7):
        many = compile_plan_stats(plan, date(2023, 12, 31))
    assert (few.completed, many.completed) == (50, 50000)


def test_storing_a_snapshot_twice_keeps_one_row_with_the_same_figures(plan_2023):
    from cbm.models import PlanStatsSnapshot
    from cbm.stats import store_snapshot

    first = store_snapshot(plan_2023, date(2023, 11, 30))
    second = store_snapshot(plan_2023, date(2023, 11, 30))
    assert first.pk == second.pk
    assert PlanStatsSnapshot.objects.filter(plan=plan_2023).count() == 1
    assert second.figures["completed"] == 27
    assert second.compiled_at >= first.compiled_at
