"""A change marks its plan's statistics stale in its own transaction; the compile that has seen
it clears the mark; the sweep queues what no compile caught up with (issue 12, point 1)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cbm.models import PlanStatsSnapshot, StatsRecompile
from cbm.tasks import compile_plan_snapshot, queue_stale_plans
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def stale_plans() -> set[int]:
    return set(StatsRecompile.objects.values_list("plan__year", flat=True))


def test_a_change_marks_its_plan_with_it_and_a_rolled_back_one_does_not():
    plan = factories.plan(2023)
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.cbm_event(plan=plan)
        assert stale_plans() == {2023}  # written by the change's own transaction
        raise RuntimeError("rolled back")
    assert stale_plans() == set()


def test_the_compile_that_saw_the_change_clears_the_mark():
    plan = factories.plan(2023)
    StatsRecompile.request(plan.pk)
    compile_plan_snapshot(plan.pk)
    assert stale_plans() == set()
    assert PlanStatsSnapshot.objects.filter(plan=plan).exists()


def test_a_change_after_the_compile_started_keeps_the_mark():
    plan = factories.plan(2023)
    StatsRecompile.request(plan.pk)
    later = timezone.now() + timedelta(seconds=30)
    StatsRecompile.objects.filter(plan=plan).update(requested_at=later)  # saved mid-compile
    compile_plan_snapshot(plan.pk)
    assert stale_plans() == {2023}


@override_settings(CBM_STATS_RECOMPILE_DELAY=5, CELERY_TASK_TIME_LIMIT=60)
def test_the_sweep_queues_what_no_compile_caught_up_with_and_nothing_fresh():
    lost, fresh = factories.plan(2022), factories.plan(2023)
    StatsRecompile.request(lost.pk)
    StatsRecompile.request(fresh.pk)
    StatsRecompile.objects.filter(plan=lost).update(
        requested_at=timezone.now() - timedelta(minutes=2)
    )

    assert queue_stale_plans() == [lost.pk]
    # What a worker does with the message (in-process already where tasks run eagerly).
    compile_plan_snapshot(lost.pk)
    assert stale_plans() == {2023}
    assert PlanStatsSnapshot.objects.filter(plan=lost).exists()
