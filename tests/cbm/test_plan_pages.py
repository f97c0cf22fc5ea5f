from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cbm.stats import store_snapshot
from tests import factories

pytestmark = pytest.mark.django_db


def test_plan_page_lists_the_plan_items(client):
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, title_en="CICA seminar on digital forensics")
    factories.body_meeting(plan=plan, title_en="Senior Officials Committee meeting")
    factories.cbm_event(plan=factories.plan(2024), title_en="Next year's seminar")

    response = client.get("/en/plans/2023/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "CICA seminar on digital forensics" in body
    assert "Senior Officials Committee meeting" in body
    assert "Next year&#x27;s seminar" not in body and "Next year's seminar" not in body


def test_unknown_plan_year_is_not_found(client):
    assert client.get("/en/plans/1999/").status_code == 404


# The data built is committed as far as the page cache and the recompiles can tell
# (django_capture_on_commit_callbacks runs what a commit would): the page is rendered again,
# each time from a snapshot compiled after the change.
def test_plan_page_runs_the_same_queries_for_5_items_as_for_55(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    plan = factories.plan(2023)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            factories.cbm_event(plan=plan)
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/plans/2023/")
    with django_capture_on_commit_callbacks(execute=True):
        for day in range(1, 51):
            factories.cbm_event(plan=plan, start_date=date(2023, 6, 1 + day % 28))
    with django_assert_num_queries(len(captured.captured_queries)):
        client.get("/en/plans/2023/")


def test_plan_list_page_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    factories.plan(2023)
    with django_assert_num_queries(2):  # the plans, the figures published over periods
        client.get("/en/plans/")
    with django_capture_on_commit_callbacks(execute=True):
        for year in range(2000, 2020):
            factories.plan(year)
    with django_assert_num_queries(2):
        client.get("/en/plans/")


def test_plan_page_shows_the_plan_figures_as_charts(client):
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, status="completed", start_date=date(2023, 5, 18))
    factories.cbm_event(plan=plan, status="postponed", start_date=date(2023, 6, 1))

    response = client.get("/en/plans/2023/")

    figures = response.context["figures"]
    assert (figures["total_items"], figures["completed"], figures["postponed"]) == (2, 1, 1)
    segments = {part["key"]: part["percent"] for part in response.context["completion"]}
    assert segments == {"completed": 50.0, "postponed": 50.0}
    assert chart_rows(response, "month") == [("May 2023", 1, 1), ("June 2023", 1, 0)]
    assert 'class="bar-chart makeup-chart"' in response.content.decode()


def test_plan_page_pages_its_items_beyond_a_hundred(client):
    from cbm.views import PLAN_ITEMS_PER_PAGE

    plan = factories.plan(2023)
    for _ in range(PLAN_ITEMS_PER_PAGE + 3):
        factories.cbm_event(plan=plan)

    first = client.get("/en/plans/2023/").content.decode()
    second = client.get("/en/plans/2023/?page=2").content.decode()

    assert f"{PLAN_ITEMS_PER_PAGE + 3} items" in first
    assert 'rel="next"' in first
    assert 'rel="prev"' in second


# What the plan holds beside what has been done --------------------------------------------


@pytest.fixture
def plan_2025(reference_data):
    factories.without_plan(2025)  # in place of the reference data's 2025 plan
    plan = factories.all_planned_plan(2025)
    store_snapshot(plan, date(2025, 12, 31))  # the page reads it, whatever the day the test runs
    return plan


def chart_rows(response, key: str) -> list[tuple]:
    (chart,) = [chart for chart in response.context["breakdowns"] if chart["key"] == key]
    return [(row["label"], row["items"], row["expected"]) for row in chart["rows"]]


def test_page_of_a_plan_with_nothing_held_shows_what_it_holds(client, plan_2025):
    response = client.get("/en/plans/2025/")

    assert chart_rows(response, "category") == [
        ("meeting of a permanent body or consultative mechanism", 16, 0),
        ("CBM event", 28, 0),
        ("other", 0, 0),
    ]
    assert chart_rows(response, "dimension") == [
        ("Military-political dimension", 0, 0),
        ("New challenges and threats dimension", 10, 0),
        ("Economic dimension", 12, 0),
        ("Environmental dimension", 6, 0),
        ("Human dimension", 0, 0),
    ]
    areas = chart_rows(response, "priority_area")
    assert len(areas) == 18
    assert [row for row in areas if row[1]] == [
        ("3. Combating terrorism", 10, 0),
        ("10. Tourism", 12, 0),
        ("17. Environment protection", 6, 0),
    ]
    assert chart_rows(response, "month") == [
        *[(f"{month} 2025", 4, 0) for month in ["January", "February", "March", "April"]],
        *[
            (f"{month} 2025", 3, 0)
            for month in ["May", "June", "July", "August"]
            + ["September", "October", "November", "December"]
        ],
        ("date not published", 4, 0),
    ]
    assert chart_rows(response, "organizer") == [
        ("Azerbaijan (coordinator)", 12, 0),
        ("Kazakhstan (coordinator)", 10, 0),
        ("China (co-coordinator)", 6, 0),
    ]
    makeup = response.context["makeup"]
    assert (makeup["total"], makeup["undated"]) == (44, 4)


def test_page_of_a_plan_with_nothing_held_says_what_its_remainder_is(client, plan_2025):
    response = client.get("/en/plans/2025/")

    segments = [(part["key"], part["value"]) for part in response.context["completion"]]
    assert segments == [("overdue", 40), ("undated", 4)]
    html = response.content.decode()
    assert "Other: <strong>44</strong>" not in html
    assert "Still planned, date passed: <strong>40</strong>" in html
    assert "Still planned, no date yet: <strong>4</strong>" in html


def test_page_names_the_planned_items_whose_dates_have_passed(client, plan_2025):
    response = client.get("/en/plans/2025/")

    overdue = [item.code for item in response.context["overdue_items"]]
    assert len(overdue) == 40
    assert overdue[:4] == ["2025-bm-01", "2025-cbm-01", "2025-cbm-13", "2025-cbm-25"]
    assert not [code for code in overdue if "undated" in code]
    html = response.content.decode()
    assert 'href="/en/activities/2025-cbm-13/"' in html
    assert "Past their dates, not yet reported held" in html


def test_page_of_the_2023_plan_sets_its_make_up_beside_its_progress(client, reference_data):
    response = client.get("/en/plans/2023/")  # no snapshot: counted as of 31 December 2023

    assert chart_rows(response, "category") == [
        ("meeting of a permanent body or consultative mechanism", 17, 17),
        ("CBM event", 13, 13),
        ("other", 0 + 11, 0),
    ]
    segments = [(part["key"], part["value"]) for part in response.context["completion"]]
    assert segments == [("completed", 30), ("postponed", 11)]
    assert list(response.context["overdue_items"]) == []
    assert ("date not published", 14, 3) in chart_rows(response, "month")


def test_page_reading_a_snapshot_stored_before_the_make_up_compiles_it_again(client, plan_2025):
    plan_2025.snapshots.all().delete()
    factories.snapshot_without_make_up(plan_2025, date(2025, 12, 31))

    response = client.get("/en/plans/2025/")

    assert response.status_code == 200
    assert response.context["figures"]["as_of"] == "2025-12-31"
    assert chart_rows(response, "category")[:2] == [
        ("meeting of a permanent body or consultative mechanism", 16, 0),
        ("CBM event", 28, 0),
    ]


def test_russian_page_labels_the_make_up_from_the_russian_records(client, plan_2025):
    response = client.get("/ru/plans/2025/")

    assert response.status_code == 200
    assert ("10. Туризм", 12, 0) in chart_rows(response, "priority_area")
    assert chart_rows(response, "organizer")[0][0].startswith("Азербайджан")
    assert ("январь 2025", 4, 0) in chart_rows(response, "month")


def test_an_item_planned_beyond_the_plans_year_is_said_to_be_so(client):
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, status="completed", start_date=date(2023, 5, 18))
    factories.cbm_event(plan=plan, start_date=date(2024, 1, 15))

    response = client.get("/en/plans/2023/")  # counted as of 31 December 2023

    segments = [(part["key"], part["value"]) for part in response.context["completion"]]
    assert segments == [("completed", 1), ("later", 1)]
    assert "Dated after the end of 2023: <strong>1</strong>" in response.content.decode()
