"""A plan's items in and out as XLSX and CSV: preview first, all or nothing, idempotent."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tablib import Dataset

from cbm.models import NO_PLAN_FOR_YEAR, AnnualPlan, PlanItem
from cbm.resources import PLAN_ITEM_COLUMNS, PlanItemResource
from tests import factories
from tests.admin.example_plan import EXAMPLE_PLAN_PATH, example_rows

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:cbm_planitem_import")
PROCESS_URL = reverse("admin:cbm_planitem_process_import")
XLSX, CSV = "0", "1"  # the indexes of PlanItemAdmin.formats


@pytest.fixture
def plan_2024(reference_data):
    """The draft plan the example file's items belong to."""
    return factories.plan(2024, status=AnnualPlan.Status.DRAFT)


def preview(client, content: bytes, name: str, file_format: str):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(IMPORT_URL, {"import_file": upload, "format": file_format, "resource": "0"})


def confirm(client, previewed):
    form = previewed.context["confirm_form"]
    return client.post(PROCESS_URL, {name: form[name].value() for name in form.fields})


def import_types(response) -> list[str]:
    return [row.import_type for row in response.context["result"].valid_rows()]


def example_file() -> bytes:
    return EXAMPLE_PLAN_PATH.read_bytes()


def test_the_shipped_example_file_holds_the_generators_rows():
    sheet = load_workbook(EXAMPLE_PLAN_PATH).active
    header, *rows = sheet.iter_rows(values_only=True)

    def as_date(value):
        return value.date() if isinstance(value, datetime) else value

    assert list(header) == PLAN_ITEM_COLUMNS
    assert [dict(zip(header, map(as_date, row), strict=True)) for row in rows] == example_rows()
    assert all(row["title_en"].startswith("EXAMPLE") for row in example_rows())


def test_preview_shows_every_new_row_and_writes_nothing(officer_client, plan_2024):
    response = preview(officer_client, example_file(), "example-plan-2024.xlsx", XLSX)

    assert response.status_code == 200
    assert import_types(response) == ["new"] * 5
    assert "confirm_form" in response.context
    assert not PlanItem.objects.filter(plan__year=2024).exists()


def test_confirmed_import_creates_the_items_in_their_plan(officer_client, plan_2024):
    response = confirm(
        officer_client, preview(officer_client, example_file(), "example.xlsx", XLSX)
    )

    assert response.status_code == 302
    items = PlanItem.objects.filter(plan=plan_2024).order_by("code")
    assert [i.code for i in items] == [row["code"] for row in example_rows()]
    first = items[0]
    assert (first.priority_area.slug, first.organizer.iso_code, first.start_date) == (
        "ict-security",
        "RU",
        date(2024, 4, 16),
    )
    assert first.history.count() == 1


def test_an_item_whose_plan_year_has_no_plan_is_refused_in_an_officers_words(
    officer_client, reference_data
):
    response = preview(officer_client, example_file(), "example.xlsx", XLSX)

    result = response.context["result"]
    assert "confirm_form" not in response.context
    assert [row.error_dict["plan"] for row in result.invalid_rows] == [
        [NO_PLAN_FOR_YEAR % {"year": 2024}]
    ] * 5
    assert str(NO_PLAN_FOR_YEAR % {"year": 2024}) in response.content.decode()
    assert not AnnualPlan.objects.filter(year=2024).exists()


def test_importing_the_same_file_twice_changes_nothing(officer_client, plan_2024):
    confirm(officer_client, preview(officer_client, example_file(), "example.xlsx", XLSX))
    before = list(PlanItem.objects.filter(plan__year=2024).values_list("code", "updated_at"))
    history_before = PlanItem.history.count()

    again = preview(officer_client, example_file(), "example.xlsx", XLSX)
    assert import_types(again) == ["skip"] * 5
    confirm(officer_client, again)

    after = list(PlanItem.objects.filter(plan__year=2024).values_list("code", "updated_at"))
    assert after == before and PlanItem.history.count() == history_before


def test_a_changed_row_is_previewed_as_an_update(officer_client, plan_2024):
    confirm(officer_client, preview(officer_client, example_file(), "example.xlsx", XLSX))
    dataset = PlanItemResource().export(PlanItem.objects.filter(plan__year=2024))
    dataset[0] = tuple(
        "Tashkent" if h == "city" else v for h, v in zip(dataset.headers, dataset[0], strict=True)
    )

    response = preview(officer_client, dataset.csv.encode(), "plan.csv", CSV)

    assert import_types(response) == ["update"] + ["skip"] * 4


def bad_csv() -> bytes:
    rows = example_rows()[:2]
    rows[1].update(start_date=date(2024, 6, 12), end_date=date(2024, 6, 11))
    rows.append({**example_rows()[2], "priority_area": "no-such-area"})
    dataset = Dataset(headers=PLAN_ITEM_COLUMNS)
    for row in rows:
        dataset.append(["" if row[c] is None else row[c] for c in PLAN_ITEM_COLUMNS])
    return dataset.csv.encode()


def test_preview_lists_every_error_and_offers_no_import(officer_client, plan_2024):
    response = preview(officer_client, bad_csv(), "plan.csv", CSV)

    result = response.context["result"]
    page = response.content.decode()
    assert "confirm_form" not in response.context
    assert [row.number for row in result.invalid_rows] == [2, 3]
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
    with django_assert_num_queries(1):
        PlanItemResource().export()
    for _ in range(50):
        factories.cbm_event()
    with django_assert_num_queries(1):
        PlanItemResource().export()
