"""Load the reference data in fixtures/: membership, bodies, the Catalogue and the 2023 plan.

The sources give the starting state; from then on the officers own the data. So a record
already in the database (found by its natural key) is left exactly as it is, however it was
changed since, and only missing records are added, each with a first version in its history.
Loading twice therefore changes nothing, and `make run` never undoes an officer's work.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

REFERENCE_FIXTURES = [
    "membership.yaml",
    "bodies.yaml",
    "catalogue.yaml",
    "plan-2023.yaml",
]


def reference_fixture_paths() -> list[Path]:
    return [Path(settings.BASE_DIR) / "fixtures" / name for name in REFERENCE_FIXTURES]


@dataclass
class LoadReport:
    added: dict[str, int] = field(default_factory=dict)
    kept: int = 0
    records: list[models.Model] = field(default_factory=list)  # the records added

    def __str__(self):
        added = sum(self.added.values())
        return gettext(
            "Added %(added)s reference records; kept %(kept)s already present as they are."
        ) % {"added": added, "kept": self.kept}


@transaction.atomic
def load_reference_data(paths: list[Path] | None = None) -> LoadReport:
    """Add the records of the fixtures that the database lacks; touch no other row."""
    report = LoadReport()
    now = timezone.now()
    for path in paths or reference_fixture_paths():
        deferred = []
        with path.open(encoding="utf-8") as stream:
            for record in serializers.deserialize("yaml", stream, handle_forward_references=True):
                instance = record.object
                model = type(instance)
                # The deserializer resolved the natural key: a pk means the row exists.
                if (
                    instance.pk is not None
                    and model._default_manager.filter(pk=instance.pk).exists()
                ):
                    report.kept += 1
                    continue
                # A raw save, as loaddata does: the fixture's values, no signals. Setting the
                # many-to-many fields would still write a history version of its own.
                stamp_auto_times(instance, now)
                instance.skip_history_when_saving = True
                record.save()
                del instance.skip_history_when_saving
                report.records.append(instance)
                report.added[model._meta.label] = report.added.get(model._meta.label, 0) + 1
                if record.deferred_fields:
                    deferred.append(record)
        for record in deferred:
            record.save_deferred_fields()
    record_first_versions(report.records, reason=gettext("Loaded from the reference data"))
    return report


def stamp_auto_times(instance: models.Model, now) -> None:
    """A raw save fills no auto_now fields: a record added by the load was recorded now."""
    for model_field in instance._meta.concrete_fields:
        auto = getattr(model_field, "auto_now", False) or getattr(
            model_field, "auto_now_add", False
        )
        if auto and getattr(instance, model_field.attname) is None:
            setattr(instance, model_field.attname, now)


def record_first_versions(instances: list[models.Model], reason: str) -> None:
    """Give each new record its first history version, many-to-many fields included, so the
    history of a reference record starts from the sources (raw saves record none)."""
    by_model: dict[type, list[models.Model]] = {}
    for instance in instances:
        if hasattr(instance._meta, "simple_history_manager_attribute"):
            by_model.setdefault(type(instance), []).append(instance)
    for model, objects in by_model.items():
        history = getattr(model, model._meta.simple_history_manager_attribute)
        versions = history.bulk_history_create(objects, default_change_reason=reason)
        for m2m_field in getattr(history.model, "_history_m2m_fields", []):
            copy_m2m_rows(versions, objects, m2m_field)


def copy_m2m_rows(versions, objects, m2m_field) -> None:
    """The rows of a many-to-many field, copied into its history table beside each version."""
    through = m2m_field.remote_field.through
    own_fk = next(f for f in through._meta.fields if f.related_model is m2m_field.model)
    columns = [f.attname for f in through._meta.fields]
    pk_name = m2m_field.model._meta.pk.attname
    version_of = {getattr(version, pk_name): version for version in versions}
    # simple-history hangs a manager of the field's history table on the history model.
    m2m_history = getattr(type(versions[0]), m2m_field.name).model
    rows = through._default_manager.filter(**{f"{own_fk.name}__in": [o.pk for o in objects]})
    m2m_history._default_manager.bulk_create(
        m2m_history(
            history=version_of[getattr(row, own_fk.attname)],
            **{column: getattr(row, column) for column in columns},
        )
        for row in rows
    )
