"""Participating states become ISO codes of any country (members, observers and others), kept
on the item: each item's states, and each historical version's, are copied as codes before
the many-to-many table and its history table go."""

import django_countries.fields
from django.db import migrations

FIELD = dict(
    blank=True,
    help_text="The states that took part, named by the sources; members or not.",
    max_length=746,
    multiple=True,
    verbose_name="participating states",
)


def states_to_codes(apps, schema_editor):
    PlanItem = apps.get_model("cbm", "PlanItem")
    through = PlanItem.participating_states.through
    codes: dict[int, list[str]] = {}
    for item_id, code in through.objects.values_list("planitem_id", "state__iso_code"):
        codes.setdefault(item_id, []).append(code)
    for item_id, item_codes in codes.items():
        PlanItem.objects.filter(pk=item_id).update(participating_countries=sorted(item_codes))
    # The history keeps each version's states in a table of its own (state ids).
    HistoricalPlanItem = apps.get_model("cbm", "HistoricalPlanItem")
    history_rows = apps.get_model("cbm", "HistoricalPlanItem_participating_states")
    iso_code = dict(apps.get_model("membership", "State").objects.values_list("pk", "iso_code"))
    versions: dict[int, list[str]] = {}
    for history_id, state_id in history_rows.objects.values_list("history_id", "state_id"):
        if state_id in iso_code:  # a state deleted since leaves no code to keep
            versions.setdefault(history_id, []).append(iso_code[state_id])
    for history_id, version_codes in versions.items():
        HistoricalPlanItem.objects.filter(history_id=history_id).update(
            participating_countries=sorted(version_codes)
        )


def codes_to_states(apps, schema_editor):
    """Back: the codes of states CICA knows return to the table; others cannot."""
    PlanItem = apps.get_model("cbm", "PlanItem")
    state_of = dict(apps.get_model("membership", "State").objects.values_list("iso_code", "pk"))
    through = PlanItem.participating_states.through
    rows = []
    for item_id, codes in PlanItem.objects.exclude(participating_countries="").values_list(
        "pk", "participating_countries"
    ):
        for code in str(codes).split(","):
            if code in state_of:
                rows.append(through(planitem_id=item_id, state_id=state_of[code]))
    through.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("cbm", "0012_organizers_are_actors"),
        ("membership", "0004_actors_of_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="planitem",
            name="participating_countries",
            field=django_countries.fields.CountryField(**FIELD),
        ),
        migrations.AddField(
            model_name="historicalplanitem",
            name="participating_countries",
            field=django_countries.fields.CountryField(**FIELD),
        ),
        migrations.RunPython(states_to_codes, codes_to_states),
        migrations.RemoveField(model_name="planitem", name="participating_states"),
        migrations.DeleteModel(name="HistoricalPlanItem_participating_states"),
        migrations.RenameField(
            model_name="planitem",
            old_name="participating_countries",
            new_name="participating_states",
        ),
        migrations.RenameField(
            model_name="historicalplanitem",
            old_name="participating_countries",
            new_name="participating_states",
        ),
    ]
