"""Organizers in the API: any actor leads or co-organizes an event, named by a state's ISO code
or a slug; outside institutions are added at /api/v1/organizations/."""

import pytest

from cbm.models import PlanItem
from membership.models import Actor
from tests import factories
from tests.api.test_events import event_payload

pytestmark = pytest.mark.django_db


def post_event(client, **fields):
    return client.post("/api/v1/events/", event_payload(**fields), format="json")


def test_an_institution_is_added_and_answered_with_its_slug(officer_client):
    response = officer_client.post(
        "/api/v1/organizations/",
        {
            "name_en": "Diplomatic Academy of Turkmenistan",
            "name_ru": "Дипломатическая академия Туркменистана",
            "kind": "academy",
            "country": "tm",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "diplomatic-academy-of-turkmenistan"
    assert (body["kind"], body["country"]) == ("academy", "TM")
    assert response["Location"].endswith(
        "/api/v1/organizations/diplomatic-academy-of-turkmenistan/"
    )
    actor = Actor.objects.get(slug=body["slug"])
    assert (actor.name_ru, actor.state, actor.organization, actor.body) == (
        "Дипломатическая академия Туркменистана",
        None,
        None,
        None,
    )


def test_an_institution_of_the_same_name_gets_a_slug_of_its_own(officer_client):
    factories.institution("Forum of Asia", kind="forum")
    response = officer_client.post(
        "/api/v1/organizations/", {"name_en": "Forum of Asia", "kind": "forum"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["slug"] == "forum-of-asia-2"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name_en": "Secretariat bis", "kind": "secretariat"}, "kind"),
        ({"name_en": "A body", "kind": "member_state"}, "kind"),
        ({"name_en": "", "kind": "university"}, "name_en"),
        ({"name_en": "Somewhere", "kind": "university", "country": "XX"}, "country"),
    ],
)
def test_what_is_not_an_institution_is_refused_naming_the_field(officer_client, payload, field):
    before = Actor.objects.count()
    response = officer_client.post("/api/v1/organizations/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Actor.objects.count() == before


def test_the_actor_of_a_record_is_changed_through_that_record(officer_client):
    factories.secretariat()
    response = officer_client.patch(
        "/api/v1/organizations/cica-secretariat/", {"name_en": "Another name"}, format="json"
    )
    assert response.status_code == 400
    assert Actor.objects.get(slug="cica-secretariat").name_en == "CICA Secretariat"


def test_anonymous_clients_read_organizers_but_add_none(api_client):
    factories.secretariat()
    assert api_client.get("/api/v1/organizations/cica-secretariat/").status_code == 200
    response = api_client.post(
        "/api/v1/organizations/", {"name_en": "X", "kind": "forum"}, format="json"
    )
    assert response.status_code == 401
    assert not Actor.objects.filter(name_en="X").exists()


def test_the_secretariat_organizes_a_visit_to_a_country_that_is_not_a_member(officer_client):
    factories.secretariat()
    response = post_event(
        officer_client,
        code="2025-visit-01",
        category="other",
        priority_area=None,
        title_en="Visit of the Secretary General to Jakarta",
        organizer="cica-secretariat",
        organizer_role="secretariat",
        city="Jakarta",
        country="ID",
        participating_states=[],
    )

    assert response.status_code == 201, response.content
    assert response.json()["organizer"] == {
        "kind": "secretariat",
        "slug": "cica-secretariat",
        "name": "CICA Secretariat",
    }
    assert PlanItem.objects.get(code="2025-visit-01").organizer.kind == "secretariat"


def test_a_webinar_of_an_institution_with_a_state_co_organizer(officer_client):
    academy = factories.institution("Academy of Public Administration", country="KZ")
    response = post_event(
        officer_client,
        organizer=academy.slug,
        organizer_role="partner",
        co_organizers=["kz"],  # an ISO code in any case
        format="online",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organizer"]["kind"] == "academy"
    assert body["co_organizers"] == [{"kind": "member_state", "slug": "KZ", "name": "Kazakhstan"}]
    item = PlanItem.objects.get(code=body["code"])
    assert list(item.co_organizers.values_list("slug", flat=True)) == ["KZ"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"organizer": "nobody"}, "organizer"),
        ({"co_organizers": ["TH"]}, "co_organizers"),  # the organizer again
        ({"co_organizers": ["nobody"]}, "co_organizers"),
        ({"organizer": "cica-secretariat", "organizer_role": "coordinator"}, "organizer"),
    ],
)
def test_wrong_organizers_are_refused_naming_the_field(officer_client, fields, field):
    factories.secretariat()
    response = post_event(officer_client, **fields)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not PlanItem.objects.exists()


def test_filters_find_what_an_organizer_leads_or_co_organizes(api_client):
    secretariat = factories.secretariat()
    academy = factories.institution()
    led = factories.cbm_event(organizer=secretariat, organizer_role="secretariat")
    co = factories.cbm_event(organizer=academy, organizer_role="", co_organizers=[secretariat])
    other = factories.cbm_event()

    def codes(query):
        response = api_client.get(f"/api/v1/events/?{query}")
        assert response.status_code == 200, response.content
        return {item["code"] for item in response.json()["results"]}

    assert codes("organizer=cica-secretariat") == {led.code, co.code}
    assert codes("organizer_kind=academy") == {co.code}
    assert codes("organizer_kind=member_state") == {other.code}
    assert codes("organizer=KZ&organizer=cica-secretariat") == {led.code, co.code, other.code}
    assert api_client.get("/api/v1/events/?organizer=nobody").status_code == 400
