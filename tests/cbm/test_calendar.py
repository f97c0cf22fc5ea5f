from datetime import date

import pytest
from icalendar import Calendar

from cbm.calendar import build_calendar
from cbm.models import PlanItem
from tests import factories

pytestmark = pytest.mark.django_db


def test_calendar_parses_and_holds_one_all_day_event_per_dated_item():
    factories.cbm_event(
        code="2023-cbm-07",
        title_en="Workshop",
        start_date=date(2023, 5, 25),
        end_date=date(2023, 5, 26),
    )
    factories.body_meeting(
        start_date=None,
        date_precision="unknown",
        status="completed",
        sources=[factories.source()],
    )
    ics = build_calendar(PlanItem.objects.with_related(), name="CICA")

    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert calendar["VERSION"] == "2.0"
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == "2023-cbm-07@cbm.s-cica.org"
    assert event.decoded("DTSTART") == date(2023, 5, 25)
    assert event.decoded("DTEND") == date(2023, 5, 27)  # exclusive end
    assert str(event["SUMMARY"]) == "Workshop"


def test_month_only_item_spans_its_month():
    factories.body_meeting(start_date=date(2023, 6, 1), date_precision="month")
    event = Calendar.from_ical(build_calendar(PlanItem.objects.all(), name="CICA")).walk("VEVENT")[
        0
    ]
    assert event.decoded("DTSTART") == date(2023, 6, 1)
    assert event.decoded("DTEND") == date(2023, 7, 1)
