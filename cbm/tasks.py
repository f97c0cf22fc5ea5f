"""Celery tasks of the cbm app: thin wrappers that fetch ids and call cbm.stats."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from cbm.models import AnnualPlan
from cbm.stats import store_snapshot


@shared_task
def compile_plan_snapshot(plan_id: int, as_of: str | None = None) -> int:
    """Compile and store the snapshot of plan `plan_id` as of `as_of` (ISO date; default
    today, or the plan's last day once its year is over). Returns the snapshot's id."""
    plan = AnnualPlan.objects.get(pk=plan_id)
    day = date.fromisoformat(as_of) if as_of else min(timezone.localdate(), date(plan.year, 12, 31))
    return store_snapshot(plan, day).pk
