"""Every API operation and method over real HTTP, on runserver and on gunicorn."""

import csv
import io
import re
from datetime import date

import pytest
import requests

from bodies.models import Body, Session
from cbm.models import (
    AnnualPlan,
    ConceptPaper,
    CoordinatorRole,
    PlanItem,
    PublishedFigure,
    Source,
)
from membership.models import Chairmanship, Organization, State

pytestmark = pytest.mark.usefixtures("reference_data")

NEW_EVENT = {
    "code": "live-2023-visit",
    "plan": 2023,
    "category": "other",
    "title_en": "Briefing for the diplomatic corps",
    "start_date": "2023-05-02",
    "end_date": "2023-05-02",
    "date_precision": "day",
    "status": "completed",
}


def assert_error_body(response: requests.Response, status: int) -> dict:
    """The one error body, as JSON, whatever the status."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == status
    return body


def path_values() -> dict[str, str]:
    """A real key for every path parameter of the schema's detail operations."""
    return {
        "bodies": Body.objects.first().slug,
        "chairmanships": str(Chairmanship.objects.first().pk),
        "concept-papers": str(ConceptPaper.objects.first().pk),
        "coordinator-roles": str(CoordinatorRole.objects.first().pk),
        "dimensions": "economic",
        "events": "2023-cbm-01",
        "member-states": State.objects.filter(status=State.Status.MEMBER).first().iso_code,
        "organizations": Organization.objects.first().abbreviation,
        "plans": "2023",
        "priority-areas": "tourism",
        "published-figures": PublishedFigure.objects.first().slug,
        "sessions": str(Session.objects.first().pk),
        "sources": Source.objects.first().slug,
    }


def test_every_read_operation_of_the_schema_answers_200_json(server, http):
    schema = http.get(f"{server}/api/schema/?format=json").json()
    keys = path_values()
    paths = [path for path, operations in schema["paths"].items() if "get" in operations]
    assert len(paths) == 28
    for path in paths:
        key = keys.get(path.split("/")[3], "")
        url = server + re.sub(r"\{[a-z_]+\}", key, path)
        for method in ("GET", "HEAD", "OPTIONS"):
            response = http.request(method, url)
            assert response.status_code == 200, (method, url, response.text[:300])
            assert response.headers["Content-Type"].startswith("application/json"), url
            if method == "HEAD":
                assert response.content == b""
            else:
                assert response.json(), url


def test_a_create_answers_201_with_its_address_in_location(server, officer_http):
    response = officer_http.post(f"{server}/api/v1/events/", json=NEW_EVENT)

    assert response.status_code == 201, response.text
    location = response.headers["Location"]
    assert location == f"{server}/api/v1/events/live-2023-visit/"
    assert response.json()["code"] == "live-2023-visit"
    assert officer_http.get(location).json()["title_en"] == NEW_EVENT["title_en"]
    # The same create again names the field, and nothing changes.
    again = assert_error_body(officer_http.post(f"{server}/api/v1/events/", json=NEW_EVENT), 400)
    assert list(again["errors"]) == ["code"]
    assert PlanItem.objects.filter(code="live-2023-visit").count() == 1


def test_options_answers_200_json_for_an_officer_on_an_event_and_a_plan(server, officer_http):
    for path in ("events/2023-cbm-01/", "events/", "plans/2023/", "plans/"):
        response = officer_http.options(f"{server}/api/v1/{path}")
        assert response.status_code == 200, (path, response.text[:300])
        body = response.json()
        assert body["name"]
        assert set(body["actions"]) & {"POST", "PUT"}, path


def test_a_change_with_if_match_applies_and_a_stale_one_is_refused(server, officer_http):
    url = f"{server}/api/v1/events/2023-cbm-01/"
    read = officer_http.get(url)
    etag = read.headers["ETag"]

    changed = officer_http.patch(url, json={"participants": 77}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.text
    assert changed.json()["participants"] == 77
    assert changed.headers["ETag"] != etag

    stale = officer_http.patch(url, json={"participants": 1}, headers={"If-Match": etag})
    assert assert_error_body(stale, 412)["code"] == "precondition_failed"
    assert PlanItem.objects.get(code="2023-cbm-01").participants == 77


def test_writing_without_a_token_or_permission_is_refused_in_the_error_body(server, http):
    assert_error_body(http.post(f"{server}/api/v1/events/", json=NEW_EVENT), 401)
    assert_error_body(http.post(f"{server}/api/v1/plans/", json={"year": 2030}), 401)
    assert not PlanItem.objects.filter(code=NEW_EVENT["code"]).exists()


@pytest.mark.parametrize("method", ["DELETE", "TRACE", "CONNECT"])
def test_unsupported_methods_answer_405_in_the_error_body(server, officer_http, method):
    for path in ("events/", "events/2023-cbm-01/", "plans/2023/", "dimensions/"):
        response = officer_http.request(method, f"{server}/api/v1/{path}")
        if method == "CONNECT" and response.status_code == 400:
            continue  # gunicorn refuses CONNECT to a path itself, before the app
        body = assert_error_body(response, 405)
        assert body["code"] == "method_not_allowed"
        assert "GET" in response.headers["Allow"]
    assert PlanItem.objects.filter(code="2023-cbm-01").exists()


def test_unknown_addresses_under_api_answer_404_in_the_error_body(server, http):
    for path in ("/api/v1/nothing/", "/api/v1/events/no-such-event/", "/api/v2/events/", "/api/"):
        assert assert_error_body(http.get(server + path), 404)["code"] == "not_found"


def test_a_page_size_that_is_not_a_whole_number_in_range_is_refused(server, http):
    for value in ("ten", "0", "501", "2.5"):
        body = assert_error_body(http.get(f"{server}/api/v1/events/?page_size={value}"), 400)
        assert list(body["errors"]) == ["page_size"]
    assert len(http.get(f"{server}/api/v1/events/?page_size=5").json()["results"]) == 5


def test_a_form_encoded_body_is_refused_as_unsupported_media_type(server, officer_http):
    response = officer_http.post(f"{server}/api/v1/events/", data=NEW_EVENT)
    assert assert_error_body(response, 415)["code"] == "unsupported_media_type"


def test_plans_are_added_and_changed_through_the_api(server, officer_http):
    created = officer_http.post(
        f"{server}/api/v1/plans/", json={"year": 2027, "status": "draft", "note": "Proposals."}
    )
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == f"{server}/api/v1/plans/2027/"
    assert created.json()["items_count"] == 0

    url = created.headers["Location"]
    approved = officer_http.patch(
        url,
        json={
            "status": "approved",
            "approved_by": "senior-officials-committee",
            "approved_on": "2026-12-11",
            "decision_reference": "SOC decision 4/2026",
        },
        headers={"If-Match": created.headers["ETag"]},
    )
    assert approved.status_code == 200, approved.text
    plan = AnnualPlan.objects.get(year=2027)
    assert (plan.status, plan.approved_by.slug, plan.approved_on) == (
        "approved",
        "senior-officials-committee",
        date(2026, 12, 11),
    )
    assert plan.decision_reference == "SOC decision 4/2026"


def test_an_approved_plan_without_its_date_is_refused_and_nothing_changes(server, officer_http):
    response = officer_http.post(
        f"{server}/api/v1/plans/", json={"year": 2028, "status": "approved"}
    )
    body = assert_error_body(response, 400)
    assert "approval" in " ".join(sum(body["errors"].values(), [])).lower()
    assert not AnnualPlan.objects.filter(year=2028).exists()


def test_an_item_in_a_year_without_a_plan_is_refused_saying_what_to_do(server, officer_http):
    response = officer_http.post(f"{server}/api/v1/events/", json={**NEW_EVENT, "plan": 2031})
    body = assert_error_body(response, 400)
    assert body["errors"]["plan"] == [
        "There is no annual plan for 2031 yet. Add the plan first (Annual plans in the admin, "
        "or POST /api/v1/plans/), then its items."
    ]
    assert not AnnualPlan.objects.filter(year=2031).exists()


def test_every_header_is_a_plain_string_on_the_wire(server, officer_http):
    # runserver's WSGI layer refuses any other type with a 500; here every response arrived.
    for response in (
        officer_http.post(f"{server}/api/v1/events/", json=NEW_EVENT),
        officer_http.get(f"{server}/api/v1/events/?format=csv", headers={"Accept": "*/*"}),
        officer_http.get(f"{server}/api/v1/events/?format=ics", headers={"Accept": "*/*"}),
        officer_http.get(f"{server}/api/v1/plans/2023/statistics/"),
    ):
        assert response.status_code in (200, 201), response.text[:300]


def test_real_activities_of_2026_are_created_as_reported_and_shown(server, officer_http):
    """Issue 11's shapes an integrator sends with one token: dates to the year and the month,
    a CBM event with a dimension and no area, a visit to a country that is not a member, an
    undated completed briefing counted on its source's date."""
    api = f"{server}/api/v1"
    plan = officer_http.post(f"{api}/plans/", json={"year": 2026})
    assert plan.status_code == 201, plan.text
    source = officer_http.post(
        f"{api}/sources/",
        json={
            "title_en": "CICA Secretariat quarterly digest, Q1 2026",
            "publisher": "CICA Secretariat",
            "date": "2026-03",
        },
    )
    assert source.status_code == 201, source.text
    assert source.headers["Location"].endswith(f"/api/v1/sources/{source.json()['slug']}/")
    institution = officer_http.post(
        f"{api}/organizations/",
        json={
            "name_en": "Academy of Public Administration under the President of Kazakhstan",
            "name_ru": "Академия государственного управления при Президенте Казахстана",
            "kind": "academy",
            "country": "KZ",
        },
    )
    assert institution.status_code == 201, institution.text
    academy = institution.json()["slug"]
    assert institution.headers["Location"].endswith(f"/api/v1/organizations/{academy}/")
    base = {"plan": 2026, "category": "other", "status": "planned"}
    items = {
        "2026-webinar-year": {**base, "title_en": "Webinar, 2026", "start_date": "2026"},
        "2026-forum-february": {**base, "title_en": "Forum", "start_date": "2026-02"},
        "2026-cbm-environment": {
            **base,
            "category": "cbm_event",
            "dimension": "environmental",
            "title_en": "Seminar on the environment",
            "start_date": "2026-05-12",
            "end_date": "2026-05-13",
        },
        "2026-sg-jakarta": {
            **base,
            "title_en": "Visit of the Secretary General to Jakarta",
            "start_date": "2026-01-20",
            "organizer": "cica-secretariat",
            "organizer_role": "secretariat",
            "city": "Jakarta",
            "country": "ID",
            "format": "offline",
        },
        "2026-training-astana": {
            **base,
            "title_en": "Training course with observers",
            "start_date": "2026-04",
            "participating_states": ["KZ", "BY", "ge"],  # a member, an observer, Georgia
            "states_represented": 13,
        },
        "2026-webinar-academy": {
            **base,
            "title_en": "Webinar on public administration",
            "start_date": "2026-03-04",
            "format": "online",
            "organizer": academy,
            "co_organizers": ["KZ"],
        },
        "2026-briefing": {
            **base,
            "title_en": "Briefing for the diplomatic corps",
            "date_precision": "unknown",
            "status": "completed",
            "sources": [source.json()["slug"]],
        },
    }
    for code, fields in items.items():
        response = officer_http.post(f"{api}/events/", json={"code": code, **fields})
        assert response.status_code == 201, (code, response.text)

    stored = {item.code: item for item in PlanItem.objects.filter(plan__year=2026)}
    assert stored["2026-webinar-year"].date_precision == "year"
    assert stored["2026-forum-february"].date_precision == "month"
    assert stored["2026-cbm-environment"].dimension.slug == "environmental"
    assert stored["2026-cbm-environment"].priority_area is None
    assert stored["2026-sg-jakarta"].country.code == "ID"
    training = stored["2026-training-astana"]
    assert [country.code for country in training.participating_states] == ["BY", "GE", "KZ"]
    assert training.states_represented == 13
    held = PlanItem.objects.filter(code="2026-briefing").with_held_on().get().held_on
    assert held == date(2026, 3, 31)
    assert stored["2026-sg-jakarta"].organizer.slug == "cica-secretariat"
    webinar = stored["2026-webinar-academy"]
    assert (webinar.organizer.slug, webinar.organizer.kind) == (academy, "academy")
    assert list(webinar.co_organizers.values_list("slug", flat=True)) == ["KZ"]

    page = officer_http.get(f"{server}/en/activities/?year=2026", headers={"Accept": "text/html"})
    assert page.status_code == 200
    for text in (
        "Webinar, 2026",
        "February 2026",
        "Seminar on the environment",
        "Jakarta, Indonesia",
        "Academy of Public Administration under the President of Kazakhstan, with Kazakhstan",
    ):
        assert text in page.text, text
    assert "Briefing for the diplomatic corps" in page.text

    # What the Secretariat organized, leading or with others, on every face of the filterset.
    by_secretariat = officer_http.get(
        f"{api}/events/?year=2026&organizer=cica-secretariat",
        headers={"Accept": "application/json"},
    ).json()
    assert [e["code"] for e in by_secretariat["results"]] == ["2026-sg-jakarta"]
    assert by_secretariat["results"][0]["organizer"]["kind"] == "secretariat"
    by_academies = officer_http.get(
        f"{api}/events/?year=2026&organizer_kind=academy", headers={"Accept": "text/csv"}
    )
    assert by_academies.status_code == 200, by_academies.text
    rows = list(csv.DictReader(io.StringIO(by_academies.text)))
    assert [(r["code"], r["organizer.kind"], r["co_organizers"]) for r in rows] == [
        ("2026-webinar-academy", "academy", "member_state KZ Kazakhstan")
    ]
    ics = officer_http.get(f"{server}/en/calendar.ics?year=2026&organizer={academy}").text
    assert "Webinar on public administration" in ics and "Jakarta" not in ics
    feed = officer_http.get(f"{server}/en/activities/feed/?organizer=cica-secretariat").text
    assert "Visit of the Secretary General to Jakarta" in feed
    assert "Webinar on public administration" not in feed
    statistics = officer_http.get(f"{api}/plans/2026/statistics/").json()
    assert statistics["items_by_organizer_kind"] == {"secretariat": 1, "academy": 1}
    assert [(c["organizer"], c["count"]) for c in statistics["items_co_organized"]] == [("KZ", 1)]
