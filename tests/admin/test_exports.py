"""The admin's CSV and XLSX exports: formulas quoted, rows written as they are read, the same
queries however many items, and the file the import reads back."""

import csv
import io
from datetime import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cbm.models import PlanItem
from cbm.resources import CSV as CSVFormat
from cbm.resources import PLAN_ITEM_COLUMNS, PlanItemResource
from tests import factories
from tests.admin.test_import_export import CSV, EXPORT_URL, XLSX, import_types, preview
from tests.formulas import items_titled_as_formulas, quoted

pytestmark = pytest.mark.django_db

TEXT_COLUMNS = ("title_en", "description_en", "city")


def export(client, file_format: str):
    """The export as the officer asks for it: the export form posted with a file format."""
    response = client.post(EXPORT_URL, {"format": file_format, "resource": "0"})
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    assert "attachment" in response["Content-Disposition"]
    return response


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


def xlsx_rows(response) -> list[dict]:
    """Each row's cells (openpyxl's, with their data types) by column name."""
    header, *rows = load_workbook(io.BytesIO(response.getvalue())).active.iter_rows()
    return [{h.value: cell for h, cell in zip(header, row, strict=True)} for row in rows]


def test_the_csv_export_quotes_every_formula(officer_client):
    texts = items_titled_as_formulas()

    rows = {row["code"]: row for row in csv_rows(export(officer_client, CSV))}

    for code, text in texts.items():
        assert [rows[code][column] for column in TEXT_COLUMNS] == [quoted(text)] * 3, code
    assert rows["formula-0"]["title_en"] == '\'=HYPERLINK("http://x","y")'


def test_the_xlsx_export_stores_formulas_as_quoted_text_and_keeps_dates_typed(officer_client):
    texts = items_titled_as_formulas()
    PlanItem.objects.filter(code="formula-7").update(participants=40)

    rows = {row["code"].value: row for row in xlsx_rows(export(officer_client, XLSX))}

    for code, text in texts.items():
        for column in TEXT_COLUMNS:
            cell = rows[code][column]
            assert (cell.data_type, cell.value) == ("s", quoted(text)), (code, column)
    typed = rows["formula-7"]
    assert typed["start_date"].value == datetime(2023, 5, 18)
    assert typed["start_date"].is_date
    assert (typed["participants"].data_type, typed["participants"].value) == ("n", 40)


def test_the_csv_export_streams_what_the_export_wrote_before(officer_client, reference_data):
    streamed = export(officer_client, CSV).getvalue().decode()

    # import-export's own path: a whole Dataset, then the format's text.
    before = CSVFormat().export_data(PlanItemResource().export(PlanItem.objects.all()))
    assert streamed.splitlines()[0] == before.splitlines()[0] == ",".join(PLAN_ITEM_COLUMNS)
    assert sorted(streamed.splitlines()) == sorted(before.splitlines())
    assert len(streamed.splitlines()) == 1 + PlanItem.objects.count()


@pytest.mark.usefixtures("eager_celery")  # the import's check runs in-process here
def test_the_xlsx_export_imports_back_unchanged(officer_client, reference_data):
    factories.plan(2024)
    exported = export(officer_client, XLSX).getvalue()

    response = preview(officer_client, exported, "plan.xlsx")

    assert response.status_code == 200
    assert set(import_types(response)) == {"skip"}
    assert len(import_types(response)) == PlanItem.objects.count()


@pytest.mark.parametrize("file_format", [CSV, XLSX], ids=["csv", "xlsx"])
def test_the_export_runs_the_same_queries_for_5_items_as_for_55(
    officer_client, file_format, django_assert_num_queries
):
    for _ in range(5):
        factories.cbm_event(co_organizers=[factories.state("TH", "Thailand").actor])
    with CaptureQueriesContext(connection) as with_5:
        export(officer_client, file_format).getvalue()  # its queries run as it is read
    for _ in range(50):
        factories.cbm_event(co_organizers=[factories.state("TH", "Thailand").actor])
    with django_assert_num_queries(len(with_5.captured_queries)):
        body = export(officer_client, file_format).getvalue()
    if file_format == CSV:
        assert body.count(b"test-cbm-") == 55
    else:
        assert len(xlsx_rows(export(officer_client, file_format))) == 55


def test_a_character_a_workbook_cannot_store_is_told_and_nothing_is_sent(officer_client):
    factories.cbm_event(code="bell", title_en="Bell \x07 rings")

    response = officer_client.post(EXPORT_URL, {"format": XLSX, "resource": "0"})

    assert response.status_code == 200
    assert not response.streaming  # the export page again, with the message
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The export stopped: a text holds a control character that a workbook cannot "
        "store. Export as CSV, or remove the character."
    ]
    rows = csv_rows(export(officer_client, CSV))
    assert [row["title_en"] for row in rows] == ["Bell \x07 rings"]
