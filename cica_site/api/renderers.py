"""CSV and iCalendar renderings of API responses, beside JSON."""

import csv
import io
from collections.abc import Iterable, Iterator

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from cica_site.spreadsheets import csv_lines, neutralise


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return " ".join(_cell(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return neutralise(str(value))


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


def columns(serializer) -> list[str]:
    """The CSV columns of a serializer's objects, in its order: an object's fields (a nested
    serializer's, or a field's `columns`, as an organizer's) become `parent.child` columns,
    whether or not a row has the object, so the header is known before the first row."""
    names = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            children = columns(field)
        else:
            children = getattr(field, "columns", ())
        names += [f"{name}.{child}" for child in children] if children else [name]
    return names


class CSVRenderer(BaseRenderer):
    """Rows of a list (paginated or not) or a single object as CSV with a header line: the
    view's serializer's columns (`columns`), so an empty result still names them.

    `stream()` writes the rows as the objects are read, for a list of any length.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        rows = [flatten(row) for row in (data if isinstance(data, list) else [data])]
        view = renderer_context.get("view")
        if view is not None:
            header = columns(view.get_serializer())
        else:
            header = list(dict.fromkeys(column for row in rows for column in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, restval="", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode(self.charset)

    def stream(self, serializer, instances: Iterable) -> Iterator[str]:
        """The CSV of `instances` as `serializer` (one, unbound) represents each, in pieces
        as they are read. A row's bare object column (an item without an organizer has
        `organizer` empty) is not a column: its `organizer.…` cells are empty."""
        header = columns(serializer)

        def rows():
            yield header
            for instance in instances:
                flat = flatten(serializer.to_representation(instance))
                yield [flat.get(column, "") for column in header]

        return csv_lines(rows())


class ICalendarRenderer(BaseRenderer):
    """text/calendar: the view builds the calendar (cbm.calendar.calendar_stream) and streams
    it. Errors are rendered as JSON (see ConditionalAPIMixin.handle_exception)."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data
