"""/healthz and /readyz over real HTTP (issue 12, point 5): alive is one thing, ready another.

Readiness names each dependency: the database (with its migrations), Redis, and a Celery worker
by its heartbeat in PostgreSQL, so a Redis outage and stopped workers read differently."""

import json
import time
from datetime import timedelta

import pytest
import requests
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from cica_site.celery import app as celery_app
from operations.health import record_heartbeat
from operations.models import WorkerHeartbeat
from operations.tasks import heartbeat
from tests.cbm.test_worker_kill import ON_POSTGRES, Workers, wait_for
from tests.live.conftest import free_port, gunicorn
from tests.live.test_redis_outage import REDIS_SERVER, cache_on, own_redis  # noqa: F401

TIMEOUT = 15  # a probe that hangs fails the test instead of hanging it


def statuses(report: dict) -> dict:
    return {name: check["status"] for name, check in report["checks"].items()}


@pytest.fixture
def expecting_a_worker():
    """Tasks go to workers, as in production, even on the embedded defaults (then readiness
    looks for a worker's heartbeat)."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = before


def test_healthz_answers_ok_and_is_never_cached(server):
    answer = requests.get(f"{server}/healthz", timeout=TIMEOUT)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json() == {"status": "ok"}
    assert "no-cache" in answer.headers["Cache-Control"]
    assert "max-age=0" in answer.headers["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reads_nothing_from_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_is_ok_with_the_database_redis_and_a_fresh_heartbeat(server):
    record_heartbeat("celery@worker-1")
    answer = requests.get(f"{server}/readyz", timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["status"] == "ok"
    assert set(report["checks"]) == {"database", "redis", "worker"}
    assert statuses(report)["database"] == "ok"
    # Redis where the suite has it (CI), "not configured" on the embedded defaults.
    assert statuses(report)["redis"] == ("ok" if settings.REDIS_URL else "not configured")
    assert statuses(report)["worker"] == "ok"
    for check in report["checks"].values():
        assert check["message"]
        assert check["latency_ms"] >= 0


def test_readyz_fails_naming_the_worker_when_the_heartbeat_is_stale(
    live_server, expecting_a_worker
):
    WorkerHeartbeat.objects.create(
        hostname="celery@worker-1", beat_at=timezone.now() - timedelta(minutes=10)
    )
    answer = requests.get(f"{live_server.url}/readyz", timeout=TIMEOUT)
    assert answer.status_code == 503
    report = answer.json()
    assert report["status"] == "failing"
    assert statuses(report)["worker"] == "failing"
    assert statuses(report)["database"] == "ok"
    assert "celery@worker-1" in report["checks"]["worker"]["message"]

    record_heartbeat("celery@worker-2")
    assert requests.get(f"{live_server.url}/readyz", timeout=TIMEOUT).status_code == 200


@pytest.mark.skipif(not settings.REDIS_URL, reason="the gunicorn of the suite runs tasks eagerly")
def test_readyz_over_gunicorn_fails_when_no_worker_reported(gunicorn_url, transactional_db):
    answer = requests.get(f"{gunicorn_url}/readyz", timeout=TIMEOUT)
    assert answer.status_code == 503
    assert statuses(answer.json())["worker"] == "failing"
    assert "No Celery worker" in answer.json()["checks"]["worker"]["message"]


LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_readyz_on_the_embedded_defaults_needs_no_redis_and_no_worker(live_server, eager_celery):
    with override_settings(CACHES=LOCAL_MEMORY):
        answer = requests.get(f"{live_server.url}/readyz", timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert statuses(report) == {"database": "ok", "redis": "not configured", "worker": "ok"}
    assert report["checks"]["worker"]["message"].startswith("in-process")


@pytest.mark.skipif(REDIS_SERVER is None, reason="needs redis-server (CI installs it)")
def test_readyz_fails_naming_redis_while_the_cache_redis_is_stopped(live_server, own_redis):  # noqa: F811
    record_heartbeat("celery@worker-1")
    with override_settings(CACHES=cache_on(own_redis["port"])):
        assert requests.get(f"{live_server.url}/readyz", timeout=TIMEOUT).status_code == 200

        own_redis["process"].terminate()
        own_redis["process"].wait(timeout=10)

        answer = requests.get(f"{live_server.url}/readyz", timeout=TIMEOUT)
        assert answer.status_code == 503
        report = answer.json()
        assert statuses(report) == {"database": "ok", "redis": "failing", "worker": "ok"}
        assert report["checks"]["redis"]["message"] == "Redis does not answer."
        # The process is alive all the same, and the pages are served.
        assert requests.get(f"{live_server.url}/healthz", timeout=TIMEOUT).status_code == 200
        assert requests.get(f"{live_server.url}/en/", timeout=TIMEOUT).status_code == 200


def test_gunicorn_without_its_database_and_redis_is_alive_and_not_ready(tmp_path):
    closed = free_port()  # nothing listens there
    with gunicorn(
        tmp_path,
        DATABASE_URL=f"postgres://cica:cica@127.0.0.1:{closed}/cica",
        REDIS_URL=f"redis://127.0.0.1:{closed}/0",
        LOG_FORMAT="json",
    ) as site:
        assert requests.get(f"{site}/healthz", timeout=TIMEOUT).json() == {"status": "ok"}
        answer = requests.get(
            f"{site}/readyz", headers={"X-Request-ID": "probe-42"}, timeout=TIMEOUT
        )
        assert answer.status_code == 503
        assert statuses(answer.json()) == {
            "database": "failing",
            "redis": "failing",
            "worker": "failing",
        }
        assert answer.json()["checks"]["database"]["message"] == "The database does not answer."
        # What the database said goes to the log, not to whoever asks.
        assert str(closed) not in answer.text
        time.sleep(0.5)  # let the worker flush its last log line
        log = (tmp_path / "gunicorn.log").read_text()
    records = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    probe = [record for record in records if record.get("request_id") == "probe-42"]
    assert {record["logger"] for record in probe} >= {"operations.requests", "operations.health"}
    request_line = next(r for r in probe if r["logger"] == "operations.requests")
    assert request_line["message"] == "GET /readyz 503"
    assert request_line["level"] == "INFO"
    assert request_line["status"] == 503


def test_the_heartbeat_runs_every_30_seconds_from_the_database_schedule(db):
    entry = PeriodicTask.objects.get(task="operations.tasks.heartbeat")
    assert entry.enabled
    assert (entry.interval.every, entry.interval.period) == (30, "seconds")
    assert entry.task in celery_app.tasks


@pytest.mark.skipif(
    not (ON_POSTGRES and settings.REDIS_URL),
    reason="a real Celery worker shares the test database only on PostgreSQL, with Redis",
)
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_heartbeat_readyz_reads(live_server, tmp_path):
    workers = Workers(tmp_path)
    workers.env["LOG_FORMAT"] = "json"
    try:
        worker = workers.start("heartbeat")
        heartbeat.apply_async(queue=workers.queue)

        def written():
            assert worker.poll() is None, workers.output()
            return WorkerHeartbeat.objects.filter(hostname__contains=workers.queue).first()

        beat = wait_for(written, 60, f"the worker's heartbeat; its log:\n{workers.output()}")
        assert timezone.now() - beat.beat_at < timedelta(minutes=1)
        answer = requests.get(f"{live_server.url}/readyz", timeout=TIMEOUT)
        assert answer.status_code == 200, answer.text
        assert workers.queue in answer.json()["checks"]["worker"]["message"]
    finally:
        workers.stop_all()
    # The worker logs as the web does: one JSON object a line.
    records = [json.loads(line) for line in workers.output().splitlines() if line.startswith("{")]
    assert any(
        "operations.tasks.heartbeat" in record["message"] and record["level"] == "INFO"
        for record in records
    ), workers.output()


@pytest.mark.django_db
def test_probes_are_exempt_from_the_ssl_redirect_the_pages_are_not():
    with override_settings(SECURE_SSL_REDIRECT=True):
        probe = Client()  # a new client loads the middleware with the setting on
        assert probe.get("/healthz").status_code == 200
        assert probe.get("/readyz").status_code in (200, 503)
        assert probe.get("/en/").status_code == 301


@pytest.mark.django_db
def test_a_worker_s_heartbeats_keep_one_row_and_workers_long_gone_are_forgotten():
    WorkerHeartbeat.objects.create(
        hostname="celery@replaced", beat_at=timezone.now() - timedelta(days=2)
    )
    first = record_heartbeat("celery@worker-1")
    latest = record_heartbeat("celery@worker-1")
    record_heartbeat("celery@worker-2")
    assert set(WorkerHeartbeat.objects.values_list("hostname", flat=True)) == {
        "celery@worker-1",
        "celery@worker-2",
    }
    assert WorkerHeartbeat.objects.get(hostname="celery@worker-1").beat_at == latest.beat_at
    assert latest.beat_at >= first.beat_at
