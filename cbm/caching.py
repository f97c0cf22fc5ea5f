"""Invalidation of cached portal pages when the data they show changes.

Every cached page's key holds a "generation" number; any save or delete of a domain model
bumps it once its transaction commits (signals, never the models' save()), so all cached pages
go stale at once without listing their keys. After the commit only is enough: a page takes its
key (the generation) before it reads the data, so a page rendered from data older than the
commit is stored under a generation the bump has made stale. A bump before the commit could
not help: a page rendered in the meantime, from the old data, would be stored under the new
generation. Bulk `update()` calls send no signals: code that uses them calls
`bump_generation()` itself. While Redis is unreachable the bump waits in the process that
could not make it, and is made by its next use of the cache.
"""

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
from membership.models import Chairmanship, Organization, State

GENERATION_KEY = "portal:generation"
PAGE_TIMEOUT = 60 * 60  # an hour; invalidation, not expiry, keeps pages fresh

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")

PORTAL_MODELS = (
    AnnualPlan,
    Body,
    Chairmanship,
    ConceptPaper,
    CoordinatorRole,
    Dimension,
    Organization,
    PlanItem,
    PlanItemLink,
    PlanStatsSnapshot,
    PriorityArea,
    PublishedFigure,
    Session,
    Source,
    State,
)


# A bump this process could not make (Redis unreachable): made before its next read.
_bump_pending = False


def current_generation() -> int:
    if _bump_pending:
        bump_generation()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def bump_generation() -> None:
    """Make every cached page stale."""
    global _bump_pending
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under it either
        cache.add(GENERATION_KEY, 1, timeout=None)
    except CacheUnavailable:
        _bump_pending = True
        return
    _bump_pending = False


def bump_after_commit(using: str = "default") -> None:
    # Outside a transaction, at once. Robust: a failing cache must not turn a committed change
    # into an error. (Tests in a transaction that is never committed run the callbacks with
    # django_capture_on_commit_callbacks(execute=True).)
    transaction.on_commit(bump_generation, using=using, robust=True)


@receiver(post_save)
@receiver(post_delete)
def _data_changed(sender, using="default", **kwargs):
    if sender in PORTAL_MODELS:
        bump_after_commit(using)


@receiver(m2m_changed, sender=PlanItem.co_organizers.through)
@receiver(m2m_changed, sender=PlanItem.sources.through)
def _relations_changed(sender, action, using="default", **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_after_commit(using)


def page_cache_key(request) -> str:
    return f"portal:page:{current_generation()}:{get_language()}:{request.get_full_path()}"


def cache_page_until_data_changes(view):
    """Cache a GET page for anonymous visitors until the domain data changes.

    Signed-in users see their name and the restricted area in the header, so they are
    served fresh pages. Only successful responses are stored.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = page_cache_key(request)
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
