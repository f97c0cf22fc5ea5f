"""Fixtures of the API tests (pretix style): clients anonymous, with a token and no
permission, and with an officer's token; builders for rows of every listed model."""

from datetime import date
from itertools import count

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bodies.models import Session
from cbm.models import AnnualPlan, ConceptPaper, CoordinatorRole, Role
from membership.models import Chairmanship, Organization, State
from tests import factories

_serial = count(1)


@pytest.fixture
def api_client():
    """An anonymous client."""
    return APIClient()


def token_client(user: User) -> APIClient:
    api_client = APIClient()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


@pytest.fixture
def unprivileged_client(db):
    """A valid token whose user has no permission."""
    return token_client(User.objects.create_user("newsletter"))


@pytest.fixture
def officer_client(db):
    """A Secretariat officer's token, allowed to add and change plan items."""
    officer = User.objects.create_user("officer")
    officer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="cbm", codename__in=["add_planitem", "change_planitem"]
        )
        | Permission.objects.filter(
            content_type__app_label="membership", codename__in=["add_actor", "change_actor"]
        )
    )
    return token_client(officer)


def _letters(n: int) -> str:
    """A unique two-letter code per n, for ISO codes of test states."""
    return chr(ord("A") + n // 26 % 26) + chr(ord("A") + n % 26)


def build_state(status=State.Status.MEMBER) -> State:
    while True:
        n = next(_serial)
        iso_code = _letters(n)
        if not State.objects.filter(iso_code=iso_code).exists():
            return State.objects.create(
                iso_code=iso_code, name_en=f"State {iso_code} {n}", status=status
            )


# One builder per list endpoint: each call adds one row the endpoint lists.
def add_dimension():
    factories.dimension(slug=f"dimension-{next(_serial)}")


def add_priority_area():
    area = factories.priority_area(slug=f"area-{next(_serial)}", order=next(_serial))
    CoordinatorRole.objects.create(priority_area=area, state=build_state(), role=Role.COORDINATOR)


def add_coordinator_role():
    area = factories.priority_area(slug=f"area-{next(_serial)}", order=next(_serial))
    CoordinatorRole.objects.create(priority_area=area, state=build_state(), role=Role.COORDINATOR)


def add_concept_paper():
    area = factories.priority_area(slug=f"area-{next(_serial)}", order=next(_serial))
    ConceptPaper.objects.create(
        priority_area=area, status=ConceptPaper.Status.APPROVED, as_of=date(2024, 12, 1)
    )


def add_member_state():
    build_state()


def add_observer():
    build_state(status=State.Status.OBSERVER)
    n = next(_serial)
    Organization.objects.create(
        abbreviation=f"ORG{n}", name_en=f"Organization {n}", status=Organization.Status.OBSERVER
    )


def add_organization():
    n = next(_serial)
    Organization.objects.create(
        abbreviation=f"ORG{n}", name_en=f"Organization {n}", status=Organization.Status.PARTNER
    )
    factories.institution(f"Academy {n}", country="KZ")


def add_chairmanship():
    Chairmanship.objects.create(
        state=build_state(), term_start=date(2000 + next(_serial) % 100, 1, 1)
    )


def add_body():
    factories.body(slug=f"body-{next(_serial)}", parent=factories.body())


def add_session():
    Session.objects.create(
        body=factories.body(slug=f"body-{next(_serial)}"),
        kind=Session.Kind.MEETING,
        ordinal=1,
        start_date=date(2023, 5, 1),
        country=build_state(),
    )


def add_plan():
    AnnualPlan.objects.create(year=_next_free_year())


def _next_free_year() -> int:
    year = 1992
    taken = set(AnnualPlan.objects.values_list("year", flat=True))
    while year in taken:
        year += 1
    return year


def add_event():
    item = factories.cbm_event(
        plan=factories.plan(2023),
        organizer=build_state(),
        country="ID",
        co_organizers=[factories.institution(f"Institute {next(_serial)}")],
    )
    item.participating_states = [build_state().iso_code, "MY"]
    item.save()
    item.links.create(url=f"https://s-cica.org/news/{item.code}", label="Press release")


def add_published_figure():
    factories.figure_proposed_by_a_new_state(factories.plan(2023))


LIST_ENDPOINTS = {
    "dimensions": add_dimension,
    "priority-areas": add_priority_area,
    "coordinator-roles": add_coordinator_role,
    "concept-papers": add_concept_paper,
    "member-states": add_member_state,
    "observers": add_observer,
    "organizations": add_organization,
    "chairmanships": add_chairmanship,
    "bodies": add_body,
    "sessions": add_session,
    "plans": add_plan,
    "events": add_event,
    "published-figures": add_published_figure,
}
