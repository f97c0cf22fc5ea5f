"""/calendar.ics, an activity's .ics, the month view and the Atom feed."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from icalendar import Calendar

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def events():
    economic = factories.priority_area("tourism", order=10, dimension_slug="economic")
    human = factories.priority_area("human-dimension", order=18, dimension_slug="human")
    factories.cbm_event(
        code="tourism-2023",
        plan=factories.plan(2023),
        priority_area=economic,
        title_en="Tourism seminar",
        start_date=date(2023, 5, 25),
        end_date=date(2023, 5, 26),
    )
    factories.cbm_event(
        code="youth-2023",
        plan=factories.plan(2023),
        priority_area=human,
        title_en="Youth forum",
        start_date=date(2023, 10, 12),
    )
    factories.cbm_event(
        code="tourism-2024",
        plan=factories.plan(2024),
        priority_area=economic,
        title_en="Tourism seminar 2024",
        start_date=date(2024, 5, 2),
    )


def test_calendar_ics_takes_the_filters_of_the_activities_page(client, events):
    response = client.get("/en/calendar.ics?year=2023&dimension=economic")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.getvalue())
    events = calendar.walk("VEVENT")
    assert [str(event["UID"]) for event in events] == ["tourism-2023@cbm.s-cica.org"]
    assert events[0].decoded("DTSTART") == date(2023, 5, 25)
    assert events[0].decoded("DTEND") == date(2023, 5, 27)
    assert str(events[0]["URL"]) == "http://testserver/en/activities/tourism-2023/"


def test_calendar_ics_refuses_an_unknown_filter_value(client, events):
    response = client.get("/en/calendar.ics?dimension=nowhere")
    assert response.status_code == 400
    assert "dimension" in response.content.decode()


def test_an_activity_has_its_own_calendar_file(client, events):
    page = client.get("/en/activities/youth-2023/").content.decode()
    assert 'href="/en/activities/youth-2023/calendar.ics"' in page

    response = client.get("/en/activities/youth-2023/calendar.ics")
    assert 'filename="youth-2023.ics"' in response["Content-Disposition"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Youth forum"]


def test_month_view_places_activities_on_their_days(client, events):
    response = client.get("/en/calendar/2023/5/")
    weeks = response.context["weeks"]
    days = {
        day["date"]: [(e["item"].code, e["continues"]) for e in day["entries"]]
        for week in weeks
        for day in week
    }
    assert days[date(2023, 5, 25)] == [("tourism-2023", False)]
    assert days[date(2023, 5, 26)] == [("tourism-2023", True)]
    assert days[date(2023, 5, 27)] == []
    assert "Youth forum" not in response.content.decode()


def test_month_view_repeats_a_long_activity_title_each_monday(client):
    factories.cbm_event(code="training", start_date=date(2023, 5, 18), end_date=date(2023, 5, 31))
    weeks = client.get("/en/calendar/2023/5/").context["weeks"]
    entries = {day["date"]: day["entries"] for week in weeks for day in week}
    assert entries[date(2023, 5, 18)][0]["continues"] is False
    assert entries[date(2023, 5, 19)][0]["repeats"] is False
    assert entries[date(2023, 5, 22)][0]["repeats"] is True  # a Monday
    assert entries[date(2023, 6, 1)] == []


def test_month_view_of_an_impossible_month_is_not_found(client):
    assert client.get("/en/calendar/2023/13/").status_code == 404


def test_atom_feed_lists_the_most_recently_changed_activity_first(client, events):
    from cbm.models import PlanItem

    changed = PlanItem.objects.get(code="tourism-2023")
    changed.title_en = "Tourism seminar (new dates)"
    changed.save()

    response = client.get("/en/activities/feed/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    assert entries[0].find(f"{ATOM}title").text == "Tourism seminar (new dates)"
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/en/activities/tourism-2023/")
    assert entries[0].find(f"{ATOM}updated").text


def test_the_feed_and_the_portal_show_dates_and_dimension_as_stored(client):
    factories.cbm_event(
        code="env-2026",
        plan=factories.plan(2026),
        priority_area=None,
        dimension=factories.dimension("environmental", name_en="Environmental"),
        title_en="Forum on the environment",
        start_date=date(2026, 1, 1),
        end_date=None,
        date_precision="year",
    )
    feed = ET.fromstring(client.get("/en/activities/feed/").content)
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").text.startswith("2026 · planned · Environmental")
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Environmental"]

    listing = client.get("/en/activities/?dimension=environmental").content.decode()
    assert "Forum on the environment" in listing and "2026" in listing
    detail = client.get("/en/activities/env-2026/").content.decode()
    assert "Environmental" in detail and "not stated" in detail
