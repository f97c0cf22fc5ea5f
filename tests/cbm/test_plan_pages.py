from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def test_plan_page_lists_the_plan_items(client):
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, title_en="CICA seminar on digital forensics")
    factories.body_meeting(plan=plan, title_en="Senior Officials Committee meeting")
    factories.cbm_event(plan=factories.plan(2024), title_en="Next year's seminar")

    response = client.get("/en/plans/2023/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "CICA seminar on digital forensics" in body
    assert "Senior Officials Committee meeting" in body
    assert "Next year&#x27;s seminar" not in body and "Next year's seminar" not in body


def test_unknown_plan_year_is_not_found(client):
    assert client.get("/en/plans/1999/").status_code == 404


def test_plan_page_runs_the_same_queries_for_5_items_as_for_55(client, django_assert_num_queries):
    plan = factories.plan(2023)
    for _ in range(5):
        factories.cbm_event(plan=plan)
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/plans/2023/")
    for day in range(1, 51):
        factories.cbm_event(plan=plan, start_date=date(2023, 6, 1 + day % 28))
    with django_assert_num_queries(len(captured.captured_queries)):
        client.get("/en/plans/2023/")


def test_plan_list_page_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    factories.plan(2023)
    with django_assert_num_queries(1):
        client.get("/en/plans/")
    for year in range(2000, 2020):
        factories.plan(year)
    with django_assert_num_queries(1):
        client.get("/en/plans/")


def test_plan_page_shows_the_plan_figures_as_charts(client):
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, status="completed", start_date=date(2023, 5, 18))
    factories.cbm_event(plan=plan, status="postponed", start_date=date(2023, 6, 1))

    response = client.get("/en/plans/2023/")

    figures = response.context["figures"]
    assert (figures["total_items"], figures["completed"], figures["postponed"]) == (2, 1, 1)
    segments = {part["key"]: part["percent"] for part in response.context["completion"]}
    assert segments == {"completed": 50.0, "postponed": 50.0}
    assert [row["value"] for row in response.context["by_month"]] == [1]
    assert 'class="bar-chart"' in response.content.decode()


def test_plan_page_pages_its_items_beyond_a_hundred(client):
    from cbm.views import PLAN_ITEMS_PER_PAGE

    plan = factories.plan(2023)
    for _ in range(PLAN_ITEMS_PER_PAGE + 3):
        factories.cbm_event(plan=plan)

    first = client.get("/en/plans/2023/").content.decode()
    second = client.get("/en/plans/2023/?page=2").content.decode()

    assert f"{PLAN_ITEMS_PER_PAGE + 3} items" in first
    assert 'rel="next"' in first
    assert 'rel="prev"' in second
