"""Every list endpoint reads in a constant number of queries, however many rows it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import LIST_ENDPOINTS, add_event

CASES = [(endpoint, build, "json") for endpoint, build in LIST_ENDPOINTS.items()] + [
    ("events", add_event, "csv"),
    ("events", add_event, "ics"),
]


@pytest.mark.parametrize(
    ("endpoint", "build", "rendering"), CASES, ids=[f"{e}-{r}" for e, _b, r in CASES]
)
def test_list_query_count_stays_the_same_as_rows_grow(
    endpoint, build, rendering, api_client, db, django_assert_num_queries
):
    url = f"/api/v1/{endpoint}/?page_size=100&format={rendering}"
    for _ in range(5):
        build()
    # A CSV or calendar is streamed: its queries run as its body is read.
    with CaptureQueriesContext(connection) as with_5_rows:
        response = api_client.get(url)
        body = response.getvalue()
    assert response.status_code == 200
    for _ in range(50):
        build()
    with django_assert_num_queries(len(with_5_rows.captured_queries)):
        response = api_client.get(url)
        body = response.getvalue()
    assert response.status_code == 200
    if rendering == "json":
        assert response.data["count"] >= 55
    else:
        assert body.count(b"test-cbm-") >= 55
