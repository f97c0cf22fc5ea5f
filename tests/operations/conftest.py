import os
import secrets
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings

# The real HTTP boundary of tests/live: runserver and gunicorn with DEBUG off.
from tests.live.conftest import free_port, gunicorn_url, server  # noqa: F401


@contextmanager
def gunicorn(log_path: Path, **env: str):
    """gunicorn with DEBUG off and the given environment, answering on a free port; yields its
    base URL. What it logs goes to `log_path`."""
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        **env,
    }
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(gunicorn_bin), "cica_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(f"{url}/healthz", timeout=5)
                break
            except requests.RequestException:
                assert process.poll() is None, log_path.read_text()
                time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn did not start: {log_path.read_text()}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
