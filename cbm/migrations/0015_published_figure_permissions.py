"""Published figures are domain records: officers view, add and change them; viewers read them.

As in 0007_source_permissions.py, the permissions are created here first (data migrations run
before post_migrate would create them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "Secretariat officer"
VIEWER = "Secretariat viewer"
GRANTS = {OFFICER: ["view", "add", "change"], VIEWER: ["view"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cbm")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    add_published_figure_permissions(apps)


def add_published_figure_permissions(apps):
    """Add the published figure permissions to the groups (created if missing), keeping their
    others."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="cbm",
                codename__in=[f"{action}_publishedfigure" for action in actions],
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="cbm", codename__endswith="_publishedfigure"
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ("cbm", "0014_published_figure"),
        ("membership", "0002_secretariat_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
