"""The Secretariat's two groups: officers enter and maintain everything, viewers read it.

Officers may view, add and change every domain record; they may delete plan items and their
links, but deleting an item of an approved plan also needs cbm.delete_item_of_approved_plan,
which no group holds. Configuration (users, groups, scheduled tasks) stays with superusers.
Permissions are created here first: data migrations run before post_migrate would create them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "Secretariat officer"
VIEWER = "Secretariat viewer"

DOMAIN_MODELS = {
    "membership": ["state", "organization", "chairmanship", "focalpoint"],
    "bodies": ["body", "session"],
    "cbm": [
        "dimension",
        "priorityarea",
        "coordinatorrole",
        "conceptpaper",
        "annualplan",
        "planitem",
        "planitemlink",
        "planstatssnapshot",
    ],
}
# Compiled by the statistics task, never typed in.
READ_ONLY_MODELS = {("cbm", "planstatssnapshot")}
OFFICERS_MAY_DELETE = {("cbm", "planitem"), ("cbm", "planitemlink")}


def codenames(actions, app_label, model):
    return [(app_label, f"{action}_{model}") for action in actions]


def create_groups(apps, schema_editor):
    # The migration state's app configs have no models module, which create_permissions needs.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    fill_groups(apps)


def fill_groups(apps):
    """Create the groups (if missing) and give each exactly its permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    officer_perms, viewer_perms = [], []
    for app_label, models in DOMAIN_MODELS.items():
        for model in models:
            viewer_perms += codenames(["view"], app_label, model)
            if (app_label, model) in READ_ONLY_MODELS:
                officer_perms += codenames(["view"], app_label, model)
                continue
            officer_perms += codenames(["view", "add", "change"], app_label, model)
            if (app_label, model) in OFFICERS_MAY_DELETE:
                officer_perms += codenames(["delete"], app_label, model)

    for name, wanted in ((OFFICER, officer_perms), (VIEWER, viewer_perms)):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label, codename in wanted:
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[OFFICER, VIEWER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("membership", "0001_initial"),
        ("bodies", "0001_initial"),
        ("cbm", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
