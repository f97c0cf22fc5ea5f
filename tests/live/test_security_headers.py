"""The security headers over real HTTP (issue 12, point 3): Django's server (DEBUG on) and gunicorn
as in production (DEBUG off, behind docker-compose's TLS proxy)."""

import pytest
import requests
from django.db import connection

from tests.live.conftest import gunicorn
from tests.test_security_headers import (
    BROWSER,
    assert_scripts_carry_the_nonce,
    assert_secure_headers,
    nonce_of,
)


@pytest.mark.parametrize("path", ["/en/", "/api/v1/events/", "/api/schema/swagger-ui/"])
def test_over_real_http_both_servers_send_the_headers(server, path):
    response = requests.get(f"{server}{path}", headers=BROWSER, timeout=30)
    assert response.status_code == 200
    assert_secure_headers(response.headers)
    assert_scripts_carry_the_nonce(response.text, response.headers)
    if path == "/api/schema/swagger-ui/":
        assert nonce_of(response.headers) and 'nonce="' in response.text


def test_gunicorn_sends_hsts_only_to_what_came_over_https(gunicorn_url):
    secure = requests.get(f"{gunicorn_url}/en/", headers={"X-Forwarded-Proto": "https"}, timeout=30)
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = requests.get(f"{gunicorn_url}/en/", timeout=30)
    assert "Strict-Transport-Security" not in plain.headers
    # Static files, served by WhiteNoise, carry the headers too.
    static = requests.get(f"{gunicorn_url}/static/js/site.js", timeout=30)
    assert static.status_code == 200
    assert "Permissions-Policy" in static.headers and "Content-Security-Policy" in static.headers


@pytest.fixture(scope="module")
def production_gunicorn_url(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn configured as docker-compose's web service: redirect to HTTPS on (the default
    with DEBUG off), X-Forwarded-Proto trusted."""
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the test database only on PostgreSQL (CI runs it)")
    with gunicorn(
        tmp_path_factory.mktemp("production-gunicorn"),
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
        SECURE_SSL_REDIRECT="on",
    ) as url:
        yield url


def test_production_gunicorn_redirects_what_the_proxy_says_came_over_http(production_gunicorn_url):
    url = production_gunicorn_url
    plain = requests.get(
        f"{url}/en/activities/",
        headers={"X-Forwarded-Proto": "http"},
        allow_redirects=False,
        timeout=30,
    )
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"{url.replace('http:', 'https:')}/en/activities/"
    secure = requests.get(
        f"{url}/en/activities/", headers={"X-Forwarded-Proto": "https"}, timeout=30
    )
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert_secure_headers(secure.headers)
