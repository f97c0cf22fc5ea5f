"""Cached pages are shared by the site's processes when Redis is configured, and a change
makes stale only the pages that show it (issue 13, point 7): gunicorn's two workers and this
test's process read and bump the same generations."""

from datetime import date

import pytest
import requests
from django.conf import settings
from django.test import Client

from cbm.models import PlanItem
from tests import factories

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL, reason="without Redis each process keeps its own cache"
)


def title_on(url: str, title: str) -> bool:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200
    return title in response.text


def test_a_page_cached_by_one_process_is_served_by_the_others_until_its_plan_changes(
    gunicorn_url, transactional_db
):
    old = factories.cbm_event(plan=factories.plan(2023), title_en="Seminar on tourism")
    new = factories.cbm_event(
        plan=factories.plan(2024), title_en="Forum on energy", start_date=date(2024, 5, 6)
    )
    plan_2023, plan_2024 = f"{gunicorn_url}/en/plans/2023/", f"{gunicorn_url}/en/plans/2024/"
    assert title_on(plan_2023, "Seminar on tourism")
    assert title_on(plan_2024, "Forum on energy")

    # Behind the cache's back (no signal): only a page served from the cache still shows
    # the old titles.
    PlanItem.objects.filter(pk=old.pk).update(title_en="Seminar on ecotourism")
    PlanItem.objects.filter(pk=new.pk).update(title_en="Forum on solar energy")
    # This process serves what gunicorn cached; so does each of gunicorn's workers.
    assert "Seminar on tourism" in Client().get("/en/plans/2023/").content.decode()
    assert all(title_on(plan_2023, "Seminar on tourism") for _ in range(6))

    # A change to the 2024 item, committed here, reaches gunicorn's workers: the 2024 plan's
    # page is fresh, the 2023 plan's page stays cached.
    new.refresh_from_db()
    new.save()
    assert all(title_on(plan_2024, "Forum on solar energy") for _ in range(6))
    assert all(title_on(plan_2023, "Seminar on tourism") for _ in range(6))

    old.refresh_from_db()
    old.save()
    assert all(title_on(plan_2023, "Seminar on ecotourism") for _ in range(6))
