"""The contract of every endpoint: one object compared whole with what the reference data
says (pretix style), so an added, renamed or changed field cannot slip through."""

from datetime import date
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.utils import timezone

from bodies.models import Body, Session
from cbm.models import AnnualPlan, ConceptPaper, CoordinatorRole, Dimension, PlanItem, PriorityArea
from membership.models import Chairmanship, Organization, State

pytestmark = pytest.mark.usefixtures("reference_data")

API = "http://testserver/api/v1"


def fixture_fields(name: str, model: str, **match) -> dict:
    """The fields of the one record of `model` in fixtures/`name`.yaml matching `match`,
    dates as ISO 8601 strings (as the API gives them)."""
    records = yaml.safe_load((Path(settings.BASE_DIR) / "fixtures" / f"{name}.yaml").read_text())
    (fields,) = [
        r["fields"]
        for r in records
        if r["model"] == model and all(r["fields"].get(k) == v for k, v in match.items())
    ]
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()}


def detail(api_client, path: str) -> dict:
    response = api_client.get(f"/api/v1/{path}")
    assert response.status_code == 200, response.content
    return response.json()


def test_api_root_lists_every_endpoint(api_client):
    assert detail(api_client, "") == {
        name: f"{API}/{name}/"
        for name in [
            "dimensions",
            "priority-areas",
            "coordinator-roles",
            "concept-papers",
            "plans",
            "events",
            "sources",
            "published-figures",
            "member-states",
            "observers",
            "organizations",
            "chairmanships",
            "bodies",
            "sessions",
        ]
    }


def test_dimension_by_slug(api_client):
    assert detail(api_client, "dimensions/economic/") == {
        "url": f"{API}/dimensions/economic/",
        "id": Dimension.objects.get(slug="economic").pk,
        "slug": "economic",
        "name_en": "Economic dimension",
        "name_ru": "Экономическое измерение",
        "order": 3,
    }


def test_priority_area_by_slug_with_its_current_coordinators(api_client):
    assert detail(api_client, "priority-areas/tourism/") == {
        "url": f"{API}/priority-areas/tourism/",
        "id": PriorityArea.objects.get(slug="tourism").pk,
        "slug": "tourism",
        "order": 10,
        "name_en": "Tourism",
        "name_ru": "Туризм",
        "dimension": "economic",
        "in_force_from": "2021-10-12",
        "in_force_until": None,
        "coordinators": [
            {
                "state": "TJ",
                "role": "coordinator",
                "term_start": None,
                "term_start_precision": "unknown",
                "term_end": None,
                "term_end_precision": "unknown",
            },
            {
                "state": "LK",
                "role": "co_coordinator",
                "term_start": None,
                "term_start_precision": "unknown",
                "term_end": None,
                "term_end_precision": "unknown",
            },
        ],
    }


def test_coordinator_role_by_id(api_client):
    role = CoordinatorRole.objects.get(priority_area__slug="tourism", state__iso_code="TJ")
    assert detail(api_client, f"coordinator-roles/{role.pk}/") == {
        "url": f"{API}/coordinator-roles/{role.pk}/",
        "id": role.pk,
        "priority_area": "tourism",
        "state": "TJ",
        "role": "coordinator",
        "term_start": None,
        "term_start_precision": "unknown",
        "term_end": None,
        "term_end_precision": "unknown",
        "source_note": "Annex of the Chairmanship report 2020-2024 (list as of December 2024).",
    }


def test_concept_paper_by_id(api_client):
    paper = ConceptPaper.objects.get(priority_area__slug="tourism", as_of=date(2024, 12, 1))
    assert detail(api_client, f"concept-papers/{paper.pk}/") == {
        "url": f"{API}/concept-papers/{paper.pk}/",
        "id": paper.pk,
        "priority_area": "tourism",
        "status": "approved",
        "status_date": "2022-12-01",
        "status_date_precision": "month",
        "as_of": "2024-12-01",
        "as_of_precision": "month",
        "source": "Chairmanship report 2020-2024",
        "note": "One of the eleven concept papers renewed since 2021 (Chairmanship report §1.1), "
        "with the month of its approval.",
    }


def test_member_state_by_iso_code(api_client):
    assert detail(api_client, "member-states/KZ/") == {
        "url": f"{API}/member-states/KZ/",
        "id": State.objects.get(iso_code="KZ").pk,
        "iso_code": "KZ",
        "name_en": "Kazakhstan",
        "name_ru": "Казахстан",
        "status": "member",
        "status_since": None,
        "status_since_precision": "unknown",
    }


def test_member_states_are_the_28_only(api_client):
    body = detail(api_client, "member-states/")
    assert body["count"] == 28
    assert "TM" not in {state["iso_code"] for state in body["results"]}
    assert api_client.get("/api/v1/member-states/TM/").status_code == 404


def test_observers_are_observer_states_then_observer_organizations(api_client):
    body = detail(api_client, "observers/")
    observer_states = State.objects.observers()
    observer_organizations = Organization.objects.filter(status="observer")
    assert body["count"] == observer_states.count() + observer_organizations.count()
    assert [o["code"] for o in body["results"]] == [
        *observer_states.values_list("iso_code", flat=True),
        *observer_organizations.values_list("abbreviation", flat=True),
    ]
    assert body["results"][[o["code"] for o in body["results"]].index("TM")] == {
        "kind": "state",
        "id": State.objects.get(iso_code="TM").pk,
        "code": "TM",
        "name_en": "Turkmenistan",
        "name_ru": "Туркменистан",
        "status_since": "2021-01-01",
        "status_since_precision": "year",
    }
    organizations = detail(api_client, "observers/?kind=organization")["results"]
    assert {o["kind"] for o in organizations} == {"organization"}
    assert "UN" in {o["code"] for o in organizations}


def test_observers_refuse_an_unknown_kind(api_client):
    response = api_client.get("/api/v1/observers/?kind=planet")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]


def test_organization_by_abbreviation(api_client):
    unodc = Organization.objects.get(abbreviation="UNODC").actor
    assert detail(api_client, "organizations/UNODC/") == {
        "url": f"{API}/organizations/UNODC/",
        "id": unodc.pk,
        "slug": "UNODC",
        "kind": "partner_organization",
        "name_en": "United Nations Office on Drugs and Crime",
        "name_ru": "Управление Организации Объединённых Наций по наркотикам и преступности",
        "country": None,
        "created_at": timezone.localtime(unodc.created_at).isoformat(),
        "updated_at": timezone.localtime(unodc.updated_at).isoformat(),
    }
    partners = detail(api_client, "organizations/?kind=partner_organization")["results"]
    assert {o["kind"] for o in partners} == {"partner_organization"}
    assert {o["slug"] for o in partners} >= {"UNODC", "EEC"}
    secretariat = detail(api_client, "organizations/cica-secretariat/")
    assert (secretariat["kind"], secretariat["name_en"]) == ("secretariat", "Secretariat")


def test_chairmanship_by_id(api_client):
    chairmanship = Chairmanship.objects.get(state__iso_code="CN")
    assert detail(api_client, f"chairmanships/{chairmanship.pk}/") == {
        "url": f"{API}/chairmanships/{chairmanship.pk}/",
        "id": chairmanship.pk,
        "state": "CN",
        "term_start": "2014-01-01",
        "term_start_precision": "year",
        "term_end": "2018-12-31",
        "term_end_precision": "year",
        "note": "",
    }


def test_body_by_slug(api_client):
    assert detail(api_client, "bodies/senior-officials-committee/") == {
        "url": f"{API}/bodies/senior-officials-committee/",
        "id": Body.objects.get(slug="senior-officials-committee").pk,
        **fixture_fields("bodies", "bodies.body", slug="senior-officials-committee"),
    }


def test_session_by_id(api_client):
    session = Session.objects.get(body__slug="think-tank-forum", ordinal=11)
    fields = fixture_fields("bodies", "bodies.session", body=["think-tank-forum"], ordinal=11)
    assert detail(api_client, f"sessions/{session.pk}/") == {
        "url": f"{API}/sessions/{session.pk}/",
        "id": session.pk,
        **fields,
        "body": "think-tank-forum",
        "country": "CN",
    }


def test_plan_by_year(api_client):
    fields = fixture_fields("plan-2023", "cbm.annualplan", year=2023)
    (approved_by,) = fields.pop("approved_by")  # a natural key in the fixture, a slug here
    assert detail(api_client, "plans/2023/") == {
        "url": f"{API}/plans/2023/",
        "id": AnnualPlan.objects.get(year=2023).pk,
        **fields,
        "approved_by": approved_by,
        "items_count": 41,
        "statistics": f"{API}/plans/2023/statistics/",
    }


def test_event_by_code(api_client):
    item = PlanItem.objects.get(code="2023-cbm-01")
    assert detail(api_client, "events/2023-cbm-01/") == {
        "url": f"{API}/events/2023-cbm-01/",
        "id": item.pk,
        "code": "2023-cbm-01",
        "plan": 2023,
        "category": "cbm_event",
        "body": None,
        "session": None,
        "priority_area": "military-political-dimension",
        "dimension": "military-political",
        "details_published": True,
        "carried_over": False,
        "title_en": "Offline seminar within military-political dimension",
        "title_ru": "",
        "description_en": "",
        "description_ru": "",
        "organizer": {"kind": "member_state", "slug": "KZ", "name": "Kazakhstan"},
        "organizer_role": "coordinator",
        "co_organizers": [],
        "partner_institutions": "",
        "start_date": "2023-08-23",
        "end_date": "2023-08-24",
        "date_precision": "day",
        "city": "",
        "city_ru": "",
        "country": None,
        "format": "offline",
        "status": "completed",
        "status_changed_on": None,
        "participants": None,
        "states_represented": None,
        "participating_states": [],
        "status_reason": "",
        "organizer_role_note": "",
        "sources": [],
        "source_note": "",
        "links": [],
        # ISO 8601 in the site's time zone (Astana, UTC+5); set when the reference data loaded.
        "created_at": timezone.localtime(item.created_at).isoformat(),
        "updated_at": timezone.localtime(item.updated_at).isoformat(),
    }


def test_unknown_natural_key_is_a_404_with_the_error_body(api_client):
    response = api_client.get("/api/v1/events/2023-cbm-99/")
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": response.json()["detail"],
        "errors": {},
    }
    assert response.json()["detail"]


def test_unknown_address_under_the_api_is_a_json_404(api_client):
    response = api_client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_api_urls_have_no_language_prefix(api_client):
    assert api_client.get("/en/api/v1/dimensions/").status_code == 404
    assert api_client.get("/api/v1/dimensions/").status_code == 200
