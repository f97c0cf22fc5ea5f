"""manage.py issue_token: the key an integrator sends, and its revocation."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient


def issue(*args) -> str:
    out = StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.mark.django_db
def test_the_printed_key_authenticates_and_is_the_same_when_asked_again():
    User.objects.create_user("ministry-system")
    key = issue("ministry-system")

    assert issue("ministry-system") == key
    for keyword in ("Token", "Bearer"):
        client = APIClient(HTTP_AUTHORIZATION=f"{keyword} {key}")
        # Authenticated without permission: refused as forbidden, not as anonymous.
        assert client.post("/api/v1/plans/", {"year": 2030}, format="json").status_code == 403


@pytest.mark.django_db
def test_a_revoked_key_no_longer_authenticates():
    User.objects.create_user("ministry-system")
    key = issue("ministry-system")

    assert "Revoked" in issue("ministry-system", "--revoke")
    response = APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/")
    assert response.status_code == 401
    with pytest.raises(CommandError, match="no token"):
        issue("ministry-system", "--revoke")


@pytest.mark.django_db
def test_an_unknown_or_inactive_user_gets_no_token():
    with pytest.raises(CommandError, match="No user 'nobody'"):
        issue("nobody")
    User.objects.create_user("retired", is_active=False)
    with pytest.raises(CommandError, match="inactive"):
        issue("retired")
