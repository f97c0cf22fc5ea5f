"""Sources as records: the Source model and the sources an item cites (issue 11)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cbm', '0005_plan_item_dimension_and_dates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalPlanItem_sources',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'HistoricalPlanItem_sources',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSource',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('slug', models.SlugField(blank=True, help_text='A stable reference; made from the title when left empty.', max_length=100, verbose_name='slug')),
                ('title_en', models.CharField(max_length=300, verbose_name='title (English)')),
                ('title_ru', models.CharField(blank=True, max_length=300, verbose_name='title (Russian)')),
                ('publisher', models.CharField(blank=True, max_length=200, verbose_name='publisher')),
                ('date', models.DateField(blank=True, help_text='For a month or a year, its first day.', null=True, verbose_name='date')),
                ('date_precision', models.CharField(choices=[('day', 'day'), ('month', 'month only'), ('year', 'year only'), ('unknown', 'not published')], default='day', max_length=7, verbose_name='date precision')),
                ('date_period_end', models.DateField(editable=False, null=True, verbose_name="end of the date's period")),
                ('url', models.URLField(blank=True, max_length=500, verbose_name='address')),
                ('quote', models.TextField(blank=True, help_text='A short passage of the source, as it reads.', verbose_name='quote')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical source',
                'verbose_name_plural': 'historical sources',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(blank=True, help_text='A stable reference; made from the title when left empty.', max_length=100, unique=True, verbose_name='slug')),
                ('title_en', models.CharField(max_length=300, verbose_name='title (English)')),
                ('title_ru', models.CharField(blank=True, max_length=300, verbose_name='title (Russian)')),
                ('publisher', models.CharField(blank=True, max_length=200, verbose_name='publisher')),
                ('date', models.DateField(blank=True, help_text='For a month or a year, its first day.', null=True, verbose_name='date')),
                ('date_precision', models.CharField(choices=[('day', 'day'), ('month', 'month only'), ('year', 'year only'), ('unknown', 'not published')], default='day', max_length=7, verbose_name='date precision')),
                ('date_period_end', models.DateField(editable=False, null=True, verbose_name="end of the date's period")),
                ('url', models.URLField(blank=True, max_length=500, verbose_name='address')),
                ('quote', models.TextField(blank=True, help_text='A short passage of the source, as it reads.', verbose_name='quote')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
            ],
            options={
                'verbose_name': 'source',
                'verbose_name_plural': 'sources',
                'ordering': [models.OrderBy(models.F('date'), descending=True, nulls_last=True), 'title_en'],
            },
        ),
        migrations.AddField(
            model_name='historicalplanitem_sources',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='cbm.historicalplanitem'),
        ),
        migrations.AddField(
            model_name='historicalplanitem_sources',
            name='planitem',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cbm.planitem'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('date_precision', 'unknown'), ('date__isnull', True)), models.Q(models.Q(('date_precision', 'unknown'), _negated=True), ('date__isnull', False)), _connector='OR'), name='source_date_matches_precision', violation_error_message='Give the date, or mark it as not published.'),
        ),
        migrations.AddField(
            model_name='historicalplanitem_sources',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cbm.source'),
        ),
        migrations.AddField(
            model_name='planitem',
            name='sources',
            field=models.ManyToManyField(blank=True, help_text='The documents that report the item. One without a published date counts as held by the earliest of them.', related_name='plan_items', to='cbm.source', verbose_name='sources'),
        ),
    ]
