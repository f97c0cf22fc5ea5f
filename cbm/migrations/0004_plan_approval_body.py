"""A plan names the body that approved it; the SOC decision field becomes the decision's
reference (the body may be named apart now). Approved plans were approved by the SOC. Plans
carry created/updated times, for the API's ETags (existing plans: the time of migrating)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

SOC = "senior-officials-committee"


def approved_by_the_soc(apps, schema_editor):
    Body = apps.get_model("bodies", "Body")
    AnnualPlan = apps.get_model("cbm", "AnnualPlan")
    soc = Body.objects.filter(slug=SOC).first()
    if soc is not None:
        AnnualPlan.objects.filter(status="approved", approved_by=None).update(approved_by=soc)


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0001_initial"),
        ("cbm", "0003_plan_item_search_index"),
    ]

    operations = [
        migrations.RenameField("annualplan", "soc_decision", "decision_reference"),
        migrations.RenameField("historicalannualplan", "soc_decision", "decision_reference"),
        migrations.AlterField(
            model_name="annualplan",
            name="decision_reference",
            field=models.CharField(
                blank=True,
                help_text="The number or title of the approving decision, as the body's record gives it.",
                max_length=200,
                verbose_name="decision reference",
            ),
        ),
        migrations.AlterField(
            model_name="historicalannualplan",
            name="decision_reference",
            field=models.CharField(
                blank=True,
                help_text="The number or title of the approving decision, as the body's record gives it.",
                max_length=200,
                verbose_name="decision reference",
            ),
        ),
        migrations.AddField(
            model_name="annualplan",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The body that approved the plan: the Senior Officials Committee.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="approved_plans",
                to="bodies.body",
                verbose_name="approved by",
            ),
        ),
        migrations.AddField(
            model_name="historicalannualplan",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The body that approved the plan: the Senior Officials Committee.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="bodies.body",
                verbose_name="approved by",
            ),
        ),
        migrations.AddField(
            model_name="annualplan",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="annualplan",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalannualplan",
            name="created_at",
            field=models.DateTimeField(
                blank=True, editable=False, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalannualplan",
            name="updated_at",
            field=models.DateTimeField(
                blank=True, editable=False, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(approved_by_the_soc, migrations.RunPython.noop),
    ]
