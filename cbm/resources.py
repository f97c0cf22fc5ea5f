"""A plan's items as a spreadsheet (XLSX or CSV), for django-import-export.

Every related record is written by its natural key, as officers know it: the plan by its year,
a body and a priority area by their slugs, states by their ISO codes. An item is found by its
code, so importing the same file twice changes nothing; any error cancels the whole import.
Rows are numbered as the officer's spreadsheet numbers them: the column names are row 1.
"""

import csv
import io
from collections.abc import Callable, Iterator
from datetime import datetime, time

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields, widgets
from import_export.formats import base_formats
from import_export.resources import Diff
from import_export.results import RowResult

from bodies.models import Body
from cbm.models import (
    NO_PLAN_FOR_YEAR,
    AnnualPlan,
    Dimension,
    PlanItem,
    PriorityArea,
    Source,
    require_distinct_co_organizers,
)
from cica_site.dates import PrecisionMismatch, parse_partial_date, written_precision
from cica_site.spreadsheets import SpreadsheetResource
from membership.models import Actor

NOT_A_SPREADSHEET = _("This file is not an .xlsx or .csv spreadsheet.")


class UnreadableFile(ValueError):
    """A file the import cannot take as a plan's items; its message is for the officer."""


TOO_MANY_ROWS = _(
    "This file has more than %(limit)s rows below the column names; the import takes at most "
    "%(limit)s at a time. Split it into smaller files."
)


class SheetFormat:
    """Reads the first sheet as the officer sees it: the first row names the columns, and a
    blank row keeps its place (the resource drops it), so rows keep their spreadsheet numbers.

    Whatever fails to read is "not a spreadsheet"; a sheet without the `code` column is told
    so, rather than failing later on every row. Rows are counted as they are read, so a huge
    sheet is stopped at IMPORT_MAX_ROWS, not after it has all been parsed.
    """

    def read_rows(self, in_stream) -> Iterator[list]:
        raise NotImplementedError

    def create_dataset(self, in_stream):
        limit = settings.IMPORT_MAX_ROWS
        try:
            rows = self.read_rows(in_stream)
            header = next(rows, [])
            read = []
            for row in rows:
                if len(read) == limit:
                    raise UnreadableFile(TOO_MANY_ROWS % {"limit": limit})
                read.append(row)
        except UnreadableFile:
            raise
        except Exception as error:
            raise UnreadableFile(NOT_A_SPREADSHEET) from error
        header = [str(name).strip() if name is not None else "" for name in header]
        if "code" not in header:
            raise UnreadableFile(
                _("The first row must name the columns, as in the example file; “code” is missing.")
            )
        dataset = tablib.Dataset(headers=header)
        for row in read:
            # Cells beyond the named columns are ignored, like a column the import does not know.
            dataset.append((list(row) + [None] * len(header))[: len(header)])
        return dataset


class XLSX(SheetFormat, base_formats.XLSX):
    def read_rows(self, in_stream):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            for row in book.active.iter_rows(values_only=True):
                yield list(row)
        finally:
            book.close()


class CSV(SheetFormat, base_formats.CSV):
    def read_rows(self, in_stream):
        text = (
            in_stream.decode(self.encoding or "utf-8-sig")
            if isinstance(in_stream, bytes)
            else in_stream
        )
        if "\x00" in text:  # a binary file that happens to decode
            raise ValueError("NUL in a text file")
        # Excel in a Russian locale, among others, saves its "CSV" with semicolons.
        header = text.partition("\n")[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


class PlainDateWidget(widgets.DateWidget):
    """Dates as YYYY-MM-DD, or to the month (YYYY-MM) or the year (YYYY) where that is all the
    source gives; a spreadsheet's date cell (read as a datetime) becomes a date."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if value in (None, ""):
            return None
        try:
            return parse_partial_date(cell_text(value))[0]
        except ValueError:
            raise ValueError(
                _(
                    "Write the date as YYYY-MM-DD, or YYYY-MM or YYYY where that is all that is known."
                )
            ) from None


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related record by one field of its natural key, with an error an officer can act on.

    `records` (the key as text → the record), where a bulk import has loaded them all once,
    is looked in instead of the database."""

    records: dict | None = None

    def __init__(self, model, field, what):
        super().__init__(model, field)
        self.what = what

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            if self.records is not None:
                return self.records[str(value)] if value else None
            return super().clean(value, row, **kwargs)
        except (self.model.DoesNotExist, KeyError):
            raise ValueError(
                _("No %(what)s “%(value)s”.") % {"what": self.what, "value": value}
            ) from None


class OrganizerWidget(NaturalKeyWidget):
    """An organizer by a state's ISO code or an organizer's slug, as the API takes it."""

    # With `records` (by slug), a bulk import's states' organizers by ISO code.
    by_iso_code: dict | None = None

    def __init__(self):
        super().__init__(Actor, "slug", _("organizer"))

    def clean(self, value, row=None, **kwargs):
        reference = cell_text(value).strip()
        if not reference:
            return None
        if self.records is not None:  # as Actor.objects.by_reference, in the loaded records
            actor = self.records.get(reference) or self.by_iso_code.get(reference.upper())
        else:
            actor = Actor.objects.by_reference(reference)
        if actor is None:
            raise ValueError(
                _(
                    "No organizer “%(value)s”: give a state's ISO code or an organizer's slug "
                    "(Membership › Organizers lists them)."
                )
                % {"value": reference}
            )
        return actor


class CountryWidget(widgets.CharWidget):
    """Any country by its ISO 3166-1 alpha-2 code (ID, US, KZ), as the API takes it."""

    def clean(self, value, row=None, **kwargs):
        code = (value or "").strip().upper()
        if code and code not in countries:
            raise ValueError(
                _("No country “%(value)s”: give its ISO 3166-1 code, e.g. ID.") % {"value": value}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


class CountriesWidget(widgets.Widget):
    """Countries by their ISO codes separated by ";" (KZ; BY; ID), any country; an unknown
    code is refused, naming it."""

    def clean(self, value, row=None, **kwargs):
        codes = [code.strip().upper() for code in cell_text(value).split(";") if code.strip()]
        unknown = [code for code in codes if code not in countries]
        if unknown:
            raise ValueError(
                _("No country “%(value)s”: give ISO 3166-1 codes separated by “;”, e.g. KZ; ID.")
                % {"value": "”, “".join(unknown)}
            )
        return codes

    def render(self, value, obj=None, **kwargs):
        return "; ".join(country.code for country in value or [])


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Several related records by one field of their natural keys, separated by ";"; an
    unknown key is refused (import-export's widget would drop it without a word).

    `records` (key → record), where a bulk import has loaded them all once in their default
    order, is looked in instead of the database; `rank` (pk → place in that order) keeps the
    records found in the order the database would give them."""

    records: dict | None = None
    rank: dict | None = None

    def __init__(self, model, field, what):
        super().__init__(model, separator=";", field=field)
        self.what = what

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in cell_text(value).split(self.separator) if key.strip()]
        if self.records is not None:
            found = sorted(
                {self.records[key] for key in keys if key in self.records},
                key=lambda record: self.rank[record.pk],
            )
        else:
            found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = set(keys) - {str(getattr(record, self.field)) for record in found}
        if missing:
            raise ValueError(
                _("No %(what)s “%(value)s”.")
                % {"what": self.what, "value": "”, “".join(sorted(missing))}
            )
        return found


class PlanYearWidget(NaturalKeyWidget):
    """The plan by its year. A year without a plan is refused, as in the API: a plan is
    added on purpose, not as a side effect of a spreadsheet."""

    def __init__(self):
        super().__init__(AnnualPlan, "year", _("annual plan"))

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            year = int(value)
        except (TypeError, ValueError):
            raise ValueError(_("Write the plan's year, e.g. 2024.")) from None
        if not 1992 <= year <= 2200:
            raise ValueError(_("Enter a year from 1992 on."))
        try:
            if self.records is not None:
                return self.records[year]
            return AnnualPlan.objects.get(year=year)
        except (AnnualPlan.DoesNotExist, KeyError):
            raise ValueError(NO_PLAN_FOR_YEAR % {"year": year}) from None


def cell_text(value) -> str:
    """A cell as the officer wrote it: empty when empty, a date cell as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    return str(value)


class PlanItemDiff(Diff):
    """Each column's value after the import as plain text, marked where a row that updates an
    item changes it: text, so a preview stored with its import job is escaped when shown."""

    def as_html(self):
        return [
            {
                "text": "" if after is None else str(after),
                "changed": not self.new and after != before,
            }
            for before, after in zip(self.left, self.right, strict=True)
        ]


class PlanItemRow(RowResult):
    """One row's outcome, with what the preview shows of it: its number in the spreadsheet,
    its cells (the change, for a row that passes; as written, for one refused) and its errors."""

    number: int | None = None
    cells: list | tuple = ()

    @property
    def messages(self) -> list[tuple[str, str]]:
        """(column, message) pairs, the column empty where the error is the whole row's."""
        found = []
        error = self.validation_error
        if error is not None and hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                column = "" if field == NON_FIELD_ERRORS else field
                found += [(column, message) for message in messages]
        elif error is not None:
            found += [("", message) for message in error.messages]
        return found + [("", str(failure.error)) for failure in self.errors]


REPEATED_CODE = _("Code %(code)s appears again in row %(row)s (first in row %(first)s).")


def _key(attribute, widget, column=None):
    return fields.Field(attribute=attribute, column_name=column or attribute, widget=widget)


class PlanItemResource(SpreadsheetResource):
    """Columns: the item's code, its plan's year, category, body slug, priority area slug,
    organizer (a state's ISO code or an organizer's slug), co-organizers (";" between them), …
    as in fixtures/example-plan-2024.xlsx."""

    plan = _key("plan", PlanYearWidget())
    body = _key("body", NaturalKeyWidget(Body, "slug", _("body")))
    priority_area = _key(
        "priority_area", NaturalKeyWidget(PriorityArea, "slug", _("priority area"))
    )
    dimension = _key("dimension", NaturalKeyWidget(Dimension, "slug", _("dimension")))
    organizer = _key("organizer", OrganizerWidget())
    co_organizers = _key("co_organizers", NaturalKeysWidget(Actor, "slug", _("organizer")))
    country = _key("country", CountryWidget())
    participating_states = _key("participating_states", CountriesWidget())
    start_date = _key("start_date", PlainDateWidget())
    end_date = _key("end_date", PlainDateWidget())
    sources = _key("sources", NaturalKeysWidget(Source, "slug", _("source")))
    # Text fields: an empty cell is an empty text, as in the admin (not NULL).
    description_en = _key("description_en", widgets.CharWidget())
    description_ru = _key("description_ru", widgets.CharWidget())
    partner_institutions = _key("partner_institutions", widgets.CharWidget())
    status_reason = _key("status_reason", widgets.CharWidget())
    organizer_role_note = _key("organizer_role_note", widgets.CharWidget())
    source_note = _key("source_note", widgets.CharWidget())

    class Meta:
        model = PlanItem
        import_id_fields = ["code"]
        fields = [
            "code",
            "plan",
            "category",
            "body",
            "priority_area",
            "dimension",
            "organizer",
            "organizer_role",
            "co_organizers",
            "details_published",
            "title_en",
            "title_ru",
            "description_en",
            "description_ru",
            "partner_institutions",
            "start_date",
            "end_date",
            "date_precision",
            "carried_over",
            "city",
            "city_ru",
            "country",
            "format",
            "status",
            "status_reason",
            "participants",
            "states_represented",
            "participating_states",
            "organizer_role_note",
            "sources",
            "source_note",
        ]
        export_order = fields
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def import_data(self, dataset, **kwargs):
        # All or nothing: a row that fails validation cancels every row, on confirm as in preview.
        kwargs["rollback_on_validation_errors"] = True
        result = super().import_data(dataset, **kwargs)
        for row in (*result.invalid_rows, *result.error_rows):
            row.number = self.spreadsheet_row(row.number)
        return result

    def before_import(self, dataset, **kwargs):
        # A blank row is no item: drop it, but let every other row keep its spreadsheet number.
        self.row_numbers, blank = [], []
        for index, row in enumerate(dataset):
            if all(cell_text(value).strip() == "" for value in row):
                blank.append(index)
            else:
                self.row_numbers.append(index + 2)  # the column names are row 1
        for index in reversed(blank):
            del dataset[index]
        self.first_row_of_code = {}
        self.dimension_of_area = dict(PriorityArea.objects.values_list("slug", "dimension__slug"))

    def spreadsheet_row(self, row_number: int) -> int:
        """The spreadsheet's number of the `row_number`-th row import-export reads (from 1)."""
        return self.row_numbers[row_number - 1]

    def before_import_row(self, row, **kwargs):
        # A code met again would update (or skip as unchanged) the item its first row has just
        # made: refuse it, naming both rows.
        code = cell_text(row.get("code")).strip()
        if code:
            number = self.spreadsheet_row(kwargs["row_number"])
            first = self.first_row_of_code.setdefault(code, number)
            if first != number:
                raise ValidationError(
                    {"code": REPEATED_CODE % {"code": code, "row": number, "first": first}}
                )

        # An area gives its dimension: an empty dimension cell beside it is the area's.
        area = cell_text(row.get("priority_area")).strip()
        if area in self.dimension_of_area and not cell_text(row.get("dimension")).strip():
            row["dimension"] = self.dimension_of_area[area]
        # Dates written to the month or the year give the precision, or must agree with it.
        written = {name: cell_text(row.get(name)).strip() for name in ("start_date", "end_date")}
        try:
            precision = written_precision(written, cell_text(row.get("date_precision")).strip())
        except PrecisionMismatch as mismatch:
            raise ValidationError({mismatch.field: mismatch.message}) from None
        except ValueError:
            return  # a date that is no date: its widget says so
        if precision:
            row["date_precision"] = precision

    def import_instance(self, instance, row, **kwargs):
        # Many-to-many cells are saved after the item; read them now, so a bad one is told
        # with the row's other errors and the held-by rule sees the sources to be cited.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        sources = instance.sources.all() if instance.pk else []
        if "sources" in row:
            try:
                sources = self.fields["sources"].clean(row)
            except ValueError as error:
                errors.setdefault("sources", []).append(str(error))
                sources = None
        if sources is not None:
            try:
                instance.check_cited_sources(sources)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if "co_organizers" in row and "organizer" not in errors:
            try:
                require_distinct_co_organizers(
                    instance.organizer, self.fields["co_organizers"].clean(row)
                )
            except ValueError as error:
                errors.setdefault("co_organizers", []).append(str(error))
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        # A worker has no request: the item's history names the officer who confirmed.
        if kwargs.get("user") is not None:
            instance._history_user = kwargs["user"]
        super().save_instance(instance, is_create, row, **kwargs)
        instance._created_by_import = is_create

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        # Cited sources are saved after the item: a new item entered completed without dates
        # is dated by them now, as in the admin and the API.
        if getattr(instance, "_created_by_import", False):
            instance.date_completion_by_sources()

    def get_row_result_class(self):
        return PlanItemRow

    def get_diff_class(self):
        return PlanItemDiff

    def import_row(
        self, row, instance_loader, progress: Callable[[int], None] | None = None, **kwargs
    ):
        result = super().import_row(row, instance_loader, **kwargs)
        result.number = self.spreadsheet_row(kwargs["row_number"])
        if result.diff is not None:
            result.cells = result.diff
        else:  # a refused row has no diff
            result.cells = [
                {"text": cell_text(row.get(column)), "changed": False}
                for column in self.get_diff_headers()
            ]
        if progress is not None:
            progress(kwargs["row_number"])
        return result

    def get_queryset(self):
        return PlanItem.objects.listed().prefetch_related("sources").order_by("plan__year", "code")

    def filter_export(self, queryset, **kwargs):
        # Whatever the admin's list selected, the columns' related rows come with the items:
        # a constant number of queries per chunk.
        return queryset.with_related().prefetch_related("co_organizers", "sources")


# The columns in order: the example file's generator and the tests read them from here.
PLAN_ITEM_COLUMNS: list[str] = list(PlanItemResource.Meta.fields)
