"""Listing pages are cached, and a change to the data shows up at once.

Cached pages go stale when a change commits (cbm/caching.py). A test's transaction is never
committed, so the tests that change data run its on-commit callbacks themselves
(django_capture_on_commit_callbacks(execute=True)), as a commit would."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from cbm.caching import ITEMS, bump_items, generations, item_scope, plan_scope
from cbm.models import PlanItem
from cbm.stats import store_snapshot
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
    plan = factories.plan(2023)
    before = generations(ITEMS)
    with django_capture_on_commit_callbacks(execute=True):
        factories.cbm_event(plan=plan)
        # Not yet: a page rendered now from the old data is stored under this generation.
        assert generations(ITEMS) == before
    assert generations(ITEMS)[1] > before[1]


def test_a_rolled_back_change_leaves_the_cached_pages_alone(
    client, django_capture_on_commit_callbacks
):
    plan = factories.plan(2023)
    before = generations(ITEMS, plan_scope(2023))
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        factories.cbm_event(plan=plan)
        raise RuntimeError("rolled back")
    assert generations(ITEMS, plan_scope(2023)) == before


# Invalidation by what a change affects -----------------------------------------------------


@pytest.fixture
def two_plans(db, django_capture_on_commit_callbacks):
    """A 2023 and a 2024 plan with an item each, committed (their bumps made)."""
    with django_capture_on_commit_callbacks(execute=True):
        old = factories.cbm_event(plan=factories.plan(2023), title_en="Seminar on tourism")
        new = factories.cbm_event(
            plan=factories.plan(2024), title_en="Forum on energy", start_date=date(2024, 5, 6)
        )
    return old, new


def cached(client, url) -> bool:
    """Whether `url` is served from the page cache: without a single query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return not queries.captured_queries


def test_a_changed_item_leaves_the_other_plans_and_activities_cached(
    client, two_plans, django_capture_on_commit_callbacks
):
    old, new = two_plans
    pages = {
        "2023 plan": "/en/plans/2023/",
        "2024 plan": "/en/plans/2024/",
        "2023 item": f"/en/activities/{old.code}/",
        "2024 item": f"/en/activities/{new.code}/",
        "2023 item's calendar": f"/en/activities/{old.code}/calendar.ics",
        "list": "/en/activities/?year=2023",
        "catalogue": "/en/catalogue/",
    }
    for url in pages.values():
        client.get(url)
    assert all(cached(client, url) for url in pages.values())

    with django_capture_on_commit_callbacks(execute=True):
        new.title_en = "Forum on renewable energy"
        new.save()

    stale = {name for name, url in pages.items() if not cached(client, url)}
    # The lists show every item (their facets count other years too): they go stale.
    assert stale == {"2024 plan", "2024 item", "list"}
    assert "Forum on renewable energy" in client.get(pages["2024 item"]).content.decode()


def test_an_item_moved_to_another_plan_leaves_both_plans_pages(
    client, two_plans, django_capture_on_commit_callbacks
):
    old, _new = two_plans
    for year in (2023, 2024):
        client.get(f"/en/plans/{year}/")
    with django_capture_on_commit_callbacks(execute=True):
        moved = PlanItem.objects.get(pk=old.pk)  # loaded: where it was shown is known
        moved.plan = factories.plan(2024)
        moved.save()
    assert "Seminar on tourism" not in client.get("/en/plans/2023/").content.decode()
    assert "Seminar on tourism" in client.get("/en/plans/2024/").content.decode()


def test_a_renamed_code_leaves_the_old_code_s_page(
    client, two_plans, django_capture_on_commit_callbacks
):
    old, _new = two_plans
    before = generations(item_scope(old.code))
    with django_capture_on_commit_callbacks(execute=True):
        renamed = PlanItem.objects.get(pk=old.pk)
        renamed.code = "CBM-2023-RENAMED"
        renamed.save()
    assert generations(item_scope(old.code))[1] > before[1]


def test_a_recompiled_snapshot_leaves_the_lists_and_other_plans_cached(
    client, two_plans, django_capture_on_commit_callbacks
):
    old, _new = two_plans
    for url in ("/en/activities/", "/en/plans/2023/", "/en/plans/2024/"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        store_snapshot(old.plan, date(2023, 12, 31))
    assert cached(client, "/en/activities/")
    assert cached(client, "/en/plans/2024/")
    assert not cached(client, "/en/plans/2023/")


def test_a_co_organizer_added_from_the_actor_s_side_leaves_the_item_s_page(
    client, two_plans, django_capture_on_commit_callbacks
):
    old, new = two_plans
    with django_capture_on_commit_callbacks(execute=True):
        institution = factories.institution()
    for item in (old, new):
        client.get(f"/en/activities/{item.code}/")
    with django_capture_on_commit_callbacks(execute=True):
        institution.co_organized_items.add(old)
    assert institution.name_en in client.get(f"/en/activities/{old.code}/").content.decode()
    assert cached(client, f"/en/activities/{new.code}/")


def test_a_changed_priority_area_leaves_every_page(
    client, two_plans, django_capture_on_commit_callbacks
):
    old, _new = two_plans
    for url in ("/en/catalogue/", "/en/plans/2024/", f"/en/activities/{old.code}/"):
        client.get(url)
    area = old.priority_area
    with django_capture_on_commit_callbacks(execute=True):
        area.name_en = "Tourism and travel"
        area.save()
    for url in ("/en/catalogue/", "/en/plans/2024/", f"/en/activities/{old.code}/"):
        assert not cached(client, url), url


def test_a_transaction_of_many_changes_bumps_each_scope_once(
    two_plans, django_capture_on_commit_callbacks
):
    old, new = two_plans
    scopes = (ITEMS, plan_scope(2023), plan_scope(2024), item_scope(old.code))
    before = generations(*scopes)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(5):
            old.title_en = f"Seminar {n}"
            old.save()
            new.save()
    after = generations(*scopes)
    assert [b - a for a, b in zip(before, after, strict=True)] == [0, 1, 1, 1, 1]


def test_bulk_updates_bump_the_items_they_name(
    client, two_plans, django_capture_on_commit_callbacks
):
    old, new = two_plans
    client.get(f"/en/activities/{old.code}/")
    client.get(f"/en/activities/{new.code}/")
    with django_capture_on_commit_callbacks(execute=True):
        PlanItem.objects.filter(pk=old.pk).update(title_en="Seminar on ecotourism")
        bump_items([old.pk])
    assert "Seminar on ecotourism" in client.get(f"/en/activities/{old.code}/").content.decode()
    assert cached(client, f"/en/activities/{new.code}/")
