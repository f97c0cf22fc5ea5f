"""The admin speaks the Secretariat's two working languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ru"])
def test_officers_screens_open_in_english_and_russian(officer_client, language):
    plan = factories.plan(2024)
    item = factories.cbm_event(plan=plan)
    with translation.override(language):
        urls = [
            reverse("admin:cbm_planitem_changelist"),
            reverse("admin:cbm_planitem_change", args=[item.pk]),
            reverse("admin:cbm_annualplan_change", args=[plan.pk]),
            reverse("admin:cbm_annualplan_dashboard", args=[plan.pk]),
            reverse("admin:cbm_planitem_import"),
        ]
    for url in urls:
        assert url.startswith(f"/{language}/admin/")
        response = officer_client.get(url)
        assert response.status_code == 200
        assert language == response.wsgi_request.LANGUAGE_CODE
        assert f'lang="{language}"' in response.content.decode()
