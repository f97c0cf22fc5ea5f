"""The plan dashboard and the plan page's statistics panel."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cbm.admin import summary
from cbm.models import PlanItem, PlanStatsSnapshot
from cbm.stats import store_snapshot
from tests import factories

pytestmark = pytest.mark.django_db


def dashboard_url(plan):
    return reverse("admin:cbm_annualplan_dashboard", args=[plan.pk])


@pytest.fixture
def this_years_plan():
    today = timezone.localdate()
    plan = factories.plan(today.year)
    due = factories.cbm_event(
        plan=plan, code="due", start_date=today + timedelta(days=10), end_date=None
    )
    later = factories.cbm_event(
        plan=plan, code="later", start_date=today + timedelta(days=45), end_date=None
    )
    past = factories.cbm_event(
        plan=plan, code="past", start_date=today - timedelta(days=3), end_date=None
    )
    held = factories.cbm_event(
        plan=plan,
        code="held",
        start_date=today - timedelta(days=5),
        end_date=None,
        status=PlanItem.Status.COMPLETED,
    )
    return plan, {"due": due, "later": later, "past": past, "held": held}


def test_dashboard_lists_items_due_soon_and_items_past_but_still_planned(
    officer_client, this_years_plan
):
    plan, items = this_years_plan

    response = officer_client.get(dashboard_url(plan))

    assert response.status_code == 200
    assert [i.code for i in response.context["due_soon"]] == ["due"]
    assert [i.code for i in response.context["past_but_planned"]] == ["past"]
    assert response.context["snapshot"] is None
    figures = response.context["figures"]
    assert (figures["total_items"], figures["completed"], figures["overdue"]) == (4, 1, 1)
    assert "Counted just now" in response.content.decode()


def test_dashboard_uses_the_latest_snapshot_once_there_is_one(officer_client, this_years_plan):
    plan, items = this_years_plan
    store_snapshot(plan, date(plan.year, 1, 1))  # nothing held yet as of 1 January

    response = officer_client.get(dashboard_url(plan))

    assert response.context["snapshot"] is not None
    assert response.context["figures"]["completed"] == 0
    assert "From the statistics snapshot" in response.content.decode()


def test_dashboard_runs_the_same_queries_for_5_items_as_for_55(
    officer_client, django_assert_num_queries
):
    today = timezone.localdate()
    plan = factories.plan(today.year)

    def build(n):
        for i in range(n):
            factories.cbm_event(
                plan=plan, start_date=today + timedelta(days=i % 20 - 10), end_date=None
            )

    build(5)
    with CaptureQueriesContext(connection) as first:
        officer_client.get(dashboard_url(plan))
    build(50)
    with django_assert_num_queries(len(first.captured_queries)):
        officer_client.get(dashboard_url(plan))


def test_plan_page_links_the_dashboard_and_shows_the_latest_snapshot(officer_client):
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, status=PlanItem.Status.COMPLETED)
    store_snapshot(plan, date(2023, 11, 30))

    page = officer_client.get(reverse("admin:cbm_annualplan_change", args=[plan.pk]))

    body = page.content.decode()
    assert dashboard_url(plan) in body
    assert (
        "Items: 1 (meetings of bodies: 0, CBM events: 1, other items: 0); completed: 1, "
        "scheduled: 0, still planned past their dates: 0, still planned without a date: 0, "
        "postponed: 0, cancelled: 0."
    ) in body
    assert "Recompile now" in body


def test_recompile_now_queues_the_task_and_says_so(officer_client, settings):
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, status=PlanItem.Status.COMPLETED)

    response = officer_client.post(
        reverse("admin:cbm_annualplan_recompile", args=[plan.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("admin:cbm_annualplan_change", args=[plan.pk])
    assert "queued for recompiling" in response.content.decode()
    if settings.CELERY_TASK_ALWAYS_EAGER:  # without a broker the task runs in-process
        assert PlanStatsSnapshot.objects.get(plan=plan).figures["completed"] == 1


def test_recompile_refuses_get_and_viewers(officer_client, viewer, client):
    plan = factories.plan(2023)
    url = reverse("admin:cbm_annualplan_recompile", args=[plan.pk])

    assert officer_client.get(url).status_code == 405
    client.force_login(viewer)
    assert client.post(url).status_code == 403
    assert client.get(dashboard_url(plan)).status_code == 200


# What the plan holds beside what has been done --------------------------------------------


@pytest.fixture
def plan_2025(reference_data):
    factories.without_plan(2025)  # in place of the reference data's 2025 plan
    plan = factories.all_planned_plan(2025)
    store_snapshot(plan, date(2025, 12, 31))
    return plan


def breakdown(response, key: str) -> list[tuple]:
    (chart,) = [chart for chart in response.context["breakdowns"] if chart["key"] == key]
    return [(row["label"], row["items"], row["expected"]) for row in chart["rows"]]


def test_dashboard_of_a_plan_with_nothing_held_shows_what_it_holds(officer_client, plan_2025):
    response = officer_client.get(dashboard_url(plan_2025))

    assert breakdown(response, "category") == [
        ("meeting of a permanent body or consultative mechanism", 16, 0),
        ("CBM event", 28, 0),
        ("other", 0, 0),
    ]
    assert breakdown(response, "organizer")[0] == ("Azerbaijan (coordinator)", 12, 0)
    assert ("date not published", 4, 0) in breakdown(response, "month")
    html = response.content.decode()
    assert "What the plan holds" in html
    assert "What has been done" in html
    assert '<th scope="row">Still planned, no date yet</th><td>4</td>' in html
    assert '<th scope="row">Past their dates, still planned</th><td>40</td>' in html


def test_dashboard_links_each_planned_item_past_its_dates_by_code_and_title(
    officer_client, plan_2025
):
    response = officer_client.get(dashboard_url(plan_2025))

    past = list(response.context["past_but_planned"])
    assert len(past) == 40
    item = past[0]
    assert item.code == "2025-bm-01"
    change_url = reverse("admin:cbm_planitem_change", args=[item.pk])
    html = response.content.decode()
    assert f'<a href="{change_url}">2025-bm-01</a>' in html
    assert f'<a href="{change_url}">{item.title_en}</a>' in html


def test_dashboard_reading_a_snapshot_stored_before_the_make_up_compiles_it_again(
    officer_client, plan_2025
):
    plan_2025.snapshots.all().delete()
    factories.snapshot_without_make_up(plan_2025, date(2025, 12, 31))

    response = officer_client.get(dashboard_url(plan_2025))

    assert response.context["snapshot"] is None
    assert response.context["figures"]["as_of"] == "2025-12-31"
    assert breakdown(response, "category")[1] == ("CBM event", 28, 0)
    assert "Counted just now" in response.content.decode()


def test_plan_page_summary_says_what_the_plan_holds_and_what_is_still_planned(
    officer_client, plan_2025
):
    page = officer_client.get(reverse("admin:cbm_annualplan_change", args=[plan_2025.pk]))

    assert (
        "Items: 44 (meetings of bodies: 16, CBM events: 28, other items: 0); completed: 0, "
        "scheduled: 0, still planned past their dates: 40, still planned without a date: 4, "
        "postponed: 0, cancelled: 0."
    ) in page.content.decode()


@pytest.mark.parametrize("snapshot", ["compiled on demand", "stored", "stored before the make-up"])
def test_dashboard_runs_the_same_queries_whatever_the_items_stand(
    snapshot, officer_client, django_assert_num_queries
):
    plan = factories.plan(timezone.localdate().year)

    def get_dashboard():
        if snapshot == "stored":
            store_snapshot(plan, date(plan.year, 12, 31))
        elif snapshot == "stored before the make-up":
            factories.snapshot_without_make_up(plan, date(plan.year, 12, 31))
        with CaptureQueriesContext(connection) as queries:
            response = officer_client.get(dashboard_url(plan))
        assert response.status_code == 200
        return response, len(queries.captured_queries)

    factories.items_of_every_standing(plan, 5)
    few, few_queries = get_dashboard()
    factories.items_of_every_standing(plan, 50)
    many, many_queries = get_dashboard()

    assert many_queries == few_queries
    assert breakdown(many, "category")[0][1] == 55  # the undated body meetings
    assert len(breakdown(many, "organizer")) == 56


def test_summary_of_a_snapshot_stored_before_the_make_up_gives_the_figures_it_holds():
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, status=PlanItem.Status.COMPLETED)
    snapshot = factories.snapshot_without_make_up(plan, date(2023, 11, 30))

    assert summary(snapshot.figures) == (
        "Items: 1; completed: 1, scheduled: 0, still planned past their dates: 0, "
        "still planned without a date: 0, postponed: 0, cancelled: 0"
    )
