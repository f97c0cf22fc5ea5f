"""The plan dashboard and the plan page's statistics panel."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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
    assert "Items: 1; completed: 1, scheduled: 0, postponed: 0, cancelled: 0." in body
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
