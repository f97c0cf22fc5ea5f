"""A plan's items in and out of the admin through a live server, in headless Chromium: an
officer uploads a file with a repeated code and a file that is not a spreadsheet, reads what
is wrong as text on the import job's page, imports a valid file and exports the items again;
and a job's page follows its worker until the preview is there.
"""

import io
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from cbm.models import AnnualPlan, PlanItem
from cbm.resources import PLAN_ITEM_COLUMNS
from cica_site.celery import app as celery_app
from imports import services
from imports.models import ImportJob
from tests.admin.example_plan import EXAMPLE_PLAN_PATH, as_xlsx, example_rows
from tests.admin.roles import OFFICER, member_of
from tests.browser.chromium import BROWSER_TEST, chromium_page, sign_in

pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_TEST


@pytest.fixture
def admin(live_server, eager_celery):
    """A signed-in officer's page, and the admin's address."""
    call_command("load_reference_data", verbosity=0)
    AnnualPlan.objects.create(year=2024, status=AnnualPlan.Status.DRAFT)
    member_of(OFFICER, "aigerim")
    url = f"{live_server.url}/en/admin"
    with chromium_page(accept_downloads=True) as page:
        sign_in(page, url, "aigerim")
        yield page, url


def upload(page, url: str, name: str, content: bytes):
    """Open the import page, choose the file (nothing else) and submit it."""
    page.goto(f"{url}/cbm/planitem/import/")
    page.set_input_files(
        "#id_import_file", files=[{"name": name, "mimeType": "", "buffer": content}]
    )
    with page.expect_navigation():
        page.click("input[type=submit]")


def serious_accessibility_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


def test_an_officer_reads_the_import_errors_as_text_imports_a_valid_file_and_exports_it(admin):
    page, url = admin
    example = example_rows()

    # A file repeating a code: the error is written under row 5, where the code comes again.
    upload(page, url, "plan.xlsx", as_xlsx([*example[:3], {**example[0], "city": "Tashkent"}]))
    errors = page.locator("#row-5-errors")
    assert errors.is_visible()
    assert errors.inner_text() == (
        "code: Code 2024-example-cbm-01 appears again in row 5 (first in row 2)."
    )
    row_header = page.get_by_role("rowheader", name="5")
    assert row_header.get_attribute("aria-describedby") == "row-5-errors"
    assert page.locator("input[name=confirm]").count() == 0
    assert "None" not in page.locator("table.import-preview").inner_text()
    assert serious_accessibility_violations(page) == []

    # A picture named .xlsx: told in words, at the file field.
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    upload(page, url, "plan.xlsx", png)
    field_errors = page.locator(".errorlist")
    assert field_errors.inner_text() == "This file is not an .xlsx or .csv spreadsheet."

    assert not PlanItem.objects.filter(code__startswith="2024-example").exists()

    # The example file: previewed with the spreadsheet's row numbers on its job's page (the
    # worker runs in-process here), then imported.
    upload(page, url, EXAMPLE_PLAN_PATH.name, EXAMPLE_PLAN_PATH.read_bytes())
    assert "/imports/importjob/" in page.url
    preview = page.locator("table.import-preview")
    assert preview.locator("tr.new").count() == 5
    assert [h.strip() for h in preview.get_by_role("rowheader").all_inner_texts()] == [
        "2",
        "3",
        "4",
        "5",
        "6",
    ]
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    assert PlanItem.objects.filter(code__startswith="2024-example").count() == 5

    # The export returns the spreadsheet, with the imported items in it.
    page.goto(f"{url}/cbm/planitem/export/")
    page.select_option("#id_format", label="xlsx")
    with page.expect_download() as download:
        page.click("input[type=submit]")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert list(header) == PLAN_ITEM_COLUMNS
    assert {row["code"] for row in example} <= {row[0] for row in rows}


@pytest.fixture
def tasks_held():
    """Tasks sent to the broker (memory:// on the embedded defaults, Redis in CI) on a queue of
    this test's own that no worker reads, deleted afterwards: the test plays the worker."""
    queue = f"test-import-page-{uuid.uuid4().hex}"
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_delete(queue)


def test_the_jobs_page_follows_its_worker_until_the_preview_is_there(live_server, tasks_held):
    call_command("load_reference_data", verbosity=0)
    AnnualPlan.objects.create(year=2024, status=AnnualPlan.Status.DRAFT)
    member_of(OFFICER, "aigerim")
    url = f"{live_server.url}/en/admin"
    with chromium_page() as page:
        sign_in(page, url, "aigerim")
        upload(page, url, EXAMPLE_PLAN_PATH.name, EXAMPLE_PLAN_PATH.read_bytes())

        job = ImportJob.objects.get()
        assert job.state == ImportJob.State.QUEUED
        assert page.locator("#import-job-state strong").inner_text() == "waiting for a worker"
        assert page.locator("#import-job-progress progress").is_visible()

        services.validate(job.pk)  # as the worker does

        # The page's script sees the new state and shows the preview, without a click.
        page.wait_for_selector("table.import-preview", timeout=15_000)
        assert page.locator("table.import-preview tr.new").count() == 5
        assert page.locator("#import-job-state strong").inner_text() == "checked, to be confirmed"
        assert page.locator("input[name=confirm]").count() == 1
