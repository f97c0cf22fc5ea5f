"""Dates as the sources give them: to the day, the month, the year, or not at all.

A partial date is stored as a date plus a precision, so it sorts and filters like any date
while never pretending to know a day the sources do not give. A start is stored as the first
day of its period and an end as the last (`period_start`, `period_end`), so "current on a day"
comparisons hold for the whole period.
"""

import calendar
from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month only")
    YEAR = "year", _("year only")
    UNKNOWN = "unknown", _("not published")


def period_start(value: date, precision: str) -> date:
    """The first day of the period a partial date stands for."""
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    return value


def period_end(value: date, precision: str) -> date:
    """The last day of the period a partial date stands for."""
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    return value


# How far a precision knows the date: a coarser one knows less.
COARSENESS = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}
WRITTEN_FORMS = {
    DatePrecision.DAY: "YYYY-MM-DD",
    DatePrecision.MONTH: "YYYY-MM",
    DatePrecision.YEAR: "YYYY",
}


class PrecisionMismatch(ValueError):
    """Dates written at a precision that disagrees with another date or the given one."""

    def __init__(self, field: str, message):
        super().__init__(message)
        self.field, self.message = field, message


def written_precision(written: dict[str, str | date], given: str | None) -> str | None:
    """The precision dates written "2026", "2026-02" or "2026-02-25" give, by field name (a
    date object counts as written to the day), or None when none is written; with `given`
    (an explicit precision), None when they agree. PrecisionMismatch when the start and end
    are written differently, or a date is written coarser than `given` says."""
    precisions = {
        name: parse_partial_date(value)[1] if isinstance(value, str) else DatePrecision.DAY
        for name, value in written.items()
        if value not in (None, "")
    }
    if not precisions:
        return None
    if len(set(precisions.values())) > 1:
        raise PrecisionMismatch(
            "end_date",
            _("Write the end date as the start date is written: %(form)s.")
            % {"form": WRITTEN_FORMS[precisions["start_date"]]},
        )
    name, precision = next(iter(precisions.items()))
    if not given:
        return precision
    if given in COARSENESS and COARSENESS[precision] > COARSENESS[given]:
        raise PrecisionMismatch(
            name,
            _(
                "“%(value)s” is written to the %(precision)s, but the date precision is "
                "“%(given)s”: write the date as %(form)s, or leave the precision out."
            )
            % {
                "value": written[name],
                "precision": precision,
                "given": given,
                "form": WRITTEN_FORMS[given],
            },
        )
    return None


# Day formats as the Secretariat writes them, in either language: "2 February 2023",
# "2 февраля 2023" (E is the month in the genitive where a language has one).
DAY = "j E Y"
DAY_MONTH = "j E"


# A month with its year as running text writes it: "May 2023", "май 2023". Django's "F" is
# the standalone form, capitalised in Russian ("Май"), wrong inside a sentence.
MONTHS_IN_TEXT = {
    1: pgettext_lazy("month with its year", "January"),
    2: pgettext_lazy("month with its year", "February"),
    3: pgettext_lazy("month with its year", "March"),
    4: pgettext_lazy("month with its year", "April"),
    5: pgettext_lazy("month with its year", "May"),
    6: pgettext_lazy("month with its year", "June"),
    7: pgettext_lazy("month with its year", "July"),
    8: pgettext_lazy("month with its year", "August"),
    9: pgettext_lazy("month with its year", "September"),
    10: pgettext_lazy("month with its year", "October"),
    11: pgettext_lazy("month with its year", "November"),
    12: pgettext_lazy("month with its year", "December"),
}
MONTH_AND_YEAR = pgettext_lazy("a month and its year: May 2023", "%(month)s %(year)s")


def format_partial_date(value: date | None, precision: str) -> str:
    """Show a date as the sources write it: "5 December 2023", "May 2023", "2021"."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return str(_("date not published"))
    if precision == DatePrecision.MONTH:
        return MONTH_AND_YEAR % {"month": MONTHS_IN_TEXT[value.month], "year": value.year}
    if precision == DatePrecision.YEAR:
        return str(value.year)
    return date_format(value, DAY)


def format_date_range(start: date | None, end: date | None, precision: str) -> str:
    """A start–end range in the sources' style: "6–10 February 2023", "27 August – 2 September
    2023", "May 2023", "February – March 2026", "2025 – 2026", "date not published"."""
    if start is None or end is None or precision == DatePrecision.UNKNOWN:
        return format_partial_date(start, precision)
    if precision in (DatePrecision.MONTH, DatePrecision.YEAR):
        if period_start(end, precision) == period_start(start, precision):
            return format_partial_date(start, precision)
        if precision == DatePrecision.MONTH and start.year == end.year:
            return f"{MONTHS_IN_TEXT[start.month]} – {format_partial_date(end, precision)}"
        return f"{format_partial_date(start, precision)} – {format_partial_date(end, precision)}"
    if end == start:
        return format_partial_date(start, precision)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_format(end, DAY)}"
    if start.year == end.year:
        return f"{date_format(start, DAY_MONTH)} – {date_format(end, DAY)}"
    return f"{date_format(start, DAY)} – {date_format(end, DAY)}"


def precision_field(verbose_name, default: str = DatePrecision.UNKNOWN) -> models.CharField:
    """The precision beside a partial date."""
    return models.CharField(
        verbose_name, max_length=7, choices=DatePrecision.choices, default=default
    )


def end_not_before_start(
    name: str, message, start: str = "start_date", end: str = "end_date"
) -> models.CheckConstraint:
    """A database rule: where both dates are known, the end is not before the start."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=message,
    )


PARTIAL_DATE_FORMATS = _('Give a date as "YYYY", "YYYY-MM" or "YYYY-MM-DD", not "%(text)s".')


def parse_partial_date(text: str) -> tuple[date, str]:
    """Read a date as a source gives it: "2026" (a year), "2026-03" (a month) or "2026-03-31"
    (a day). Returns the first day of its period and its precision; ValueError otherwise."""
    parts = str(text).strip().split("-")
    if not (
        1 <= len(parts) <= 3
        and all(part.isascii() and part.isdigit() for part in parts)
        and len(parts[0]) == 4
        and all(len(part) == 2 for part in parts[1:])
    ):
        raise ValueError(PARTIAL_DATE_FORMATS % {"text": text})
    year, month, day = (int(part) for part in (*parts, "1", "1")[:3])
    precision = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY][len(parts) - 1]
    try:
        return date(year, month, day), precision
    except ValueError:
        raise ValueError(_('"%(text)s" is not a date in the calendar.') % {"text": text}) from None
