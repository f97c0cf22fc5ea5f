"""Where an item is held: any country (not only CICA states), a city in both languages, and
no place at all for an online item."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cbm.calendar import build_calendar
from cbm.models import PlanItem
from tests import factories
from tests.api.test_events import event_payload

pytestmark = pytest.mark.django_db


def test_a_visit_to_a_country_that_is_not_a_member_is_stored_with_its_country(officer_client):
    payload = event_payload(
        code="2025-sg-jakarta",
        category="other",
        priority_area=None,
        organizer=None,
        organizer_role="",
        city="Jakarta",
        city_ru="Джакарта",
        country="id",
        format="offline",
    )
    response = officer_client.post("/api/v1/events/", payload, format="json")

    assert response.status_code == 201, response.json()
    assert (response.json()["country"], response.json()["city_ru"]) == ("ID", "Джакарта")
    item = PlanItem.objects.get(code="2025-sg-jakarta")
    assert item.place == "Jakarta, Indonesia"
    with translation.override("ru"):
        assert item.place == "Джакарта, Индонезия"


def test_an_unknown_country_code_is_refused_naming_the_field(officer_client):
    response = officer_client.post("/api/v1/events/", event_payload(country="XX"), format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["country"]
    assert not PlanItem.objects.exists()


def test_an_online_item_with_a_place_is_refused_by_the_model_and_the_database():
    item = factories.cbm_event(plan=factories.plan(2023), format="online")
    item.city, item.country = "Astana", "KZ"
    with pytest.raises(ValidationError, match="An online item has no city or country"):
        item.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_the_calendar_places_an_item_in_its_country_whatever_it_is():
    item = factories.cbm_event(plan=factories.plan(2023), city="New York", country="US")
    content = build_calendar([item], name="test", url_for=lambda i: "https://example.org/")
    assert b"LOCATION:New York\\, United States of America" in content


def test_the_activity_page_links_a_cica_state_and_names_any_other_country(client):
    factories.state("KZ", "Kazakhstan")
    in_astana = factories.cbm_event(plan=factories.plan(2023), city="Astana", country="KZ")
    in_jakarta = factories.cbm_event(plan=factories.plan(2023), city="Jakarta", country="ID")

    astana_page = client.get(f"/en/activities/{in_astana.code}/").content.decode()
    jakarta_page = client.get(f"/en/activities/{in_jakarta.code}/").content.decode()

    assert 'href="/en/states/KZ/">Kazakhstan</a>' in astana_page
    assert "Jakarta, Indonesia" in jakarta_page
