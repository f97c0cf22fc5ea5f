"""Brute force and floods over real HTTP, under runserver and under gunicorn with DEBUG off:
sign-in locks after the failure limit on both login pages and an officer unlocks it in the
admin; exactly the limit of many parallel API requests pass, whatever X-Forwarded-For says."""

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.test import override_settings
from rest_framework.settings import api_settings

from tests.admin.roles import OFFICER, PASSWORD, member_of
from tests.live.conftest import gunicorn

LIMIT = settings.AXES_FAILURE_LIMIT
ANON_PER_DAY, USER_PER_DAY = 20, 10
REQUESTS = 100


def login_form(page_url: str) -> requests.Session:
    browser = requests.Session()
    assert browser.get(page_url).status_code == 200
    return browser


def post_login(browser, page_url, username, password) -> requests.Response:
    return browser.post(
        page_url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": page_url},
        allow_redirects=False,
    )


def signed_in_admin(server, user) -> requests.Session:
    page_url = f"{server}/en/admin/login/"
    browser = login_form(page_url)
    assert post_login(browser, page_url, user.username, PASSWORD).status_code == 302
    return browser


@pytest.mark.parametrize("page", ["/en/accounts/login/", "/ru/admin/login/"])
def test_sign_in_locks_and_an_officer_unlocks_it_in_the_admin(server, officer, page):
    page_url = server + page
    attacker = login_form(page_url)
    failures = [post_login(attacker, page_url, officer.username, "wrong") for _ in range(LIMIT)]
    assert [response.status_code for response in failures] == [200] * (LIMIT - 1) + [429]

    refused = post_login(attacker, page_url, officer.username, PASSWORD)
    assert refused.status_code == 429
    assert "sessionid" not in refused.cookies
    assert ("Sign-in locked" if "/en/" in page else "Вход заблокирован") in refused.text

    duty_officer = signed_in_admin(server, member_of(OFFICER, "duty-officer"))
    changelist = f"{server}/en/admin/axes/accessattempt/"
    unlocked = duty_officer.post(
        changelist,
        data={
            "action": "unlock_selected",
            "_selected_action": AccessAttempt.objects.get(username=officer.username).pk,
            "csrfmiddlewaretoken": duty_officer.cookies["csrftoken"],
        },
        headers={"Referer": changelist},
    )
    assert unlocked.status_code == 200
    assert "1 sign-in unlocked." in unlocked.text

    assert post_login(attacker, page_url, officer.username, PASSWORD).status_code == 302


def wait_for_a_fresh_window():
    # The counts are per day (UTC): a test straddling midnight would see two windows.
    if 86400 - time.time() % 86400 < 60:
        time.sleep(61)


def parallel_statuses(url: str, headers_of) -> Counter:
    wait_for_a_fresh_window()

    def get(n):
        return requests.get(url, headers=headers_of(n), timeout=60).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        return Counter(pool.map(get, range(REQUESTS)))


@pytest.fixture(scope="module")
def throttled_gunicorn(django_db_setup, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the test database only on PostgreSQL (CI runs it)")
    with gunicorn(
        tmp_path_factory.mktemp("throttled-gunicorn"),
        API_ANON_THROTTLE_RATE=f"{ANON_PER_DAY}/day",
        API_USER_THROTTLE_RATE=f"{USER_PER_DAY}/day",
    ) as url:
        yield url


@pytest.fixture(params=["runserver", "gunicorn"])
def throttled_server(request, transactional_db):
    """A server whose API lets ANON_PER_DAY anonymous and USER_PER_DAY token requests through."""
    if request.param == "gunicorn":
        if not settings.REDIS_URL:
            pytest.skip("gunicorn's workers share their counts only in Redis (CI runs it)")
        yield request.getfixturevalue("throttled_gunicorn")
        return
    rates = {
        **api_settings.DEFAULT_THROTTLE_RATES,
        "anon": f"{ANON_PER_DAY}/day",
        "user": f"{USER_PER_DAY}/day",
    }
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        yield request.getfixturevalue("live_server").url


def test_exactly_the_limit_of_parallel_anonymous_requests_pass_whatever_they_forward(
    throttled_server,
):
    statuses = parallel_statuses(
        f"{throttled_server}/api/v1/dimensions/",
        lambda n: {"Accept": "application/json", "X-Forwarded-For": f"10.0.{n // 250}.{n % 250}"},
    )
    assert statuses == {200: ANON_PER_DAY, 429: REQUESTS - ANON_PER_DAY}


def test_exactly_the_limit_of_parallel_token_requests_pass(throttled_server, officer_token):
    statuses = parallel_statuses(
        f"{throttled_server}/api/v1/dimensions/",
        lambda n: {"Accept": "application/json", "Authorization": f"Token {officer_token}"},
    )
    assert statuses == {200: USER_PER_DAY, 429: REQUESTS - USER_PER_DAY}
