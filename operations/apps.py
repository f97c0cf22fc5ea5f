from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What the people who run the site need: health and readiness, request ids in the logs,
    the workers' heartbeat, backups. No domain code."""

    name = "operations"
    verbose_name = _("Operations")
