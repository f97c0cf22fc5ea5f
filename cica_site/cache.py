"""Redis as Django's cache, and no cache while Redis is unreachable.

The cache only saves work: pages, throttle counts and coalescing marks can all be recomputed.
So when Redis cannot be reached, a read is a miss and a write is dropped, the failure is logged
(once a minute, not once a request), and the request carries on against the database. Calls
time out fast (CACHE_SOCKET_TIMEOUT) so an outage costs a request a fraction of a second, not
a hang.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
LOG_EVERY = 60  # seconds between two logged failures of one process


class CacheUnavailable(Exception):
    """Redis could not be reached: raised by `incr`/`decr`, whose callers must know."""


def forgiving(default):
    """Run the cache call; when Redis is unreachable, log and answer `default` (a function of
    the call's arguments, or a value)."""

    def decorate(method):
        @wraps(method)
        def call(self, *args, **kwargs):
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.note_failure(method.__name__, error)
                return default(*args, **kwargs) if callable(default) else default
            self.unreachable_since = None
            return result

        return call

    return decorate


def unavailable(*args, **kwargs):
    raise CacheUnavailable


class ForgivingRedisCache(RedisCache):
    unreachable_since: float | None = None
    _last_logged: float = 0.0

    def note_failure(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if self.unreachable_since is None:
            self.unreachable_since = now
        if now - self._last_logged >= LOG_EVERY:
            self._last_logged = now
            logger.warning(
                "Cache unreachable (%s: %s); serving without it.",
                operation,
                error.__class__.__name__,
            )

    @property
    def reachable(self) -> bool:
        return self.unreachable_since is None

    get = forgiving(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = forgiving({})(RedisCache.get_many)
    has_key = forgiving(False)(RedisCache.has_key)
    add = forgiving(False)(RedisCache.add)
    set = forgiving(None)(RedisCache.set)
    set_many = forgiving(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = forgiving(False)(RedisCache.touch)
    delete = forgiving(False)(RedisCache.delete)
    delete_many = forgiving(None)(RedisCache.delete_many)
    clear = forgiving(False)(RedisCache.clear)
    incr = forgiving(unavailable)(RedisCache.incr)
    decr = forgiving(unavailable)(RedisCache.decr)
