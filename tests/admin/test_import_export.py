"""A plan's items in and out as XLSX and CSV: preview first, all or nothing, idempotent.

An upload becomes an import job that a worker checks and, once confirmed, writes; here the
tasks run in-process (as on the embedded defaults), so the job's page the upload leads to
already shows the preview. tests/admin/test_import_jobs.py tests the job itself.
"""

import io
from datetime import date, datetime

import lxml.html
import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tablib import Dataset

from cbm.models import NO_PLAN_FOR_YEAR, AnnualPlan, PlanItem
from cbm.resources import NOT_A_SPREADSHEET, PLAN_ITEM_COLUMNS, PlanItemResource
from imports.models import ImportJob
from imports.services import NO_LONGER_PASSES
from tests import factories
from tests.admin.example_plan import EXAMPLE_PLAN_PATH, as_csv, as_xlsx, example_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

IMPORT_URL = reverse("admin:cbm_planitem_import")
EXPORT_URL = reverse("admin:cbm_planitem_export")
XLSX, CSV = "0", "1"  # the indexes of PlanItemAdmin.formats, for a stale format field


@pytest.fixture
def plan_2024(reference_data):
    """The draft plan the example file's items belong to."""
    return factories.plan(2024, status=AnnualPlan.Status.DRAFT)


def preview(client, content: bytes, name: str, **fields):
    """Upload a file for preview, as the officer does: the file only (its name says its format).
    The response is the job's page the upload leads to, or the upload form with its errors."""
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(IMPORT_URL, {"import_file": upload, "resource": "0", **fields}, follow=True)


def job_of(response) -> ImportJob:
    return response.context["job"]


def confirm(client, previewed):
    """Press Confirm on the job's page; the response is the job's page again."""
    url = reverse("admin:imports_importjob_confirm", args=[job_of(previewed).pk])
    return client.post(url, follow=True)


def offers_confirm(response) -> bool:
    page = lxml.html.fromstring(response.content.decode())
    return bool(page.xpath("//input[@type='submit'][@name='confirm']"))


def import_types(response) -> list[str]:
    return [
        row["import_type"]
        for row in job_of(response).preview["rows"]
        if row["import_type"] not in ("error", "invalid")
    ]


def refused_rows(response) -> list[dict]:
    return [row for row in job_of(response).preview["rows"] if row["import_type"] == "invalid"]


def columns_in_error(row: dict) -> set[str]:
    return {column for column, _message in row["messages"]}


def example_file() -> bytes:
    return EXAMPLE_PLAN_PATH.read_bytes()


WRITERS = {"plan.csv": as_csv, "plan.xlsx": as_xlsx}


def shown_rows(response) -> dict[int, list[str]]:
    """The rows of the preview as the officer reads them: the spreadsheet's row number, and
    the errors written out under that row (its own row of the table, in the same group)."""
    page = lxml.html.fromstring(response.content.decode())
    shown = {}
    for group in page.xpath("//table[contains(@class, 'import-preview')]/tbody"):
        number = int(group.xpath("string(tr[1]/th[@scope='row'])"))
        shown[number] = [li.text_content().strip() for li in group.xpath("tr[2]//li")]
    return shown


def test_the_shipped_example_file_holds_the_generators_rows():
    sheet = load_workbook(EXAMPLE_PLAN_PATH).active
    header, *rows = sheet.iter_rows(values_only=True)

    def as_date(value):
        return value.date() if isinstance(value, datetime) else value

    assert list(header) == PLAN_ITEM_COLUMNS
    assert [dict(zip(header, map(as_date, row), strict=True)) for row in rows] == example_rows()
    assert all(row["title_en"].startswith("EXAMPLE") for row in example_rows())


def test_preview_shows_every_new_row_and_writes_nothing(officer_client, plan_2024):
    response = preview(officer_client, example_file(), "example-plan-2024.xlsx")

    assert response.status_code == 200
    assert import_types(response) == ["new"] * 5
    assert offers_confirm(response)
    assert not PlanItem.objects.filter(plan__year=2024).exists()


def test_confirmed_import_creates_the_items_in_their_plan(officer_client, plan_2024):
    response = confirm(officer_client, preview(officer_client, example_file(), "example.xlsx"))

    assert job_of(response).state == ImportJob.State.DONE
    items = PlanItem.objects.filter(plan=plan_2024).order_by("code")
    assert [i.code for i in items] == [row["code"] for row in example_rows()]
    first = items[0]
    assert (first.priority_area.slug, first.organizer.slug, first.start_date) == (
        "ict-security",
        "RU",
        date(2024, 4, 16),
    )
    assert first.history.count() == 1


def test_an_item_whose_plan_year_has_no_plan_is_refused_in_an_officers_words(
    officer_client, reference_data
):
    response = preview(officer_client, example_file(), "example.xlsx")

    assert not offers_confirm(response)
    assert [row["messages"] for row in refused_rows(response)] == [
        [["plan", NO_PLAN_FOR_YEAR % {"year": 2024}]]
    ] * 5
    assert str(NO_PLAN_FOR_YEAR % {"year": 2024}) in response.content.decode()
    assert not AnnualPlan.objects.filter(year=2024).exists()


def test_importing_the_same_file_twice_changes_nothing(officer_client, plan_2024):
    confirm(officer_client, preview(officer_client, example_file(), "example.xlsx"))
    before = list(PlanItem.objects.filter(plan__year=2024).values_list("code", "updated_at"))
    history_before = PlanItem.history.count()

    again = preview(officer_client, example_file(), "example.xlsx")
    assert import_types(again) == ["skip"] * 5
    confirm(officer_client, again)

    after = list(PlanItem.objects.filter(plan__year=2024).values_list("code", "updated_at"))
    assert after == before and PlanItem.history.count() == history_before


def test_a_changed_row_is_previewed_as_an_update(officer_client, plan_2024):
    confirm(officer_client, preview(officer_client, example_file(), "example.xlsx"))
    dataset = PlanItemResource().export(PlanItem.objects.filter(plan__year=2024))
    dataset[0] = tuple(
        "Tashkent" if h == "city" else v for h, v in zip(dataset.headers, dataset[0], strict=True)
    )

    response = preview(officer_client, dataset.csv.encode(), "plan.csv")

    assert import_types(response) == ["update"] + ["skip"] * 4


def bad_csv() -> bytes:
    rows = example_rows()[:2]
    rows[1].update(start_date=date(2024, 6, 12), end_date=date(2024, 6, 11))
    rows.append({**example_rows()[2], "priority_area": "no-such-area"})
    return as_csv(rows)


def test_preview_lists_every_error_and_offers_no_import(officer_client, plan_2024):
    response = preview(officer_client, bad_csv(), "plan.csv")

    page = response.content.decode()
    assert not offers_confirm(response)
    assert [row["number"] for row in refused_rows(response)] == [3, 4]
    assert "The end date cannot be before the start date." in page
    assert "No priority area “no-such-area”." in page
    assert not PlanItem.objects.filter(plan__year=2024).exists()


def test_an_import_with_one_bad_row_writes_no_row(plan_2024):
    dataset = Dataset().load(bad_csv().decode(), format="csv")
    before = PlanItem.objects.count()

    result = PlanItemResource().import_data(dataset, dry_run=False)

    assert result.has_validation_errors()
    assert PlanItem.objects.count() == before
    assert not PlanItem.objects.filter(plan=plan_2024).exists()


# Reading the preview: rows numbered as in the spreadsheet, each error written under its row. -


def rows_with_two_errors() -> list[dict | None]:
    """Spreadsheet rows 2–6: a valid row, a blank row, a row ending before it starts, a valid
    row, a row in an unknown priority area."""
    example = example_rows()
    return [
        example[0],
        None,
        {**example[1], "start_date": date(2024, 6, 12), "end_date": date(2024, 6, 11)},
        example[2],
        {**example[3], "priority_area": "no-such-area"},
    ]


@pytest.mark.parametrize("name", WRITERS)
def test_rows_are_numbered_as_in_the_spreadsheet_blank_rows_included(
    officer_client, plan_2024, name
):
    response = preview(officer_client, WRITERS[name](rows_with_two_errors()), name)

    assert [row["number"] for row in refused_rows(response)] == [4, 6]
    assert shown_rows(response) == {
        4: ["end_date: The end date cannot be before the start date."],
        6: ["priority_area: No priority area “no-such-area”."],
    }


def test_a_valid_preview_numbers_its_rows_as_in_the_spreadsheet(officer_client, plan_2024):
    response = preview(officer_client, example_file(), "example.xlsx")

    assert shown_rows(response) == {2: [], 3: [], 4: [], 5: [], 6: []}


def test_each_error_is_text_under_its_row_not_behind_a_badge(officer_client, plan_2024):
    response = preview(officer_client, as_csv(rows_with_two_errors()), "plan.csv")

    page = lxml.html.fromstring(response.content.decode())
    assert not page.xpath("//*[contains(@class, 'validation-error-container')]")
    (group,) = [
        g
        for g in page.xpath("//table[contains(@class, 'import-preview')]/tbody")
        if g.xpath("string(tr[1]/th)") == "6"
    ]
    (errors,) = group.xpath("tr[2]//ul")
    # A screen reader hears the errors with the row they belong to.
    assert group.xpath("tr[1]/th")[0].get("aria-describedby") == errors.get("id")
    assert "No priority area “no-such-area”." in errors.text_content()


@pytest.mark.parametrize("name", WRITERS)
def test_empty_cells_show_empty_not_none(officer_client, plan_2024, name):
    response = preview(officer_client, WRITERS[name](rows_with_two_errors()), name)
    valid = preview(officer_client, WRITERS[name](example_rows()), name)

    for page in (response, valid):
        shown = lxml.html.fromstring(page.content.decode())
        cells = [
            td.text_content()
            for td in shown.xpath("//table[contains(@class, 'import-preview')]//td")
        ]
        assert cells and "None" not in cells
        assert "" in cells  # the empty title_ru, body, …


# A repeated code: an error naming both rows, nothing written. -----------------------------


@pytest.mark.parametrize("name", WRITERS)
def test_a_code_repeated_in_the_file_is_an_error_naming_both_rows(officer_client, plan_2024, name):
    example = example_rows()
    rows = [*example[:3], None, example[0], {**example[1], "city": "Tashkent"}]

    response = preview(officer_client, WRITERS[name](rows), name)

    assert not offers_confirm(response)
    assert shown_rows(response) == {
        6: ["code: Code 2024-example-cbm-01 appears again in row 6 (first in row 2)."],
        7: ["code: Code 2024-example-cbm-02 appears again in row 7 (first in row 3)."],
    }
    assert not PlanItem.objects.filter(plan=plan_2024).exists()


def test_a_file_with_a_repeated_code_writes_no_row(plan_2024):
    example = example_rows()
    dataset = Dataset().load(as_csv([*example[:2], {**example[0], "city": "Tashkent"}]).decode())

    result = PlanItemResource().import_data(dataset, dry_run=False)

    assert [row.number for row in result.invalid_rows] == [4]
    assert not PlanItem.objects.filter(plan=plan_2024).exists()


# The file: its name says its format; what is not a spreadsheet is told so. ----------------


def test_the_import_form_asks_for_the_file_only(officer_client):
    page = lxml.html.fromstring(officer_client.get(IMPORT_URL).content.decode())

    assert page.xpath("//input[@type='file'][@name='import_file']")
    assert not page.xpath("//select[@name='format']")


@pytest.mark.parametrize(
    ("name", "stale_format"), [("example.xlsx", CSV), ("example.XLSX", ""), ("plan.csv", XLSX)]
)
def test_the_file_extension_decides_the_format(officer_client, plan_2024, name, stale_format):
    content = example_file() if name.lower().endswith(".xlsx") else as_csv(example_rows())

    response = preview(officer_client, content, name, format=stale_format)

    assert import_types(response) == ["new"] * 5


def test_a_csv_saved_with_semicolons_is_read_too(officer_client, plan_2024):
    # Excel in a Russian locale, among others, saves its "CSV" with semicolons.
    response = preview(officer_client, as_csv(example_rows(), delimiter=";"), "plan.csv")

    assert import_types(response) == ["new"] * 5


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.xlsx", PNG),
        ("plan.xlsx", b"This is a letter, not a plan.\n"),
        ("plan.csv", PNG),
        ("plan.csv", b"code\x00\x01\x02\x03\x00plan\n\x00\x00\n"),
        ("plan.pdf", b"%PDF-1.4\n"),
        ("plan", as_csv(example_rows())),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_in_words(
    officer_client, plan_2024, name, content
):
    response = preview(officer_client, content, name)

    assert response.context["form"].errors == {"import_file": [str(NOT_A_SPREADSHEET)]}
    assert "This file is not an .xlsx or .csv spreadsheet" in response.content.decode()
    assert "encountered" not in response.content.decode()
    assert "result" not in response.context
    # The page still says which columns the import reads.
    assert response.context["fields_list"] == [("PlanItemResource", PLAN_ITEM_COLUMNS)]


def test_a_spreadsheet_without_a_code_column_is_refused_in_words(officer_client, plan_2024):
    # Only reading the file tells its columns: the worker does, and the job's page says so.
    response = preview(officer_client, b"title_en,city\nSeminar,Baku\n", "plan.csv")

    page = lxml.html.fromstring(response.content.decode())
    assert job_of(response).state == ImportJob.State.FAILED
    assert page.xpath("string(//*[@id='import-job-error'])").strip() == (
        "The first row must name the columns, as in the example file; “code” is missing."
    )
    assert not offers_confirm(response)


# All or nothing, on confirm too. -----------------------------------------------------------


def test_a_confirm_that_no_longer_passes_writes_nothing_and_says_so(officer_client, plan_2024):
    previewed = preview(officer_client, example_file(), "example.xlsx")
    plan_2024.delete()  # by another officer, between the preview and the confirm

    response = confirm(officer_client, previewed)

    assert not PlanItem.objects.filter(code__startswith="2024-example").exists()
    assert not AnnualPlan.objects.filter(year=2024).exists()
    assert job_of(response).state == ImportJob.State.FAILED
    page = lxml.html.fromstring(response.content.decode())
    assert page.xpath("string(//*[@id='import-job-error'])").strip() == str(NO_LONGER_PASSES)
    # Why, row by row, as in a preview.
    no_plan = f"plan: {NO_PLAN_FOR_YEAR % {'year': 2024}}"
    assert list(shown_rows(response).values()) == [[no_plan]] * 5


def test_an_item_imported_completed_dates_its_status_from_its_last_day(officer_client, plan_2024):
    row = {**example_rows()[0], "status": "completed"}

    confirm(officer_client, preview(officer_client, as_xlsx([row]), "plan.xlsx"))

    item = PlanItem.objects.get(code=row["code"])
    assert (item.status, item.status_changed_on) == ("completed", row["end_date"])


def test_the_export_page_returns_every_column_the_import_reads(officer_client, plan_2024):
    confirm(officer_client, preview(officer_client, example_file(), "example.xlsx"))
    page = lxml.html.fromstring(officer_client.get(EXPORT_URL).content.decode())
    (form,) = [f for f in page.forms if f.xpath(".//select[@name='format']")]
    # Sent as the browser sends the form untouched, with the spreadsheet chosen.
    values = {**dict(form.form_values()), "format": XLSX}

    response = officer_client.post(EXPORT_URL, values)

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert list(header) == PLAN_ITEM_COLUMNS
    assert {row["code"] for row in example_rows()} <= {row[0] for row in rows}


def test_export_writes_natural_keys(reference_data):
    dataset = PlanItemResource().export(PlanItem.objects.filter(code="2023-cbm-01"))

    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert dataset.headers == PLAN_ITEM_COLUMNS
    assert str(row["plan"]) == "2023"
    assert row["priority_area"] and not row["priority_area"].isdigit()
    assert len(row["organizer"]) == 2 and row["organizer"].isupper()


def test_export_runs_the_same_queries_for_5_items_as_for_55(django_assert_num_queries):
    for _ in range(5):
        factories.cbm_event()
    # The items with their related rows, their co-organizers and their cited sources.
    with django_assert_num_queries(3):
        PlanItemResource().export()
    for _ in range(50):
        factories.cbm_event()
    with django_assert_num_queries(3):
        PlanItemResource().export()


# Dates at any precision, and the plan's year. ----------------------------------------------


@pytest.mark.parametrize("name", WRITERS)
def test_dates_written_to_the_year_or_the_month_are_imported_at_that_precision(
    officer_client, plan_2024, name
):
    rows = example_rows()[:3]
    rows[0].update(start_date="2024", end_date=None, date_precision=None)
    rows[1].update(start_date="2024-06", end_date="2024-07", date_precision=None)
    rows[2].update(priority_area=None, dimension="economic")

    response = confirm(officer_client, preview(officer_client, WRITERS[name](rows), name))

    assert job_of(response).state == ImportJob.State.DONE
    items = {i.code: i for i in PlanItem.objects.filter(plan=plan_2024)}
    year, month, no_area = (items[row["code"]] for row in rows)
    assert (year.start_date, year.end_date, year.date_precision) == (
        date(2024, 1, 1),
        date(2024, 12, 31),
        "year",
    )
    assert (month.start_date, month.end_date, month.date_precision) == (
        date(2024, 6, 1),
        date(2024, 7, 31),
        "month",
    )
    assert (no_area.priority_area, no_area.dimension.slug) == (None, "economic")


def test_a_precision_that_disagrees_with_the_written_date_is_refused_on_the_date(
    officer_client, plan_2024
):
    rows = example_rows()[:1]
    rows[0].update(start_date="2024-06", end_date=None, date_precision="day")

    response = preview(officer_client, as_csv(rows), "plan.csv")

    assert columns_in_error(refused_rows(response)[0]) == {"start_date"}


def test_dates_outside_the_plans_year_are_refused_on_the_start_date_unless_carried_over(
    officer_client, plan_2024
):
    rows = example_rows()[:2]
    rows[0].update(start_date=date(2031, 5, 1), end_date=date(2031, 5, 1))
    rows[1].update(start_date="2025-02", end_date=None, date_precision=None, carried_over=True)

    response = preview(officer_client, as_csv(rows), "plan.csv")

    assert shown_rows(response) == {
        2: [
            "start_date: The dates fall outside the plan's year 2024: choose the plan of their "
            "year, or mark the item as carried over."
        ]
    }
