"""The bulk import of plan items: the rows, checks, messages and preview of
cbm.resources.PlanItemResource, in a number of queries that does not grow with the rows.

Row by row, the resource asked the database for each related record, for the item of each
code, for each of the item's seven rules (CheckConstraint.validate runs a query per rule), in a
savepoint per row, and wrote each item, its co-organizers, its sources and their history one
at a time. Here the related records and the items the file names are loaded once; each row is
checked in Python (the widgets' and the model's own messages, the constraints evaluated over the
row's values as the database would); nothing is written until every row has passed, then the
items, their many-to-many rows and their history are written in bulk, in the import's one
transaction, where the database checks its constraints once more over the whole batch. The
history keeps the versions the row-by-row saves left (the item, then each change of its
co-organizers and of its sources, then a completion dated by its sources), and the caches and
the statistics are told once, as the signals told them for each save.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint, F, Q
from django.utils import timezone
from import_export.instance_loaders import BaseInstanceLoader

from bodies.models import Body
from cbm.caching import bump_after_commit
from cbm.models import AnnualPlan, Dimension, PlanItem, PriorityArea, Source
from cbm.resources import PlanItemDiff, PlanItemResource
from cbm.signals import mark_plan_for_recompile
from membership.models import Actor

M2M_FIELDS = ("co_organizers", "sources")  # in the order the row-by-row import saved them
# Rows a bulk query writes at a time: one statement per 1,000 items, per table.
BATCH = 1000
# What an update rewrites: every column but the key, the creation time and the session (which
# the sheet does not carry).
UPDATED_FIELDS = [
    field.name
    for field in PlanItem._meta.concrete_fields
    if not field.primary_key and field.name not in ("created_at", "session")
]

FOREIGN_KEYS = {
    field.name for field in PlanItem._meta.concrete_fields if field.many_to_one or field.one_to_one
}


class _Unknown(Exception):
    """A rule names a field left out of the check (it is in error already): Django's
    CheckConstraint.validate skips such a rule (a FieldError), so does this."""


def _truth(node, value_of):
    """A CheckConstraint's condition over one item's values, in SQL's logic: True, False or
    None (unknown, which a CHECK lets pass)."""
    if isinstance(node, Q):
        results = [_truth(child, value_of) for child in node.children]
        if node.connector == Q.AND:
            result = False if False in results else (None if None in results else True)
        else:
            result = True if True in results else (None if None in results else False)
        return result if result is None or not node.negated else not result
    lookup, expected = node
    name, _, operator = lookup.partition("__")
    value = value_of(name)
    if isinstance(expected, F):
        expected = value_of(expected.name)
    if operator == "isnull":
        return (value is None) == expected
    if value is None or expected is None:
        return None
    compare = {
        "": lambda: value == expected,
        "exact": lambda: value == expected,
        "in": lambda: value in expected,
        "gte": lambda: value >= expected,
        "gt": lambda: value > expected,
        "lte": lambda: value <= expected,
        "lt": lambda: value < expected,
    }
    return compare[operator]()


def validate_constraints(item: PlanItem, exclude: set, errors: dict) -> dict:
    """`errors` with the message of each of the item's constraints its values break, as
    Model.validate_constraints adds them (on the whole row), without its query per rule; a
    rule over a field in `exclude` is not checked, as there."""
    fields = {field.name: field for field in PlanItem._meta.local_concrete_fields}

    def value_of(name):
        if name in exclude or name not in fields:
            raise _Unknown(name)
        field = fields[name]
        return field.get_prep_value(getattr(item, field.attname))

    for constraint in PlanItem._meta.constraints:
        if not isinstance(constraint, CheckConstraint):  # not met yet: Django's own check
            try:
                constraint.validate(PlanItem, item, exclude=exclude)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            continue
        try:
            broken = _truth(Q(constraint.condition), value_of) is False
        except _Unknown:
            continue
        if broken:
            error = ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )
            errors = error.update_error_dict(errors)
    return errors


class LoadedItems(BaseInstanceLoader):
    """The items the sheet's codes name, loaded in one query with what the preview shows of
    them (their related records, co-organizers and sources)."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.code = resource.fields["code"]
        codes = {self.code.clean(row) for row in dataset.dict} - {None, ""}
        items = (
            PlanItem.objects.filter(code__in=codes)
            .with_related()
            .prefetch_related("co_organizers", "sources")
        )
        self.items = {item.code: item for item in items}

    def get_instance(self, row):
        return self.items.get(self.code.clean(row))


class _Listed:
    """A list where a widget expects a related manager (`.all()`)."""

    def __init__(self, records):
        self.records = records

    def all(self):
        return self.records


class BulkPlanItemDiff(PlanItemDiff):
    """The preview's cells of an item not yet written: its co-organizers and sources as the
    row gives them (the row-by-row import read them back after saving them)."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = self._values(resource, instance)

    def compare_with(self, resource, instance):
        self.right = self._values(resource, instance)

    @staticmethod
    def _values(resource, instance):
        pending = getattr(instance, "_pending", None)
        values = []
        for field in resource.get_import_fields():
            if pending is not None and field.attribute in M2M_FIELDS:
                records = pending.m2m.get(field.attribute)
                if records is None:
                    records = getattr(instance, field.attribute).all() if instance.pk else []
                values.append(field.widget.render(_Listed(records)))
            else:
                values.append(field.export(instance))
        return values


class _Pending:
    """An item that passed, to be written once every row has: its many-to-many rows as the
    sheet gives them, and what its history must say."""

    def __init__(self, item: PlanItem, is_create: bool, user):
        self.item, self.is_create, self.user = item, is_create, user
        self.m2m: dict[str, list] = {}
        self.loaded_plan_id = getattr(item, "_stats_loaded_plan_id", None)
        # The date of the status the first version records, before the sources date it.
        self.status_changed_on = item.status_changed_on
        self.dated_by_sources = False


class BulkPlanItemResource(PlanItemResource):
    """PlanItemResource's import, checked in Python against records loaded once and written in
    bulk; the same rows, messages and preview."""

    class Meta(PlanItemResource.Meta):
        instance_loader_class = LoadedItems
        # No savepoint per row: nothing is written while the rows are read.
        use_bulk = True

    def import_data(self, dataset, **kwargs):
        self.dry_run = bool(kwargs.get("dry_run"))
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.pending: list[_Pending] = []
        self._load_lookups()

    def _load_lookups(self):
        def by(records, key):
            return {str(getattr(record, key)): record for record in records}

        self.fields["plan"].widget.records = {plan.year: plan for plan in AnnualPlan.objects.all()}
        self.fields["body"].widget.records = by(Body.objects.all(), "slug")
        self.fields["priority_area"].widget.records = by(
            PriorityArea.objects.select_related("dimension"), "slug"
        )
        self.fields["dimension"].widget.records = by(Dimension.objects.all(), "slug")
        actors = list(Actor.objects.all())  # their default order, as a relation lists them
        organizer = self.fields["organizer"].widget
        organizer.records = by(actors, "slug")
        by_pk = {actor.pk: actor for actor in actors}
        organizer.by_iso_code = {}
        for iso_code, pk in Actor.objects.filter(state__isnull=False).values_list(
            "state__iso_code", "pk"
        ):
            organizer.by_iso_code.setdefault(iso_code, by_pk[pk])
        co_organizers = self.fields["co_organizers"].widget
        co_organizers.records = by(actors, "slug")
        co_organizers.rank = {actor.pk: rank for rank, actor in enumerate(actors)}
        sources = list(Source.objects.all())
        self.fields["sources"].widget.records = by(sources, "slug")
        self.fields["sources"].widget.rank = {
            source.pk: rank for rank, source in enumerate(sources)
        }

    def get_diff_class(self):
        return BulkPlanItemDiff

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Model.full_clean's steps, its queries left out: the code's uniqueness is the
        # loader's (a code found is that item; a code met twice is refused), the constraints
        # are evaluated in Python (and checked by the database on the write).
        # The related records come from the lookups (or the item as loaded), so each foreign
        # key's "does it exist" query is not asked again.
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        instance._clean_excludes = set(exclude)  # as PlanItem.full_clean sets it for clean()
        try:
            try:
                instance.clean_fields(exclude=exclude | FOREIGN_KEYS)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            try:
                instance.clean()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        finally:
            del instance._clean_excludes
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        errors = validate_constraints(instance, exclude, errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        # Not written yet: what save() derives is derived now, so the preview shows it.
        if kwargs.get("user") is not None:
            instance._history_user = kwargs["user"]
        instance.prepare_for_save()
        entry = _Pending(instance, is_create, getattr(instance, "_history_user", None))
        instance._pending = entry
        self.pending.append(entry)

    def save_m2m(self, instance, row, **kwargs):
        entry = instance._pending
        for name in M2M_FIELDS:
            field = self.fields[name]
            if field.column_name in row:
                entry.m2m[name] = list(field.clean(row))
        # A new item entered completed without dates is dated by the sources it cites, as
        # PlanItem.date_completion_by_sources does once they are saved.
        completed = instance.status == PlanItem.Status.COMPLETED
        if entry.is_create and completed and not instance.start_date:
            ends = [source.date_period_end for source in entry.m2m.get("sources", [])]
            held = min((end for end in ends if end is not None), default=None)
            today = timezone.localdate()
            completed_on = min(held, today) if held else today
            if completed_on != instance.status_changed_on:
                instance.status_changed_on = completed_on
                entry.dated_by_sources = True

    def bulk_create(self, *args, **kwargs):
        pass  # written by write_pending, once every row has passed

    def bulk_update(self, *args, **kwargs):
        pass

    def bulk_delete(self, *args, **kwargs):
        pass

    def after_import(self, dataset, result, **kwargs):
        if not self.dry_run and not (result.has_errors() or result.has_validation_errors()):
            write_pending(self.pending)
            new = iter(entry.item for entry in self.pending if entry.is_create)
            for row in result.rows:
                if row.import_type == row.IMPORT_TYPE_NEW:
                    row.object_id = next(new).pk
        super().after_import(dataset, result, **kwargs)


def _through(name):
    field = PlanItem._meta.get_field(name)
    return field.remote_field.through, field.m2m_reverse_field_name() + "_id"


def write_pending(entries: list[_Pending]) -> None:
    """Write the items that passed, their co-organizers and sources, and their history, in
    bulk; then tell the statistics and the page cache once. Call inside the import's
    transaction."""
    if not entries:
        return
    now = timezone.now()
    created = [entry.item for entry in entries if entry.is_create]
    updated = [entry.item for entry in entries if not entry.is_create]
    PlanItem.objects.bulk_create(created, batch_size=BATCH)
    for item in updated:
        item.updated_at = now
    if updated:
        PlanItem.objects.bulk_update(updated, UPDATED_FIELDS, batch_size=BATCH)

    # Each item's many-to-many rows as (through row id, record id), before and after.
    before = {name: {} for name in M2M_FIELDS}
    after = {name: {} for name in M2M_FIELDS}
    for name in M2M_FIELDS:
        through, target = _through(name)
        changed = [entry for entry in entries if name in entry.m2m]
        existing = through.objects.filter(planitem_id__in=[item.pk for item in updated])
        for row_id, item_id, target_id in existing.values_list("id", "planitem_id", target):
            before[name].setdefault(item_id, []).append((row_id, target_id))
        removed, added = Q(), []
        for entry in changed:
            pk = entry.item.pk
            wanted = [record.pk for record in entry.m2m[name]]
            kept = [pair for pair in before[name].get(pk, []) if pair[1] in wanted]
            gone = [pair[1] for pair in before[name].get(pk, []) if pair[1] not in wanted]
            if gone:
                removed |= Q(planitem_id=pk, **{f"{target}__in": gone})
            have = {pair[1] for pair in kept}
            new_rows = [
                through(planitem_id=pk, **{target: record})
                for record in wanted
                if record not in have
            ]
            added += new_rows
            entry.m2m_rows = getattr(entry, "m2m_rows", {})
            entry.m2m_rows[name] = (kept, new_rows, gone)
        if removed:
            through.objects.filter(removed).delete()
        through.objects.bulk_create(added, batch_size=BATCH)
        for entry in changed:
            kept, new_rows, _gone = entry.m2m_rows[name]
            after[name][entry.item.pk] = kept + [(row.pk, getattr(row, target)) for row in new_rows]

    _write_history(entries, before, after, now)

    plans = {entry.item.plan_id for entry in entries} | {e.loaded_plan_id for e in entries}
    for plan_id in sorted(plan_id for plan_id in plans if plan_id is not None):
        mark_plan_for_recompile(plan_id, "default")
    bump_after_commit(items=[entry.item.pk for entry in entries], plans=plans - {None})


def _write_history(entries, before, after, now) -> None:
    """The versions the row-by-row import left for each item, by the officer who confirmed:
    the item ("+" new, "~" changed) with its many-to-many rows as they were, then a "~" for
    each removal and each addition of co-organizers, then of sources, then one for a new
    item's completion dated by its sources."""
    history = PlanItem.history.model
    tracked = [field.attname for field in history.tracked_fields]
    versions = []  # (historical row, {m2m name: [(through row id, record id)]})

    def version(entry, history_type, snapshot, status_changed_on):
        attrs = {name: getattr(entry.item, name) for name in tracked}
        attrs["status_changed_on"] = status_changed_on
        row = history(
            history_date=now,
            history_type=history_type,
            history_user=entry.user,
            history_change_reason=None,
            **attrs,
        )
        versions.append((row, {name: list(pairs) for name, pairs in snapshot.items()}))

    for entry in entries:
        pk = entry.item.pk
        snapshot = {name: list(before[name].get(pk, [])) for name in M2M_FIELDS}
        first_status = entry.status_changed_on
        version(entry, "+" if entry.is_create else "~", snapshot, first_status)
        for name in M2M_FIELDS:
            if name not in entry.m2m:
                continue
            kept, new_rows, gone = entry.m2m_rows[name]
            if gone:
                snapshot[name] = list(kept)
                version(entry, "~", snapshot, first_status)
            if new_rows:
                snapshot[name] = after[name][pk]
                version(entry, "~", snapshot, first_status)
        if entry.dated_by_sources:
            version(entry, "~", snapshot, entry.item.status_changed_on)

    history.objects.bulk_create([row for row, _ in versions], batch_size=BATCH)
    for name in M2M_FIELDS:
        m2m_history = _m2m_history_model(name)
        _through_model, target = _through(name)
        rows = [
            m2m_history(history=row, id=row_id, planitem_id=row.id, **{target: target_id})
            for row, snapshot in versions
            for row_id, target_id in snapshot[name]
        ]
        m2m_history.objects.bulk_create(rows, batch_size=BATCH)


def _m2m_history_model(name):
    from django.apps import apps

    return apps.get_model("cbm", f"HistoricalPlanItem_{name}")


__all__ = ["BulkPlanItemResource", "validate_constraints", "write_pending"]
