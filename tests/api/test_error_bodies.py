"""Every API error is the one JSON body, whatever its status: a bug (500), an address under
/api/ that no endpoint serves, a parameter given empty or twice, an unknown sort field."""

import json

import pytest
from django.test import RequestFactory

from cbm.api.views import EventViewSet
from cica_site.api.views import page_not_found, server_error
from tests.admin.roles import OFFICER, member_of
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def assert_error_body(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == status
    return body


def test_a_bug_in_an_endpoint_answers_500_in_the_error_body(api_client, monkeypatch, caplog):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(EventViewSet, "list", broken)
    body = assert_error_body(api_client.get("/api/v1/events/"), 500)
    assert body["code"] == "server_error"
    assert "a bug" not in body["detail"]  # the traceback goes to the log, not the client
    assert "a bug" in caplog.text


def test_djangos_error_pages_under_api_are_the_error_body():
    request = RequestFactory().get("/api/v1/events/")
    assert assert_error_body(server_error(request), 500)["code"] == "server_error"
    assert assert_error_body(page_not_found(request, None), 404)["code"] == "not_found"
    portal = RequestFactory().get("/en/activities/")
    assert server_error(portal)["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("category=", "category"),
        ("page=", "page"),
        ("year=2023&year=2024", "year"),
        ("page_size=5&page_size=10", "page_size"),
        ("ordering=astrology", "ordering"),
    ],
)
def test_a_malformed_parameter_is_refused_naming_it(api_client, query, parameter):
    body = assert_error_body(api_client.get(f"/api/v1/events/?{query}"), 400)
    assert list(body["errors"]) == [parameter]


@pytest.mark.usefixtures("reference_data")
def test_filters_by_several_values_and_an_empty_search_are_accepted(api_client):
    assert api_client.get("/api/v1/events/?dimension=economic&dimension=human").status_code == 200
    assert api_client.get("/api/v1/events/?search=").status_code == 200


@pytest.mark.usefixtures("reference_data")
def test_text_fields_take_text_only():
    client = token_client(member_of(OFFICER, "librarian"))
    response = client.post("/api/v1/sources/", {"title_en": 2.2e-16, "publisher": 7}, format="json")
    body = assert_error_body(response, 400)
    assert set(body["errors"]) == {"title_en", "publisher"}


@pytest.mark.usefixtures("reference_data")
def test_every_field_error_is_a_list_of_messages(officer_client):
    response = officer_client.post(
        "/api/v1/events/",
        {
            "code": "2026-precision",
            "plan": 2023,
            "category": "other",
            "title_en": "Webinar",
            "start_date": "2023-03",
            "date_precision": "day",
        },
        format="json",
    )
    body = assert_error_body(response, 400)
    assert body["errors"]
    assert all(isinstance(messages, list) for messages in body["errors"].values()), body
