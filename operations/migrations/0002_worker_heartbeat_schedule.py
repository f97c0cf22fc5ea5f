"""Every 30 seconds, a worker says it is alive (operations.tasks.heartbeat), which /readyz
reads: a django-celery-beat entry officers can see in the admin. Created once; a later
migration or deploy never overwrites their edits."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Worker heartbeat"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    every_30_seconds, _ = IntervalSchedule.objects.get_or_create(every=30, period="seconds")
    PeriodicTask.objects.create(
        name=TASK_NAME,
        task="operations.tasks.heartbeat",
        interval=every_30_seconds,
        # A heartbeat queued while every worker was down says nothing when run much later.
        expire_seconds=30,
        description="A worker notes the time in the database; /readyz fails when the newest "
        "note is older than READY_HEARTBEAT_MAX_AGE (no worker is running the queue).",
    )
    # A running beat reloads its schedule when this changes.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_worker_heartbeat"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
