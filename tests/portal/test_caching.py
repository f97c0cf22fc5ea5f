"""Listing pages are cached, and a change to the data shows up at once.

Cached pages go stale when a change commits (cbm/caching.py). A test's transaction is never
committed, so the tests that change data run its on-commit callbacks themselves
(django_capture_on_commit_callbacks(execute=True)), as a commit would."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from cbm.models import PlanItem
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_cached_page_is_served_without_touching_the_database(client, django_assert_num_queries):
    factories.cbm_event(plan=factories.plan(2023), title_en="Seminar on tourism")
    first = client.get("/en/activities/")
    with django_assert_num_queries(0):
        second = client.get("/en/activities/")
    assert second.content == first.content


@pytest.mark.parametrize(
    "url", ["/en/", "/en/activities/", "/en/plans/2023/", "/en/calendar/2023/5/", "/en/catalogue/"]
)
def test_a_changed_title_shows_up_on_the_next_request(
    client, url, django_capture_on_commit_callbacks
):
    item = factories.cbm_event(
        plan=factories.plan(2023),
        title_en="Seminar on tourism",
        start_date=date(2023, 5, 18),
        status="completed",  # the home page lists it as recently held
    )
    client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        item.title_en = "Workshop on energy"
        item.save()

    if url == "/en/catalogue/":  # the Catalogue shows areas, not items
        area = item.priority_area
        area.name_en = "Tourism and travel"
        with django_capture_on_commit_callbacks(execute=True):
            area.save()
        assert "Tourism and travel" in client.get(url).content.decode()
    else:
        assert "Workshop on energy" in client.get(url).content.decode()


def test_a_deleted_item_and_a_new_participant_show_up(client, django_capture_on_commit_callbacks):
    item = factories.cbm_event(plan=factories.plan(2023), title_en="Seminar on tourism")
    assert "Seminar on tourism" in client.get("/en/activities/").content.decode()
    detail = f"/en/activities/{item.code}/"
    client.get(detail)

    with django_capture_on_commit_callbacks(execute=True):
        item.participating_states = ["IN"]
        item.save()
    assert "India" in client.get(detail).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        PlanItem.objects.filter(pk=item.pk).delete()
    assert "Seminar on tourism" not in client.get("/en/activities/").content.decode()


def test_signed_in_users_get_fresh_pages_with_their_own_header(client):
    factories.cbm_event(plan=factories.plan(2023))
    client.get("/en/activities/")  # cached for anonymous visitors
    client.force_login(User.objects.create_user("officer", is_staff=True))
    html = client.get("/en/activities/").content.decode()
    assert "Sign out" in html


def test_the_generation_moves_when_the_change_commits_and_not_before(
    django_capture_on_commit_callbacks,
):
    from cbm.caching import current_generation

    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        factories.cbm_event()
        # Not yet: a page rendered now from the old data is stored under this generation.
        assert current_generation() == before
    assert current_generation() > before


def test_a_rolled_back_change_leaves_the_cached_pages_alone(
    client, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from cbm.caching import current_generation

    before = current_generation()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        factories.cbm_event()
        raise RuntimeError("rolled back")
    assert current_generation() == before
