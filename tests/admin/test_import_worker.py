"""An import as production runs it: the upload returns at once with its job queued, a real
Celery worker on Redis checks the rows (the officer's page follows its progress to the
total), and on confirm a worker writes every item.

Real PostgreSQL shared with the worker process, and a Redis broker.
"""

import io

import pytest
from django.conf import settings
from django.urls import reverse

from cbm.models import AnnualPlan, PlanItem
from cica_site.celery import app as celery_app
from imports.models import ImportJob
from tests import factories
from tests.admin.example_plan import as_csv, example_rows
from tests.admin.roles import OFFICER, member_of
from tests.cbm.test_worker_kill import ON_POSTGRES, Workers, wait_for

pytestmark = [
    pytest.mark.skipif(
        not (ON_POSTGRES and settings.REDIS_URL),
        reason="runs a real Celery worker: needs PostgreSQL (DATABASE_URL=postgres://…) "
        "shared with the worker process and a Redis broker (REDIS_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]

ROWS = 250


@pytest.fixture
def workers(tmp_path):
    """Workers on a queue of this test's own, to which the admin's tasks are sent."""
    started = Workers(tmp_path)
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = started.queue
    yield started
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before
    started.stop_all()


def many_rows() -> bytes:
    first = example_rows()[0]
    return as_csv([{**first, "code": f"2024-example-cbm-{n:03}"} for n in range(1, ROWS + 1)])


def test_a_worker_checks_an_upload_after_the_request_returned_and_writes_it_on_confirm(
    reference_data, workers, client
):
    factories.plan(2024, status=AnnualPlan.Status.DRAFT)
    client.force_login(member_of(OFFICER, "worker-officer"))
    upload = io.BytesIO(many_rows())
    upload.name = "plan.csv"

    response = client.post(reverse("admin:cbm_planitem_import"), {"import_file": upload})

    # No worker runs yet: the request has only stored the file and queued its check.
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:imports_importjob_change", args=[job.pk])
    assert job.state == ImportJob.State.QUEUED
    worker = workers.start("imports")
    status_url = reverse("admin:imports_importjob_status", args=[job.pk])

    def previewed():
        assert worker.poll() is None, f"The worker exited:\n{workers.output()}"
        status = client.get(status_url).json()
        return status if status["state"] == "previewed" else None

    status = wait_for(previewed, 180, f"the worker's check; its log:\n{workers.output()}", 0.3)
    assert (status["processed_rows"], status["total_rows"]) == (ROWS, ROWS)
    assert status["progress"] == f"{ROWS} of {ROWS} rows"
    job.refresh_from_db()
    assert (job.new_rows, job.error_rows) == (ROWS, 0)
    assert not PlanItem.objects.filter(code__startswith="2024-example").exists()

    client.post(reverse("admin:imports_importjob_confirm", args=[job.pk]))

    def done():
        assert worker.poll() is None, f"The worker exited:\n{workers.output()}"
        return client.get(status_url).json()["state"] == "done"

    wait_for(done, 180, f"the worker's commit; its log:\n{workers.output()}", 0.3)
    assert PlanItem.objects.filter(code__startswith="2024-example").count() == ROWS
    job.refresh_from_db()
    assert (job.processed_rows, job.confirmed_by.username) == (ROWS, "worker-officer")
