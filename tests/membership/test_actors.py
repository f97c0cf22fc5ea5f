"""Actors: every state, organization and body has one, kept in step with its record; outside
institutions stand alone; the database refuses an actor that contradicts its kind."""

import pytest
from django.db import IntegrityError, transaction

from membership.models import Actor, Organization, State
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_state_organizes_under_its_iso_code_and_follows_its_status():
    state = factories.state("TM", "Turkmenistan", status=State.Status.OBSERVER)
    assert (state.actor.slug, state.actor.kind, state.actor.country.code) == (
        "TM",
        "observer_state",
        "TM",
    )

    state.status, state.name_ru = State.Status.MEMBER, "Туркменистан"
    state.save()

    state.actor.refresh_from_db()
    assert (state.actor.kind, state.actor.name_ru) == ("member_state", "Туркменистан")
    assert state.actor.history.count() == 2


def test_saving_a_record_unchanged_writes_no_version_of_its_actor():
    state = factories.state()
    state.save()
    assert state.actor.history.count() == 1


def test_organizations_and_bodies_have_their_actors():
    unodc = Organization.objects.create(
        abbreviation="UNODC", name_en="UN Office on Drugs and Crime", status="partner"
    )
    assert (unodc.actor.slug, unodc.actor.kind) == ("UNODC", "partner_organization")
    assert factories.body("think-tank-forum").actor.slug == "cica-think-tank-forum"
    secretariat = factories.secretariat()
    assert (secretariat.slug, secretariat.kind) == ("cica-secretariat", "secretariat")


def test_the_organizer_named_by_an_iso_code_or_a_slug():
    kazakhstan = factories.state()
    academy = factories.institution()
    assert Actor.objects.by_reference("KZ") == kazakhstan.actor
    assert Actor.objects.by_reference("kz") == kazakhstan.actor
    assert Actor.objects.by_reference(academy.slug) == academy
    assert Actor.objects.by_reference("nobody") is None


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "member_state"},  # a state's kind without its state
        {"kind": "cica_body"},
        {"kind": "academy", "name_en": ""},
    ],
)
def test_the_database_refuses_an_actor_that_contradicts_its_kind(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.create(**{"name_en": "Someone", "slug": "someone", **fields})


def test_the_database_refuses_an_institution_linked_to_a_state():
    state = factories.state()
    state.actor.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.create(name_en="Academy", slug="academy", kind="academy", state=state)
