"""Plan items as an RFC 5545 calendar, for /calendar.ics and the API's iCalendar rendering."""

from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, vCategory, vDate, vDatetime, vText, vUri

# icalendar's own folding of content lines (RFC 5545), so that lines fold where it folds them.
from icalendar.parser.string import _foldline

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
        piece.append(event_lines(item, stamp, url_for))
        if len(piece) == chunk_size:
            yield b"".join(piece)
            piece = []
    yield b"".join([*piece, end])


def event_lines(item: PlanItem, stamp, url_for=None) -> bytes:
    """A dated item's VEVENT, stamped `stamp`, as icalendar's Event.to_ical() writes it (the
    same properties, values, order and folding), written directly: icalendar's building of
    a component costs some milliseconds an event, a minute for 50,000 (bench/exports.py)."""
    # DTEND of an all-day event is exclusive: the day after the last day.
    end = (item.end_date or item.start_date) + timedelta(days=1)
    properties = [
        ("SUMMARY", vText(summary(item))),
        ("DTSTART;VALUE=DATE", vDate(item.start_date)),
        ("DTEND;VALUE=DATE", vDate(end)),
        ("DTSTAMP", vDatetime(stamp)),
        ("UID", vText(item_uid(item))),
    ]
    # The other properties in icalendar's order for them: by name.
    if item.dimension_id:
        names = [item.dimension.name_en]
        if item.priority_area_id:
            names.append(item.priority_area.name_en)
        properties.append(("CATEGORIES", vCategory(names)))
    description = [item.description] if item.description else []
    if item.organizers:
        description.append(item.organizers)
    if description:
        properties.append(("DESCRIPTION", vText("\n".join(description))))
    properties.append(("LAST-MODIFIED", vDatetime(item.updated_at)))
    location = item.place
    if location:
        properties.append(("LOCATION", vText(location)))
    cancelled = item.status == PlanItem.Status.CANCELLED
    properties.append(("STATUS", vText("CANCELLED" if cancelled else "CONFIRMED")))
    if url_for:
        properties.append(("URL", vUri(url_for(item))))
    lines = ["BEGIN:VEVENT"]
    lines += [_foldline(f"{name}:{value.to_ical().decode()}") for name, value in properties]
    lines.append("END:VEVENT\r\n")
    return "\r\n".join(lines).encode()


def build_calendar(items: Iterable[PlanItem], *, name: str, url_for=None) -> bytes:
    """The whole calendar_stream() at once, for a calendar of a few items."""
    return b"".join(calendar_stream(items, name=name, url_for=url_for))
