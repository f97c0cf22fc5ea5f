from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from operations.backups import BackupError, backup, is_postgresql


class Command(BaseCommand):
    help = (
        "Back up the database to a file: pg_dump's custom format on PostgreSQL (restore it "
        "with `manage.py restore`), an SQLite copy on SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The file to write (default: backups/cica-<date and time>.dump or .sqlite3).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output, database, **options):
        settings_dict = connections[database].settings_dict
        if output is None:
            suffix = "dump" if is_postgresql(settings_dict) else "sqlite3"
            output = Path("backups") / f"cica-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"
        try:
            written = backup(settings_dict, output)
        except BackupError as error:
            raise CommandError(_("The backup failed: %(error)s") % {"error": error}) from error
        self.stdout.write(str(written))
