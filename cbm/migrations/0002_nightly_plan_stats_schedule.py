"""The nightly compile of the current and previous year's plan statistics, as a django-celery-beat
entry, so officers can change its time or switch it off in the admin. Created once; a later
migration or deploy never overwrites their edits."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Nightly statistics of the current and previous year's plans"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=TASK_NAME).exists():
        return
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_month="*",
        month_of_year="*",
        day_of_week="*",
        timezone="Asia/Almaty",
    )
    PeriodicTask.objects.create(
        name=TASK_NAME,
        task="cbm.tasks.compile_recent_plans",
        crontab=nightly,
        description="Compiles and stores the statistics snapshots of the current and the "
        "previous year's annual plans.",
    )
    # A running beat reloads its schedule when this changes.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cbm", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
