"""Load the reference data in fixtures/; see cica_site.reference_data."""

from django.core.management import BaseCommand

from cbm.models import AnnualPlan, PlanItem
from cbm.tasks import request_recompile
from cica_site.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Add the reference data of fixtures/ that the database lacks; keep every record present."

    def handle(self, *args, **options):
        report = load_reference_data()
        # A raw save sends no signal: a stored snapshot of a plan that gained items is stale.
        plan_ids = {record.plan_id for record in report.records if isinstance(record, PlanItem)}
        stale = AnnualPlan.objects.filter(pk__in=plan_ids, snapshots__isnull=False).distinct()
        for plan_id in stale.values_list("pk", flat=True):
            request_recompile(plan_id)
        if options["verbosity"]:
            self.stdout.write(str(report))
