"""Every portal page runs the same number of queries for 5 rows as for 55."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cbm.models import PlanItem
from cbm.stats import store_snapshot
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/",
    "/en/activities/",
    "/en/activities/?year=2023&dimension=economic&organizer=KZ&search=Seminar",
    "/en/calendar/2023/5/",
    "/en/calendar.ics?year=2023",
    "/en/activities/feed/",
    "/en/catalogue/",
    "/en/dimensions/economic/",
    "/en/plans/",
    "/en/plans/2023/",
    "/en/states/",
    "/en/states/KZ/",
    "/en/bodies/",
    "/en/bodies/senior-officials-committee/",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_runs_the_same_queries_for_5_rows_as_for_55(
    url, client, rows, django_assert_num_queries
):
    rows(5)
    with CaptureQueriesContext(connection) as first:
        assert read(client, url).status_code == 200
    rows(50)
    with django_assert_num_queries(len(first.captured_queries)):
        assert read(client, url).status_code == 200


def read(client, url):
    """The response, its body read: a streamed one (calendar.ics) runs its queries then."""
    response = client.get(url)
    response.getvalue()
    return response


@pytest.mark.parametrize("suffix", ["", "calendar.ics"])
def test_activity_pages_run_the_same_queries_whatever_the_item_holds(
    suffix, client, rows, django_assert_num_queries
):
    rows(5)
    item = PlanItem.objects.cbm_events().first()
    with CaptureQueriesContext(connection) as first:
        assert client.get(f"/en/activities/{item.code}/{suffix}").status_code == 200
    rows(50)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(f"/en/activities/{item.code}/{suffix}").status_code == 200


def test_priority_area_page_runs_a_constant_number_of_queries(
    client, rows, django_assert_num_queries, django_capture_on_commit_callbacks
):
    rows(5)
    item = PlanItem.objects.cbm_events().select_related("priority_area").first()
    url = f"/en/priority-areas/{item.priority_area.slug}/"
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the cached page goes stale
        for _ in range(50):
            PlanItem.objects.create(
                code=f"extra-{_}",
                category="cbm_event",
                priority_area=item.priority_area,
                title_en="More",
                start_date=item.start_date,
            )
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("snapshot", ["compiled on demand", "stored", "stored before the make-up"])
def test_plan_page_runs_the_same_queries_whatever_its_items_stand(
    snapshot, client, django_assert_num_queries
):
    plan = factories.plan(2023)
    factories.items_of_every_standing(plan, 5)

    def get_page():
        if snapshot == "stored":
            store_snapshot(plan, date(2023, 12, 31))
        elif snapshot == "stored before the make-up":
            factories.snapshot_without_make_up(plan, date(2023, 12, 31))
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/plans/2023/")
        assert response.status_code == 200
        return response, len(queries.captured_queries)

    few, few_queries = get_page()
    factories.items_of_every_standing(plan, 50)
    many, many_queries = get_page()

    assert many_queries == few_queries
    assert (len(few.context["overdue_items"]), len(many.context["overdue_items"])) == (5, 55)
    assert many.context["makeup"]["total"] == 165
    organizers = [chart for chart in many.context["breakdowns"] if chart["key"] == "organizer"]
    assert len(organizers[0]["rows"]) == 56  # Kazakhstan, and the 55 postponing states
