import axes.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    """Sign-in protection around django-axes: the locked-out page and the officers' unlock."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "signin"
    verbose_name = _("Sign-in")


class LockoutsConfig(axes.apps.AppConfig):
    """django-axes, named in the admin in the Secretariat's words (INSTALLED_APPS uses it)."""

    default = False
    verbose_name = _("Sign-in lockouts")
