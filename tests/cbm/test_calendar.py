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


@pytest.mark.parametrize(
    ("start", "precision", "summary", "dtend"),
    [
        (
            date(2026, 2, 1),
            "month",
            "Webinar (February 2026, dates not published)",
            date(2026, 3, 1),
        ),
        (date(2026, 1, 1), "year", "Webinar (2026, dates not published)", date(2027, 1, 1)),
    ],
)
def test_a_month_or_year_only_item_says_so_in_its_summary(start, precision, summary, dtend):
    factories.cbm_event(
        title_en="Webinar", start_date=start, end_date=None, date_precision=precision
    )
    event = Calendar.from_ical(build_calendar(PlanItem.objects.all(), name="CICA")).walk("VEVENT")[
        0
    ]
    assert str(event["SUMMARY"]) == summary
    assert event.decoded("DTEND") == dtend


def test_a_cbm_event_without_area_is_categorized_by_its_dimension():
    factories.cbm_event(
        priority_area=None, dimension=factories.dimension("environmental", name_en="Environmental")
    )
    event = Calendar.from_ical(build_calendar(PlanItem.objects.all(), name="CICA")).walk("VEVENT")[
        0
    ]
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Environmental"]
