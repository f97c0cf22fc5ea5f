"""Signal receivers of the cbm app: statistics recompiles after plan items change.

Saving or deleting a plan item (a status change is a save) marks its plan for a recompile once
the transaction commits. Within a transaction the marks are coalesced: every change registers an
on-commit callback, but the first callback to run takes the plan's mark and queues the compile,
and the others find it gone. A bulk import of 200 items in one transaction queues one compile;
a rolled-back change queues none (its callbacks are discarded with it). Across transactions in
quick succession, `request_recompile` coalesces again (a pending mark in the cache and a short
countdown). Reference-data loads save raw and request their own recompile (load_reference_data).
"""

import logging
import threading
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save
from django.dispatch import receiver

from cbm.models import PlanItem, Source, StatsRecompile, derive_dimension
from cbm.tasks import request_recompile

logger = logging.getLogger(__name__)

# Plan ids marked for recompile, per thread and database alias: connections are per thread.
_marked = threading.local()


def _marked_plans(using: str) -> set[int]:
    by_alias = _marked.__dict__.setdefault("by_alias", {})
    return by_alias.setdefault(using, set())


def _queue_marked(plan_id: int, using: str) -> None:
    marked = _marked_plans(using)
    if plan_id not in marked:
        return  # Another callback of this transaction has queued it.
    marked.discard(plan_id)
    request_recompile(plan_id)


def mark_plan_for_recompile(plan_id: int | None, using: str) -> None:
    """Record that `plan_id` needs a recompile, in the current transaction, and queue one
    after it commits."""
    if plan_id is None:
        return
    # In the database, with the change: should the queueing below be lost, the sweep finds
    # the record. Written on every change (the set below outlives a rolled-back transaction,
    # so it cannot say whether this one has written it).
    StatsRecompile.request(plan_id, using)
    _marked_plans(using).add(plan_id)
    # robust: a broker outage must not turn an officer's saved change into an error page.
    transaction.on_commit(partial(_queue_marked, plan_id, using), using=using, robust=True)


@receiver(pre_save, sender=PlanItem, dispatch_uid="cbm_item_dimension_on_raw_save")
def derive_dimension_on_raw_save(sender, instance, raw=False, **kwargs):
    # Fixtures save raw, past PlanItem.save(): their items too are in their area's dimension.
    if raw:
        derive_dimension(instance)


@receiver(post_init, sender=PlanItem, dispatch_uid="cbm_stats_remember_plan")
def remember_loaded_plan(sender, instance, **kwargs):
    # An item moved to another plan changes both plans' figures.
    instance._stats_loaded_plan_id = instance.plan_id


@receiver(post_save, sender=PlanItem, dispatch_uid="cbm_stats_item_saved")
def plan_item_saved(sender, instance, raw=False, using="default", **kwargs):
    if raw:
        return
    previous = getattr(instance, "_stats_loaded_plan_id", None)
    if previous != instance.plan_id:
        mark_plan_for_recompile(previous, using)
    mark_plan_for_recompile(instance.plan_id, using)
    instance._stats_loaded_plan_id = instance.plan_id


@receiver(post_delete, sender=PlanItem, dispatch_uid="cbm_stats_item_deleted")
def plan_item_deleted(sender, instance, using="default", **kwargs):
    mark_plan_for_recompile(instance.plan_id, using)


# An undated item counts as held by its earliest source: citing another source, or a source's
# date changing, can move it across an as-of date.
@receiver(m2m_changed, sender=PlanItem.sources.through, dispatch_uid="cbm_stats_sources_cited")
def plan_item_sources_changed(sender, instance, action, reverse, pk_set, using="default", **kw):
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    # The reference-data load saves raw (skipping history) and requests its own recompile.
    if getattr(instance, "skip_history_when_saving", False):
        return
    if not reverse:
        mark_plan_for_recompile(instance.plan_id, using)
        return
    items = (
        PlanItem.objects.using(using).filter(sources=instance)
        if pk_set is None
        else (PlanItem.objects.using(using).filter(pk__in=pk_set))
    )
    for plan_id in set(items.values_list("plan_id", flat=True)):
        mark_plan_for_recompile(plan_id, using)


@receiver(post_save, sender=Source, dispatch_uid="cbm_stats_source_saved")
def source_saved(sender, instance, raw=False, using="default", **kwargs):
    if raw:
        return
    plans = PlanItem.objects.using(using).filter(sources=instance).values_list("plan_id", flat=True)
    for plan_id in set(plans):
        mark_plan_for_recompile(plan_id, using)
