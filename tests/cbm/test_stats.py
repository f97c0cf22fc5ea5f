"""The compiler reproduces the Secretary General's 2023 breakdown from the reference data."""

from datetime import date

import pytest

from cbm.models import AnnualPlan, PlanItem, PlanStatsSnapshot
from cbm.stats import FIGURE_KEYS, compile_plan_stats, snapshot_for, store_snapshot
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


def test_2023_make_up_counts_every_item_the_completion_figures_stay_as_reported(plan_2023):
    stats = compile_plan_stats(plan_2023, date(2023, 12, 31))
    # The 11 postponed items are undescribed: category "other", no date, no organizer.
    assert stats.items_by_category == {"body_meeting": 17, "cbm_event": 13, "other": 11}
    assert stats.by_category == {"body_meeting": 17, "cbm_event": 13, "other": 0}
    assert (stats.total_items, stats.completed, stats.postponed) == (41, 30, 11)


def test_2023_make_up_by_month_holds_the_postponed_items_as_undated(plan_2023):
    stats = compile_plan_stats(plan_2023, date(2023, 12, 31))
    assert stats.items_by_month == {
        "2023-02": 2,
        "2023-04": 1,
        "2023-05": 4,
        "2023-06": 1,
        "2023-07": 3,
        "2023-08": 6,
        "2023-09": 1,
        "2023-10": 2,
        "2023-11": 4,
        "2023-12": 3,
        "undated": 14,
    }
    # Of the 14 undated, the three thematic expert meetings were held.
    assert stats.by_month["undated"] == 3


def test_2023_every_cbm_event_was_held_so_its_make_up_matches_the_breakdown(plan_2023):
    stats = compile_plan_stats(plan_2023, date(2023, 12, 31))
    assert stats.items_by_dimension == stats.cbm_by_dimension
    assert stats.items_by_priority_area == stats.cbm_by_priority_area
    assert stats.items_by_organizer == stats.by_organizer
    # As of 30 November the December items are still ahead; the make-up does not move.
    assert compile_plan_stats(plan_2023, date(2023, 11, 30)).items_by_category == (
        stats.items_by_category
    )


@pytest.fixture
def plan_2025():
    return factories.all_planned_plan(2025)


@pytest.mark.parametrize("as_of", [date(2025, 12, 31), date(2024, 12, 1)])
def test_a_44_item_plan_with_nothing_held_shows_what_it_holds(plan_2025, as_of):
    stats = compile_plan_stats(plan_2025, as_of)
    assert stats.total_items == 44
    assert stats.items_by_category == {"body_meeting": 16, "cbm_event": 28, "other": 0}
    assert stats.items_by_dimension == {
        "economic": 12,
        "new-challenges-and-threats": 10,
        "environmental": 6,
    }
    assert [(a.order, a.slug, a.count) for a in stats.items_by_priority_area] == [
        (3, "combating-terrorism", 10),
        (10, "tourism", 12),
        (17, "environment-protection", 6),
    ]
    assert stats.items_by_month == {
        **{f"2025-{month:02}": 4 for month in range(1, 5)},
        **{f"2025-{month:02}": 3 for month in range(5, 13)},
        "undated": 4,
    }
    assert [(o.organizer, o.role, o.count) for o in stats.items_by_organizer] == [
        ("AZ", "coordinator", 12),
        ("KZ", "coordinator", 10),
        ("CN", "co_coordinator", 6),
    ]


def test_a_44_item_plan_at_its_years_end_has_40_overdue_and_4_undated_nothing_done(plan_2025):
    stats = compile_plan_stats(plan_2025, date(2025, 12, 31))
    assert (stats.completed, stats.scheduled, stats.postponed, stats.cancelled) == (0, 0, 0, 0)
    assert (stats.overdue, stats.undated_planned) == (40, 4)
    assert stats.by_category == {"body_meeting": 0, "cbm_event": 0, "other": 0}
    assert stats.by_month == {}
    assert stats.by_organizer == []


def test_a_44_item_plan_before_its_year_has_its_40_dated_items_scheduled(plan_2025):
    stats = compile_plan_stats(plan_2025, date(2024, 12, 1))
    assert (stats.completed, stats.scheduled, stats.overdue, stats.undated_planned) == (
        0,
        40,
        0,
        4,
    )
    assert stats.by_category == {"body_meeting": 12, "cbm_event": 28, "other": 0}
    assert "undated" not in stats.by_month


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
        sources=[factories.source()],
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
    counts = {(o.organizer, o.role): o.count for o in organizers}
    assert counts[("IN", "coordinator")] == 2
    assert counts[("BD", "co_coordinator")] == 2
    assert counts[("TH", "member_state")] == 1


def test_json_form_has_the_documented_keys(plan_2023):
    data = compile_plan_stats(plan_2023, date(2023, 11, 30)).to_json()
    assert data.keys() == FIGURE_KEYS
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


def add_events(plan, area, prefix: str, count: int, status="completed") -> None:
    PlanItem.objects.bulk_create(
        PlanItem(
            code=f"{prefix}-{n}",
            plan=plan,
            category="cbm_event",
            priority_area=area,
            title_en=f"Event {n}",
            start_date=date(2023, 1 + n % 12, 1 + n % 28),
            status=status,
        )
        for n in range(count)
    )


def test_compiling_runs_the_same_queries_for_50_items_as_for_50000(django_assert_num_queries):
    plan, area = factories.plan(2023), factories.priority_area()
    add_events(plan, area, "few", 50)
    add_events(plan, area, "few-postponed", 5, status="postponed")
    with django_assert_num_queries(10):
        few = compile_plan_stats(plan, date(2023, 12, 31))
    add_events(plan, area, "many", 49950)
    add_events(plan, area, "many-postponed", 4995, status="postponed")
    with django_assert_num_queries(10):
        many = compile_plan_stats(plan, date(2023, 12, 31))
    assert (few.completed, many.completed) == (50, 50000)
    assert (few.items_by_category["cbm_event"], many.items_by_category["cbm_event"]) == (
        55,
        55000,
    )
    assert [a.count for a in many.items_by_priority_area] == [55000]


def test_a_snapshot_stored_before_the_make_up_is_compiled_again_when_read(plan_2023):
    factories.snapshot_without_make_up(plan_2023, date(2023, 11, 30))

    snapshot = snapshot_for(plan_2023)

    assert snapshot.pk is None  # compiled for the reader, not stored: reading never writes
    assert snapshot.as_of == date(2023, 11, 30)
    assert snapshot.figures == compile_plan_stats(plan_2023, date(2023, 11, 30)).to_json()
    assert snapshot.figures["items_by_category"] == {
        "body_meeting": 17,
        "cbm_event": 13,
        "other": 11,
    }
    stored = PlanStatsSnapshot.objects.get(plan=plan_2023)
    assert "items_by_category" not in stored.figures


def test_a_snapshot_with_the_make_up_is_read_as_stored(plan_2023):
    stored = store_snapshot(plan_2023, date(2023, 11, 30))
    assert snapshot_for(plan_2023).pk == stored.pk
    assert snapshot_for(plan_2023, date(2023, 11, 30)).pk == stored.pk


def test_storing_a_snapshot_twice_keeps_one_row_with_the_same_figures(plan_2023):
    first = store_snapshot(plan_2023, date(2023, 11, 30))
    second = store_snapshot(plan_2023, date(2023, 11, 30))
    assert first.pk == second.pk
    assert PlanStatsSnapshot.objects.filter(plan=plan_2023).count() == 1
    assert second.figures["completed"] == 27
    assert second.compiled_at >= first.compiled_at


def test_a_cbm_event_without_area_counts_in_its_dimension_and_area_not_stated(plan_2023):
    before = compile_plan_stats(plan_2023, date(2023, 12, 31))
    factories.cbm_event(
        code="2023-cbm-no-area",
        plan=plan_2023,
        priority_area=None,
        dimension=factories.dimension("environmental"),
        start_date=date(2023, 6, 1),
        date_precision="month",
        status="completed",
    )
    stats = compile_plan_stats(plan_2023, date(2023, 12, 31))
    assert stats.cbm_by_dimension["environmental"] == 3  # the 2023 report's 2, and this one
    assert (stats.cbm_area_not_stated, stats.items_area_not_stated) == (1, 1)
    assert [a.count for a in stats.cbm_by_priority_area] == [
        a.count for a in before.cbm_by_priority_area
    ]
    assert sum(a.count for a in stats.cbm_by_priority_area) == 13


def test_the_2023_plan_has_no_cbm_event_without_area(plan_2023):
    stats = compile_plan_stats(plan_2023, date(2023, 12, 31))
    assert (stats.cbm_area_not_stated, stats.items_area_not_stated) == (0, 0)


def test_organizers_of_every_kind_and_co_organizers_are_counted():
    plan = factories.plan(2026)
    secretariat = factories.secretariat()
    academy = factories.institution()
    for _ in range(2):
        factories.cbm_event(
            plan=plan,
            start_date=date(2026, 3, 1),
            organizer=secretariat,
            organizer_role="secretariat",
            participants=40,
            status="completed",
        )
    factories.cbm_event(
        plan=plan,
        start_date=date(2026, 4, 1),
        organizer=academy,
        organizer_role="",
        co_organizers=[secretariat, factories.state("KZ").actor],
        states_represented=13,
        participating_states=["KZ", "BY", "GE"],
        status="completed",
    )
    factories.state("BY", "Belarus", status="observer")

    stats = compile_plan_stats(plan, date(2026, 12, 31))

    assert stats.items_by_organizer_kind == {"secretariat": 2, "academy": 1}
    assert stats.by_organizer_kind == stats.items_by_organizer_kind
    assert [(o.organizer, o.kind, o.role, o.count) for o in stats.items_by_organizer] == [
        ("cica-secretariat", "secretariat", "secretariat", 2),
        (academy.slug, "academy", "", 1),
    ]
    assert {(c.organizer, c.count) for c in stats.items_co_organized} == {
        ("cica-secretariat", 1),
        ("KZ", 1),
    }
    assert stats.participating_countries == {
        "member_states": 1,
        "observer_states": 1,
        "other_countries": 1,  # Georgia
        "items_with_non_members": 1,
    }
    assert stats.participation == {
        "items_with_participants": 2,
        "participants": 80,
        "items_with_states_represented": 1,
    }
