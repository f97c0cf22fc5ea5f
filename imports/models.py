"""An officer's spreadsheet of plan items on its way in: checked by a worker, previewed,
confirmed, then written by a worker, all or nothing.

The file is kept in the database with its job, so the web process and the workers share it
without a shared volume, and a job survives a restart of either.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    QUEUED = "queued", _("waiting for a worker")
    VALIDATING = "validating", _("checking the rows")
    PREVIEWED = "previewed", _("checked, to be confirmed")
    COMMITTING = "committing", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("not imported")


class ImportJob(models.Model):
    State = ImportState

    # States in which a worker has the job (or should have it).
    RUNNING = (State.QUEUED, State.VALIDATING, State.COMMITTING)

    class Format(models.TextChoices):
        XLSX = "xlsx", "xlsx"
        CSV = "csv", "csv"

    state = models.CharField(_("state"), max_length=12, choices=State, default=State.QUEUED)
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=Format)
    content = models.BinaryField(_("content"))
    # The officer's language: the rows' errors are written in it.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # who brought the items in stays known
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last activity"), auto_now=True)
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    new_rows = models.PositiveIntegerField(_("new"), default=0)
    updated_rows = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("unchanged"), default=0)
    error_rows = models.PositiveIntegerField(_("with errors"), default=0)
    # What the officer reads: {"diff_headers": [...], "rows": [...], "base_errors": [...]}.
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    # Why the file could not be read at all (too large, too many rows, not a spreadsheet).
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import of plan items")
        verbose_name_plural = _("imports of plan items")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportState.values), name="imports_job_state_known"
            ),
            models.CheckConstraint(
                condition=Q(total_rows__isnull=True, processed_rows=0)
                | Q(processed_rows__lte=F("total_rows")),
                name="imports_job_progress_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(confirmed_at__isnull=False),
                name="imports_job_done_only_once_confirmed",
            ),
        ]

    def __str__(self):
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.state in self.RUNNING

    @property
    def passes(self) -> bool:
        """Whether the checked file may be confirmed: every row passes."""
        return (
            self.state == self.State.PREVIEWED
            and not self.error_rows
            and not self.preview.get("base_errors")
        )
