"""Load the reference data in fixtures/: membership, bodies, the Catalogue and the 2023 plan.

Every record carries its natural key, so loading twice changes nothing.
"""

from django.conf import settings
from django.core.management import BaseCommand, call_command

REFERENCE_FIXTURES = [
    "membership.yaml",
    "bodies.yaml",
    "catalogue.yaml",
    "plan-2023.yaml",
]


def reference_fixture_paths() -> list[str]:
    return [str(settings.BASE_DIR / "fixtures" / name) for name in REFERENCE_FIXTURES]


class Command(BaseCommand):
    help = "Load the reference data from fixtures/ (idempotent)."

    def handle(self, *args, **options):
        call_command("loaddata", *reference_fixture_paths(), verbosity=options["verbosity"])
