"""The example plan file shipped as fixtures/example-plan-2024.xlsx, and its generator.

A small draft plan for 2024: CBM events in real priority areas, each organized by a Member
State that coordinates (or co-coordinates) that area in 2024 according to the coordinators'
annex. The titles say it is an example: nothing here is a real event.

Regenerate with `python -m tests.admin.example_plan` after changing ROWS or the columns.
"""

import csv
import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook

EXAMPLE_PLAN_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "example-plan-2024.xlsx"

NOTE = "Example rows for the import of a plan's items; not a real plan item."

_EVENTS = [
    (
        "ict-security",
        "RU",
        "coordinator",
        "seminar on security of and in the use of ICTs",
        date(2024, 4, 16),
        date(2024, 4, 17),
    ),
    (
        "combating-terrorism",
        "TR",
        "co_coordinator",
        "workshop on combating terrorism",
        date(2024, 5, 21),
        date(2024, 5, 21),
    ),
    (
        "trade-and-investment",
        "KG",
        "co_coordinator",
        "expert meeting on trade and investment",
        date(2024, 6, 11),
        date(2024, 6, 12),
    ),
    ("tourism", "TJ", "coordinator", "webinar on tourism", date(2024, 9, 24), date(2024, 9, 24)),
    (
        "environment-protection",
        "MN",
        "coordinator",
        "training course on environment protection",
        date(2024, 10, 8),
        date(2024, 10, 10),
    ),
]


def example_rows() -> list[dict]:
    """The example items, one dict per row, keyed by the import's column names."""
    from cbm.resources import PLAN_ITEM_COLUMNS  # after django.setup() when run as a script

    rows = []
    for number, (area, organizer, role, what, start, end) in enumerate(_EVENTS, start=1):
        row = dict.fromkeys(PLAN_ITEM_COLUMNS)
        row.update(
            code=f"2024-example-cbm-{number:02d}",
            plan=2024,
            category="cbm_event",
            priority_area=area,
            organizer=organizer,
            organizer_role=role,
            details_published=True,
            title_en=f"EXAMPLE – CICA {what}",
            start_date=start,
            end_date=end,
            date_precision="day",
            format="offline",
            status="planned",
            source_note=NOTE,
        )
        rows.append(row)
    return rows


def _cells(row: dict | None) -> list:
    from cbm.resources import PLAN_ITEM_COLUMNS

    return [] if row is None else [row[column] for column in PLAN_ITEM_COLUMNS]


def as_xlsx(rows: list[dict | None]) -> bytes:
    """`rows` (None for a blank row) as an XLSX workbook's bytes, the column names first."""
    from cbm.resources import PLAN_ITEM_COLUMNS

    workbook = Workbook()
    workbook.active.append(PLAN_ITEM_COLUMNS)
    for row in rows:
        workbook.active.append(_cells(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def as_csv(rows: list[dict | None], delimiter: str = ",") -> bytes:
    """`rows` (None for a blank row) as CSV bytes, the column names first."""
    from cbm.resources import PLAN_ITEM_COLUMNS

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(PLAN_ITEM_COLUMNS)
    for row in rows:
        writer.writerow(["" if value is None else value for value in _cells(row)])
    return out.getvalue().encode()


def write_example_plan(path: Path = EXAMPLE_PLAN_PATH) -> Path:
    """Write the example rows as an XLSX workbook at `path` (dates as date cells)."""
    from cbm.resources import PLAN_ITEM_COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan items"
    sheet.append(PLAN_ITEM_COLUMNS)
    for row in example_rows():
        sheet.append([row[column] for column in PLAN_ITEM_COLUMNS])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    workbook.save(path)
    return path


if __name__ == "__main__":
    import django

    django.setup()
    print(write_example_plan())
