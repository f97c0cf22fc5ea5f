"""Security headers (issue 12, point 3): a nonce-based Content-Security-Policy, Permissions-Policy
and Django's own headers on the portal, the admin, the API, Swagger UI and ReDoc; HTTPS redirect
and HSTS behind a proxy that says the request came over HTTPS."""

import re

import pytest
from django.test import Client

PAGES = [
    "/en/",
    "/ru/activities/",
    "/en/admin/login/",
    "/api/v1/events/",
    "/api/v1/",  # the browsable API, as a browser asks for it
    "/api/schema/swagger-ui/",
    "/api/schema/redoc/",
]
# Pages with inline scripts or styles, which must carry the response's nonce.
PAGES_WITH_NONCE = ["/api/v1/", "/api/schema/swagger-ui/", "/api/schema/redoc/"]
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def policy(headers) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = (part.split() for part in headers["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


def nonce_of(headers) -> str | None:
    nonces = re.findall(r"'nonce-([^']+)'", " ".join(policy(headers)["script-src"]))
    return nonces[0] if nonces else None


def assert_secure_headers(headers):
    csp = policy(headers)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert "'self'" in csp["img-src"] and "data:" in csp["img-src"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Cross-Origin-Opener-Policy" in headers


def assert_scripts_carry_the_nonce(html: str, headers):
    """Every inline <script> and <style> has the header's nonce (JSON data blocks, which never
    run, excepted), and so has every other element that names one; scripts from the site's
    own static files need none."""
    nonce = nonce_of(headers)
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        inline = "src=" not in tag and 'type="application/json"' not in tag
        if inline or "nonce=" in tag:
            assert nonce and f'nonce="{nonce}"' in tag, tag


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_face_of_the_site_sends_the_policy_and_the_headers(client, path):
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200
    assert_secure_headers(response.headers)
    assert_scripts_carry_the_nonce(response.content.decode(), response.headers)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES_WITH_NONCE)
def test_inline_scripts_carry_a_nonce_new_with_every_response(client, path):
    first, second = (client.get(path, headers=BROWSER) for _ in range(2))
    assert None is not nonce_of(first.headers) != nonce_of(second.headers)
    for response in (first, second):
        assert 'nonce="' in response.content.decode()
        assert_scripts_carry_the_nonce(response.content.decode(), response.headers)


@pytest.mark.django_db
def test_redoc_alone_may_style_inline_and_search_in_a_worker(client):
    csp = policy(client.get("/api/schema/redoc/").headers)
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["worker-src"] == ["blob:"]
    assert csp["script-src"][1].startswith("'nonce-")
    portal = policy(client.get("/en/").headers)
    assert "'unsafe-inline'" not in portal["style-src"] and "worker-src" not in portal


@pytest.mark.django_db
def test_behind_the_proxy_plain_http_is_redirected_and_https_gets_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    client = Client()
    plain = client.get("/en/activities/?year=2023", headers={"X-Forwarded-Proto": "http"})
    assert plain.status_code == 301
    assert plain.headers["Location"] == "https://testserver/en/activities/?year=2023"
    secure = client.get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


@pytest.mark.django_db
def test_without_a_trusted_proxy_header_a_forged_one_changes_nothing(settings):
    # DEBUG on (make run): plain HTTP served, and X-Forwarded-Proto not believed.
    settings.SECURE_PROXY_SSL_HEADER = None
    response = Client().get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
