"""Cached portal pages, and their invalidation by what a change affects.

A cached page's key holds the generation numbers of the scopes it shows: every page shows the
reference data (`all`); a list of activities shows every item (`items`); a plan's page shows
that plan (`plan:2023`); an activity's page that activity (`item:CBM-2023-07`). A change bumps
the scopes it touches once its transaction commits (signals, never the models' save()): a
changed 2023 item makes the lists, the 2023 plan and its own page stale, and leaves the other
plans and activities cached. Scopes live in the cache, so with Redis they are shared by every
process; without it (the embedded default) each process keeps its own pages.

After the commit only is enough: a page takes its key (the generations) before it reads the
data, so a page rendered from data older than the commit is stored under a generation the bump
has made stale. A bump before the commit could not help: a page rendered in the meantime, from
the old data, would be stored under the new generation. Bulk `update()` calls send no signals:
code that uses them calls `bump_items()` or `bump_generation()` itself. While Redis is
unreachable a bump waits in the process that could not make it, and is made, as a bump of
everything, by its next use of the cache.
"""

import time
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.translation import get_language

from bodies.models import Body, Session
from cbm.models import (
    AnnualPlan,
    ConceptPaper,
    CoordinatorRole,
    Dimension,
    PlanItem,
    PlanItemLink,
    PlanStatsSnapshot,
    PriorityArea,
    PublishedFigure,
    Source,
)
from cica_site.cache import CacheUnavailable
from membership.models import Actor, Chairmanship, Organization, State

PAGE_TIMEOUT = 60 * 60  # an hour; invalidation, not expiry, keeps pages fresh

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")

# The scopes of the data a page shows.
EVERYTHING = "all"  # names and reference rows every page may show
ITEMS = "items"  # every plan item: the lists, their facets and counts
PLANS = "plans"  # the plans themselves and the published figures beside them
FIGURES = "figures"  # any plan's compiled statistics (the home page's latest plan)


def plan_scope(year) -> str:
    return f"plan:{year}"


def item_scope(code) -> str:
    return f"item:{code}"


# Models whose rows any page may name: a change to one makes every cached page stale.
REFERENCE_MODELS = (
    Actor,
    Body,
    Chairmanship,
    ConceptPaper,
    CoordinatorRole,
    Dimension,
    Organization,
    PriorityArea,
    Session,
    Source,
    State,
)


def _generation_key(scope: str) -> str:
    return f"portal:generation:{scope}"


def _fresh_generation() -> int:
    # A scope whose counter was evicted starts again above any number it held before, so a
    # page cached under an old number is never taken for fresh.
    return time.time_ns() // 1000


# A bump this process could not make (Redis unreachable): everything is bumped before its next
# read of the cache.
_bump_pending = False


def generations(*scopes: str) -> list[int]:
    """The current generation of `all` and of each scope, in one round trip."""
    if _bump_pending:
        bump_generation()
    keys = [_generation_key(scope) for scope in (EVERYTHING, *scopes)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _fresh_generation(), timeout=None)
            found[key] = cache.get(key, 0)
    return [found[key] for key in keys]


def current_generation() -> int:
    """The generation of everything: it moves with any change to the reference data."""
    return generations()[0]


def bump_scopes(scopes) -> None:
    """Make every cached page that shows one of `scopes` stale."""
    global _bump_pending
    for scope in scopes:
        key = _generation_key(scope)
        try:
            cache.incr(key)
        except ValueError:  # no generation yet: start one above anything a page was cached under
            cache.add(key, _fresh_generation(), timeout=None)
        except CacheUnavailable:
            _bump_pending = True
            return


def bump_generation() -> None:
    """Make every cached page stale."""
    global _bump_pending
    _bump_pending = False
    bump_scopes([EVERYTHING])


class _Bump:
    """The scopes one transaction's changes affect, bumped once when it commits."""

    def __init__(self, using: str, hooks):
        self.using = using
        self.hooks = hooks  # the connection's list of on-commit callbacks it was registered in
        self.done = False
        self.scopes, self.items, self.plans = set(), set(), set()

    def __call__(self):
        if self.done:
            return
        self.done = True
        scopes, plans = set(self.scopes), set(self.plans)
        if self.items:
            rows = PlanItem.objects.using(self.using).filter(pk__in=self.items)
            for code, plan_id in rows.values_list("code", "plan_id"):
                scopes.add(item_scope(code))
                plans.add(plan_id)
        plans.discard(None)
        if plans:
            years = AnnualPlan.objects.using(self.using).filter(pk__in=plans).values_list("year")
            scopes.update(plan_scope(year) for (year,) in years)
        bump_scopes(sorted(scopes))


def _bump_of_this_transaction(using: str) -> _Bump:
    """The transaction's pending bump, which each change joins and registers to run at the
    commit: the first to run bumps them all, once.

    Django replaces its list of callbacks when a savepoint or the transaction rolls back, so a
    bump whose list is gone starts afresh: a kept change is never lost, and a rolled-back one
    at worst bumps a scope along with the others."""
    connection = transaction.get_connection(using)
    bump = getattr(connection, "_page_cache_bump", None)
    if bump is None or bump.done or bump.hooks is not connection.run_on_commit:
        bump = connection._page_cache_bump = _Bump(using, connection.run_on_commit)
    return bump


def bump_after_commit(using: str = "default", *, scopes=(), items=(), plans=()) -> None:
    """Bump `scopes`, the scopes of the plan items with pks `items` (the lists, their plans'
    and their own pages) and of the plans with pks `plans` once the transaction commits
    (outside one, at once). A transaction's changes are bumped together, once."""
    bump = _bump_of_this_transaction(using)
    bump.scopes.update(scopes)
    bump.items.update(items)
    bump.plans.update(plans)
    if items:
        bump.scopes.add(ITEMS)
    # Robust: a failing cache must not turn a committed change into an error. (Tests in a
    # transaction that is never committed run the callbacks with
    # django_capture_on_commit_callbacks(execute=True).)
    transaction.on_commit(bump, using=using, robust=True)


def bump_items(pks, using: str = "default") -> None:
    """For code that changes plan items without signals (bulk writes): make the pages that
    show them stale once the transaction commits."""
    bump_after_commit(using, items=pks)


def _item_scopes(item: PlanItem) -> tuple[set, set]:
    # The item's scopes before and after the change: a moved item leaves its old plan's page.
    scopes = {ITEMS, item_scope(item.code)}
    plans = {item.plan_id}
    loaded = getattr(item, "_loaded_scope", None)
    if loaded:
        scopes.add(item_scope(loaded[0]))
        plans.add(loaded[1])
    return scopes, plans


@receiver(post_save)
@receiver(post_delete)
def _data_changed(sender, instance, using="default", **kwargs):
    if sender in REFERENCE_MODELS:
        bump_after_commit(using, scopes=[EVERYTHING])
    elif sender is PlanItem:
        scopes, plans = _item_scopes(instance)
        instance._loaded_scope = (instance.code, instance.plan_id)
        bump_after_commit(using, scopes=scopes, plans=plans)
    elif sender is PlanItemLink:
        bump_after_commit(using, items=[instance.plan_item_id])
    elif sender is AnnualPlan:
        # By year, not pk: a deleted plan can no longer be looked up.
        bump_after_commit(using, scopes=[PLANS, ITEMS, plan_scope(instance.year)])
    elif sender is PublishedFigure:
        bump_after_commit(using, scopes=[PLANS], plans=[instance.plan_id])
    elif sender is PlanStatsSnapshot:
        bump_after_commit(using, scopes=[FIGURES], plans=[instance.plan_id])


@receiver(m2m_changed, sender=PlanItem.co_organizers.through)
@receiver(m2m_changed, sender=PlanItem.sources.through)
def _relations_changed(sender, instance, action, reverse, pk_set, using="default", **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        bump_after_commit(using, items=[instance.pk])
    elif action == "pre_clear":  # an actor or source losing all its items: which, unknown after
        field = "co_organizers" if sender is PlanItem.co_organizers.through else "sources"
        pks = PlanItem.objects.using(using).filter(**{field: instance}).values_list("pk", flat=True)
        bump_after_commit(using, items=list(pks))
    else:
        bump_after_commit(using, items=pk_set or ())


def page_cache_key(request, scopes=()) -> str:
    numbers = ".".join(str(n) for n in generations(*scopes))
    return f"portal:page:{numbers}:{get_language()}:{request.get_full_path()}"


def cache_page_until_data_changes(view=None, *, scopes=(ITEMS, PLANS, FIGURES)):
    """Cache a GET page for anonymous visitors until the data it shows changes.

    `scopes` names what the page shows besides the reference data: the scopes themselves, or
    a function of the view's arguments giving them (a plan's page: its year). By default a
    page shows everything. Signed-in users see their name and the restricted area in the
    header, so they are served fresh pages. Only successful responses are stored.
    """
    if view is None:
        return lambda view: cache_page_until_data_changes(view, scopes=scopes)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        shown = scopes(*args, **kwargs) if callable(scopes) else scopes
        key = page_cache_key(request, shown)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), PAGE_TIMEOUT)
        return response

    return wrapper
