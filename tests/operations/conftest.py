# The real HTTP boundary of tests/live: runserver and gunicorn with DEBUG off.
from tests.live.conftest import free_port, gunicorn, gunicorn_url, server  # noqa: F401
