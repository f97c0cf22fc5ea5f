"""The import job: what an upload may be (size, rows, an .xlsx's unzipped size and compression,
what its bytes are), each refused in words with nothing written; the job's page, its
permissions, its status, and a job whose worker or message was lost, run again."""

import io
import zipfile
from datetime import timedelta

import lxml.html
import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from cbm.models import NO_PLAN_FOR_YEAR, AnnualPlan, PlanItem
from cbm.resources import NOT_A_SPREADSHEET, TOO_MANY_ROWS, XLSX, UnreadableFile
from imports import services
from imports.limits import COMPRESSED_SUSPICIOUSLY, UNZIPS_TOO_LARGE
from imports.models import ImportJob
from tests import factories
from tests.admin.example_plan import EXAMPLE_PLAN_PATH, as_csv, as_xlsx, example_rows
from tests.admin.roles import OFFICER, member_of
from tests.admin.test_import_export import job_of, offers_confirm, preview
from tests.test_constraints import assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

SHEET = "xl/worksheets/sheet1.xml"
ROW = '<row><c t="inlineStr"><is><t>2024-example-cbm-01</t></is></c></row>'


@pytest.fixture
def plan_2024(reference_data):
    return factories.plan(2024, status=AnnualPlan.Status.DRAFT)


def with_sheet_of(size: int) -> bytes:
    """The example file with its sheet replaced by `size` bytes of the same row repeated: a
    small download that unzips to far more."""
    rows = ROW * (size // len(ROW) + 1)
    sheet = f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(EXAMPLE_PLAN_PATH) as example,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for member in example.infolist():
            if member.filename != SHEET:
                bomb.writestr(member, example.read(member))
        bomb.writestr(SHEET, sheet, compresslevel=9)
    return out.getvalue()


def field_errors(response) -> list[str]:
    return response.context["form"].errors.get("import_file", [])


def shown_error(response) -> str:
    page = lxml.html.fromstring(response.content.decode())
    return page.xpath("string(//*[@id='import-job-error'])").strip()


def nothing_written():
    return not PlanItem.objects.filter(code__startswith="2024-example").exists()


# The caps: each told in words, nothing written. ---------------------------------------------


@override_settings(IMPORT_MAX_UPLOAD_BYTES=1024)
def test_a_file_over_the_upload_limit_is_refused_before_any_job(officer_client, plan_2024):
    content = EXAMPLE_PLAN_PATH.read_bytes()

    response = preview(officer_client, content, "example.xlsx")

    assert field_errors(response) == [
        f"This file is {len(content) / 1024:.1f}\xa0KB; the import takes files of up to 1.0\xa0KB."
    ]
    assert "This file is" in response.content.decode()
    assert not ImportJob.objects.exists() and nothing_written()


def test_an_xlsx_that_unzips_beyond_the_limit_is_refused_unopened(officer_client, plan_2024):
    bomb = with_sheet_of(60 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024  # a download under a megabyte

    response = preview(officer_client, bomb, "plan.xlsx")

    (error,) = field_errors(response)
    assert error.startswith("This spreadsheet unzips to 60.0")
    assert error.endswith("unzipped. Split it into smaller files.")
    assert str(UNZIPS_TOO_LARGE).split("%")[0] in response.content.decode()
    assert not ImportJob.objects.exists() and nothing_written()


def test_an_xlsx_compressed_beyond_any_spreadsheet_is_refused_unopened(officer_client, plan_2024):
    response = preview(officer_client, with_sheet_of(5 * 1024 * 1024), "plan.xlsx")

    assert field_errors(response) == [str(COMPRESSED_SUSPICIOUSLY)]
    assert not ImportJob.objects.exists() and nothing_written()


def zip_of(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [zip_of("letter.txt", b"Not a plan."), b"PK\x03\x04 a zip's signature, then nothing"],
    ids=["a zip of something else", "a broken zip"],
)
def test_an_xlsx_that_is_no_workbook_is_refused_in_words(officer_client, plan_2024, content):
    response = preview(officer_client, content, "plan.xlsx")

    assert response.status_code == 200
    assert field_errors(response) == [str(NOT_A_SPREADSHEET)]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("name", ["plan.xlsx", "plan.csv"])
@override_settings(IMPORT_MAX_ROWS=3)
def test_a_file_with_more_rows_than_the_limit_fails_its_job_in_words(
    officer_client, plan_2024, name
):
    writer = as_xlsx if name.endswith(".xlsx") else as_csv

    response = preview(officer_client, writer(example_rows()), name)

    assert job_of(response).state == ImportJob.State.FAILED
    assert shown_error(response) == str(TOO_MANY_ROWS % {"limit": 3})
    assert not offers_confirm(response) and nothing_written()


@override_settings(IMPORT_MAX_ROWS=100)
def test_a_huge_sheet_is_stopped_at_the_row_limit_while_it_is_read(monkeypatch):
    from openpyxl import Workbook

    book = Workbook()
    for number in range(5000):
        book.active.append([f"code-{number}"])
    content = io.BytesIO()
    book.save(content)
    read = []
    original = XLSX.read_rows

    def counting(self, in_stream):
        for row in original(self, in_stream):
            read.append(row)
            yield row

    monkeypatch.setattr(XLSX, "read_rows", counting)

    with pytest.raises(UnreadableFile, match="more than 100 rows"):
        XLSX().create_dataset(content.getvalue())
    assert len(read) == 102  # the column names, the 100 rows taken, and the one too many


# The job's page. ------------------------------------------------------------------------


def test_the_upload_leads_to_the_jobs_page_with_the_preview_and_its_counts(
    officer_client, officer, plan_2024
):
    response = preview(officer_client, EXAMPLE_PLAN_PATH.read_bytes(), "example-plan-2024.xlsx")

    job = job_of(response)
    assert response.redirect_chain == [
        (reverse("admin:imports_importjob_change", args=[job.pk]), 302)
    ]
    assert (job.state, job.uploaded_by, job.file_name) == (
        ImportJob.State.PREVIEWED,
        officer,
        "example-plan-2024.xlsx",
    )
    assert (job.total_rows, job.processed_rows, job.new_rows, job.error_rows) == (5, 5, 5, 0)
    page = lxml.html.fromstring(response.content.decode())
    assert page.xpath("string(//*[@id='import-job-counts'])").strip() == (
        "5 new, 0 updated, 0 unchanged, 0 with errors."
    )


def test_the_preview_is_in_the_officers_language(officer_client, officer, reference_data):
    upload = io.BytesIO(EXAMPLE_PLAN_PATH.read_bytes())
    upload.name = "example.xlsx"

    response = officer_client.post(
        "/ru/admin/cbm/planitem/import/", {"import_file": upload}, follow=True
    )

    job = job_of(response)
    with translation.override("ru"):
        in_russian = str(NO_PLAN_FOR_YEAR) % {"year": 2024}
    assert job.language == "ru" and in_russian.startswith("Ежегодного плана")
    assert job.preview["rows"][0]["messages"] == [["plan", in_russian]]


def test_a_job_is_confirmed_once_and_written_once(officer_client, plan_2024):
    previewed = preview(officer_client, EXAMPLE_PLAN_PATH.read_bytes(), "example.xlsx")
    job = job_of(previewed)
    url = reverse("admin:imports_importjob_confirm", args=[job.pk])

    officer_client.post(url)
    again = officer_client.post(url, follow=True)

    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.processed_rows == 5
    assert PlanItem.objects.filter(code__startswith="2024-example").count() == 5
    assert "This import cannot be confirmed in its present state." in again.content.decode()
    # A message delivered twice does nothing the second time.
    assert services.commit(job.pk) is None and services.validate(job.pk) is None


def test_a_job_with_a_refused_row_cannot_be_confirmed(officer_client, plan_2024):
    rows = [*example_rows()[:2], {**example_rows()[2], "priority_area": "no-such-area"}]
    job = job_of(preview(officer_client, as_csv(rows), "plan.csv"))

    response = officer_client.post(
        reverse("admin:imports_importjob_confirm", args=[job.pk]), follow=True
    )

    job.refresh_from_db()
    assert job.state == ImportJob.State.PREVIEWED and job.error_rows == 1
    assert not offers_confirm(response) and nothing_written()


def queued_job(officer, **fields) -> ImportJob:
    return ImportJob.objects.create(
        content=EXAMPLE_PLAN_PATH.read_bytes(),
        file_name="example.xlsx",
        file_format="xlsx",
        uploaded_by=officer,
        **fields,
    )


@override_settings(IMPORT_JOB_STALLED_AFTER=120)
def test_a_job_whose_worker_was_lost_says_so_and_runs_again(officer_client, officer, plan_2024):
    job = queued_job(officer)  # its message never reached a worker
    page_url = reverse("admin:imports_importjob_change", args=[job.pk])
    assert "Run again" not in officer_client.get(page_url).content.decode()  # just queued
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=3))

    page = lxml.html.fromstring(officer_client.get(page_url).content.decode())
    assert page.xpath("//*[@id='import-job-stalled']")
    response = officer_client.post(
        reverse("admin:imports_importjob_run_again", args=[job.pk]), follow=True
    )

    assert job_of(response).state == ImportJob.State.PREVIEWED
    assert offers_confirm(response)


def test_the_status_says_the_state_and_the_progress_as_json(officer_client, officer):
    job = queued_job(officer, state=ImportJob.State.VALIDATING, total_rows=250, processed_rows=100)

    status = officer_client.get(reverse("admin:imports_importjob_status", args=[job.pk])).json()

    assert status == {
        "state": "validating",
        "state_display": "checking the rows",
        "total_rows": 250,
        "processed_rows": 100,
        "progress": "100 of 250 rows",
    }


def test_the_page_of_a_running_job_follows_it_with_a_static_script_only(officer_client, officer):
    job = queued_job(officer, state=ImportJob.State.VALIDATING, total_rows=250, processed_rows=100)

    page = lxml.html.fromstring(
        officer_client.get(reverse("admin:imports_importjob_change", args=[job.pk])).content
    )

    scripts = page.xpath("//script")
    assert any(s.get("src", "").endswith("js/import-job.js") for s in scripts)
    assert all(s.get("src") for s in scripts)  # no inline script
    (bar,) = page.xpath("//progress")
    assert (bar.get("value"), bar.get("max")) == ("100", "250")


# Who may. -------------------------------------------------------------------------------


def test_another_officer_sees_and_confirms_a_colleagues_import(client, officer, plan_2024):
    job = queued_job(officer)
    services.validate(job.pk)
    client.force_login(member_of(OFFICER, "colleague"))

    assert client.get(reverse("admin:imports_importjob_change", args=[job.pk])).status_code == 200
    client.post(reverse("admin:imports_importjob_confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.confirmed_by.username == "colleague"
    # The items' history and the admin's log name who confirmed, though a worker wrote them.
    item = PlanItem.objects.get(code=example_rows()[0]["code"])
    assert item.history.get().history_user.username == "colleague"
    assert LogEntry.objects.get(object_id=str(item.pk)).user.username == "colleague"


@pytest.mark.parametrize("name", ["change", "status", "confirm", "run_again"])
def test_a_viewer_cannot_see_or_confirm_an_import(viewer_client, officer, name):
    job = queued_job(officer)
    url = reverse(f"admin:imports_importjob_{name}", args=[job.pk])

    response = (
        viewer_client.post(url) if name in ("confirm", "run_again") else viewer_client.get(url)
    )

    assert response.status_code == 403
    assert viewer_client.get(reverse("admin:imports_importjob_changelist")).status_code == 403
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED


def test_the_list_of_imports_runs_the_same_queries_for_5_jobs_as_for_55(
    officer_client, officer, django_assert_max_num_queries
):
    url = reverse("admin:imports_importjob_changelist")

    def count_queries():
        with django_assert_max_num_queries(100) as captured:
            assert officer_client.get(url).status_code == 200
        return len(captured)

    for _ in range(5):
        queued_job(officer)
    five = count_queries()
    for _ in range(50):
        queued_job(officer)
    assert count_queries() == five


# The database's rules. --------------------------------------------------------------------


def test_a_job_in_no_known_state_is_refused(officer):
    assert_refused(lambda: queued_job(officer, state="lost"), "imports_job_state_known")


def test_progress_beyond_the_rows_is_refused(officer):
    assert_refused(
        lambda: queued_job(officer, total_rows=5, processed_rows=6),
        "imports_job_progress_within_total",
    )


def test_a_job_done_without_a_confirmation_is_refused(officer):
    assert_refused(
        lambda: queued_job(officer, state=ImportJob.State.DONE),
        "imports_job_done_only_once_confirmed",
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: progress is told through a second connection, which SQLite's single writer cannot take",
)
@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_while_the_rows_are_still_in_their_transaction(officer):
    from django.db import transaction

    job = queued_job(officer, state=ImportJob.State.VALIDATING, total_rows=500)
    progress = services.Progress(job.pk)
    try:
        with transaction.atomic():
            progress(200)
            # Committed by the side connection: seen now, not when this transaction ends.
            assert ImportJob.objects.get(pk=job.pk).processed_rows == 200
            transaction.set_rollback(True)
    finally:
        progress.close()
    assert ImportJob.objects.get(pk=job.pk).processed_rows == 200
