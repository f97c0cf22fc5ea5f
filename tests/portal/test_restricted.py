"""Sign-in and the restricted part for focal points."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from membership.models import FocalPoint
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    plan = factories.plan(2023)
    kazakhstan = factories.state("KZ", "Kazakhstan")
    india = factories.state("IN", "India")
    factories.cbm_event(code="kz-seminar", plan=plan, organizer=kazakhstan, title_en="KZ seminar")
    factories.cbm_event(code="in-seminar", plan=plan, organizer=india, title_en="India seminar")
    joint = factories.cbm_event(
        code="in-forum",
        plan=plan,
        organizer=india,
        title_en="India forum",
        start_date=date(2023, 6, 1),
    )
    joint.participating_states = [kazakhstan.iso_code, "GE"]  # with a non-member, Georgia
    joint.save()
    return kazakhstan


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/en/restricted/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/restricted/")
    assert client.get("/en/accounts/login/").status_code == 200


def test_focal_point_signs_in_and_sees_the_items_of_their_state(client, items):
    user = User.objects.create_user("kz-focal", password="a long pass phrase 2023")
    FocalPoint.objects.create(user=user, state=items)

    response = client.post(
        "/en/accounts/login/", {"username": "kz-focal", "password": "a long pass phrase 2023"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/restricted/"

    html = client.get("/en/restricted/").content.decode()
    assert "KZ seminar" in html and "India forum" in html
    assert "India seminar" not in html


def test_wrong_password_is_refused_with_a_message(client, items):
    User.objects.create_user("kz-focal", password="a long pass phrase 2023")
    response = client.post("/en/accounts/login/", {"username": "kz-focal", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_user_without_focal_point_is_refused(client, items):
    client.force_login(User.objects.create_user("someone"))
    assert client.get("/en/restricted/").status_code == 403


def test_staff_see_every_state_items(client, items):
    client.force_login(User.objects.create_user("officer", is_staff=True))
    html = client.get("/en/restricted/").content.decode()
    assert "KZ seminar" in html and "India seminar" in html


def test_sign_out_is_a_post_and_returns_home(client, items):
    client.force_login(User.objects.create_user("officer", is_staff=True))
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/en/restricted/").status_code == 302
