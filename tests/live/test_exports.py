"""The exports over the wire: the API's CSV and iCalendar and /calendar.ics arrive streamed
(chunked from gunicorn with DEBUG off, without a Content-Length from either server), and hold
what the calendar built whole and the test client's CSV hold."""

import pytest
import requests
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from cbm.filtersets import PlanItemFilterSet
from cbm.models import PlanItem
from tests.portal.test_exports import calendar_built_whole, unstamped

pytestmark = pytest.mark.usefixtures("reference_data")


def calendar_of_2023(base: str, name: str, view: str, kwarg: str) -> bytes:
    items = PlanItemFilterSet({"year": "2023"}, queryset=PlanItem.objects.listed()).qs
    with translation.override("en"):
        return calendar_built_whole(
            items, name=name, url_for=lambda item: base + reverse(view, kwargs={kwarg: item.code})
        )


def expected(server: str, path: str) -> bytes:
    if path.startswith("/en/calendar.ics"):
        return calendar_of_2023(
            server, "CICA confidence building measures", "cbm:activity-detail", "code"
        )
    if "format=ics" in path:
        return calendar_of_2023(server, "CICA events", "api:event-detail", "code")
    # The CSV as the test client reads it in-process (tests/api/test_exports.py compares that
    # with the rendering of before), its addresses on this server.
    body = APIClient().get(path).getvalue()
    return body.replace(b"http://testserver", server.encode())


PATHS = [
    "/api/v1/events/?year=2023&format=csv",
    "/api/v1/events/?year=2023&format=ics",
    "/en/calendar.ics?year=2023",
]


@pytest.mark.parametrize("path", PATHS)
def test_an_export_arrives_streamed_with_what_it_held_before(server, path):
    response = requests.get(server + path, timeout=60)

    assert response.status_code == 200
    assert "Content-Length" not in response.headers
    assert "attachment" in response.headers["Content-Disposition"]
    assert unstamped(response.content) == unstamped(expected(server, path))


@pytest.mark.parametrize("path", PATHS)
def test_gunicorn_sends_an_export_in_chunks(gunicorn_url, transactional_db, path):
    response = requests.get(gunicorn_url + path, stream=True, timeout=60)

    assert response.status_code == 200
    assert response.headers["Transfer-Encoding"] == "chunked"
    chunks = list(response.raw.read_chunked(decode_content=True))
    body = b"".join(chunks)
    if "ics" in path:
        assert len(chunks) >= 2  # the calendar's head at once, then its events
        assert body.count(b"BEGIN:VEVENT") > 20
    assert unstamped(body) == unstamped(expected(gunicorn_url, path))
