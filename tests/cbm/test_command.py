"""`manage.py compile_plan_stats`: the figures as JSON, the breakdown as text, clear errors."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cbm.models import PlanStatsSnapshot
from tests.cbm.test_worker_kill import ON_POSTGRES, test_database_url


def compile_plan_stats(*args) -> str:
    out = io.StringIO()
    call_command("compile_plan_stats", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_json_gives_the_2023_figures_under_the_documented_keys(reference_data):
    data = json.loads(compile_plan_stats("--year", "2023", "--as-of", "2023-11-30"))
    assert {k: data[k] for k in ("plan", "as_of", "total_items", "completed", "scheduled")} == {
        "plan": 2023,
        "as_of": "2023-11-30",
        "total_items": 41,
        "completed": 27,
        "scheduled": 3,
    }
    assert (data["postponed"], data["cancelled"], data["expected_completed"]) == (11, 0, 30)
    assert data["by_category"] == {"body_meeting": 17, "cbm_event": 13, "other": 0}
    assert data["cbm_by_dimension"]["new-challenges-and-threats"] == 5
    areas = data["cbm_by_priority_area"]
    assert [a["order"] for a in areas] == list(range(1, 19))
    assert {"order": 13, "name": "Finance", "count": 0}.items() <= areas[12].items()


@pytest.mark.django_db
def test_text_prints_the_written_breakdown_and_stores_nothing(reference_data):
    text = compile_plan_stats("--year", "2023", "--as-of", "2023-11-30", "--format", "text")
    assert text.startswith("# ")
    assert "As of 30 November 2023, 27 CICA events have been completed" in text
    assert text.count("no events in 2023") == 7
    assert not PlanStatsSnapshot.objects.exists()


@pytest.mark.django_db
def test_text_in_russian_names_the_organizers_in_russian(reference_data):
    text = compile_plan_stats(
        "--year", "2023", "--as-of", "2023-11-30", "--format", "text", "--language", "ru"
    )
    assert "Индия" in text
    assert "30 ноября 2023" in text


@pytest.mark.django_db
def test_a_year_without_a_plan_is_a_clear_error():
    with pytest.raises(CommandError, match="no annual plan for 2031"):
        compile_plan_stats("--year", "2031")


@pytest.mark.django_db
def test_a_malformed_date_is_a_clear_error(reference_data):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        compile_plan_stats("--year", "2023", "--as-of", "30.11.2023")


def run_command(*args, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", "compile_plan_stats", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def database_url(transactional_db, tmp_path):
    """A database another process can open: the test database on PostgreSQL; on SQLite
    (in memory for the tests) a migrated file of its own."""
    if ON_POSTGRES:
        return test_database_url("cica-command-test")
    url = f"sqlite:///{tmp_path / 'command.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    return url


def test_from_the_shell_errors_exit_non_zero_and_say_why(database_url):
    no_plan = run_command("--year", "2031", database_url=database_url)
    assert no_plan.returncode != 0
    assert "There is no annual plan for 2031." in no_plan.stderr
    bad_date = run_command("--year", "2031", "--as-of", "2023-13-01", database_url=database_url)
    assert bad_date.returncode != 0
    assert "YYYY-MM-DD" in bad_date.stderr
    assert no_plan.stdout == bad_date.stdout == ""
