"""CSV and iCalendar renderings of API responses, beside JSON."""

import csv
import io

from rest_framework.renderers import BaseRenderer

# A cell starting with one of these is a formula to a spreadsheet; quote it (OWASP advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return " ".join(_cell(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def flatten(row: dict, prefix: str = "") -> dict:
    """One CSV row from a JSON object: nested objects become `parent.child` columns, lists
    become "; "-separated cells."""
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = _cell(value)
    return flat


class CSVRenderer(BaseRenderer):
    """Rows of a list (paginated or not) or a single object as CSV with a header line.

    The header comes from the first row, or from the view's serializer when there are no
    rows, so an empty result still names its columns.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        rows = [flatten(row) for row in (data if isinstance(data, list) else [data])]
        if rows:
            # Every row's columns: an object present in one row only (an organizer where the
            # first has none) still gets its columns.
            header = list(dict.fromkeys(column for row in rows for column in row))
        else:
            view = renderer_context.get("view")
            header = list(view.get_serializer().fields) if view is not None else []
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, restval="")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode(self.charset)


class ICalendarRenderer(BaseRenderer):
    """text/calendar: the view builds the calendar (cbm.calendar.build_calendar) and hands
    over its bytes. Errors are rendered as JSON (see ConditionalAPIMixin.handle_exception)."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data
