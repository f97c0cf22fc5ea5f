"""Load the reference data in fixtures/; see cica_site.reference_data."""

from django.core.management import BaseCommand

from cica_site.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Add the reference data of fixtures/ that the database lacks; keep every record present."

    def handle(self, *args, **options):
        report = load_reference_data()
        if options["verbosity"]:
            self.stdout.write(str(report))
