"""Every portal page runs the same number of queries for 5 rows as for 55."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cbm.models import PlanItem

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
        assert client.get(url).status_code == 200
    rows(50)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


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
    client, rows, django_assert_num_queries
):
    rows(5)
    item = PlanItem.objects.cbm_events().select_related("priority_area").first()
    url = f"/en/priority-areas/{item.priority_area.slug}/"
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
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
