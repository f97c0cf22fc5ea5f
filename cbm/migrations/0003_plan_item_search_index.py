"""A GIN index over the plan items' text, for the portal's and the API's full-text search.

PostgreSQL only (SQLite has no GIN and searches with LIKE), so it is created here rather than
declared in PlanItem.Meta. The indexed expression is exactly the one cbm.filtersets.search_items
builds, so the planner can use it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(
    SearchVector("title_en", "title_ru", "description_en", "description_ru", "code", config="simple"),
    name="plan_item_search",
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("cbm", "PlanItem"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("cbm", "PlanItem"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("cbm", "0002_nightly_plan_stats_schedule")]

    operations = [migrations.RunPython(add_index, remove_index)]
