"""Migrating the test database back and forth, for the tests of data migrations (PostgreSQL
only: SQLite rebuilds tables on many schema changes, which these tests do not need to see)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="migrates the PostgreSQL schema back and forth; CI runs it on PostgreSQL",
    ),
]


def migrate(targets):
    """Migrate to `targets` and return the apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
