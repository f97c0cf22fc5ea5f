"""Plans whose statistics must be compiled again, recorded with the change (issue 12)."""



import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cbm', '0015_published_figure_permissions'),
    ]

    operations = [
        migrations.CreateModel(
            name='StatsRecompile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_at', models.DateTimeField(verbose_name='requested at')),
                ('plan', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='stats_recompile', to='cbm.annualplan', verbose_name='annual plan')),
            ],
            options={
                'verbose_name': 'statistics recompile',
                'verbose_name_plural': 'statistics recompiles',
            },
        ),
    ]
