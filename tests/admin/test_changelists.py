"""Every changelist, filtered or not, runs the same number of queries for 5 rows as for 55."""

from datetime import date, timedelta
from itertools import count
from string import ascii_uppercase

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bodies.models import Session
from cbm.models import ConceptPaper, CoordinatorRole, PlanItemLink
from cbm.stats import store_snapshot
from membership.models import Chairmanship, FocalPoint, Organization
from tests import factories

pytestmark = pytest.mark.django_db

_serial = count(1)


def _state():
    n = next(_serial)
    code = ascii_uppercase[n // 26 % 26] + ascii_uppercase[n % 26]
    return factories.state(iso_code=code, name_en=f"State {code}")


def _area():
    n = next(_serial)
    return factories.priority_area(slug=f"area-{n}", order=n, dimension_slug=f"dim-{n % 3}")


def build_state():
    _state()


def build_organization():
    n = next(_serial)
    Organization.objects.create(
        abbreviation=f"ORG{n}", name_en=f"Organization {n}", status="partner"
    )


def build_chairmanship():
    Chairmanship.objects.create(
        state=_state(), term_start=date(2000, 1, 1) + timedelta(days=next(_serial)), note="…"
    )


def build_focal_point():
    n = next(_serial)
    user = User.objects.create_user(f"fp{n}", last_name=f"Point {n}")
    FocalPoint.objects.create(user=user, state=_state(), position="Counsellor")


def build_body():
    factories.body(slug=f"body-{next(_serial)}", parent=factories.body("parent-body"))


def build_session():
    n = next(_serial)
    Session.objects.create(
        body=factories.body(f"body-{n % 4}"),
        kind=Session.Kind.MEETING,
        ordinal=n,
        start_date=date(2023, 1, 1) + timedelta(days=n),
        country=_state(),
    )


def build_dimension():
    factories.dimension(slug=f"dimension-{next(_serial)}")


def build_priority_area():
    _area()


def build_coordinator_role():
    CoordinatorRole.objects.create(priority_area=_area(), state=_state(), role="coordinator")


def build_concept_paper():
    ConceptPaper.objects.create(
        priority_area=_area(), status="approved", as_of=date(2023, 11, 30), source="SG report"
    )


def build_annual_plan():
    factories.plan(year=1992 + next(_serial) % 200)


def build_plan_item():
    n = next(_serial)
    plan = factories.plan(2023 + (n // 4) % 2)
    if n % 2:
        factories.cbm_event(plan=plan, priority_area=_area(), organizer=_state())
    else:
        factories.body_meeting(plan=plan, body=factories.body(f"body-{n % 3}"))


def build_plan_item_link():
    PlanItemLink.objects.create(
        plan_item=factories.cbm_event(organizer=_state()), url="https://www.s-cica.org/news"
    )


def build_snapshot():
    n = next(_serial)
    store_snapshot(factories.plan(1992 + n % 7), date(2023, 1, 1) + timedelta(days=n))


def _sign_in(n):
    return {
        "username": f"user-{n}",
        "ip_address": f"203.0.113.{n % 250}",
        "user_agent": "Mozilla/5.0",
        "http_accept": "text/html",
        "path_info": "/en/admin/login/",
    }


def build_access_attempt():
    n = next(_serial)
    AccessAttempt.objects.create(
        **_sign_in(n), get_data="", post_data="", failures_since_start=n % 7
    )


def build_access_log():
    AccessLog.objects.create(**_sign_in(next(_serial)))


CHANGELISTS = [
    ("membership", "state", build_state, ""),
    ("membership", "organization", build_organization, ""),
    ("membership", "chairmanship", build_chairmanship, ""),
    ("membership", "focalpoint", build_focal_point, ""),
    ("bodies", "body", build_body, ""),
    ("bodies", "session", build_session, ""),
    ("bodies", "session", build_session, "?format__exact=&kind__exact=meeting"),
    ("cbm", "dimension", build_dimension, ""),
    ("cbm", "priorityarea", build_priority_area, ""),
    ("cbm", "coordinatorrole", build_coordinator_role, ""),
    ("cbm", "conceptpaper", build_concept_paper, ""),
    ("cbm", "annualplan", build_annual_plan, ""),
    ("cbm", "planitem", build_plan_item, ""),
    ("cbm", "planitem", build_plan_item, "?year=2023&category__exact=cbm_event"),
    ("cbm", "planitem", build_plan_item, "?q=Seminar&status__exact=planned"),
    ("cbm", "planitemlink", build_plan_item_link, ""),
    ("cbm", "planstatssnapshot", build_snapshot, ""),
    ("axes", "accessattempt", build_access_attempt, ""),
    ("axes", "accessattempt", build_access_attempt, "?locked_out=yes"),
    ("axes", "accesslog", build_access_log, ""),
]


@pytest.mark.parametrize(
    ("app_label", "model", "build", "query"),
    CHANGELISTS,
    ids=[f"{app}.{model}{query}" for app, model, _, query in CHANGELISTS],
)
def test_changelist_runs_the_same_queries_for_5_rows_as_for_55(
    admin_client, django_assert_num_queries, app_label, model, build, query
):
    url = reverse(f"admin:{app_label}_{model}_changelist") + query
    for _ in range(5):
        build()
    with CaptureQueriesContext(connection) as first:
        response = admin_client.get(url)
    assert response.status_code == 200
    shown = response.context["cl"].result_count
    for _ in range(50):
        build()
    with django_assert_num_queries(len(first.captured_queries)):
        response = admin_client.get(url)
    assert response.context["cl"].result_count > shown
