"""/api/v1/plans/<year>/statistics/: the compiler's figures, from a snapshot or on demand."""

from datetime import date

import pytest

from cbm.models import AnnualPlan
from cbm.stats import FIGURE_KEYS, compile_plan_stats, store_snapshot
from tests import factories

pytestmark = pytest.mark.usefixtures("reference_data")

URL = "/api/v1/plans/2023/statistics/"


def test_2023_as_of_30_november_gives_the_reported_figures(api_client):
    response = api_client.get(URL, {"as_of": "2023-11-30"})
    assert response.status_code == 200
    figures = response.json()
    # SG report on 2023: 27 completed, 30 expected by the year's end, 11 postponed.
    assert (figures["completed"], figures["scheduled"], figures["expected_completed"]) == (
        27,
        3,
        30,
    )
    assert figures["postponed"] == 11
    assert figures["as_of"] == "2023-11-30"


def test_figures_compiled_on_demand_are_the_compilers_json(api_client):
    plan = AnnualPlan.objects.get(year=2023)
    expected = compile_plan_stats(plan, date(2023, 6, 30)).to_json()
    figures = api_client.get(URL, {"as_of": "2023-06-30"}).json()
    # Beside the compiler's figures, what the sources publish (tests/cbm/test_published_figures.py).
    assert figures.pop("published_figures")
    assert figures == expected


def test_a_stored_snapshot_is_served_with_its_compile_time(api_client):
    plan = AnnualPlan.objects.get(year=2023)
    snapshot = store_snapshot(plan, date(2023, 11, 30))
    # A snapshot is what was compiled then, even if the records changed since.
    snapshot.figures = {**snapshot.figures, "completed": 26}
    snapshot.save()
    response = api_client.get(URL, {"as_of": "2023-11-30"})
    assert response.json()["completed"] == 26
    assert response.has_header("Last-Modified")


def test_without_as_of_a_past_plan_is_counted_at_its_years_end(api_client):
    assert api_client.get(URL).json()["as_of"] == "2023-12-31"


@pytest.mark.parametrize("as_of", ["30-11-2023", "2023-02-30", "yesterday"])
def test_a_bad_date_is_a_400_naming_as_of(api_client, as_of):
    response = api_client.get(URL, {"as_of": as_of})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["as_of"]


def test_an_unknown_year_is_a_404(api_client):
    response = api_client.get("/api/v1/plans/2031/statistics/", {"as_of": "2031-01-01"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_statistics_give_the_2023_make_up_beside_the_completion_figures(api_client):
    figures = api_client.get(URL).json()
    assert figures["items_by_category"] == {"body_meeting": 17, "cbm_event": 13, "other": 11}
    assert figures["by_category"] == {"body_meeting": 17, "cbm_event": 13, "other": 0}
    assert (figures["completed"], figures["postponed"]) == (30, 11)


def test_a_plan_with_nothing_held_yet_shows_what_it_holds(api_client):
    factories.without_plan(2025)  # in place of the reference data's 2025 plan
    factories.all_planned_plan(2025)

    figures = api_client.get("/api/v1/plans/2025/statistics/").json()

    assert (figures["total_items"], figures["completed"], figures["overdue"]) == (44, 0, 40)
    assert figures["items_by_category"] == {"body_meeting": 16, "cbm_event": 28, "other": 0}
    assert {a["slug"]: a["count"] for a in figures["items_by_priority_area"] if a["count"]} == {
        "combating-terrorism": 10,
        "tourism": 12,
        "environment-protection": 6,
    }
    assert figures["items_by_month"]["undated"] == 4
    assert figures["items_by_organizer"][0] == {
        "organizer": "AZ",
        "kind": "member_state",
        "name": "Azerbaijan",
        "role": "coordinator",
        "count": 12,
    }


def test_a_snapshot_stored_before_the_make_up_is_served_compiled_again(api_client):
    plan = AnnualPlan.objects.get(year=2023)
    factories.snapshot_without_make_up(plan, date(2023, 12, 31))

    response = api_client.get(URL)

    figures = response.json()
    del figures["published_figures"]
    assert figures == compile_plan_stats(plan, date(2023, 12, 31)).to_json()
    assert not response.has_header("Last-Modified")  # not the stored compile


def test_the_schema_documents_every_key_of_the_statistics(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    properties = schema["components"]["schemas"]["PlanStatistics"]["properties"]
    assert properties.keys() == FIGURE_KEYS | {"published_figures"}
