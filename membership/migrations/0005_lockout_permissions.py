"""Officers see failed sign-ins and lift lockouts (django-axes' access attempts: deleting one
unlocks it) and read the sign-in log; viewers see neither, as they hold addresses."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "Secretariat officer"
OFFICER_CODENAMES = ["view_accessattempt", "delete_accessattempt", "view_accesslog"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    add_lockout_permissions(apps)


def add_lockout_permissions(apps):
    """Add the lockout permissions to the officers' group (created if missing)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=OFFICER)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=OFFICER_CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=OFFICER).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="axes", codename__in=OFFICER_CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0004_actors_of_records"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
