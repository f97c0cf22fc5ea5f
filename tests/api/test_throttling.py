"""The API's throttles: anonymous clients by address, tokens by user at a higher rate, each
request counted atomically in the cache (Redis where REDIS_URL is set, local memory otherwise),
and every request let through (logged) while the cache is unreachable."""

import logging

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import RequestFactory, override_settings
from rest_framework.settings import api_settings

from cica_site.api.throttling import FixedWindowThrottle
from cica_site.client_ip import client_ip
from tests.api.conftest import token_client
from tests.live.conftest import free_port
from tests.live.test_redis_outage import cache_on

pytestmark = pytest.mark.django_db

ENDPOINT = "/api/v1/dimensions/"


def rates(**scopes):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, **scopes},
        }
    )


def statuses(client, times, **headers):
    return [client.get(ENDPOINT, **headers).status_code for _ in range(times)]


def test_the_limit_passes_and_the_next_request_gets_429_with_the_error_body(api_client):
    with rates(anon="3/minute"):
        assert statuses(api_client, 3) == [200, 200, 200]
        response = api_client.get(ENDPOINT)

    assert response.status_code == 429
    assert response.json() == {
        "status": 429,
        "code": "throttled",
        "detail": response.json()["detail"],
        "errors": {},
    }
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_forged_forwarded_for_header_does_not_reset_the_count(api_client):
    with rates(anon="3/minute"):
        forged = [
            api_client.get(ENDPOINT, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
            for n in range(5)
        ]
    assert forged == [200, 200, 200, 429, 429]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_address_it_appended_is_counted(api_client):
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    with rates(anon="2/minute"):
        # The client's own entries, left of the proxy's, change nothing.
        first = [
            api_client.get(
                ENDPOINT, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7", **proxy
            ).status_code
            for n in range(3)
        ]
        other_client = statuses(api_client, 2, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert first == [200, 200, 429]
    assert other_client == [200, 200]


def test_tokens_are_throttled_per_user_at_their_own_rate(db):
    newsletter = token_client(User.objects.create_user("newsletter"))
    archive = token_client(User.objects.create_user("archive"))
    with rates(anon="1/minute", user="3/minute"):
        assert statuses(newsletter, 4) == [200, 200, 200, 429]
        assert statuses(archive, 3) == [200, 200, 200]


def test_a_signed_in_officer_is_throttled_as_a_user(client, db):
    client.force_login(User.objects.create_user("officer", is_staff=True))
    with rates(anon="1/minute", user="2/minute"):
        assert statuses(client, 3, HTTP_ACCEPT="application/json") == [200, 200, 429]


def test_with_the_cache_unreachable_requests_pass_and_it_is_logged(api_client, caplog):
    FixedWindowThrottle._last_logged = 0.0
    with (
        override_settings(CACHES=cache_on(free_port())),  # nothing listens there
        rates(anon="1/minute"),
        caplog.at_level(logging.WARNING, logger="cica_site.api.throttling"),
    ):
        assert statuses(api_client, 3) == [200, 200, 200]

    assert "throttle lets requests through" in caplog.text


class TestClientAddress:
    factory = RequestFactory()

    def request(self, forwarded_for=None):
        headers = {"REMOTE_ADDR": "172.18.0.5"}
        if forwarded_for is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
        return self.factory.get("/", **headers)

    def test_without_trusted_proxies_the_header_is_ignored(self):
        assert client_ip(self.request("203.0.113.7")) == "172.18.0.5"

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_one_trusted_proxy_names_the_rightmost_entry(self):
        assert client_ip(self.request("10.0.0.1, 203.0.113.7")) == "203.0.113.7"
        assert client_ip(self.request()) == "172.18.0.5"

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_two_trusted_proxies_name_the_entry_two_from_the_right(self):
        assert client_ip(self.request("10.0.0.1, 203.0.113.7, 172.18.0.4")) == "203.0.113.7"
        # Fewer entries than proxies: the leftmost one is the best there is.
        assert client_ip(self.request("203.0.113.7")) == "203.0.113.7"
