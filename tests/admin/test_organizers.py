"""Officers add an outside institution on the spot, from the item's organizer field, and the
records of states, organizations and bodies keep their organizers."""

import pytest

from membership.models import Actor
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_organizer_fields_offer_to_add_an_institution_on_the_spot(officer_client):
    html = officer_client.get("/en/admin/cbm/planitem/add/").content.decode()
    for field in ("organizer", "co_organizers"):
        assert f'id="add_id_{field}"' in html
        assert "/en/admin/membership/actor/add/?_to_field=id&amp;_popup=1" in html


def test_the_popup_adds_an_institution_and_hands_it_to_the_item_form(officer_client):
    response = officer_client.post(
        "/en/admin/membership/actor/add/?_to_field=id&_popup=1",
        {
            "name_en": "Diplomatic Academy of Turkmenistan",
            "name_ru": "Дипломатическая академия Туркменистана",
            "kind": "academy",
            "country": "TM",
            "slug": "",
            "_popup": "1",
            "_to_field": "id",
        },
    )

    assert response.status_code == 200
    actor = Actor.objects.get(name_en="Diplomatic Academy of Turkmenistan")
    assert (actor.slug, actor.kind, actor.country.code) == (
        "diplomatic-academy-of-turkmenistan",
        "academy",
        "TM",
    )
    assert "popup_response" in response.content.decode()


def test_only_institution_kinds_are_offered_when_adding(officer_client):
    html = officer_client.get("/en/admin/membership/actor/add/").content.decode()
    assert 'value="academy"' in html
    assert 'value="member_state"' not in html and 'value="secretariat"' not in html


def test_a_records_organizer_is_read_only_and_kept(officer_client):
    state = factories.state()
    response = officer_client.get(f"/en/admin/membership/actor/{state.actor.pk}/change/")
    assert response.status_code == 200
    assert 'name="name_en"' not in response.content.decode()
    response = officer_client.post(
        f"/en/admin/membership/actor/{state.actor.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Actor.objects.filter(pk=state.actor.pk).exists()
