"""What an officer may upload for import, checked on the bytes before anything is parsed.

Each check raises UnreadableFile with a message for the officer; the number of rows is
counted while the sheet is read (cbm.resources.SheetFormat), since only reading tells it.
"""

import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cbm.resources import NOT_A_SPREADSHEET, UnreadableFile

TOO_LARGE = _("This file is %(size)s; the import takes files of up to %(limit)s.")
UNZIPS_TOO_LARGE = _(
    "This spreadsheet unzips to %(size)s; the import takes spreadsheets of up to %(limit)s "
    "unzipped. Split it into smaller files."
)
COMPRESSED_SUSPICIOUSLY = _(
    "This spreadsheet is compressed far more than a spreadsheet of plan items can be; it is "
    "refused as unsafe to open. Save it again from the spreadsheet program."
)
# Members smaller than this are not judged by their compression: tiny XML compresses well.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Every .xlsx has these; a zip without them (a .docx, an archive) is no spreadsheet.
XLSX_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if size > limit:
        raise UnreadableFile(
            TOO_LARGE % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def check_xlsx(content: bytes) -> None:
    """Refuse what is not an .xlsx, and an .xlsx too large once unzipped, from the zip's
    directory alone. zipfile stops reading a member at its declared size, so a directory
    that understates a size cannot unzip to more than it says."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UnreadableFile(NOT_A_SPREADSHEET) from None
    if not {member.filename for member in members} >= XLSX_PARTS:
        raise UnreadableFile(NOT_A_SPREADSHEET)
    unzipped, limit = sum(m.file_size for m in members), settings.IMPORT_MAX_UNZIPPED_BYTES
    if unzipped > limit:
        raise UnreadableFile(
            UNZIPS_TOO_LARGE % {"size": filesizeformat(unzipped), "limit": filesizeformat(limit)}
        )
    for member in members:
        if (
            member.file_size >= RATIO_CHECKED_FROM_BYTES
            and member.file_size > settings.IMPORT_MAX_COMPRESSION_RATIO * member.compress_size
        ):
            raise UnreadableFile(COMPRESSED_SUSPICIOUSLY)


def check_csv(content: bytes) -> None:
    """Refuse a "CSV" that is no text (a binary file named .csv)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(NOT_A_SPREADSHEET) from None
    if "\x00" in text:
        raise UnreadableFile(NOT_A_SPREADSHEET)


CHECKS = {"xlsx": check_xlsx, "csv": check_csv}


def check_upload(content: bytes, file_format: str) -> None:
    """Refuse a file too large, or not what its extension (`file_format`) says."""
    check_size(len(content))
    CHECKS[file_format](content)
