"""Redis down does not take the site down (issue 12, points 1 and 7): with the cache (and, in
the last test, the Celery broker of gunicorn, a worker and beat) on a Redis server of its own,
stopped mid-test, the portal and the API answer 200, an API change and an admin save commit,
and once Redis is back the pages show the changes made while it was away and the statistics
recompile they asked for runs."""

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
import redis
import requests
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks

from bench.load import process as background_process
from bench.load import sign_in as admin_session
from cbm.models import AnnualPlan, PlanItem, PlanStatsSnapshot, Source, StatsRecompile
from cbm.stats import compile_plan_stats, default_as_of
from tests.admin.roles import PASSWORD
from tests.live.conftest import database_url, free_port, gunicorn

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
    return admin_session(site, officer.username, PASSWORD)


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
        saved = add_source_in_admin(admin, site, "Note verbale written while Redis was down")
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


ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
SWEEP = "Recompile the statistics left stale"  # cbm migration 0017's beat entry
# Short waits for the processes of the broker-outage test: a recompile is swept 1 + 3 s after
# its change (the visibility timeout stays above twice the time limit, as settings demand).
SHORT = {
    "CBM_STATS_RECOMPILE_DELAY": "1",
    "CELERY_TASK_TIME_LIMIT": "3",
    "CELERY_VISIBILITY_TIMEOUT": "10",
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
}
EVENT_HELD_OFFLINE = {
    "code": "outage-2023-briefing",
    "plan": 2023,
    "category": "cbm_event",
    "priority_area": "tourism",
    "title_en": "Briefing held while the broker was down",
    "start_date": "2023-05-02",
    "end_date": "2023-05-02",
    "date_precision": "day",
    "status": "completed",
}


def add_source_in_admin(admin: requests.Session, site: str, title: str) -> requests.Response:
    """An officer's save of a new source in the admin (its add form, CSRF and all)."""
    add_source = f"{site}/en/admin/cbm/source/add/"
    admin.get(add_source)
    return admin.post(
        add_source,
        data={
            "title_en": title,
            "date_precision": "unknown",
            "csrfmiddlewaretoken": admin.cookies["csrftoken"],
            "_save": "Save",
        },
        headers={"Referer": add_source},
        allow_redirects=False,
    )


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"Gave up after {timeout}s waiting for {what}.")


@contextmanager
def celery(kind: str, log_dir, env: dict):
    """A real `celery worker` or `celery beat` process on the test database and `env`'s broker."""
    command = [sys.executable, "-m", "celery", "-A", "cica_site", kind, "--loglevel=info"]
    if kind == "worker":
        command += ["--concurrency=1", "--without-gossip", "--without-mingle"]
    else:  # the sweep's schedule from the database, looked at every second
        command += ["--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"]
        command += ["--max-interval", "1", "--schedule", str(log_dir / "beat-schedule")]
    process_env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    process_env.update(DJANGO_SETTINGS_MODULE="cica_site.settings", **env)
    log = log_dir / f"{kind}.log"
    # In a process group of its own: the pool's children stop with it.
    with background_process(command, process_env, log):
        yield log


def sweep_every_second() -> None:
    # What an officer may do in the admin's periodic tasks; 2 minutes in production.
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=SWEEP, defaults={"task": "cbm.tasks.queue_stale_plans", "interval": every_second}
    )
    PeriodicTasks.update_changed()


def restart(own_redis) -> None:
    own_redis["process"] = subprocess.Popen(own_redis["command"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            redis.Redis(port=own_redis["port"]).ping()
            return
        except redis.ConnectionError:
            time.sleep(0.05)


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="gunicorn and the Celery worker and beat share the test database only on PostgreSQL "
    "(DATABASE_URL=postgres://…; CI runs it)",
)
def test_a_recompile_requested_while_the_broker_is_down_runs_once_it_is_back(
    transactional_db, own_redis, officer, officer_token, tmp_path
):
    call_command("load_reference_data", verbosity=0)
    sweep_every_second()
    plan = AnnualPlan.objects.get(year=2023)
    as_of = default_as_of(plan)
    completed_before = compile_plan_stats(plan, as_of).completed
    # One Redis, stopped mid-test, is the cache and the broker of every process.
    env = {**SHORT, "REDIS_URL": f"redis://127.0.0.1:{own_redis['port']}/0"}
    with (
        gunicorn(tmp_path, **env) as site,
        celery("worker", tmp_path, {**env, "DATABASE_URL": database_url()}) as worker_log,
        celery("beat", tmp_path, {**env, "DATABASE_URL": database_url()}) as beat_log,
    ):
        api = requests.Session()
        api.headers.update(
            {"Authorization": f"Token {officer_token}", "Accept": "application/json"}
        )
        admin = sign_in(site, officer)
        assert requests.get(f"{site}/en/plans/2023/").status_code == 200

        own_redis["process"].terminate()
        own_redis["process"].wait(timeout=10)
        outage_began = timezone.now()

        started = time.monotonic()
        for page in PAGES:
            assert requests.get(site + page).status_code == 200, page
        created = api.post(f"{site}/api/v1/events/", json=EVENT_HELD_OFFLINE)
        assert created.status_code == 201, created.text
        url = f"{site}/api/v1/events/2023-cbm-01/"
        etag = api.get(url).headers["ETag"]
        changed = api.patch(url, json={"participants": 41}, headers={"If-Match": etag})
        assert changed.status_code == 200, changed.text
        saved = add_source_in_admin(admin, site, "Note verbale written while the broker was down")
        assert saved.status_code == 302, saved.text[:2000]
        # Not a timing test: kombu's default publish retries held each write for 20 s.
        assert time.monotonic() - started < 30
        assert PlanItem.objects.get(code="2023-cbm-01").participants == 41
        assert Source.objects.filter(title_en__startswith="Note verbale written").exists()
        assert StatsRecompile.objects.filter(plan=plan).exists()  # the queueing was lost

        restart(own_redis)
        expected = compile_plan_stats(plan, as_of)
        assert expected.completed == completed_before + 1

        def recompiled() -> bool:
            snapshot = PlanStatsSnapshot.objects.filter(
                plan=plan, as_of=as_of, compiled_at__gt=outage_began
            ).first()
            return (
                snapshot is not None
                and snapshot.figures == expected.to_json()
                and not StatsRecompile.objects.filter(plan=plan).exists()
            )

        wait_for(
            recompiled,
            60,
            "the sweep to queue the recompile and the worker to run it; worker log:\n"
            f"{worker_log.read_text()}\nbeat log:\n{beat_log.read_text()}",
        )
