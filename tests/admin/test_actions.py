"""Admin actions ask their question on an intermediate page, then change the selected items."""

from datetime import date

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from cbm.models import AnnualPlan, PlanItem
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:cbm_planitem_changelist")


def run_action(client, action, items, **answers):
    data = {"action": action, "index": 0, helpers.ACTION_CHECKBOX_NAME: [i.pk for i in items]}
    if answers:
        data.update(answers, apply="1")
    return client.post(CHANGELIST, data)


def test_mark_completed_asks_the_participants_then_marks_the_items(officer_client):
    items = [factories.cbm_event(), factories.cbm_event()]

    page = run_action(officer_client, "mark_completed", items)

    assert page.status_code == 200
    assert "Number of participants" in page.content.decode()
    assert PlanItem.objects.filter(status="planned").count() == 2

    done = run_action(officer_client, "mark_completed", items, participants="35")

    assert done.status_code == 302
    assert (
        list(PlanItem.objects.values_list("status", "participants", "status_changed_on"))
        == [("completed", 35, date(2023, 5, 18))] * 2  # the day each was held
    )


def test_mark_completed_refuses_a_negative_number_and_changes_nothing(officer_client):
    item = factories.cbm_event()

    page = run_action(officer_client, "mark_completed", [item], participants="-3")

    assert page.status_code == 200 and page.context["form"].errors
    assert PlanItem.objects.get().status == "planned"


def test_postpone_needs_a_reason_and_keeps_it(officer_client):
    item = factories.cbm_event()

    page = run_action(officer_client, "postpone", [item], reason="")
    assert page.context["form"].errors and PlanItem.objects.get().status == "planned"

    run_action(officer_client, "postpone", [item], reason="Postponed by the organizer.")

    item.refresh_from_db()
    assert (item.status, item.status_reason) == ("postponed", "Postponed by the organizer.")


def test_cancel_keeps_the_reason(officer_client):
    item = factories.cbm_event()

    run_action(officer_client, "cancel", [item], reason="Cancelled by the organizer.")

    item.refresh_from_db()
    assert (item.status, item.status_reason) == ("cancelled", "Cancelled by the organizer.")


def test_copy_into_next_years_draft_plan(officer_client):
    item = factories.cbm_event(plan=factories.plan(2023), code="2023-cbm-03")

    response = run_action(officer_client, "copy_to_next_year", [item])

    assert response.status_code == 302
    copy = PlanItem.objects.get(code="2024-cbm-03")
    assert copy.plan.status == AnnualPlan.Status.DRAFT and copy.status == "planned"


def test_copy_into_an_approved_plan_is_refused_with_a_message(officer_client):
    item = factories.cbm_event(plan=factories.plan(2023))
    factories.plan(2024, status=AnnualPlan.Status.APPROVED)

    response = run_action(officer_client, "copy_to_next_year", [item])

    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already approved" in m for m in messages)
    assert PlanItem.objects.count() == 1


def test_a_viewer_cannot_run_the_actions(viewer_client):
    item = factories.cbm_event()

    response = run_action(viewer_client, "mark_completed", [item], participants="10")

    assert response.status_code in (200, 403)
    assert PlanItem.objects.get().status == "planned"
