import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from cica_site.celery import app as celery_app


@pytest.fixture
def reference_data(db):
    call_command("load_reference_data", verbosity=0)


@pytest.fixture
def eager_celery():
    """Tasks run in-process, as on the embedded defaults, even where REDIS_URL is set."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _empty_cache():
    # With REDIS_URL set the cache outlives a test; every test starts from an empty one.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    # A request under /ru/ leaves Russian active in the thread; each test starts in English.
    translation.activate("en")
    yield
    translation.activate("en")
