"""Users in the Secretariat's groups, for the admin and browser tests."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, User

groups_migration = import_module("membership.migrations.0002_secretariat_groups")
source_permissions_migration = import_module("cbm.migrations.0007_source_permissions")
actor_permissions_migration = import_module("membership.migrations.0004_actors_of_records")
figure_permissions_migration = import_module("cbm.migrations.0015_published_figure_permissions")
lockout_permissions_migration = import_module("membership.migrations.0005_lockout_permissions")
OFFICER = groups_migration.OFFICER
VIEWER = groups_migration.VIEWER
PASSWORD = "correct horse battery staple"


def ensure_groups():
    """The groups as the data migration creates them (again, after a flush of the tables)."""
    groups_migration.fill_groups(apps)
    source_permissions_migration.add_source_permissions(apps)
    actor_permissions_migration.add_actor_permissions(apps)
    figure_permissions_migration.add_published_figure_permissions(apps)
    lockout_permissions_migration.add_lockout_permissions(apps)


def member_of(group_name: str, username: str) -> User:
    """A staff user in `group_name`, signing in with PASSWORD."""
    ensure_groups()
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user
