"""Sign-in lockout on every login page (django-axes): after AXES_FAILURE_LIMIT wrong passwords
the user name is locked from that address, even the right password is refused with a translated
page, and an officer lifts the lockout in the admin."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from cica_site.cache import ForgivingRedisCache
from tests.admin.roles import OFFICER, PASSWORD, VIEWER, member_of
from tests.live.conftest import free_port
from tests.live.test_redis_outage import cache_on

pytestmark = pytest.mark.django_db

LOGIN_PAGES = ["/en/accounts/login/", "/en/admin/login/"]
ATTACKER = "203.0.113.7"
LIMIT = settings.AXES_FAILURE_LIMIT


def sign_in(client, page, username, password, address=ATTACKER, **headers):
    return client.post(
        page, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, page, username, times=LIMIT, address=ATTACKER, **headers):
    return [
        sign_in(client, page, username, "wrong", address, **headers).status_code
        for _ in range(times)
    ]


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.fixture
def focal_point():
    return member_of(OFFICER, "kz-focal")


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_after_the_limit_even_the_right_password_is_refused(client, focal_point, page):
    statuses = fail(client, page, "kz-focal")
    assert statuses == [200] * (LIMIT - 1) + [429]

    response = sign_in(client, page, "kz-focal", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(response)
    html = response.content.decode()
    assert "Sign-in locked" in html
    assert "too many failed sign-ins" in html
    assert "Try again in 30 minutes." in html
    assert "ask the Secretariat" in html
    assert 'class="site-header"' in html  # the site's own page, not axes' bare text


@pytest.mark.parametrize("page", ["/ru/accounts/login/", "/ru/admin/login/"])
def test_the_locked_out_page_speaks_russian(client, focal_point, page):
    fail(client, page, "kz-focal")

    response = sign_in(client, page, "kz-focal", PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Вход заблокирован" in html
    assert "Повторите попытку через 30 минут." in html
    assert "обратитесь в Секретариат" in html


def test_below_the_limit_the_right_password_signs_in_and_clears_the_count(client, focal_point):
    fail(client, LOGIN_PAGES[0], "kz-focal", times=LIMIT - 1)
    assert signed_in(sign_in(client, LOGIN_PAGES[0], "kz-focal", PASSWORD))
    client.logout()

    # The count started again: LIMIT - 1 more failures still leave the right password working.
    fail(client, LOGIN_PAGES[0], "kz-focal", times=LIMIT - 1)
    assert signed_in(sign_in(client, LOGIN_PAGES[0], "kz-focal", PASSWORD))


def test_the_same_user_from_another_address_and_another_user_are_not_locked(client, focal_point):
    member_of(OFFICER, "other-officer")
    fail(client, LOGIN_PAGES[1], "kz-focal")

    # Wrong passwords typed for an officer by someone else do not lock the officer out.
    assert signed_in(sign_in(client, LOGIN_PAGES[1], "kz-focal", PASSWORD, address="198.51.100.2"))
    client.logout()
    assert signed_in(sign_in(client, LOGIN_PAGES[1], "other-officer", PASSWORD))


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, focal_point):
    for n in range(LIMIT):
        sign_in(client, LOGIN_PAGES[0], "kz-focal", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    response = sign_in(
        client, LOGIN_PAGES[0], "kz-focal", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )

    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == ATTACKER


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_address_it_forwards_is_locked(client, focal_point):
    proxy = "172.18.0.5"
    fail(client, LOGIN_PAGES[0], "kz-focal", address=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)

    locked = sign_in(
        client, LOGIN_PAGES[0], "kz-focal", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER
    )
    # A client's own entry left of the proxy's changes nothing: the proxy's entry is believed.
    forged = sign_in(
        client,
        LOGIN_PAGES[0],
        "kz-focal",
        PASSWORD,
        proxy,
        HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}",
    )
    elsewhere = sign_in(
        client, LOGIN_PAGES[0], "kz-focal", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )

    assert (locked.status_code, forged.status_code) == (429, 429)
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    assert signed_in(elsewhere)


def test_an_officer_unlocks_in_the_admin_and_the_right_password_works_again(client, focal_point):
    fail(client, LOGIN_PAGES[1], "kz-focal")
    officer_client = type(client)()
    officer_client.force_login(member_of(OFFICER, "duty-officer"))
    changelist = reverse("admin:axes_accessattempt_changelist")

    listed = officer_client.get(changelist)
    assert listed.status_code == 200
    assert "kz-focal" in listed.content.decode()
    assert "Locked Out" in listed.content.decode()

    response = officer_client.post(
        changelist,
        {
            "action": "unlock_selected",
            "_selected_action": [AccessAttempt.objects.get().pk],
        },
        follow=True,
    )

    assert "1 sign-in unlocked." in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert signed_in(sign_in(client, LOGIN_PAGES[1], "kz-focal", PASSWORD))


def test_officers_find_the_lockouts_and_the_sign_in_log_and_viewers_do_not(client, focal_point):
    fail(client, LOGIN_PAGES[0], "kz-focal")
    officer_client = type(client)()
    officer_client.force_login(member_of(OFFICER, "duty-officer"))
    viewer_client = type(client)()
    viewer_client.force_login(member_of(VIEWER, "viewer"))

    assert officer_client.get(reverse("admin:axes_accesslog_changelist")).status_code == 200
    assert "Sign-in lockouts" in officer_client.get("/en/admin/").content.decode()
    assert "Блокировки входа" in officer_client.get("/ru/admin/").content.decode()
    assert viewer_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_lockouts_hold_with_the_cache_unreachable(client, focal_point):
    with override_settings(CACHES=cache_on(free_port())):  # nothing listens there
        assert caches["default"].get("probe") is None
        assert isinstance(caches["default"], ForgivingRedisCache)
        assert not caches["default"].reachable
        statuses = fail(client, LOGIN_PAGES[0], "kz-focal")
        response = sign_in(client, LOGIN_PAGES[0], "kz-focal", PASSWORD)

    assert statuses[-1] == 429
    assert response.status_code == 429
