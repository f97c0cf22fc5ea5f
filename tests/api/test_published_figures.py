"""/api/v1/published-figures/ and the plan statistics' published figures: what the sources
publish, read-only, beside the counted figures and never added to them."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import parse_http_date

from cbm.models import AnnualPlan, PublishedFigure
from cbm.stats import FIGURE_KEYS, compile_plan_stats, store_snapshot
from tests import factories

pytestmark = pytest.mark.django_db

API = "http://testserver/api/v1"


def test_the_2025_plans_figures_are_listed_by_the_plans_year(api_client, reference_data):
    body = api_client.get("/api/v1/published-figures/", {"year": 2025}).json()

    assert body["count"] == 3
    proposed = next(f for f in body["results"] if f["measure"] == "plan_items_proposed")
    figure = PublishedFigure.objects.get(slug="interview-2025-plan-proposed-by-azerbaijan")
    assert proposed == {
        "url": f"{API}/published-figures/interview-2025-plan-proposed-by-azerbaijan/",
        "id": figure.pk,
        "slug": "interview-2025-plan-proposed-by-azerbaijan",
        "measure": "plan_items_proposed",
        "value": 20,
        "qualifier": "about",
        "label": "about 20 items of the plan proposed by Azerbaijan",
        "plan": 2025,
        "period_start": None,
        "period_end": None,
        "period_precision": "unknown",
        "dimension": None,
        "actor": {"kind": "member_state", "slug": "AZ", "name": "Azerbaijan"},
        "country": None,
        "source": {
            "slug": "interview-2025-plan",
            "title_en": (
                "Interview with CICA Secretary General Kairat Sarybay on the Chairmanship of "
                "Azerbaijan and the plan for 2025"
            ),
            "title_ru": "",
            "publisher": "Report",
            "date": "2025-01-28",
            "date_precision": "day",
            "url": "",
        },
        "quote": figure.quote,
        "note": "",
        "created_at": timezone.localtime(figure.created_at).isoformat(),
        "updated_at": timezone.localtime(figure.updated_at).isoformat(),
    }


def test_a_figure_over_a_period_is_read_by_its_slug(api_client, reference_data):
    body = api_client.get(
        "/api/v1/published-figures/chairmanship-report-2020-2024-events-held/"
    ).json()

    assert (body["label"], body["plan"]) == ("172 events held", None)
    assert (body["period_start"], body["period_end"], body["period_precision"]) == (
        "2020-10-01",
        "2024-12-31",
        "month",
    )
    assert body["source"]["slug"] == "chairmanship-report-2020-2024"


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        (
            {"measure": "events_held"},
            {"chairmanship-report-2020-2024-events-held", "sg-report-2023-events-held"},
        ),
        (
            {"source": "chairmanship-report-2020-2024"},
            {
                "chairmanship-report-2020-2024-events-held",
                "chairmanship-report-2020-2024-cbm-events-held",
            },
        ),
        (
            {"year": 2023, "measure": "plan_items"},
            {"sg-report-2023-plan-items"},
        ),
    ],
)
def test_figures_are_filtered(api_client, reference_data, query, slugs):
    body = api_client.get("/api/v1/published-figures/", query).json()
    assert {figure["slug"] for figure in body["results"]} == slugs


@pytest.mark.parametrize("query", ["year=soon", "measure=everything", "source=nothing"])
def test_a_bad_filter_is_a_400_naming_it(api_client, db, query):
    response = api_client.get(f"/api/v1/published-figures/?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [query.split("=")[0]]


def test_an_unknown_figure_is_a_404(api_client, db):
    response = api_client.get("/api/v1/published-figures/nothing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_figures_are_read_only(api_client, reference_data):
    response = api_client.post("/api/v1/published-figures/", {"value": 1}, format="json")
    assert response.status_code == 405


def test_statistics_give_the_published_figures_beside_the_counted_ones(api_client, reference_data):
    body = api_client.get("/api/v1/plans/2025/statistics/", {"as_of": "2025-12-31"}).json()

    published = body.pop("published_figures")
    assert (
        body == compile_plan_stats(AnnualPlan.objects.get(year=2025), date(2025, 12, 31)).to_json()
    )
    assert body["total_items"] == 8  # counted, not the 44 published
    assert [(f["label"], f["source"]["slug"]) for f in published] == [
        ("44 items in the plan", "interview-2025-plan"),
        ("about 20 items of the plan proposed by Azerbaijan", "interview-2025-plan"),
        ("5 dimensions covered", "interview-2025-plan"),
    ]
    assert set(body) == FIGURE_KEYS


def test_a_stored_snapshot_is_served_as_changed_when_a_figure_changes(api_client, reference_data):
    plan = AnnualPlan.objects.get(year=2025)
    store_snapshot(plan, date(2025, 12, 31))
    url = "/api/v1/plans/2025/statistics/"
    first = api_client.get(url, {"as_of": "2025-12-31"})

    # Later than the compile and the load: the figure's own change is what moves the date.
    later = timezone.now() + timedelta(minutes=5)
    figure = PublishedFigure.objects.get(slug="interview-2025-plan-plan-items")
    figure.value = 45
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        figure.save()
    second = api_client.get(url, {"as_of": "2025-12-31"})

    assert parse_http_date(second["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    assert second.json()["published_figures"][0]["value"] == 45
    revalidated = api_client.get(
        url, {"as_of": "2025-12-31"}, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert revalidated.status_code == 200


def test_the_statistics_run_the_same_queries_for_5_published_figures_as_for_55(api_client, db):
    plan = factories.plan(2024)
    factories.cbm_event(plan=plan, start_date=date(2024, 5, 18))
    store_snapshot(plan, date(2024, 12, 31))
    url = "/api/v1/plans/2024/statistics/?as_of=2024-12-31"

    def add(n):
        for _ in range(n):
            factories.figure_proposed_by_a_new_state(plan)

    add(5)
    with CaptureQueriesContext(connection) as few:
        assert api_client.get(url).status_code == 200
    add(50)
    with CaptureQueriesContext(connection) as many:
        response = api_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.json()["published_figures"]) == 55
