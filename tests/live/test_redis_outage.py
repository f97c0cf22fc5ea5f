"""Redis down does not take the site down (issue 12, point 1): with the cache on a Redis server
of its own, stopped mid-test, the portal and the API answer 200, an API change and an admin save
commit, and once Redis is back the pages show the changes made while it was away."""

import shutil
import subprocess
import time

import pytest
import redis
import requests
from django.core.management import call_command
from django.test import override_settings

from cbm.models import PlanItem, Source
from tests.admin.roles import PASSWORD
from tests.live.conftest import free_port

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None, reason="needs redis-server (CI installs it from Debian)"
)


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server on a free port, for this test alone (the suite's stays up)."""
    port = free_port()
    # Append-only, so that a restart brings back what was cached before the outage.
    command = [
        REDIS_SERVER,
        *("--port", str(port), "--save", "", "--dir", str(tmp_path)),
        *("--appendonly", "yes", "--appendfsync", "always"),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    server = {"port": port, "process": process, "command": command}
    yield server
    server["process"].terminate()
    server["process"].wait(timeout=10)


def cache_on(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "cica_site.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


def sign_in(site: str, officer) -> requests.Session:
    browser = requests.Session()
    login = f"{site}/en/admin/login/"
    browser.get(login)
    signed_in = browser.post(
        login,
        data={
            "username": officer.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "next": "/en/admin/",
        },
        headers={"Referer": login},
    )
    assert "/en/admin/logout/" in signed_in.text
    return browser


PAGES = ["/en/", "/en/activities/", "/en/plans/2023/", "/ru/activities/", "/api/v1/events/"]


def test_the_site_serves_and_saves_while_redis_is_down(
    live_server, own_redis, officer, officer_token
):
    call_command("load_reference_data", verbosity=0)
    site = live_server.url
    api = requests.Session()
    api.headers["Authorization"] = f"Token {officer_token}"
    with override_settings(CACHES=cache_on(own_redis["port"])):
        admin = sign_in(site, officer)
        for page in PAGES:  # cached while Redis is up
            assert requests.get(site + page).status_code == 200, page
        assert "Offline seminar within military-political dimension" in (
            requests.get(f"{site}/en/activities/2023-cbm-01/").text
        )

        own_redis["process"].terminate()
        own_redis["process"].wait(timeout=10)

        started = time.monotonic()
        for page in PAGES:
            assert requests.get(site + page).status_code == 200, page
        assert time.monotonic() - started < 20  # each call gives up on Redis within 0.25 s
        changed = api.patch(
            f"{site}/api/v1/events/2023-cbm-01/", json={"title_en": "Seminar, changed offline"}
        )
        assert changed.status_code == 200, changed.text
        add_source = f"{site}/en/admin/cbm/source/add/"
        admin.get(add_source)
        saved = admin.post(
            add_source,
            data={
                "title_en": "Note verbale written while Redis was down",
                "date_precision": "unknown",
                "csrfmiddlewaretoken": admin.cookies["csrftoken"],
                "_save": "Save",
            },
            headers={"Referer": add_source},
            allow_redirects=False,
        )
        assert saved.status_code == 302, saved.text[:2000]
        assert PlanItem.objects.get(code="2023-cbm-01").title_en == "Seminar, changed offline"
        assert Source.objects.filter(title_en__startswith="Note verbale written").exists()

        # Redis back with the pages cached before the change: none of them is served now.
        own_redis["process"] = subprocess.Popen(own_redis["command"], stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                redis.Redis(port=own_redis["port"]).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        detail = requests.get(f"{site}/en/activities/2023-cbm-01/").text
        assert "Seminar, changed offline" in detail


@pytest.mark.django_db
def test_a_recompile_is_queued_while_the_cache_is_unreachable(django_capture_on_commit_callbacks):
    from cbm.tasks import request_recompile
    from tests import factories

    plan = factories.plan(2023)
    with override_settings(CACHES=cache_on(free_port())):  # nothing listens there
        assert request_recompile(plan.pk) is True
        assert request_recompile(plan.pk) is True  # no mark to coalesce on: queued again
