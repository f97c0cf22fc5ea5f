"""Every item's source date becomes a cited source of that date, without loss.

Items reporting the same date with the same note cite one source. The Secretary General's
report on 2023 (30 November 2023), which the 2023 plan's undated expert meetings and postponed
items name in their notes, becomes the one record the reference data also has (same slug).
Any other date becomes a source titled after the first item citing it, the note staying on
the items: an officer gives it its real title.
"""

from datetime import date

from django.db import migrations
from django.utils import timezone

SG_REPORT_2023 = {
    "slug": "sg-report-2023",
    "title_en": "Report of the Secretary General on the activities of CICA in 2023",
    "publisher": "CICA Secretariat",
    "date": date(2023, 11, 30),
}


def names_sg_report_2023(item) -> bool:
    return item.source_date == SG_REPORT_2023["date"] and "SG report on 2023" in item.source_note


def forward(apps, schema_editor):
    PlanItem = apps.get_model("cbm", "PlanItem")
    Source = apps.get_model("cbm", "Source")
    now = timezone.now()
    created, sources = [], {}
    for item in PlanItem.objects.filter(source_date__isnull=False).order_by("code"):
        if names_sg_report_2023(item):
            key, fields = "sg-report-2023", SG_REPORT_2023
        else:
            key = (item.source_date, item.source_note.strip())
            fields = {
                "slug": f"source-of-{item.code}",
                "title_en": f"Source of {item.code}",
                "date": item.source_date,
            }
        if key not in sources:
            # Historical models have no save() of their own: fill what Source.save() fills.
            source, new = Source.objects.get_or_create(
                slug=fields["slug"],
                defaults={
                    **fields,
                    "date_precision": "day",
                    "date_period_end": fields["date"],
                    "created_at": now,
                    "updated_at": now,
                },
            )
            sources[key] = source
            if new:
                created.append(source)
        item.sources.add(sources[key])
    record_first_versions(apps, created, now)


def record_first_versions(apps, sources, now):
    HistoricalSource = apps.get_model("cbm", "HistoricalSource")
    copied = [f.attname for f in apps.get_model("cbm", "Source")._meta.concrete_fields]
    HistoricalSource.objects.bulk_create(
        HistoricalSource(
            **{name: getattr(source, name) for name in copied},
            history_date=now,
            history_type="+",
            history_change_reason="Made from the items' source dates",
        )
        for source in sources
    )


def backward(apps, schema_editor):
    """Each item's source date again: the earliest date among the sources it cites."""
    PlanItem = apps.get_model("cbm", "PlanItem")
    for item in PlanItem.objects.filter(sources__date_period_end__isnull=False).distinct():
        dates = item.sources.exclude(date_period_end=None).values_list("date_period_end", flat=True)
        item.source_date = min(dates)
        item.save(update_fields=["source_date"])


class Migration(migrations.Migration):

    dependencies = [
        ("cbm", "0007_source_permissions"),
    ]

    operations = [migrations.RunPython(forward, backward)]
