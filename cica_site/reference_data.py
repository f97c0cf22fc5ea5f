"""Load the reference data in fixtures/: membership, bodies, the Catalogue, the sources, the
2023 plan, the activities of the Chairmanship of Kazakhstan 2020-2024, the 2025 plan and the
figures the sources publish.

The sources give the starting state; from then on the officers own the data. So a record
already in the database (found by its natural key) is left exactly as it is, however it was
changed since; a record whose history shows that officers deleted it stays deleted, and so does
every record of the fixtures that refers to it; only records never loaded are added, each with
a first version in its history. Loading twice therefore changes nothing, and `make run` never
undoes an officer's work. A record refers only to records before it (or in the database).
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.base import DeserializationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

REFERENCE_FIXTURES = [
    "membership.yaml",
    "bodies.yaml",
    "catalogue.yaml",
    "sources.yaml",
    "plan-2023.yaml",
    "chairmanship-2020-2024.yaml",
    "plan-2025.yaml",
    "published-figures.yaml",
]


def reference_fixture_paths() -> list[Path]:
    return [Path(settings.BASE_DIR) / "fixtures" / name for name in REFERENCE_FIXTURES]


@dataclass
class LoadReport:
    added: dict[str, int] = field(default_factory=dict)
    kept: int = 0
    left_out: int = 0  # deleted by officers, or referring to a record they deleted
    records: list[models.Model] = field(default_factory=list)  # the records added

    def __str__(self):
        added = sum(self.added.values())
        return gettext(
            "Added %(added)s reference records; kept %(kept)s already present as they are; "
            "left out %(left_out)s that officers deleted or that refer to one they deleted."
        ) % {"added": added, "kept": self.kept, "left_out": self.left_out}


class ReferenceDataError(ValueError):
    """A record of the fixtures cannot be read, or refers to a record that is nowhere."""


@transaction.atomic
def load_reference_data(paths: list[Path] | None = None) -> LoadReport:
    """Add the records of the fixtures that the database lacks; touch no other row."""
    report = LoadReport()
    now = timezone.now()
    left_out = LeftOut()
    for path in paths or reference_fixture_paths():
        # Record by record, so that one referring to a record left out can be left out too.
        for data in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if left_out.is_referred_to_by(data):
                report.left_out += 1
                continue
            if "pk" in data:
                raise ReferenceDataError(
                    f"{path.name}: a {data.get('model')} record has a pk; reference records "
                    "are found by their natural keys only."
                )
            try:
                (record,) = serializers.deserialize("python", [data])
            except DeserializationError as error:
                raise ReferenceDataError(
                    f"{path.name}: a {data.get('model')} record cannot be loaded ({error})."
                ) from error
            instance = record.object
            model = type(instance)
            # Without a pk in the fixture, a pk here is the deserializer's natural-key lookup
            # finding the row: no second query is needed to know it exists.
            if instance.pk is not None:
                report.kept += 1
                continue
            if left_out.was_deleted(instance):
                left_out.add(instance)
                report.left_out += 1
                continue
            # A raw save, as loaddata does: the fixture's values, no signals. Setting the
            # many-to-many fields would still write a history version of its own.
            stamp_auto_times(instance, now)
            instance.skip_history_when_saving = True
            record.save()
            del instance.skip_history_when_saving
            report.records.append(instance)
            report.added[model._meta.label] = report.added.get(model._meta.label, 0) + 1
    record_first_versions(report.records, reason=gettext("Loaded from the reference data"))
    return report


class LeftOut:
    """The records the load leaves out because officers deleted them, by model and natural
    key; a record referring to one of them is left out with it (the admin's cascade)."""

    def __init__(self):
        self.keys: dict[type, set[tuple]] = {}
        self.deleted: dict[type, set[tuple]] = {}

    def was_deleted(self, instance) -> bool:
        model = type(instance)
        if model not in self.deleted:
            self.deleted[model] = deleted_natural_keys(model)
        return bool(self.deleted[model]) and natural_key_of(instance) in self.deleted[model]

    def add(self, instance) -> None:
        self.keys.setdefault(type(instance), set()).add(natural_key_of(instance))

    def is_referred_to_by(self, data: dict) -> bool:
        if not self.keys:
            return False
        model = apps.get_model(data["model"])
        for name, value in data.get("fields", {}).items():
            model_field = model._meta.get_field(name)
            left_out = self.keys.get(model_field.related_model)
            if not left_out or value is None:
                continue
            for key in value if model_field.many_to_many else [value]:
                if isinstance(key, list) and tuple(key) in left_out:
                    return True
        return False


def natural_key_of(instance) -> tuple | None:
    try:
        return tuple(instance.natural_key())
    except ObjectDoesNotExist:  # it refers to a record that is left out
        return None


def deleted_natural_keys(model) -> set[tuple]:
    """The natural keys of the records of `model` that were deleted, as their history says."""
    if not hasattr(model._meta, "simple_history_manager_attribute"):
        return set()
    history = getattr(model, model._meta.simple_history_manager_attribute)
    versions = history.filter(history_type="-")
    return {key for version in versions if (key := natural_key_of(version.instance)) is not None}


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
