"""Compile every locale/*/LC_MESSAGES/*.po into its .mo, in Python.

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine may lack; Babel
reads and writes the same files, so set-up needs nothing but the virtual environment.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the .po translation files into .mo files (no gettext needed)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                with po_path.open("rb") as po_file:
                    try:
                        catalog = read_po(po_file, abort_invalid=True)
                    except Exception as error:  # Babel raises several kinds; all mean a bad file
                        raise CommandError(f"{po_path}: {error}") from error
                with po_path.with_suffix(".mo").open("wb") as mo_file:
                    write_mo(mo_file, catalog, use_fuzzy=False)
                compiled += 1
        self.stdout.write(f"Compiled {compiled} translation file(s).")
