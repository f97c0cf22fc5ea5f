"""The filters of sessions, coordinator roles and concept papers, on the reference data."""

from datetime import date

import pytest

from bodies.models import Session
from cbm.models import ConceptPaper, CoordinatorRole, Role
from tests import factories

pytestmark = pytest.mark.usefixtures("reference_data")


def results(api_client, query: str) -> list[dict]:
    response = api_client.get(f"/api/v1/{query}&page_size=100")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == len(response.json()["results"])
    return response.json()["results"]


class TestSessions:
    def test_by_body_and_kind(self, api_client):
        got = results(api_client, "sessions/?body=business-council&kind=forum")
        assert [session["ordinal"] for session in got] == [6, 7, 8, 9]  # 2021-2024

    def test_by_year(self, api_client):
        got = results(api_client, "sessions/?year=2023")
        expected = Session.objects.filter(start_date__year=2023).count()
        assert expected and len(got) == expected
        assert all(session["start_date"].startswith("2023-") for session in got)

    def test_meeting_format_and_rendering_share_the_format_parameter(self, api_client):
        online = results(api_client, "sessions/?format=online")
        assert online and {session["format"] for session in online} == {"online"}
        assert len(results(api_client, "sessions/?format=json")) == Session.objects.count()

    def test_by_host_country(self, api_client):
        got = results(api_client, "sessions/?country=KZ")
        assert got and {session["country"] for session in got} == {"KZ"}
        assert len(got) == Session.objects.filter(country__iso_code="KZ").count()

    def test_unknown_body_is_a_400_naming_the_filter(self, api_client):
        response = api_client.get("/api/v1/sessions/?body=nothing&year=soon")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"body", "year"}


class TestCoordinatorRoles:
    def test_by_area(self, api_client):
        got = results(api_client, "coordinator-roles/?priority_area=tourism")
        assert got and {role["priority_area"] for role in got} == {"tourism"}
        assert len(got) == CoordinatorRole.objects.filter(priority_area__slug="tourism").count()

    def test_by_state_and_role(self, api_client):
        got = results(api_client, "coordinator-roles/?state=KZ&role=co_coordinator")
        expected = CoordinatorRole.objects.filter(state__iso_code="KZ", role=Role.CO_COORDINATOR)
        assert got and len(got) == expected.count()
        assert {(role["state"], role["role"]) for role in got} == {("KZ", "co_coordinator")}

    def test_by_dimension(self, api_client):
        got = results(api_client, "coordinator-roles/?dimension=economic")
        expected = CoordinatorRole.objects.filter(priority_area__dimension__slug="economic")
        assert got and sorted(role["id"] for role in got) == sorted(r.pk for r in expected)

    def test_current_on_a_day(self, api_client):
        area = factories.priority_area(slug="test-area", order=99)
        past, current = factories.state("MN", "Mongolia"), factories.state("TH", "Thailand")
        CoordinatorRole.objects.create(
            priority_area=area, state=past, role=Role.COORDINATOR, term_end=date(2021, 12, 31)
        )
        CoordinatorRole.objects.create(
            priority_area=area, state=current, role=Role.COORDINATOR, term_start=date(2022, 1, 1)
        )
        on = {
            day: results(api_client, f"coordinator-roles/?priority_area=test-area&current_on={day}")
            for day in ["2021-06-01", "2023-06-01"]
        }
        assert [role["state"] for role in on["2021-06-01"]] == ["MN"]
        assert [role["state"] for role in on["2023-06-01"]] == ["TH"]

    def test_bad_values_are_a_400_naming_each_filter(self, api_client):
        response = api_client.get("/api/v1/coordinator-roles/?state=ZZ&current_on=soon&role=chief")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"state", "current_on", "role"}


class TestConceptPapers:
    def test_by_area_and_status(self, api_client):
        got = results(api_client, "concept-papers/?priority_area=tourism&status=approved")
        expected = ConceptPaper.objects.filter(priority_area__slug="tourism", status="approved")
        assert got and len(got) == expected.count()
        assert {(paper["priority_area"], paper["status"]) for paper in got} == {
            ("tourism", "approved")
        }

    def test_by_dimension(self, api_client):
        got = results(api_client, "concept-papers/?dimension=human")
        expected = ConceptPaper.objects.filter(priority_area__dimension__slug="human")
        assert got and sorted(paper["id"] for paper in got) == sorted(p.pk for p in expected)

    def test_unknown_area_is_a_400(self, api_client):
        response = api_client.get("/api/v1/concept-papers/?priority_area=nothing")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["priority_area"]
