"""Readiness: is each service the site depends on answering? Plain functions, no HTTP.

Each check returns a `Check`: ok, failing, or not configured (a service the embedded defaults
do without: no Redis, tasks run in-process), with a message and how long the check took. Each
is bounded: Redis by the cache's socket timeout, PostgreSQL by a statement timeout (and the
driver's connect timeout), so a service that is down answers "failing" fast instead of hanging.
"""

import logging
import time
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

from cica_site.celery import app as celery_app
from operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

OK = "ok"
FAILING = "failing"
NOT_CONFIGURED = "not configured"

# A check of PostgreSQL gives up after this long (milliseconds).
DATABASE_STATEMENT_TIMEOUT_MS = 2000


@dataclass
class Check:
    status: str
    message: str
    latency_ms: float = 0.0

    @property
    def failing(self) -> bool:
        return self.status == FAILING


def timed(check):
    """Run `check()` and record its latency on the Check it returns."""
    started = time.perf_counter()
    result = check()
    result.latency_ms = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> Check:
    """A SELECT 1, and every migration applied."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SET LOCAL statement_timeout = %s", [DATABASE_STATEMENT_TIMEOUT_MS]
                    )
                cursor.execute("SELECT 1")
                cursor.fetchone()
            executor = MigrationExecutor(connection)
            unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        # The details go to the log, not to whoever asks /readyz.
        logger.warning("Readiness: the database does not answer: %s", error)
        return Check(FAILING, _("The database does not answer."))
    if unapplied:
        return Check(
            FAILING,
            _("Migrations not applied: %(count)d. Run manage.py migrate.")
            % {"count": len(unapplied)},
        )
    return Check(OK, _("The database answers and every migration is applied."))


def check_redis() -> Check:
    """The cache's Redis answers PING (Redis is also the Celery broker)."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return Check(NOT_CONFIGURED, _("No Redis is configured: the cache is in memory."))
    try:
        # The client underneath the forgiving cache: here a failure must be seen, not forgiven.
        cache._cache.get_client(write=True).ping()
    except Exception as error:  # noqa: BLE001 - whatever Redis raises, it is not ready
        logger.warning("Readiness: Redis does not answer: %s", error)
        return Check(FAILING, _("Redis does not answer."))
    return Check(OK, _("Redis answers."))


def check_worker(max_age: timedelta | None = None) -> Check:
    """A Celery worker ran the heartbeat task within `max_age` (READY_HEARTBEAT_MAX_AGE)."""
    if celery_app.conf.task_always_eager:
        return Check(OK, _("in-process: tasks run in the web process, no worker is needed."))
    max_age = max_age or timedelta(seconds=settings.READY_HEARTBEAT_MAX_AGE)
    try:
        newest = WorkerHeartbeat.objects.order_by("-beat_at").first()
    except DatabaseError as error:
        logger.warning("Readiness: the workers' heartbeat cannot be read: %s", error)
        return Check(FAILING, _("The workers' heartbeat cannot be read."))
    if newest is None:
        return Check(FAILING, _("No Celery worker has reported a heartbeat yet."))
    age = timezone.now() - newest.beat_at
    if age > max_age:
        return Check(
            FAILING,
            _("The newest Celery worker heartbeat (%(worker)s) is %(seconds)d s old.")
            % {"worker": newest.hostname, "seconds": age.total_seconds()},
        )
    return Check(
        OK,
        _("Celery worker %(worker)s reported %(seconds)d s ago.")
        % {"worker": newest.hostname, "seconds": age.total_seconds()},
    )


HEARTBEAT_TASK = "operations.tasks.heartbeat"


def check_beat(max_age: timedelta = timedelta(minutes=5)) -> Check:
    """Celery beat queued the heartbeat within `max_age`. Beat writes when it last sent a task
    every three minutes (django-celery-beat's sync), hence the margin. Compose's probe of the
    beat container; /readyz needs no such check, the worker's heartbeat covers beat too."""
    from django_celery_beat.models import PeriodicTask

    if celery_app.conf.task_always_eager:
        return Check(NOT_CONFIGURED, _("in-process: no beat runs with the embedded defaults."))
    try:
        last_run_at = (
            PeriodicTask.objects.filter(task=HEARTBEAT_TASK, enabled=True)
            .values_list("last_run_at", flat=True)
            .first()
        )
    except DatabaseError as error:
        logger.warning("Readiness: beat's schedule cannot be read: %s", error)
        return Check(FAILING, _("Beat's schedule cannot be read."))
    if last_run_at is None or timezone.now() - last_run_at > max_age:
        return Check(FAILING, _("Celery beat has not queued the heartbeat lately."))
    return Check(OK, _("Celery beat queues the heartbeat."))


CHECKS = {"database": check_database, "redis": check_redis, "worker": check_worker}


PROBES = {**CHECKS, "beat": check_beat}


def readiness(names: list[str] | None = None) -> tuple[bool, dict]:
    """Run the checks named (default: those of /readyz). Returns whether the site is ready
    (nothing configured is failing) and the report:
    {"status": "ok"|"failing", "checks": {name: {status, message, latency_ms}}}."""
    checks = {name: timed(PROBES[name]) for name in names or CHECKS}
    ready = not any(check.failing for check in checks.values())
    report = {
        "status": OK if ready else FAILING,
        "checks": {name: asdict(check) for name, check in checks.items()},
    }
    return ready, report


# A worker silent for this long is gone (a replaced container): its row goes.
FORGET_WORKERS_AFTER = timedelta(days=1)


def record_heartbeat(hostname: str) -> WorkerHeartbeat:
    """Note that worker `hostname` is alive now, and forget workers long gone."""
    now = timezone.now()
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"beat_at": now}
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return heartbeat
