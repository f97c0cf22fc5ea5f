"""/api/v1/sources/ and the sources an event cites (issue 11)."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission, User

from cbm.models import PlanItem
from tests import factories
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

NEW_SOURCE = {
    "title_en": "Press release on the 2026 plan",
    "title_ru": "Пресс-релиз о плане на 2026 год",
    "publisher": "CICA Secretariat",
    "date": "2026-03",
    "url": "https://cica.example/news/2026-plan",
    "quote": "The plan holds 44 events.",
}


@pytest.fixture
def source_writer(db):
    """A token with the source permissions the officers' group has, and the event ones."""
    user = User.objects.create_user("source-writer")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="cbm",
            codename__in=["add_source", "change_source", "add_planitem", "change_planitem"],
        )
    )
    return token_client(user)


def test_a_source_is_created_with_a_slug_and_a_plain_location(source_writer):
    response = source_writer.post("/api/v1/sources/", NEW_SOURCE, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "press-release-on-the-2026-plan"
    assert (body["date"], body["date_precision"]) == ("2026-03-01", "month")
    assert body["url"] == NEW_SOURCE["url"]
    location = response.headers["Location"]
    assert type(location) is str
    assert location.endswith("/api/v1/sources/press-release-on-the-2026-plan/")


@pytest.mark.parametrize(
    "given, stored", [("2026", ("2026-01-01", "year")), ("2026-03-31", ("2026-03-31", "day"))]
)
def test_a_source_date_keeps_its_precision(source_writer, given, stored):
    body = source_writer.post(
        "/api/v1/sources/", {**NEW_SOURCE, "date": given}, format="json"
    ).json()
    assert (body["date"], body["date_precision"]) == stored


def test_a_bad_source_date_is_refused_on_the_date(source_writer):
    response = source_writer.post(
        "/api/v1/sources/", {**NEW_SOURCE, "date": "31/03/2026"}, format="json"
    )
    assert response.status_code == 400
    assert "YYYY-MM" in response.json()["errors"]["date"][0]


def test_a_token_without_the_source_permission_cannot_add_one(unprivileged_client):
    response = unprivileged_client.post("/api/v1/sources/", NEW_SOURCE, format="json")
    assert response.status_code == 403


def test_sources_are_listed_and_read_by_slug(api_client):
    factories.source()
    listed = api_client.get("/api/v1/sources/").json()["results"]
    assert [s["slug"] for s in listed] == ["sg-report-2023"]
    detail = api_client.get("/api/v1/sources/sg-report-2023/").json()
    assert (detail["date"], detail["date_precision"]) == ("2023-11-30", "day")


def test_an_event_reads_and_writes_its_sources_by_slug(source_writer):
    item = factories.body_meeting(start_date=None, date_precision="unknown")
    factories.source()
    url = f"/api/v1/events/{item.code}/"
    response = source_writer.patch(
        url, {"status": "completed", "sources": ["sg-report-2023"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["sources"] == ["sg-report-2023"]
    assert PlanItem.objects.get(pk=item.pk).status_changed_on == date(2023, 11, 30)


def test_an_undated_event_completed_without_a_dated_source_is_refused_on_sources(
    source_writer,
):
    item = factories.body_meeting(start_date=None, date_precision="unknown")
    response = source_writer.patch(
        f"/api/v1/events/{item.code}/", {"status": "completed"}, format="json"
    )
    assert response.status_code == 400
    assert "sources" in response.json()["errors"]


def test_an_undated_event_created_completed_is_dated_by_its_source(source_writer):
    factories.source()
    factories.plan(2023)
    response = source_writer.post(
        "/api/v1/events/",
        {
            "code": "2023-briefing",
            "plan": 2023,
            "category": "other",
            "title_en": "Briefing for the diplomatic corps",
            "date_precision": "unknown",
            "status": "completed",
            "sources": ["sg-report-2023"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status_changed_on"] == "2023-11-30"
    assert PlanItem.objects.get(code="2023-briefing").status_changed_on == date(2023, 11, 30)
