from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task: one row per worker. Kept in
    PostgreSQL, not Redis, so readiness tells a Redis outage apart from workers that are down."""

    hostname = models.CharField(_("worker"), max_length=255, unique=True)
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return self.hostname
