import pytest
from django.db import connection

from cbm.filtersets import search_items
from cbm.models import PlanItem

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the GIN index exists on PostgreSQL only; SQLite searches with LIKE",
    ),
]


def test_full_text_search_can_use_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # on a handful of rows the planner would scan
    plan = search_items(PlanItem.objects.all(), "seminar").explain()
    assert "plan_item_search" in plan
