"""/api/v1/events/ as CSV and iCalendar: streamed, formulas quoted in CSV, texts kept whole in
iCalendar, and the same rows as the non-streamed rendering of before."""

import csv
import io

import pytest
from icalendar import Calendar
from rest_framework.test import APIRequestFactory

from cbm.api.serializers import PlanItemSerializer
from cbm.filtersets import PlanItemFilterSet
from cbm.models import PlanItem
from cica_site.api.renderers import flatten
from tests import factories
from tests.formulas import NORMAL, items_titled_as_formulas, quoted

pytestmark = pytest.mark.django_db


def csv_rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode())))


def test_the_csv_is_streamed_with_every_formula_quoted(api_client):
    texts = items_titled_as_formulas()

    response = api_client.get("/api/v1/events/?format=csv")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="events.csv"'
    rows = {row["code"]: row for row in csv_rows(response.getvalue())}
    for code, text in texts.items():
        assert (rows[code]["title_en"], rows[code]["description_en"]) == (quoted(text),) * 2


def test_the_calendar_keeps_texts_as_written_and_a_line_break_starts_no_property(api_client):
    # iCalendar is not a spreadsheet: a quote would only spoil the title. Its own injection,
    # a line break ending the property, is escaped.
    texts = items_titled_as_formulas()
    breaking = "x\r\nBEGIN:VEVENT\r\nUID:forged"
    texts["line-break"] = factories.cbm_event(code="line-break", title_en=breaking).title_en

    response = api_client.get("/api/v1/events/?format=ics")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.getvalue()).walk("VEVENT")
    summaries = {str(event["UID"]).split("@")[0]: str(event["SUMMARY"]) for event in events}
    expected = {
        code: text.replace("\r\n", "\n").replace("\r", "\n") for code, text in texts.items()
    }
    assert summaries == expected
    assert NORMAL in summaries.values()


def test_the_streamed_csv_has_the_rows_of_the_rendering_before(api_client, reference_data):
    body = api_client.get("/api/v1/events/?year=2023&format=csv").getvalue()

    # Before: the serializer's whole list, flattened row by row. An object a row lacks (no
    # organizer) was a column of its own, always empty; its columns are now empty instead.
    items = PlanItemFilterSet({"year": "2023"}, queryset=PlanItem.objects.listed()).qs
    request = APIRequestFactory().get("/api/v1/events/?year=2023&format=csv")
    data = PlanItemSerializer(items, many=True, context={"request": request}).data
    before = [flatten(row) for row in data]
    for row in before:
        if row.get("organizer") == "":
            del row["organizer"]
    streamed = csv_rows(body)
    assert sorted(streamed, key=lambda row: row["code"]) == sorted(
        ({column: row.get(column, "") for column in streamed[0]} for row in before),
        key=lambda row: row["code"],
    )
    assert len(streamed) == items.count() > 40
    assert set().union(*before) <= set(streamed[0])


@pytest.mark.parametrize("rendering", ["csv", "ics"])
def test_a_bad_filter_is_still_a_json_400_not_a_stream(api_client, rendering):
    response = api_client.get(f"/api/v1/events/?format={rendering}&year=soon")

    assert response.status_code == 400
    assert not response.streaming
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["year"]
