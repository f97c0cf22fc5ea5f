"""An item's source date gives way to the sources it cites (0008 moved every value)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cbm', '0008_sources_from_source_date'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='planitem',
            name='plan_item_undated_completed_has_source_date',
        ),
        migrations.RemoveField(
            model_name='historicalplanitem',
            name='source_date',
        ),
        migrations.RemoveField(
            model_name='planitem',
            name='source_date',
        ),
    ]
