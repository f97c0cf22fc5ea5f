"""HTTP around the data: conditional requests, cache headers, CORS, throttling, the schema."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings
from rest_framework.settings import api_settings

from tests import factories


@pytest.fixture
def event(db):
    return factories.cbm_event(code="2023-cbm-50")


class TestConditionalRequests:
    def test_get_of_an_unchanged_event_with_its_etag_is_a_304(self, api_client, event):
        first = api_client.get("/api/v1/events/2023-cbm-50/")
        assert first.status_code == 200
        again = api_client.get("/api/v1/events/2023-cbm-50/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]

    def test_if_modified_since_the_last_change_is_a_304(self, api_client, event):
        first = api_client.get("/api/v1/events/2023-cbm-50/")
        again = api_client.get(
            "/api/v1/events/2023-cbm-50/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
        assert again.status_code == 304

    def test_a_list_answers_304_until_a_row_changes(self, api_client, event):
        first = api_client.get("/api/v1/events/")
        assert (
            api_client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        )
        event.title_en = "Renamed seminar"
        event.save()
        assert (
            api_client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
        )

    def test_write_with_the_current_etag_succeeds(self, officer_client, event):
        etag = officer_client.get("/api/v1/events/2023-cbm-50/")["ETag"]
        response = officer_client.patch(
            "/api/v1/events/2023-cbm-50/", {"city": "Astana"}, format="json", HTTP_IF_MATCH=etag
        )
        assert response.status_code == 200, response.content
        assert response["ETag"] != etag

    def test_write_with_a_stale_etag_is_a_412_and_changes_nothing(self, officer_client, event):
        stale = officer_client.get("/api/v1/events/2023-cbm-50/")["ETag"]
        # Another system changes the event meanwhile.
        officer_client.patch("/api/v1/events/2023-cbm-50/", {"city": "Baku"}, format="json")
        response = officer_client.patch(
            "/api/v1/events/2023-cbm-50/", {"city": "Astana"}, format="json", HTTP_IF_MATCH=stale
        )
        assert response.status_code == 412
        assert response.json()["code"] == "precondition_failed"
        event.refresh_from_db()
        assert event.city == "Baku"


class TestHeaders:
    def test_public_reads_are_cacheable_and_vary_by_accept(self, api_client, db):
        response = api_client.get("/api/v1/dimensions/")
        assert "public" in response["Cache-Control"]
        assert "max-age=60" in response["Cache-Control"]
        assert "Accept" in response["Vary"]

    def test_errors_and_writes_are_not_stored(self, api_client, officer_client, event):
        assert "no-store" in api_client.get("/api/v1/events/?year=x")["Cache-Control"]
        response = officer_client.patch("/api/v1/events/2023-cbm-50/", {}, format="json")
        assert "no-store" in response["Cache-Control"]

    def test_any_origin_may_read(self, api_client, db):
        response = api_client.get("/api/v1/dimensions/", HTTP_ORIGIN="https://mfa.example.org")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]

    def test_browsers_of_other_origins_may_not_write(self, api_client, db):
        preflight = api_client.options(
            "/api/v1/events/",
            HTTP_ORIGIN="https://mfa.example.org",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        )
        assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")

    def test_portal_pages_get_no_cors_headers(self, client, db):
        response = client.get("/en/plans/", HTTP_ORIGIN="https://mfa.example.org")
        assert not response.has_header("Access-Control-Allow-Origin")


def test_anonymous_clients_are_throttled_with_the_error_body(api_client, db):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        statuses = [api_client.get("/api/v1/dimensions/").status_code for _ in range(4)]
        response = api_client.get("/api/v1/dimensions/")
    assert statuses == [200, 200, 200, 429]
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_clients_with_a_token_are_not_throttled_as_anonymous(unprivileged_client):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "1/minute"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        statuses = {unprivileged_client.get("/api/v1/dimensions/").status_code for _ in range(3)}
    assert statuses == {200}


class TestSchema:
    def test_schema_describes_every_endpoint_token_auth_and_the_error_body(self, api_client, db):
        response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        assert response.status_code == 200
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        paths = schema["paths"]
        for endpoint in [
            "dimensions",
            "priority-areas",
            "coordinator-roles",
            "concept-papers",
            "member-states",
            "observers",
            "organizations",
            "chairmanships",
            "bodies",
            "sessions",
            "plans",
            "events",
        ]:
            assert f"/api/v1/{endpoint}/" in paths
        assert "/api/v1/plans/{year}/statistics/" in paths
        assert "/api/v1/member-states/{iso_code}/" in paths
        assert "/api/v1/events/{code}/" in paths
        assert schema["components"]["securitySchemes"]["tokenAuth"]["type"] == "apiKey"
        patch = paths["/api/v1/events/{code}/"]["patch"]
        assert {"400", "401", "403", "412"} <= set(patch["responses"])
        assert patch["responses"]["412"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
        list_parameters = {p["name"] for p in paths["/api/v1/events/"]["get"]["parameters"]}
        assert {
            "year",
            "dimension",
            "priority_area",
            "organizer",
            "category",
            "status",
            "meeting_format",
            "date_after",
            "date_before",
            "search",
            "ordering",
            "page",
            "format",
        } <= list_parameters

    @pytest.mark.parametrize("page", ["swagger-ui", "redoc"])
    def test_documentation_pages(self, api_client, db, page):
        response = api_client.get(f"/api/schema/{page}/")
        assert response.status_code == 200
        assert b"/api/schema/" in response.content

    @pytest.mark.parametrize("page", ["swagger-ui", "redoc"])
    def test_documentation_pages_load_no_script_from_elsewhere(self, api_client, db, page):
        html = api_client.get(f"/api/schema/{page}/").content.decode()
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assert scripts, "the page loads its viewer"
        for src in scripts:
            assert src.startswith(settings.STATIC_URL), src
            assert finders.find(src.removeprefix(settings.STATIC_URL)), src
