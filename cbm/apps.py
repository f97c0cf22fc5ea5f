from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CbmConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cbm"
    verbose_name = _("Confidence building measures")

    def ready(self):
        # Receivers: recompiling statistics (signals) and invalidating cached pages (caching).
        from cbm import caching, signals  # noqa: F401
