"""`make bench`'s smoke run (issue 13, point 1): bench/run.py --smoke builds a small database
of every shape bench/data.py makes, on PostgreSQL (when DATABASE_URL names one) and on SQLite,
measures every path beside its floor and writes the results in their agreed shape. The full
run (100,000 items, against the goals) is `make bench`, by hand: bench/README.md."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent
FIGURES = {
    "portal_list_vs_bare",
    "api_list_vs_bare",
    "compile_vs_group_by",
    "import_vs_openpyxl",
    "export_ics_seconds",
    "export_csv_seconds",
    "plan_page_seconds",
}
PATHS = {
    "portal_list",
    "api_list",
    "compile",
    "import",
    "export_ics",
    "export_csv",
    "plan_page",
    "statistics",
}


def test_the_smoke_run_measures_every_path_and_writes_the_agreed_results(tmp_path):
    finished = subprocess.run(
        [sys.executable, "bench/run.py", "--smoke", "--output-dir", str(tmp_path)],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]

    on_postgresql = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    expected = {"results.json", "results-sqlite.json", "results.md"}
    assert {path.name for path in tmp_path.iterdir()} == expected
    runs = {"results-sqlite.json": "SQLite"}
    if on_postgresql:
        runs["results.json"] = "PostgreSQL"
    for name, vendor in runs.items():
        result = json.loads((tmp_path / name).read_text())
        assert set(result) == FIGURES | {"queries", "machine"}
        assert all(result[key] > 0 for key in FIGURES), result
        assert set(result["queries"]) == PATHS
        # Every path reads the database; a floor is no more than a query or two.
        assert all(count >= 1 for count in result["queries"].values()), result["queries"]
        assert result["machine"]["database"].startswith(vendor)
        assert result["machine"]["plan_items"] == 3000
        assert result["machine"]["cores"] == os.cpu_count()
    report = (tmp_path / "results.md").read_text()
    assert all(f"`{key}`" in report for key in FIGURES)
    assert ("PostgreSQL" in report) == on_postgresql
