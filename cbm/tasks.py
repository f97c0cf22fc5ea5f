"""Celery tasks of the cbm app: thin wrappers that fetch ids and call cbm.stats.

Reliability comes from the settings (late acknowledgement, requeue when the worker dies, prefetch
of one, visibility timeout beyond twice the time limit) and from the compile itself: it is
idempotent and writes its snapshot in one transaction, so running it twice, or being killed
half-way, leaves one complete snapshot.
"""

import logging
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from cbm.models import AnnualPlan, StatsRecompile
from cbm.stats import default_as_of, store_snapshot

logger = logging.getLogger(__name__)

RETRY_ON = (OperationalError, DatabaseError)


def recompile_pending_key(plan_id: int) -> str:
    return f"cbm:stats:recompile-pending:{plan_id}"


@shared_task(
    autoretry_for=RETRY_ON,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def compile_plan_snapshot(plan_id: int, as_of: str | None = None) -> int | None:
    """Compile and store the snapshot of plan `plan_id` as of `as_of` (ISO date; default
    today, or the plan's last day once its year is over). Returns the snapshot's id, or None
    when the plan has been deleted since the task was queued."""
    started = timezone.now()
    if as_of is None:
        # From here on, a new change must queue a new compile: this one may not see it.
        cache.delete(recompile_pending_key(plan_id))
    plan = AnnualPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        logger.info("Plan %s no longer exists; nothing to compile.", plan_id)
        return None
    day = date.fromisoformat(as_of) if as_of else default_as_of(plan)
    snapshot = store_snapshot(plan, day)
    if as_of is None:
        StatsRecompile.done(plan_id, compiled_from=started)
    return snapshot.pk


@shared_task
def queue_stale_plans() -> list[int]:
    """Queue a compile of every plan whose recompile was requested and is still not done
    after the time a queued compile takes (CBM_STATS_RECOMPILE_DELAY plus the task's time
    limit): its message was lost, or its worker died. Returns the plans queued."""
    waited = timedelta(seconds=settings.CBM_STATS_RECOMPILE_DELAY + settings.CELERY_TASK_TIME_LIMIT)
    stale = StatsRecompile.objects.filter(requested_at__lte=timezone.now() - waited)
    plan_ids = list(stale.order_by("requested_at").values_list("plan_id", flat=True))
    for plan_id in plan_ids:
        compile_plan_snapshot.delay(plan_id)
    return plan_ids


@shared_task
def compile_recent_plans() -> list[int]:
    """Queue a compile of the current and the previous year's plans (the nightly job).
    Returns the ids of the plans queued."""
    year = timezone.localdate().year
    plan_ids = list(
        AnnualPlan.objects.filter(year__in=[year - 1, year])
        .order_by("year")
        .values_list("pk", flat=True)
    )
    for plan_id in plan_ids:
        compile_plan_snapshot.delay(plan_id)
    return plan_ids


def request_recompile(plan_id: int) -> bool:
    """Queue a compile of plan `plan_id` unless one is already waiting, or the broker is
    unreachable (then the sweep queues it later); True if queued.

    The compile waits CBM_STATS_RECOMPILE_DELAY seconds, so that changes saved in quick
    succession (several transactions in a row) are compiled once. The pending mark lives in the
    cache and expires on its own, so a lost message cannot block recompiles for long.
    """
    delay = settings.CBM_STATS_RECOMPILE_DELAY
    key = recompile_pending_key(plan_id)
    # Refused when a compile is waiting, or when the cache is unreachable: then nothing
    # coalesces, and the compile is queued all the same.
    waiting = not cache.add(key, True, timeout=delay + settings.CELERY_TASK_TIME_LIMIT)
    if waiting and getattr(cache, "reachable", True):
        return False
    try:
        compile_plan_snapshot.apply_async((plan_id,), countdown=delay)
    except BrokerUnreachable as error:
        # The change's StatsRecompile row stays: the sweep queues it once the broker is back.
        # The publish gives up within a second (CELERY_TASK_PUBLISH_RETRY_POLICY).
        cache.delete(key)
        logger.warning(
            "Broker unreachable (%s); the recompile of plan %s waits for the sweep.",
            error.__class__.__name__,
            plan_id,
        )
        return False
    except Exception:
        cache.delete(key)
        raise
    return True
