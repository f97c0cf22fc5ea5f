"""The load test's smoke run (issue 12, point 7): bench/load.py for 10 seconds against gunicorn
on a database of its own reports no errors and no lost writes. The full minute is run by hand
(bench/README.md)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.live.conftest import ROOT

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the load test's gunicorn workers write concurrently: PostgreSQL only "
    "(DATABASE_URL=postgres://…; CI runs it)",
)


def test_ten_seconds_of_mixed_load_end_with_no_errors_and_no_lost_writes():
    finished = subprocess.run(
        [sys.executable, "bench/load.py", "--seconds", "10"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]
    out = finished.stdout
    report = json.loads(out[out.index("{\n") : out.rindex("}") + 1])
    assert report["requests"] > 0
    assert report["writes_acknowledged"] > 0
    assert (report["errors"], report["lost_writes"]) == (0, 0)
