from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from operations.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database, which must "
        "be empty (or --force to replace what it holds)."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that is not empty.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, backup_file, force, database, **options):
        connection = connections[database]
        connection.close()  # the restore writes through its own connection
        try:
            restore(connection.settings_dict, backup_file, force=force)
        except BackupError as error:
            raise CommandError(_("The restore failed: %(error)s") % {"error": error}) from error
        self.stdout.write(
            _("Restored %(file)s into %(name)s.")
            % {"file": backup_file, "name": connection.settings_dict["NAME"]}
        )
