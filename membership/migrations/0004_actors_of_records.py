"""Every state, organization and body gets its actor (as membership.models.sync_actor makes
it, restated here over the migration's models); officers view, add and change actors."""

import re

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "Secretariat officer"
VIEWER = "Secretariat viewer"
GRANTS = {OFFICER: ["view", "add", "change", "delete"], VIEWER: ["view"]}


def create_actors(apps, schema_editor):
    Actor = apps.get_model("membership", "Actor")
    for state in apps.get_model("membership", "State").objects.all():
        kind = "member_state" if state.status == "member" else "observer_state"
        Actor.objects.update_or_create(
            state=state,
            defaults={
                "kind": kind,
                "slug": state.iso_code,
                "country": state.iso_code,
                "name_en": state.name_en,
                "name_ru": state.name_ru,
            },
        )
    for organization in apps.get_model("membership", "Organization").objects.all():
        kind = (
            "partner_organization" if organization.status == "partner" else "observer_organization"
        )
        Actor.objects.update_or_create(
            organization=organization,
            defaults={
                "kind": kind,
                "slug": re.sub(r"[^A-Za-z0-9_-]+", "-", organization.abbreviation).strip("-"),
                "name_en": organization.name_en,
                "name_ru": organization.name_ru,
            },
        )
    for body in apps.get_model("bodies", "Body").objects.all():
        secretariat = body.slug == "secretariat"
        Actor.objects.update_or_create(
            body=body,
            defaults={
                "kind": "secretariat" if secretariat else "cica_body",
                "slug": "cica-secretariat" if secretariat else f"cica-{body.slug}",
                "name_en": body.name_en,
                "name_ru": body.name_ru,
            },
        )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("membership")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    add_actor_permissions(apps)


def add_actor_permissions(apps):
    """Add the actor permissions to the groups (created if missing), keeping their others."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="membership",
                codename__in=[f"{action}_actor" for action in actions],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0003_actor"),
        ("bodies", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_actors, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
