"""The real HTTP boundary: the app served by a real server, asked by a real client.

`server` is each of the two servers the site runs under: Django's own WSGI server (what
`make run` uses; pytest-django's live_server runs it in a thread) and gunicorn with DEBUG off
(production), started as a process against the test database. The client is `requests`, so
what is checked is what goes over the wire: status lines, header types, bodies.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token

from tests.admin.roles import OFFICER, member_of

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def gunicorn(log_dir: Path, **env_overrides: str):
    """gunicorn with DEBUG off and collected static files, on the test database, with the
    environment's settings and `env_overrides` (a low throttle rate, another database or Redis);
    yields its base URL once it answers /healthz. What it logs goes to log_dir/gunicorn.log."""
    static_root = log_dir / "static"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        # Plain HTTP on 127.0.0.1, with no TLS proxy in front (production redirects to HTTPS).
        "SECURE_SSL_REDIRECT": "off",
        "STATIC_ROOT": str(static_root),
        "API_ANON_THROTTLE_RATE": "100000/hour",
        "API_USER_THROTTLE_RATE": "100000/hour",
        **env_overrides,
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    log = (log_dir / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(python).with_name("gunicorn")),
            "cica_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            # /healthz is exempt from the redirect to HTTPS a production configuration answers.
            requests.get(f"{url}/healthz", timeout=10, allow_redirects=False)
            break
        except requests.RequestException:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited: {Path(log.name).read_text()}")
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"gunicorn did not start: {Path(log.name).read_text()}")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def gunicorn_url(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn as in production, but answering plain HTTP (no redirect to HTTPS); it trusts
    X-Forwarded-Proto as behind docker-compose's TLS proxy. PostgreSQL only: an in-memory SQLite
    test database cannot be shared with another process."""
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the test database only on PostgreSQL (CI runs it)")
    with gunicorn(
        tmp_path_factory.mktemp("gunicorn"),
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
    ) as url:
        yield url


@pytest.fixture(params=["runserver", "gunicorn"])
def server(request, transactional_db):
    """The base URL of a running server; each test runs against both."""
    if request.param == "runserver":
        return request.getfixturevalue("live_server").url
    return request.getfixturevalue("gunicorn_url")


@pytest.fixture
def officer():
    """A user in the Secretariat officers' group, with the migration's permissions."""
    return member_of(OFFICER, "live-officer")


@pytest.fixture
def officer_token(officer) -> str:
    return Token.objects.create(user=officer).key


@pytest.fixture
def http() -> requests.Session:
    """An anonymous HTTP client that asks for JSON."""
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    return session


@pytest.fixture
def officer_http(officer_token) -> requests.Session:
    session = requests.Session()
    session.headers.update(
        {"Accept": "application/json", "Authorization": f"Token {officer_token}"}
    )
    return session
