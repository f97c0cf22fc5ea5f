"""Every change is kept: who, when, what; viewable on the record and revertible."""

import pytest
from django.apps import apps
from django.urls import reverse

from cbm.models import PlanItem
from tests import factories
from tests.admin.forms import change_form_data

pytestmark = pytest.mark.django_db


def test_an_officers_change_shows_in_the_items_history_with_who_and_what(officer, officer_client):
    item = factories.cbm_event(plan=factories.plan(2023), organizer_role="member_state")
    url = reverse("admin:cbm_planitem_change", args=[item.pk])
    response = officer_client.post(url, change_form_data(officer_client.get(url), city="Dushanbe"))
    assert response.status_code == 302

    page = officer_client.get(reverse("admin:cbm_planitem_history", args=[item.pk]))

    latest = item.history.first()
    assert latest.history_user == officer and latest.city == "Dushanbe"
    body = page.content.decode()
    assert "officer" in body and "Dushanbe" in body


def test_an_officer_reverts_an_item_to_an_earlier_version(officer_client):
    item = factories.cbm_event(title_en="First title", organizer_role="member_state")
    item.title_en = "Second title"
    item.save()
    first = item.history.last()
    url = reverse("admin:cbm_planitem_simple_history", args=[item.pk, first.history_id])

    page = officer_client.get(url)
    assert not page.context["revert_disabled"]
    response = officer_client.post(url, change_form_data(page))

    assert response.status_code == 302
    assert PlanItem.objects.get().title_en == "First title"


@pytest.mark.parametrize(
    "name",
    [
        "membership_state",
        "bodies_body",
        "bodies_session",
        "cbm_priorityarea",
        "cbm_coordinatorrole",
        "cbm_annualplan",
        "cbm_planitemlink",
    ],
)
def test_every_domain_record_has_a_history_page(admin_client, name):
    app_label, model_name = name.split("_", 1)
    model = apps.get_model(app_label, model_name)
    assert hasattr(model, "history")
    assert reverse(f"admin:{name}_history", args=[1]).endswith("/history/")
    response = admin_client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
