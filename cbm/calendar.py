"""Plan items as an RFC 5545 calendar, for /calendar.ics and the API's iCalendar rendering."""

from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from cbm.models import PlanItem
from cica_site.dates import DatePrecision, format_date_range

PRODID = "-//CICA Secretariat//CBM plan//EN"
UID_DOMAIN = "cbm.s-cica.org"
# Items read from the database at a time, and events sent in one piece.
CHUNK_EVENTS = 500


def item_uid(item: PlanItem) -> str:
    # The code is the item's stable natural key, so the UID survives edits and reloads.
    return f"{item.code}@{UID_DOMAIN}"


def summary(item: PlanItem) -> str:
    """The title, and for a month- or year-only item its period, so that an all-day entry
    spanning the period does not read as an event lasting all of it."""
    if item.date_precision in (DatePrecision.MONTH, DatePrecision.YEAR):
        period = format_date_range(item.start_date, item.end_date, item.date_precision)
        return str(
            _("%(title)s (%(period)s, dates not published)") % {"title": item, "period": period}
        )
    return str(item)


def calendar_stream(
    items: Iterable[PlanItem], *, name: str, url_for=None, chunk_size: int = CHUNK_EVENTS
) -> Iterator[bytes]:
    """An iCalendar (RFC 5545) of dated items, in pieces as the items are read: all-day
    events from start to end inclusive.

    Month- and year-only items span their period and say so in their summary; items without
    a published date are left out, since a calendar entry needs a day. `url_for(item)` gives
    an item's page address, if any. The pieces joined are what icalendar's
    Calendar.to_ical() writes of the same calendar; a queryset is read in chunks.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # The calendar without its events ends with END:VCALENDAR: the events go before it.
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    if isinstance(items, QuerySet):
        items = items.iterator(chunk_size=chunk_size)
    yield head[: -len(end)]  # at once, before the first query
    stamp = timezone.now()
    piece = []
    for item in items:
        if item.date_precision == DatePrecision.UNKNOWN or item.start_date is None:
            continue
        piece.append(event_of(item, stamp, url_for).to_ical())
        if len(piece) == chunk_size:
            yield b"".join(piece)
            piece = []
    yield b"".join([*piece, end])


def event_of(item: PlanItem, stamp, url_for=None) -> Event:
    """A dated item's VEVENT, stamped `stamp`."""
    event = Event()
    event.add("uid", item_uid(item))
    event.add("dtstamp", stamp)
    event.add("last-modified", item.updated_at)
    event.add("summary", summary(item))
    event.add("dtstart", item.start_date)
    # DTEND of an all-day event is exclusive: the day after the last day.
    event.add("dtend", (item.end_date or item.start_date) + timedelta(days=1))
    description = [item.description] if item.description else []
    if item.organizers:
        description.append(item.organizers)
    if description:
        event.add("description", "\n".join(description))
    location = item.place
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if item.status == PlanItem.Status.CANCELLED else "CONFIRMED")
    if item.dimension_id:
        names = [item.dimension.name_en]
        if item.priority_area_id:
            names.append(item.priority_area.name_en)
        event.add("categories", names)
    if url_for:
        event.add("url", url_for(item))
    return event


def build_calendar(items: Iterable[PlanItem], *, name: str, url_for=None) -> bytes:
    """The whole calendar_stream() at once, for a calendar of a few items."""
    return b"".join(calendar_stream(items, name=name, url_for=url_for))
