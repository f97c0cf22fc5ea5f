"""Backup and restore of the site's database: pg_dump / pg_restore on PostgreSQL, sqlite3's
backup API on SQLite. Plain functions over a Django database's settings, no command-line
parsing.

The password goes to pg_dump and pg_restore through PGPASSWORD, never on a command line
(another user could read it from the process list). A restore happens in one transaction: one
that fails half-way leaves the database as it was.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.utils.translation import gettext as _


class BackupError(Exception):
    """The backup or restore could not be made; the message says why, in an operator's words."""


def is_postgresql(settings_dict: dict) -> bool:
    return settings_dict["ENGINE"] == "django.db.backends.postgresql"


def pg_command(program: str, settings_dict: dict) -> tuple[list[str], dict]:
    """`program`'s connection arguments and environment for the database in `settings_dict`."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _("%(program)s is not installed: install PostgreSQL's client (postgresql-client).")
            % {"program": program}
        )
    command = [executable, "--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        command += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        command += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        command += ["--username", settings_dict["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return command, env


def run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or result.stdout.strip())


def open_sqlite(settings_dict: dict) -> sqlite3.Connection:
    # uri=True: the test database is a shared in-memory one named by a file: URI.
    return sqlite3.connect(str(settings_dict["NAME"]), uri=True)


def backup(settings_dict: dict, output: Path) -> Path:
    """Write a consistent copy of the database in `settings_dict` to `output`: pg_dump's custom
    format (-Fc) on PostgreSQL, an SQLite file on SQLite. Returns `output`."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if is_postgresql(settings_dict):
        command, env = pg_command("pg_dump", settings_dict)
        run([*command, "--format=custom", "--no-owner", "--file", str(output)], env)
        return output
    source = open_sqlite(settings_dict)
    target = sqlite3.connect(output)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return output


def tables_in(settings_dict: dict) -> list[str]:
    """The tables the database holds (the schema's, on PostgreSQL)."""
    if is_postgresql(settings_dict):
        import psycopg

        options = {
            key: value
            for key, value in {
                "dbname": settings_dict["NAME"],
                "host": settings_dict.get("HOST"),
                "port": settings_dict.get("PORT"),
                "user": settings_dict.get("USER"),
                "password": settings_dict.get("PASSWORD"),
            }.items()
            if value
        }
        with psycopg.connect(**options, connect_timeout=10) as connection:
            rows = connection.execute(
                "SELECT tablename FROM pg_tables "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
            ).fetchall()
        return [name for (name,) in rows]
    connection = open_sqlite(settings_dict)
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY 1"
        ).fetchall()
    finally:
        connection.close()
    return [name for (name,) in rows]


def restore(settings_dict: dict, backup_file: Path, force: bool = False) -> None:
    """Replace the database in `settings_dict` by the backup in `backup_file`.

    Refuses a database that already holds tables unless `force`: a restore replaces what is
    there, and restoring over the live data by mistake must take a second, deliberate step.
    """
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise BackupError(_("There is no backup file at %(path)s.") % {"path": backup_file})
    if not force:
        tables = tables_in(settings_dict)
        if tables:
            raise BackupError(
                _(
                    "The database %(name)s is not empty (tables: %(count)d): the restore would "
                    "replace them. Restore into an empty database, or add --force to replace "
                    "its contents."
                )
                % {"name": settings_dict["NAME"], "count": len(tables)}
            )
    if is_postgresql(settings_dict):
        command, env = pg_command("pg_restore", settings_dict)
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        run([*command, *options, str(backup_file)], env)
        return
    try:
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(
            _("%(path)s is not an SQLite backup: %(error)s") % {"path": backup_file, "error": error}
        ) from error
    target = open_sqlite(settings_dict)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
