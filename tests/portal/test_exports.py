"""/calendar.ics streamed: the same bytes as the calendar built whole before, texts kept whole,
and the API's calendar the same."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar, Event

from cbm.calendar import PRODID, build_calendar, calendar_stream, item_uid, summary
from cbm.filtersets import PlanItemFilterSet
from cbm.models import PlanItem
from cica_site.dates import DatePrecision
from tests.formulas import items_titled_as_formulas

pytestmark = pytest.mark.django_db


def calendar_built_whole(items, *, name: str, url_for=None) -> bytes:
    """cbm.calendar.build_calendar as it was before the calendar was streamed (issue 12): one
    icalendar Calendar, then to_ical(). Kept as the reference the stream must equal."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in items:
        if item.date_precision == DatePrecision.UNKNOWN or item.start_date is None:
            continue
        event = Event()
        event.add("uid", item_uid(item))
        event.add("dtstamp", stamp)
        event.add("last-modified", item.updated_at)
        event.add("summary", summary(item))
        event.add("dtstart", item.start_date)
        event.add("dtend", (item.end_date or item.start_date) + timedelta(days=1))
        description = [item.description] if item.description else []
        if item.organizers:
            description.append(item.organizers)
        if description:
            event.add("description", "\n".join(description))
        location = item.place
        if location:
            event.add("location", location)
        event.add(
            "status", "CANCELLED" if item.status == PlanItem.Status.CANCELLED else "CONFIRMED"
        )
        if item.dimension_id:
            names = [item.dimension.name_en]
            if item.priority_area_id:
                names.append(item.priority_area.name_en)
            event.add("categories", names)
        if url_for:
            event.add("url", url_for(item))
        calendar.add_component(event)
    return calendar.to_ical()


def unstamped(calendar: bytes) -> bytes:
    # DTSTAMP is the moment of writing, the one line two writings of the same data differ in.
    return re.sub(rb"DTSTAMP:[0-9TZ]+\r\n", b"DTSTAMP:-\r\n", calendar)


def url_for(item):
    return "http://testserver" + reverse("cbm:activity-detail", args=[item.code])


def test_the_streamed_calendar_is_the_calendar_built_whole(reference_data):
    items = PlanItem.objects.listed().in_year(2023).order_by("start_date", "code")

    pieces = list(calendar_stream(items, name="CICA", url_for=url_for, chunk_size=5))

    whole = calendar_built_whole(items, name="CICA", url_for=url_for)
    events = whole.count(b"BEGIN:VEVENT")
    assert events > 20
    # The calendar's head, 5 events to a piece, then the rest and END:VCALENDAR.
    assert len(pieces) == 1 + events // 5 + 1
    assert unstamped(b"".join(pieces)) == unstamped(whole)
    assert unstamped(build_calendar(items, name="CICA", url_for=url_for)) == unstamped(whole)


def test_calendar_ics_is_streamed_as_the_calendar_built_whole(client, reference_data):
    response = client.get("/en/calendar.ics?year=2023")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cica-activities.ics"'
    items = PlanItemFilterSet({"year": "2023"}, queryset=PlanItem.objects.listed()).qs
    whole = calendar_built_whole(items, name="CICA confidence building measures", url_for=url_for)
    assert unstamped(response.getvalue()) == unstamped(whole)


def test_the_russian_calendar_is_the_calendar_built_whole_in_russian(client, reference_data):
    # Cyrillic takes two bytes a letter: lines fold where icalendar folds them.
    response = client.get("/ru/calendar.ics?year=2023")

    items = PlanItemFilterSet({"year": "2023"}, queryset=PlanItem.objects.listed()).qs
    with translation.override("ru"):
        whole = calendar_built_whole(
            items,
            name="Меры доверия СВМДА",
            url_for=lambda item: (
                "http://testserver" + reverse("cbm:activity-detail", args=[item.code])
            ),
        )
    body = unstamped(response.getvalue())
    assert "Семинар".encode() in body or "СВМДА".encode() in body
    assert body.split(b"BEGIN:VEVENT")[1:] == unstamped(whole).split(b"BEGIN:VEVENT")[1:]


def test_an_empty_calendar_is_a_calendar(client, db):
    response = client.get("/en/calendar.ics?year=2023")

    calendar = Calendar.from_ical(response.getvalue())
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "CICA confidence building measures"


def test_calendar_ics_keeps_titles_as_written(client):
    texts = items_titled_as_formulas()

    response = client.get("/en/calendar.ics")

    events = Calendar.from_ical(response.getvalue()).walk("VEVENT")
    # A carriage return is a line break in iCalendar text, written escaped (\\n).
    expected = {code: text.replace("\r", "\n") for code, text in texts.items()}
    assert {str(event["UID"]).split("@")[0]: str(event["SUMMARY"]) for event in events} == expected
    assert {str(event["LOCATION"]) for event in events} >= set(expected.values())


def test_an_activity_calendar_is_the_calendar_built_whole(client):
    items_titled_as_formulas()
    item = PlanItem.objects.listed().get(code="formula-0")

    response = client.get(f"/en/activities/{item.code}/calendar.ics")

    assert response.status_code == 200
    whole = calendar_built_whole([item], name=str(item), url_for=url_for)
    assert unstamped(response.getvalue()) == unstamped(whole)
