"""Load the reference data in fixtures/; see cica_site.reference_data."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from cbm.models import AnnualPlan, PlanItem
from cbm.tasks import request_recompile
from cica_site.reference_data import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = "Add the reference data of fixtures/ that the database lacks; keep every record present."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="Fixture files (default: those of fixtures/)."
        )

    def handle(self, *args, **options):
        try:
            report = load_reference_data(options["paths"] or None)
        except ReferenceDataError as error:
            raise CommandError(f"{error} Nothing was loaded.") from error
        # A raw save sends no signal: a stored snapshot of a plan that gained items is stale.
        plan_ids = {record.plan_id for record in report.records if isinstance(record, PlanItem)}
        stale = AnnualPlan.objects.filter(pk__in=plan_ids, snapshots__isnull=False).distinct()
        for plan_id in stale.values_list("pk", flat=True):
            request_recompile(plan_id)
        if options["verbosity"]:
            self.stdout.write(str(report))
