"""What each Secretariat group can and cannot do in the admin."""

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Permission
from django.urls import reverse

from cbm.models import AnnualPlan, PlanItem
from tests import factories
from tests.admin.roles import OFFICER, VIEWER

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:{name}", args=args)


def test_the_groups_exist_after_migrating(officer, viewer):
    assert officer.groups.get().name == OFFICER
    assert viewer.groups.get().name == VIEWER


@pytest.mark.parametrize(
    "model",
    ["membership_state", "bodies_session", "cbm_priorityarea", "cbm_annualplan", "cbm_planitem"],
)
def test_an_officer_can_add_and_change_domain_records(officer_client, model):
    assert officer_client.get(url(f"{model}_add")).status_code == 200
    assert officer_client.get(url(f"{model}_changelist")).status_code == 200


def test_an_officer_cannot_touch_configuration(officer_client):
    assert officer_client.get(url("auth_user_changelist")).status_code == 403
    assert officer_client.get(url("auth_group_changelist")).status_code == 403
    assert officer_client.get(url("django_celery_beat_periodictask_changelist")).status_code == 403


def test_an_officer_reads_snapshots_but_cannot_type_them_in(officer_client):
    assert officer_client.get(url("cbm_planstatssnapshot_changelist")).status_code == 200
    assert officer_client.get(url("cbm_planstatssnapshot_add")).status_code == 403


def test_an_officer_can_delete_an_item_of_a_draft_plan(officer_client):
    item = factories.cbm_event(plan=factories.plan(2025))

    response = officer_client.post(url("cbm_planitem_delete", item.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not PlanItem.objects.exists()


def test_an_officer_cannot_delete_an_item_of_an_approved_plan(officer_client):
    item = factories.cbm_event(plan=factories.plan(2023, status=AnnualPlan.Status.APPROVED))

    response = officer_client.post(url("cbm_planitem_delete", item.pk), {"post": "yes"})
    assert response.status_code == 403

    response = officer_client.post(
        url("cbm_planitem_changelist"),
        {
            "action": "delete_selected",
            "index": 0,
            helpers.ACTION_CHECKBOX_NAME: [item.pk],
            "post": "yes",
        },
    )
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert response.status_code in (200, 403)


def test_the_separate_permission_lets_an_officer_delete_items_of_an_approved_plan(officer, client):
    officer.user_permissions.add(Permission.objects.get(codename="delete_item_of_approved_plan"))
    client.force_login(officer)
    item = factories.cbm_event(plan=factories.plan(2023, status=AnnualPlan.Status.APPROVED))

    response = client.post(url("cbm_planitem_delete", item.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not PlanItem.objects.exists()


def test_a_viewer_sees_everything_and_changes_nothing(viewer_client):
    item = factories.cbm_event(plan=factories.plan(2024))

    assert viewer_client.get(url("cbm_planitem_changelist")).status_code == 200
    page = viewer_client.get(url("cbm_planitem_change", item.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert viewer_client.get(url("cbm_planitem_add")).status_code == 403
    assert viewer_client.get(url("membership_state_add")).status_code == 403
    response = viewer_client.post(url("cbm_planitem_change", item.pk), {"title_en": "Changed"})
    assert response.status_code == 403
    assert (
        viewer_client.post(url("cbm_planitem_delete", item.pk), {"post": "yes"}).status_code == 403
    )
    assert PlanItem.objects.get().title_en == item.title_en


def test_a_viewer_may_export_but_not_import(viewer_client):
    assert viewer_client.get(url("cbm_planitem_export")).status_code == 200
    assert viewer_client.get(url("cbm_planitem_import")).status_code == 403


def test_a_viewer_sees_history_but_cannot_revert(viewer_client):
    item = factories.cbm_event()
    item.title_en = "Renamed"
    item.save()
    first = item.history.last()

    page = viewer_client.get(url("cbm_planitem_history", item.pk))
    assert page.status_code == 200
    page = viewer_client.get(url("cbm_planitem_simple_history", item.pk, first.history_id))
    assert page.status_code == 200 and page.context["revert_disabled"]
