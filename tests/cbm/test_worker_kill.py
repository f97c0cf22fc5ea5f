"""A worker killed with SIGKILL in the middle of a compile loses nothing and half-writes nothing:
the broker hands the task to another worker after the visibility timeout, and that worker
stores exactly one complete snapshot.

Real PostgreSQL, a real Redis broker, real `celery worker` processes pointed at the test
database. The compile is held still by a lock the test takes on the snapshot table, so the kill
lands mid-task every time.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from cbm.models import AnnualPlan, PlanStatsSnapshot
from cbm.stats import compile_plan_stats
from cbm.tasks import compile_plan_snapshot

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

pytestmark = [
    pytest.mark.skipif(
        not (ON_POSTGRES and settings.REDIS_URL),
        reason="kills a real Celery worker: needs PostgreSQL (DATABASE_URL=postgres://…) "
        "shared with the worker process and a Redis broker (REDIS_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]

# Short and consistent: the visibility timeout stays above twice the time limit, and a worker
# looks for abandoned messages every second.
TIME_LIMIT = 10
VISIBILITY_TIMEOUT = 25
AS_OF = "2023-11-30"


def test_database_url(application_name: str) -> str:
    """DATABASE_URL of the test database, for a process of our own."""
    db = settings.DATABASES["default"]
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    host = db["HOST"] or "localhost"
    port = db["PORT"] or 5432
    return (
        f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}"
        f"?application_name={application_name}"
    )


test_database_url.__test__ = False  # a helper, not a test


def wait_for(condition, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"Gave up after {timeout}s waiting for {what}.")


def backends(application_name: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, wait_event_type, query FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [application_name],
        )
        return cursor.fetchall()


class Workers:
    """Starts `celery worker` processes on one queue; kills whatever is left at the end."""

    def __init__(self, tmp_path):
        run = uuid.uuid4().hex[:12]
        self.queue = f"test-worker-kill-{run}"
        self.application_name = f"cica-worker-kill-{run}"
        self.log = tmp_path / "workers.log"
        self.processes: list[subprocess.Popen] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="cica_site.settings",
            DATABASE_URL=test_database_url(self.application_name),
            REDIS_URL=settings.REDIS_URL,
            CELERY_TASK_TIME_LIMIT=str(TIME_LIMIT),
            CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
            CELERY_UNACKED_RESTORE_INTERVAL="1",
        )

    def start(self, name: str) -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "cica_site", "worker"]
        command += ["-Q", self.queue, "-n", f"{name}-{self.queue}@%h", "--concurrency=1"]
        command += ["--pool=prefork", "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat", "--loglevel=info"]
        with self.log.open("a") as log:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the pool child dies with it
            )
        self.processes.append(process)
        return process

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        # Server processes of killed workers must not outlive the test (the test database is
        # flushed and dropped after it).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = %s",
                [self.application_name],
            )
        from cica_site.celery import app

        with app.connection_for_write() as broker:
            broker.default_channel.queue_delete(self.queue)


@pytest.fixture
def workers(tmp_path):
    started = Workers(tmp_path)
    yield started
    started.stop_all()


@pytest.fixture
def snapshot_table_lock():
    """A separate connection that can hold the snapshot table in ACCESS EXCLUSIVE mode."""
    db = settings.DATABASES["default"]
    locker = psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
    )
    yield locker
    locker.rollback()
    locker.close()


def test_worker_killed_mid_compile_leaves_one_complete_snapshot_from_the_next_worker(
    reference_data, workers, snapshot_table_lock
):
    plan = AnnualPlan.objects.get(year=2023)
    snapshot_table_lock.execute("LOCK TABLE cbm_planstatssnapshot IN ACCESS EXCLUSIVE MODE")
    compile_plan_snapshot.apply_async((plan.pk, AS_OF), queue=workers.queue)

    first = workers.start("first")

    def compile_blocked_on_the_lock():
        assert first.poll() is None, f"The first worker exited:\n{workers.output()}"
        return [
            pid
            for pid, wait_type, query in backends(workers.application_name)
            if wait_type == "Lock" and "cbm_planstatssnapshot" in query
        ]

    wait_for(compile_blocked_on_the_lock, 60, "the first worker's compile to block on the lock")

    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    snapshot_table_lock.rollback()  # release: the killed compile's session can only fail now

    wait_for(
        lambda: not backends(workers.application_name),
        30,
        "the killed worker's database session to end",
    )
    assert not PlanStatsSnapshot.objects.exists(), "the killed compile wrote a snapshot"

    second = workers.start("second")

    def snapshot_stored():
        assert second.poll() is None, f"The second worker exited:\n{workers.output()}"
        return PlanStatsSnapshot.objects.exists()

    wait_for(
        snapshot_stored,
        VISIBILITY_TIMEOUT + 60,
        f"the redelivered compile to store its snapshot; worker log:\n{workers.output()}",
        interval=0.5,
    )
    snapshot = PlanStatsSnapshot.objects.get()
    assert (snapshot.plan_id, snapshot.as_of) == (plan.pk, date(2023, 11, 30))
    assert snapshot.figures == compile_plan_stats(plan, date(2023, 11, 30)).to_json()
    assert (snapshot.figures["completed"], snapshot.figures["scheduled"]) == (27, 3)
    assert snapshot.figures["expected_completed"] == 30
