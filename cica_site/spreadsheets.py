"""Spreadsheet exports that are safe to open and bounded in memory: every text cell that a
spreadsheet would take for a formula is quoted, and rows are written as they are read.

Used by the admin's CSV and XLSX exports (django-import-export) and the API's CSV.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.signals import post_export

# A cell starting with one of these is a formula to a spreadsheet; quote it (OWASP advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Rows are read from the database in chunks of this many (their prefetches once per chunk),
# and sent in pieces of about this many characters.
CHUNK_ROWS = 2000
CHUNK_CHARACTERS = 64 * 1024

UNWRITABLE_CHARACTER = _(
    "The export stopped: a text holds a control character that a workbook cannot store. "
    "Export as CSV, or remove the character."
)


def neutralise(value):
    """A text that starts like a formula, with a single quote before it so that it stays text;
    anything else (other texts, numbers, dates, None) as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def in_pieces(texts: Iterable[str], size: int = CHUNK_CHARACTERS) -> Iterator[str]:
    """The first text (a header) at once, before any query; then the others joined into
    pieces of about `size` characters: one write per piece, not per row."""
    texts = iter(texts)
    first = next(texts, None)
    if first is not None:
        yield first
    piece, length = [], 0
    for text in texts:
        piece.append(text)
        length += len(text)
        if length >= size:
            yield "".join(piece)
            piece, length = [], 0
    if piece:
        yield "".join(piece)


class _Line:
    """A file for csv.writer that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """CSV lines (\\r\\n-terminated, as tablib and csv.writer write them) of the rows, the
    header first; cells are written as given, so quote formulas before (`neutralise`)."""
    writer = csv.writer(_Line())
    return in_pieces(
        writer.writerow(["" if cell is None else cell for cell in row]) for row in rows
    )


def xlsx_file(rows: Iterable[Iterable], title: str = "Tablib Dataset"):
    """An .xlsx of the rows (the first, the header, in bold and frozen), written to a
    temporary file in openpyxl's write-only mode, so memory stays bounded: the open file, at
    its start. Text cells are stored as text, never as formulas; numbers and dates keep
    their type."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True)

    def cell(value, header: bool):
        written = WriteOnlyCell(sheet, value=neutralise(value))
        if isinstance(value, str):
            # openpyxl reads "=…" as a formula and "#N/A" as an error: a text is a text.
            written.data_type = "s"
            if "\n" in value:
                written.alignment = wrapped
        if header:
            written.font = bold
        return written

    try:
        for number, row in enumerate(rows):
            sheet.append([cell(value, number == 0) for value in row])
    except IllegalCharacterError:
        # The admin shows the message; it names no cell, which would echo the text back.
        raise ValueError(UNWRITABLE_CHARACTER) from None
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    book.save(file)
    file.seek(0)
    return file


class SpreadsheetResource(resources.ModelResource):
    """A model resource whose exports quote formulas and read rows in chunks.

    `export_rows()` gives the header and then each row, for a streamed export; `export()`
    (import-export's Dataset) quotes formulas the same way.
    """

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        # A number written as text ("-3") is a number to the spreadsheet, not a formula.
        if isinstance(field.widget, widgets.NumberWidget):
            return value
        return neutralise(value)

    def get_chunk_size(self):
        return CHUNK_ROWS

    def iter_queryset(self, queryset):
        # Django 5 runs a queryset's prefetches once per chunk of its iterator (import-export
        # pages through it instead, a COUNT and a page query more per chunk).
        yield from queryset.iterator(chunk_size=self.get_chunk_size())

    def export_rows(self, queryset=None, **kwargs) -> Iterator[list]:
        """The export's header, then one row per object, read as they are written."""
        self.before_export(queryset, **kwargs)
        if queryset is None:
            queryset = self.get_queryset()
        queryset = self.filter_export(queryset, **kwargs)
        export_fields = kwargs.get("export_fields")
        yield self.get_export_headers(selected_fields=export_fields)
        for instance in self.iter_queryset(queryset):
            yield self.export_resource(instance, selected_fields=export_fields, **kwargs)


class StreamedExportMixin:
    """For an admin with import-export's ExportMixin: the chosen export is written as it is
    read from the database, a CSV streamed to the officer, an .xlsx built in a temporary file
    (write-only mode) and sent from it. The queryset, form and permissions are
    import-export's; only the writing of the file changes (its one place, `_do_file_export`)."""

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource = self.choose_export_resource_class(export_form, request)(
            **self.get_export_resource_kwargs(request, export_form=export_form)
        )
        rows = resource.export_rows(
            queryset,
            export_fields=self.get_export_resource_fields_from_form(export_form),
            export_form=export_form,
            # Numbers and dates typed in a workbook, written as text in a CSV.
            force_native_type=file_format.is_binary(),
        )
        filename = self.get_export_filename(request, queryset, file_format)
        content_type = file_format.get_content_type()
        if file_format.is_binary():
            response = FileResponse(
                xlsx_file(rows), as_attachment=True, filename=filename, content_type=content_type
            )
        else:
            response = StreamingHttpResponse(csv_lines(rows), content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        post_export.send(sender=None, model=self.model)
        return response
