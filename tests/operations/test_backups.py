"""A backup restores to the same data (issue 12, point 6): the test database with the reference
data is dumped, restored into an empty database, and every table of the schema compared by its
row count and a checksum of its rows. A restore refuses a database that is not empty."""

import hashlib
import io
import os
import sqlite3
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from operations.backups import BackupError, restore
from tests.cbm.test_worker_kill import ON_POSTGRES, test_database_url

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump must see the data committed


def pg_connect(name: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        dbname=name,
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        autocommit=True,
    )


def pg_tables(name: str) -> dict[str, tuple[int, str]]:
    """Every table of the schema, listed from the catalog: its row count and an md5 of its rows."""
    with pg_connect(name) as database:
        tables = [
            table
            for (table,) in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: database.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            ).fetchone()
            for table in tables
        }


@pytest.fixture
def empty_database():
    """An empty PostgreSQL database named after the test database, so parallel runs of other
    checkouts never share it; dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with pg_connect("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    yield name
    with pg_connect("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*arguments: str, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump and pg_restore need PostgreSQL (CI runs it)")
def test_a_postgresql_backup_restores_every_table_row_for_row(
    reference_data, empty_database, tmp_path
):
    backup_file = tmp_path / "cica.dump"
    call_command("backup", output=backup_file, stdout=io.StringIO())
    assert backup_file.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    restore_url = test_database_url("restore").replace(
        f"/{connection.settings_dict['NAME']}?", f"/{empty_database}?"
    )
    restored = manage("restore", str(backup_file), database_url=restore_url)
    assert restored.returncode == 0, restored.stderr

    original = pg_tables(connection.settings_dict["NAME"])
    assert original["cbm_planitem"][0] > 0 and original["cbm_source"][0] > 0
    assert pg_tables(empty_database) == original

    # Once restored, the database is not empty: a second restore needs --force.
    refused = manage("restore", str(backup_file), database_url=restore_url)
    assert refused.returncode == 1
    assert "is not empty" in refused.stderr and "--force" in refused.stderr
    forced = manage("restore", str(backup_file), "--force", database_url=restore_url)
    assert forced.returncode == 0, forced.stderr
    assert pg_tables(empty_database) == original


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_restore needs PostgreSQL (CI runs it)")
def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(empty_database, tmp_path):
    not_a_backup = tmp_path / "notes.dump"
    not_a_backup.write_text("minutes of the Senior Officials Committee")
    target = {**connection.settings_dict, "NAME": empty_database}
    with pytest.raises(BackupError, match="pg_restore"):
        restore(target, not_a_backup)
    assert pg_tables(empty_database) == {}


def sqlite_tables(path) -> dict[str, tuple[int, str]]:
    database = sqlite3.connect(path, uri=True)
    try:
        tables = [
            name
            for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
            )
        ]
        contents = {}
        for table in tables:
            rows = sorted(repr(row) for row in database.execute(f'SELECT * FROM "{table}"'))
            contents[table] = (len(rows), hashlib.md5("|".join(rows).encode()).hexdigest())
        return contents
    finally:
        database.close()


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite path of the embedded defaults")
def test_an_sqlite_backup_restores_every_table_row_for_row(reference_data, tmp_path):
    backup_file = tmp_path / "cica.sqlite3"
    call_command("backup", output=backup_file, stdout=io.StringIO())
    original = sqlite_tables(connection.settings_dict["NAME"])
    assert original["cbm_planitem"][0] > 0
    assert sqlite_tables(backup_file) == original

    restored_file = tmp_path / "restored.sqlite3"
    target = {**connection.settings_dict, "NAME": str(restored_file)}
    restore(target, backup_file)
    assert sqlite_tables(restored_file) == original

    with pytest.raises(BackupError, match="is not empty"):
        restore(target, backup_file)
    not_a_backup = tmp_path / "notes.sqlite3"
    not_a_backup.write_text("minutes of the Senior Officials Committee")
    with pytest.raises(BackupError, match="not an SQLite backup"):
        restore(target, not_a_backup, force=True)
    assert sqlite_tables(restored_file) == original


def test_restoring_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="There is no backup file at"):
        call_command("restore", str(tmp_path / "missing.dump"))
