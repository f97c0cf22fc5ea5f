"""Celery tasks of the imports app: thin wrappers around imports.services.

Each may be delivered twice (late acknowledgement requeues the task of a worker that died)
and does its work once; a job whose message was lost is run again from its page.
"""

from celery import shared_task
from django.db import DatabaseError, OperationalError

from imports import services

RETRY_ON = (OperationalError, DatabaseError)


@shared_task(autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def validate_import_job(job_id: int) -> str | None:
    """Check the job's rows and store its preview. Returns the job's state, or None where
    it was not waiting for its check."""
    job = services.validate(job_id)
    return job.state if job else None


@shared_task(autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def commit_import_job(job_id: int) -> str | None:
    """Write the confirmed job's items, all or nothing. Returns the job's state, or None
    where it was not waiting for its commit."""
    job = services.commit(job_id)
    return job.state if job else None


def run_next_step(job) -> None:
    """Queue the task the job waits for: its check, or its commit."""
    if job.state == job.State.COMMITTING:
        commit_import_job.delay(job.pk)
    else:
        validate_import_job.delay(job.pk)
