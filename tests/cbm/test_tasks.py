"""The statistics tasks: reliable by configuration, idempotent, scheduled nightly, and queued
once per transaction (and once per burst of transactions) when plan items change."""

import os
import subprocess
import sys
import uuid
from datetime import date

import pytest
from celery.signals import before_task_publish, task_prerun
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, OperationalError, transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from cbm.models import PlanItem, PlanStatsSnapshot
from cbm.tasks import compile_plan_snapshot, compile_recent_plans
from cica_site.celery import app as celery_app
from tests import factories

pytestmark = pytest.mark.django_db

COMPILE = "cbm.tasks.compile_plan_snapshot"


@pytest.fixture
def compiles_run(eager_celery):
    """The compiles Celery runs in this process, counted by its task_prerun signal."""
    runs = []

    def count(sender=None, args=None, **kwargs):
        if sender.name == COMPILE:
            runs.append(tuple(args))

    task_prerun.connect(count, weak=False)
    yield runs
    task_prerun.disconnect(count)


@pytest.fixture
def compiles_sent():
    """The compiles sent to the broker (memory:// on the embedded defaults, Redis in CI),
    counted by Celery's before_task_publish signal, on a queue of this test's own that is
    deleted afterwards so no worker ever sees them."""
    queue = f"test-stats-{uuid.uuid4().hex}"
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    sent = []

    def count(sender=None, body=None, headers=None, **kwargs):
        if sender == COMPILE:
            sent.append({"args": tuple(body[0]), "eta": headers.get("eta")})

    before_task_publish.connect(count, weak=False)
    yield sent
    before_task_publish.disconnect(count)
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_delete(queue)


def committed(django_capture_on_commit_callbacks):
    """Run the block in a transaction and then its on-commit callbacks, as a commit does."""
    return django_capture_on_commit_callbacks(execute=True)


def import_items(plan, n, prefix="import"):
    area = factories.priority_area()
    organizer = factories.state()
    with transaction.atomic():
        for i in range(n):
            factories.cbm_event(
                code=f"{prefix}-{i}",
                plan=plan,
                priority_area=area,
                organizer=organizer,
                status=PlanItem.Status.COMPLETED,
            )


# Reliability by configuration


def test_tasks_are_acknowledged_late_requeued_when_the_worker_dies_and_fetched_one_at_a_time():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1


def test_visibility_timeout_is_longer_than_twice_the_time_limit():
    conf = celery_app.conf
    assert conf.task_time_limit > 0
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] > 2 * conf.task_time_limit


def test_compile_retries_with_backoff_on_database_errors():
    assert set(compile_plan_snapshot.autoretry_for) >= {DatabaseError, OperationalError}
    assert compile_plan_snapshot.retry_backoff is True
    assert compile_plan_snapshot.max_retries >= 1


def run_settings_probe(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="cica_site.settings")
    probe = (
        "import django; django.setup(); from cica_site.celery import app; c = app.conf; "
        "print(c.task_time_limit, c.broker_transport_options['visibility_timeout'])"
    )
    return subprocess.run(
        [sys.executable, "-c", probe],
        env=clean,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_shorter_timeouts_come_from_the_environment():
    result = run_settings_probe(CELERY_TASK_TIME_LIMIT="8", CELERY_VISIBILITY_TIMEOUT="20")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["8", "20"]


def test_a_visibility_timeout_within_twice_the_time_limit_is_refused():
    result = run_settings_probe(CELERY_TASK_TIME_LIMIT="10", CELERY_VISIBILITY_TIMEOUT="20")
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT" in result.stderr


# The compile task


def test_compiling_twice_keeps_one_snapshot_with_the_same_figures(reference_data):
    plan = factories.plan(2023)
    first = compile_plan_snapshot.apply((plan.pk, "2023-11-30")).get()
    second = compile_plan_snapshot.apply((plan.pk, "2023-11-30")).get()
    assert first == second
    snapshot = PlanStatsSnapshot.objects.get(plan=plan)
    assert (snapshot.as_of, snapshot.figures["completed"]) == (date(2023, 11, 30), 27)


def test_compile_without_a_date_is_as_of_the_plans_last_day_once_its_year_is_over():
    plan = factories.plan(2019)
    snapshot = PlanStatsSnapshot.objects.get(pk=compile_plan_snapshot.apply((plan.pk,)).get())
    assert snapshot.as_of == date(2019, 12, 31)


def test_compile_of_a_plan_deleted_since_it_was_queued_does_nothing():
    plan = factories.plan(2019)
    plan_id = plan.pk
    plan.delete()
    assert compile_plan_snapshot.apply((plan_id,)).get() is None
    assert not PlanStatsSnapshot.objects.exists()


def test_nightly_job_compiles_the_current_and_the_previous_year_only(compiles_run):
    year = timezone.localdate().year
    current, previous, older = (factories.plan(y) for y in (year, year - 1, year - 2))
    assert compile_recent_plans.delay().get() == [previous.pk, current.pk]
    assert set(PlanStatsSnapshot.objects.values_list("plan", flat=True)) == {
        current.pk,
        previous.pk,
    }
    assert sorted(run[0] for run in compiles_run) == sorted([current.pk, previous.pk])
    assert not older.snapshots.exists()


def test_nightly_job_is_in_the_database_schedule_officers_edit():
    entry = PeriodicTask.objects.get(task="cbm.tasks.compile_recent_plans")
    assert entry.enabled
    assert (entry.crontab.hour, entry.crontab.minute) == ("2", "30")
    assert entry.task in celery_app.tasks
    # As beat's DatabaseScheduler reads it: a crontab, nightly at 02:30.
    beat_entry = DatabaseScheduler.Entry(entry, app=celery_app)
    assert (beat_entry.schedule.hour, beat_entry.schedule.minute) == ({2}, {30})
    assert settings.CELERY_BEAT_SCHEDULER.endswith("DatabaseScheduler")


# Coalesced recompiles after changes


def test_importing_200_items_in_one_transaction_compiles_once(
    compiles_run, django_capture_on_commit_callbacks
):
    plan = factories.plan(2023)
    with committed(django_capture_on_commit_callbacks):
        import_items(plan, 200)
    assert compiles_run == [(plan.pk,)]
    assert PlanStatsSnapshot.objects.get(plan=plan).figures["total_items"] == 200


def test_importing_200_items_sends_one_compile_with_a_countdown(
    compiles_sent, django_capture_on_commit_callbacks
):
    plan = factories.plan(2023)
    with committed(django_capture_on_commit_callbacks):
        import_items(plan, 200)
    assert [message["args"] for message in compiles_sent] == [(plan.pk,)]
    assert compiles_sent[0]["eta"] is not None


def test_changes_in_transactions_in_a_row_share_the_compile_still_waiting(
    compiles_sent, django_capture_on_commit_callbacks
):
    plan = factories.plan(2023)
    item = factories.cbm_event(plan=plan)
    for status in (PlanItem.Status.POSTPONED, PlanItem.Status.PLANNED):
        with committed(django_capture_on_commit_callbacks), transaction.atomic():
            item.status = status
            item.save()
    assert len(compiles_sent) == 1
    # Once the compile has started, a new change needs a compile of its own.
    compile_plan_snapshot.apply((plan.pk,))
    with committed(django_capture_on_commit_callbacks):
        item.delete()
    assert [message["args"] for message in compiles_sent] == [(plan.pk,), (plan.pk,)]


def test_a_rolled_back_change_queues_nothing(compiles_sent, django_capture_on_commit_callbacks):
    plan = factories.plan(2023)
    with committed(django_capture_on_commit_callbacks) as callbacks:
        try:
            with transaction.atomic():
                factories.cbm_event(plan=plan)
                raise RuntimeError("import aborted")
        except RuntimeError:
            pass
    assert callbacks == []
    assert compiles_sent == []


def test_moving_an_item_to_another_plan_recompiles_both(
    compiles_sent, django_capture_on_commit_callbacks
):
    old, new = factories.plan(2023), factories.plan(2024)
    item = factories.cbm_event(plan=old)
    item = PlanItem.objects.get(pk=item.pk)
    with committed(django_capture_on_commit_callbacks):
        item.plan = new
        item.save()
    assert sorted(message["args"] for message in compiles_sent) == [(old.pk,), (new.pk,)]


def test_loading_the_reference_data_queues_no_compile(
    compiles_sent, django_capture_on_commit_callbacks
):
    with committed(django_capture_on_commit_callbacks):
        call_command("load_reference_data", verbosity=0)
    assert PlanItem.objects.in_year(2023).count() == 41
    assert compiles_sent == []
