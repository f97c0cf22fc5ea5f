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
    # On a handful of rows the planner prefers any other path, so leave it only bitmap scans,
    # which a btree offers only for a condition it can serve: the GIN index is then the one
    # path, if and only if the search builds exactly the indexed expression.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = search_items(PlanItem.objects.all(), "seminar").order_by().explain()
    assert "Bitmap Index Scan on plan_item_search" in plan
