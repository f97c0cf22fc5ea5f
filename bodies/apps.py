from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bodies"
    verbose_name = _("Bodies and sessions")
