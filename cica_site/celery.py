"""The Celery app. Tasks live in each app's tasks.py."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_site.settings")

app = Celery("cica_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def log_as_the_site_does(loglevel=None, **kwargs):
    """Workers and beat log through Django's LOGGING (JSON in production, with the same fields
    as the web's lines) instead of Celery's own handlers; --loglevel still sets Celery's."""
    import logging
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger("celery").setLevel(loglevel)
