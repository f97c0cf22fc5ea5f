import json

from django.core.management.base import BaseCommand

from operations.health import PROBES, readiness


class Command(BaseCommand):
    help = (
        "Print the readiness report of /readyz as JSON and exit 1 when something configured is "
        "failing; --check names the checks to run (compose's probes of the worker and beat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="append", choices=sorted(PROBES), dest="names")

    def handle(self, *args, names, **options):
        ready, report = readiness(names)
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        if not ready:
            raise SystemExit(1)
