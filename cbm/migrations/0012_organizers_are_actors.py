"""Organizers are actors (membership.Actor): a state, an organization, a CICA body, the
Secretariat or an outside institution. The column changes its table, so each item's state
(and each historical version's) is carried over to that state's actor, then the old column
goes; and items gain co-organizers and two roles (host, partner)."""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def states_to_actors(apps, schema_editor):
    actor_of_state = dict(
        apps.get_model("membership", "Actor")
        .objects.filter(state__isnull=False)
        .values_list("state_id", "id")
    )
    for name in ("PlanItem", "HistoricalPlanItem"):
        model = apps.get_model("cbm", name)
        for state_id in set(
            model.objects.filter(organizer__isnull=False).values_list("organizer_id", flat=True)
        ):
            # A historical version may name a state deleted since: it keeps no organizer.
            model.objects.filter(organizer_id=state_id).update(
                organizer_actor_id=actor_of_state.get(state_id)
            )


def actors_to_states(apps, schema_editor):
    state_of_actor = dict(
        apps.get_model("membership", "Actor")
        .objects.filter(state__isnull=False)
        .values_list("id", "state_id")
    )
    for name in ("PlanItem", "HistoricalPlanItem"):
        model = apps.get_model("cbm", name)
        for actor_id in set(
            model.objects.filter(organizer_actor__isnull=False).values_list(
                "organizer_actor_id", flat=True
            )
        ):
            model.objects.filter(organizer_actor_id=actor_id).update(
                organizer_id=state_of_actor.get(actor_id)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cbm", "0011_states_represented"),
        ("membership", "0004_actors_of_records"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="planitem",
            name="plan_item_state_role_has_organizer",
        ),
        migrations.AddField(
            model_name="historicalplanitem",
            name="organizer_actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Who leads it: a state, an organization, a CICA body, the Secretariat or an institution.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="membership.actor",
                verbose_name="organizer",
            ),
        ),
        migrations.AddField(
            model_name="planitem",
            name="organizer_actor",
            field=models.ForeignKey(
                blank=True,
                help_text="Who leads it: a state, an organization, a CICA body, the Secretariat or an institution.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="membership.actor",
                verbose_name="organizer",
            ),
        ),
        migrations.RunPython(states_to_actors, actors_to_states),
        migrations.RemoveField(model_name="historicalplanitem", name="organizer"),
        migrations.RemoveField(model_name="planitem", name="organizer"),
        migrations.RenameField(
            model_name="historicalplanitem", old_name="organizer_actor", new_name="organizer"
        ),
        migrations.RenameField(
            model_name="planitem", old_name="organizer_actor", new_name="organizer"
        ),
        migrations.AddField(
            model_name="planitem",
            name="co_organizers",
            field=models.ManyToManyField(
                blank=True,
                related_name="co_organized_items",
                to="membership.actor",
                verbose_name="co-organizers",
            ),
        ),
        migrations.AlterField(
            model_name="historicalplanitem",
            name="organizer_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("coordinator", "coordinator"),
                    ("co_coordinator", "co-coordinator"),
                    ("member_state", "other Member State"),
                    ("secretariat", "Secretariat"),
                    ("chairmanship", "Chairmanship"),
                    ("host", "host"),
                    ("partner", "partner"),
                ],
                max_length=15,
                verbose_name="organizer's role",
            ),
        ),
        migrations.AlterField(
            model_name="planitem",
            name="organizer_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("coordinator", "coordinator"),
                    ("co_coordinator", "co-coordinator"),
                    ("member_state", "other Member State"),
                    ("secretariat", "Secretariat"),
                    ("chairmanship", "Chairmanship"),
                    ("host", "host"),
                    ("partner", "partner"),
                ],
                max_length=15,
                verbose_name="organizer's role",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalPlanItem_co_organizers",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="membership.actor",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="cbm.historicalplanitem",
                    ),
                ),
                (
                    "planitem",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cbm.planitem",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPlanItem_co_organizers",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AlterField(
            model_name="planitem",
            name="organizer",
            field=models.ForeignKey(
                blank=True,
                help_text="Who leads it: a state, an organization, a CICA body, the Secretariat or an institution.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organized_items",
                to="membership.actor",
                verbose_name="organizer",
            ),
        ),
        migrations.AddConstraint(
            model_name="planitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("organizer_role__in", ["coordinator", "co_coordinator", "member_state"]),
                        _negated=True,
                    ),
                    ("organizer__isnull", False),
                    _connector="OR",
                ),
                name="plan_item_state_role_has_organizer",
                violation_error_message="Name the Member State that organizes the item in this role.",
            ),
        ),
    ]
