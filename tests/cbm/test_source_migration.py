"""Migrating source dates to sources keeps every 2023 item's held-on date (issue 11)."""

from datetime import date

import pytest

from tests.cbm.migrating import POSTGRES_ONLY, migrate, migrate_to_latest

pytestmark = POSTGRES_ONLY

BEFORE = [("cbm", "0006_source")]
AFTER = [("cbm", "0009_remove_planitem_source_date")]
REPORT_NOTE = "Counted among the six thematic expert meetings held in 2023 (SG report on 2023, §2)."
POSTPONED_NOTE = (
    "Counted among the 41 plan items and postponed by its organizer (SG report on 2023)."
)


def held_on(apps) -> dict[str, date | None]:
    from django.db.models import Min
    from django.db.models.functions import Coalesce

    PlanItem = apps.get_model("cbm", "PlanItem")
    fields = {f.name for f in PlanItem._meta.get_fields()}
    fallback = "source_date" if "source_date" in fields else Min("sources__date_period_end")
    rows = PlanItem.objects.annotate(held_on=Coalesce("end_date", "start_date", fallback))
    return dict(rows.values_list("code", "held_on"))


@pytest.mark.django_db(transaction=True)
def test_the_2023_source_dates_become_sources_and_every_held_on_date_stays():
    old = migrate(BEFORE)
    try:
        Body = old.get_model("bodies", "Body")
        Plan = old.get_model("cbm", "AnnualPlan")
        PlanItem = old.get_model("cbm", "PlanItem")
        plan = Plan.objects.create(year=2023, status="approved", approved_on=date(2022, 12, 1))
        body = Body.objects.create(
            slug="chairmanship-expert-meetings", name_en="Expert meetings", kind="consultative"
        )
        common = {"plan": plan, "date_precision": "unknown", "source_date": date(2023, 11, 30)}
        for n in (15, 16, 17):
            PlanItem.objects.create(
                code=f"2023-bm-{n}",
                category="body_meeting",
                body=body,
                title_en="Expert meeting",
                status="completed",
                source_note=REPORT_NOTE,
                **common,
            )
        for n in (1, 2):
            PlanItem.objects.create(
                code=f"2023-postponed-{n:02}",
                category="other",
                details_published=False,
                status="postponed",
                source_note=POSTPONED_NOTE,
                **common,
            )
        PlanItem.objects.create(
            code="2023-bm-01",
            category="body_meeting",
            body=body,
            title_en="SOC",
            plan=plan,
            start_date=date(2023, 4, 19),
            end_date=date(2023, 4, 19),
            status="completed",
        )
        PlanItem.objects.create(
            code="2023-other-01",
            category="other",
            details_published=False,
            plan=plan,
            date_precision="unknown",
            source_date=date(2023, 6, 1),
            source_note="A newsletter",
            status="postponed",
        )
        before = held_on(old)

        new = migrate(AFTER)

        assert held_on(new) == before
        Source = new.get_model("cbm", "Source")
        report = Source.objects.get(slug="sg-report-2023")
        assert (
            report.title_en == "Report of the Secretary General on the activities of CICA in 2023"
        )
        assert (report.publisher, report.date, report.date_precision) == (
            "CICA Secretariat",
            date(2023, 11, 30),
            "day",
        )
        cited = new.get_model("cbm", "PlanItem").objects.filter(sources=report)
        assert sorted(cited.values_list("code", flat=True)) == [
            "2023-bm-15",
            "2023-bm-16",
            "2023-bm-17",
            "2023-postponed-01",
            "2023-postponed-02",
        ]
        other = Source.objects.get(plan_items__code="2023-other-01")
        assert (other.title_en, other.date) == ("Source of 2023-other-01", date(2023, 6, 1))
        assert Source.objects.count() == 2
    finally:
        # Back to the latest schema, which later tests expect.
        migrate_to_latest()
