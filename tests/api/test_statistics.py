"""/api/v1/plans/<year>/statistics/: the compiler's figures, from a snapshot or on demand."""

from datetime import date

import pytest

from cbm.models import AnnualPlan
from cbm.stats import compile_plan_stats, store_snapshot

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
    assert api_client.get(URL, {"as_of": "2023-06-30"}).json() == expected


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
