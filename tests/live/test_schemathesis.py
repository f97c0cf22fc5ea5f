"""Schemathesis against the live server, as an integrator's fuzzer would run it: every
operation, every check (negative-data rejection, positive-data acceptance, unsupported
methods, stateful links between operations ...), with an officer's token. Zero failures."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.db import connection

pytestmark = pytest.mark.usefixtures("reference_data")

CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES = os.environ.get("SCHEMATHESIS_EXAMPLES", "30")
SEED = os.environ.get("SCHEMATHESIS_SEED", "1")


@pytest.fixture
def production_server(transactional_db, request):
    """gunicorn where the test database can be shared (PostgreSQL), else runserver's."""
    if connection.vendor == "postgresql":
        return request.getfixturevalue("gunicorn_url")
    return request.getfixturevalue("live_server").url


def test_schemathesis_finds_no_failure_with_every_check(production_server, officer_token, tmp_path):
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(schemathesis),
            "--config-file",
            str(CONFIG),
            "run",
            f"{production_server}/api/schema/?format=json",
            "--checks",
            "all",
            "--header",
            f"Authorization: Token {officer_token}",
            "--max-examples",
            EXAMPLES,
            "--seed",
            SEED,
            "--workers",
            "1",
            "--request-timeout",
            "20",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=1500,
    )
    report = result.stdout[-20000:] + result.stderr[-3000:]
    assert result.returncode == 0, report
    # Every operation of the schema was tested, the stateful phase included.
    schema = requests.get(f"{production_server}/api/schema/?format=json", timeout=30).json()
    operations = sum(
        method in ("get", "post", "put", "patch", "delete")
        for path in schema["paths"].values()
        for method in path
    )
    assert f"Tested: {operations}" in report, report
    assert "✅ Stateful" in report, report
