"""An item's country is any ISO 3166-1 country, not only a CICA state (the Secretary General
visits Jakarta and New York); its city has a Russian name too; an online item has no place.

The country's ISO code is copied from the state it named, so nothing is lost."""

import django_countries.fields
from django.db import migrations, models


def copy_state_codes(apps, schema_editor):
    for name in ("PlanItem", "HistoricalPlanItem"):
        model = apps.get_model("cbm", name)
        State = apps.get_model("membership", "State")
        codes = dict(State.objects.values_list("pk", "iso_code"))
        for pk, state_id in model.objects.filter(country__isnull=False).values_list("pk", "country"):
            model.objects.filter(pk=pk).update(country_code=codes.get(state_id, ""))


def copy_codes_back(apps, schema_editor):
    State = apps.get_model("membership", "State")
    states = dict(State.objects.values_list("iso_code", "pk"))
    for name in ("PlanItem", "HistoricalPlanItem"):
        model = apps.get_model("cbm", name)
        for pk, code in model.objects.exclude(country_code="").values_list("pk", "country_code"):
            model.objects.filter(pk=pk).update(country=states.get(code))


def country_field(**kwargs):
    return django_countries.fields.CountryField(
        blank=True, max_length=2, verbose_name="country", **kwargs
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cbm", "0009_remove_planitem_source_date"),
        ("membership", "0002_secretariat_groups"),
    ]

    operations = [
        migrations.AddField("planitem", "country_code", country_field(default="")),
        migrations.AddField("historicalplanitem", "country_code", country_field(default="")),
        migrations.RunPython(copy_state_codes, copy_codes_back),
        migrations.RemoveField("planitem", "country"),
        migrations.RemoveField("historicalplanitem", "country"),
        migrations.RenameField("planitem", "country_code", "country"),
        migrations.RenameField("historicalplanitem", "country_code", "country"),
        migrations.AlterField("planitem", "country", country_field()),
        migrations.AlterField("historicalplanitem", "country", country_field()),
        migrations.AlterField(
            "planitem", "city", models.CharField(blank=True, max_length=100, verbose_name="city (English)")
        ),
        migrations.AlterField(
            "historicalplanitem",
            "city",
            models.CharField(blank=True, max_length=100, verbose_name="city (English)"),
        ),
        migrations.AddField(
            "planitem",
            "city_ru",
            models.CharField(blank=True, max_length=100, verbose_name="city (Russian)"),
        ),
        migrations.AddField(
            "historicalplanitem",
            "city_ru",
            models.CharField(blank=True, max_length=100, verbose_name="city (Russian)"),
        ),
        migrations.AddConstraint(
            model_name="planitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("format", "online"), _negated=True),
                    models.Q(("country", ""), ("city", ""), ("city_ru", "")),
                    _connector="OR",
                ),
                name="plan_item_online_has_no_place",
                violation_error_message=(
                    "An online item has no city or country: leave them empty, or choose "
                    "offline or hybrid."
                ),
            ),
        ),
    ]
