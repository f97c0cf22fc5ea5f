"""Print a plan's statistics as of a date: as JSON, or as the Secretariat's written breakdown.

    python manage.py compile_plan_stats --year 2023 --as-of 2023-11-30 --format json
    python manage.py compile_plan_stats --year 2023 --as-of 2023-11-30 --format text --language ru

Reads only: nothing is stored (the Celery task stores snapshots).
"""

import argparse
import json
from datetime import date

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from cbm.models import AnnualPlan, PlanStatsSnapshot
from cbm.reports import breakdown_markdown
from cbm.stats import compile_plan_stats, default_as_of


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-11-30."
        ) from None


class Command(BaseCommand):
    help = "Print an annual plan's statistics as of a date, as JSON or as the written breakdown."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The plan's year.")
        parser.add_argument(
            "--as-of",
            type=iso_date,
            help="YYYY-MM-DD; default today, or the plan's last day once its year is over.",
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--language",
            choices=[code for code, _ in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the written breakdown.",
        )

    def handle(self, *args, year, as_of, format, language, **options):
        plan = AnnualPlan.objects.filter(year=year).first()
        if plan is None:
            raise CommandError(f"There is no annual plan for {year}.")
        stats = compile_plan_stats(plan, as_of or default_as_of(plan))
        if format == "json":
            self.stdout.write(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
            return
        # The breakdown reads a snapshot; an unsaved one leaves the stored snapshots alone.
        snapshot = PlanStatsSnapshot(
            plan=plan, as_of=stats.as_of, compiled_at=timezone.now(), figures=stats.to_json()
        )
        self.stdout.write(breakdown_markdown(snapshot, language), ending="")
