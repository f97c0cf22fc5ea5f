"""The life of an import job, as plain functions; the admin and the Celery tasks call them.

queued → validating → previewed → committing → done, or failed where the file cannot be read
or no longer passes on confirm. Each step may run twice (a redelivered message, an officer's
"run again") and still does its work once: checking writes nothing, and the commit writes the
items and marks the job done in one transaction.
"""

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cbm.models import PlanItem
from cbm.resources import CSV, XLSX, UnreadableFile
from imports import limits
from imports.bulk import BulkPlanItemResource
from imports.models import ImportJob

FORMATS = {"xlsx": XLSX, "csv": CSV}
NO_LONGER_PASSES = _(
    "Nothing was imported: the file no longer passes its checks (see the rows below). "
    "Correct it and upload it again."
)
# How often a worker tells the officer how far it has come, in rows.
PROGRESS_EVERY = 100


def start_import(*, content: bytes, file_name: str, file_format: str, user, language: str):
    """A queued job for the uploaded file, once its bytes pass limits.check_upload (which
    raises UnreadableFile, and nothing is written)."""
    limits.check_upload(content, file_format)
    return ImportJob.objects.create(
        content=content,
        file_name=file_name,
        file_format=file_format,
        uploaded_by=user,
        language=language,
    )


def confirm(job: ImportJob, user) -> bool:
    """Mark a job that passed its check for committing; False where it cannot be confirmed
    (it did not pass, or it is already confirmed)."""
    confirmed = ImportJob.objects.filter(
        pk=job.pk, state=ImportJob.State.PREVIEWED, error_rows=0
    ).update(
        state=ImportJob.State.COMMITTING,
        confirmed_by=user,
        confirmed_at=timezone.now(),
        processed_rows=0,
        updated_at=timezone.now(),
    )
    return bool(confirmed)


def is_stalled(job: ImportJob, stalled_after: int, now=None) -> bool:
    """Whether a job a worker should have is untouched for `stalled_after` seconds: its
    message was lost or its worker died, and it may be run again."""
    now = now or timezone.now()
    return job.is_running and (now - job.updated_at).total_seconds() >= stalled_after


class Progress:
    """Tells how many rows are done while the rows are checked or written inside a
    transaction, through a connection of its own, so the officer's page sees it before the
    transaction ends. On SQLite (one writer at a time) the count is told at the end only."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None
        if connection.vendor == "postgresql":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, row_number: int):
        if self.side is not None and row_number % PROGRESS_EVERY == 0:
            with self.side.cursor() as cursor:
                cursor.execute(
                    "UPDATE imports_importjob SET processed_rows = %s, updated_at = %s "
                    "WHERE id = %s AND total_rows >= %s",
                    [row_number, timezone.now(), self.job_id, row_number],
                )

    def close(self):
        if self.side is not None:
            self.side.close()


def _read(job: ImportJob):
    format_ = FORMATS[job.file_format]()
    format_.encoding = "utf-8-sig"
    return format_.create_dataset(bytes(job.content))


def _import(job: ImportJob, dataset, *, dry_run: bool):
    progress = Progress(job.pk)
    try:
        return BulkPlanItemResource().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            file_name=job.file_name,
            user=job.confirmed_by if not dry_run else job.uploaded_by,
            progress=progress,
        )
    finally:
        progress.close()


def _record(job: ImportJob, result) -> None:
    """The result's counts and preview on the job (not saved)."""
    totals = result.totals
    job.new_rows = totals["new"]
    job.updated_rows = totals["update"]
    job.unchanged_rows = totals["skip"]
    job.error_rows = totals["error"] + totals["invalid"]
    job.processed_rows = job.total_rows or 0
    job.preview = {
        "diff_headers": [str(header) for header in result.diff_headers],
        "base_errors": [{"error": str(error.error)} for error in result.base_errors],
        "rows": [
            {
                "number": row.number,
                "import_type": row.import_type,
                "cells": list(row.cells),
                "messages": [[column, str(message)] for column, message in row.messages],
            }
            for row in result.rows
        ],
    }


def _fail(job: ImportJob, message) -> ImportJob:
    job.state, job.error = ImportJob.State.FAILED, str(message)
    job.processed_rows = job.total_rows or 0
    job.save()
    return job


def validate(job_id: int) -> ImportJob | None:
    """Check a queued job's rows without writing any: the job is then previewed, with each
    row's change and errors, or failed where the file cannot be read. None where the job is
    no longer waiting for its check (checked already, or deleted)."""
    running = (ImportJob.State.QUEUED, ImportJob.State.VALIDATING)
    job = ImportJob.objects.filter(pk=job_id, state__in=running).first()
    if job is None:
        return None
    job.state, job.processed_rows, job.total_rows = ImportJob.State.VALIDATING, 0, None
    job.save(update_fields=["state", "processed_rows", "total_rows", "updated_at"])
    with translation.override(job.language):
        try:
            dataset = _read(job)
        except UnreadableFile as error:
            return _fail(job, error)
        job.total_rows = len(dataset)
        job.save(update_fields=["total_rows", "updated_at"])
        result = _import(job, dataset, dry_run=True)
        _record(job, result)
    job.state = ImportJob.State.PREVIEWED
    job.save()
    return job


def commit(job_id: int) -> ImportJob | None:
    """Write a confirmed job's items, all or nothing, and mark it done in the same
    transaction; failed, writing nothing, where a row no longer passes. None where the job is
    not waiting for its commit (written already by an earlier delivery, or deleted)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One commit at a time per job, without locking the row Progress writes to.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x1D0C, job_id])
        job = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.COMMITTING).first()
        if job is None:
            return None
        with translation.override(job.language):
            try:
                dataset = _read(job)
            except UnreadableFile as error:
                return _fail(job, error)
            result = _import(job, dataset, dry_run=False)
            _record(job, result)
            if result.has_errors() or result.has_validation_errors():
                return _fail(job, NO_LONGER_PASSES)
        _log_changes(job, result)
        job.state = ImportJob.State.DONE
        job.save()
    return job


def _log_changes(job: ImportJob, result) -> None:
    """The admin's history of each item added or changed, as the import-export admin keeps it."""
    for import_type, flag in (("new", ADDITION), ("update", CHANGE)):
        codes = [row.object_id for row in result.rows if row.import_type == import_type]
        if codes:
            LogEntry.objects.log_actions(
                job.confirmed_by_id,
                PlanItem.objects.filter(pk__in=codes),
                flag,
                change_message=str(_("Imported from %(file)s") % {"file": job.file_name}),
                single_object=len(codes) == 1,
            )
