"""An upload over real HTTP on gunicorn with DEBUG off (and on runserver): what exceeds a cap
is refused in words, at once, with nothing stored; a spreadsheet becomes a job whose page,
and its script, the server serves."""

import pytest
import requests
from django.urls import reverse

from cbm.models import AnnualPlan
from cica_site.celery import app as celery_app
from imports import services
from imports.models import ImportJob
from tests import factories
from tests.admin.example_plan import EXAMPLE_PLAN_PATH
from tests.admin.test_import_jobs import with_sheet_of
from tests.live.test_redis_outage import sign_in


@pytest.fixture
def queue_emptied():
    """The check the upload queues goes to the default queue (Redis in CI, where no worker
    runs it): emptied afterwards; the test plays the worker."""
    yield
    if not celery_app.conf.task_always_eager:
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_purge(celery_app.conf.task_default_queue)


def upload(browser: requests.Session, site: str, name: str, content: bytes):
    url = f"{site}/en/admin/cbm/planitem/import/"
    browser.get(url)
    return browser.post(
        url,
        data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        files={"import_file": (name, content)},
        headers={"Referer": url},
        allow_redirects=False,
    )


def test_an_upload_over_http_is_capped_then_becomes_a_job_with_its_page(
    server, officer, reference_data, queue_emptied
):
    factories.plan(2024, status=AnnualPlan.Status.DRAFT)
    browser = sign_in(server, officer)

    bomb = upload(browser, server, "plan.xlsx", with_sheet_of(60 * 1024 * 1024))
    assert bomb.status_code == 200
    assert "This spreadsheet unzips to 60.0" in bomb.text
    assert not ImportJob.objects.exists()

    uploaded = upload(browser, server, "example.xlsx", EXAMPLE_PLAN_PATH.read_bytes())
    assert uploaded.status_code == 302
    job = ImportJob.objects.get()
    assert uploaded.headers["Location"].endswith(
        reverse("admin:imports_importjob_change", args=[job.pk])
    )
    services.validate(job.pk)  # where the server runs tasks in-process, already done

    page = browser.get(f"{server}{reverse('admin:imports_importjob_change', args=[job.pk])}")
    assert page.status_code == 200
    assert page.text.count('class="new"') == 5
    assert 'name="confirm"' in page.text
    status = browser.get(f"{server}{reverse('admin:imports_importjob_status', args=[job.pk])}")
    assert status.json()["state"] == "previewed"
    script = browser.get(f"{server}/static/js/import-job.js")
    assert script.status_code == 200 and "import-job-progress" in script.text
