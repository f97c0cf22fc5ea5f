"""Every two minutes, queue the recompiles that were requested and are still not done (a lost
message, a killed worker): a django-celery-beat entry officers can see and change in the admin.
Created once; a later migration or deploy never overwrites their edits."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Recompile the statistics left stale"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    every_two_minutes, _ = IntervalSchedule.objects.get_or_create(every=2, period="minutes")
    PeriodicTask.objects.create(
        name=TASK_NAME,
        task="cbm.tasks.queue_stale_plans",
        interval=every_two_minutes,
        description="Queues a compile of the plans whose statistics a change marked stale and "
        "no compile has caught up with (a message lost while the broker was down, a worker "
        "killed mid-task).",
    )
    # A running beat reloads its schedule when this changes.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cbm", "0016_stats_recompile"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
