"""The API's throttles: anonymous clients by address, tokens and signed-in users by user.

Each request is counted with one atomic operation on a key per client and window (INCR on
Redis), so parallel requests cannot overwrite one another's count, as they do with DRF's
SimpleRateThrottle (it reads a list of timestamps, appends and writes it back). Rates are read
on each request, so a changed setting applies at once. With the cache unreachable, requests
are let through (logged): throttling protects the site, an outage must not close it.
"""

import logging
import math
import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from cica_site.cache import CacheUnavailable
from cica_site.client_ip import client_ip

logger = logging.getLogger(__name__)

LOG_EVERY = 60  # seconds between two logged outages of one process
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "1000/hour" as (1000, 3600): requests allowed, seconds per window (DRF's notation)."""
    requests, period = rate.split("/")
    return int(requests), SECONDS[period[0]]


class FixedWindowThrottle(BaseThrottle):
    """At most N requests per client in each window of the rate's duration ("1000/hour")."""

    scope: str
    wait_seconds: float | None = None
    _last_logged = 0.0

    def client(self, request) -> str | None:
        """Whom to count the request against, or None to leave it to another throttle."""
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        client = self.client(request)
        if rate is None or client is None:
            return True
        limit, duration = parse_rate(rate)
        now = time.time()
        window = int(now // duration)
        key = f"throttle:{self.scope}:{client}:{duration}:{window}"
        try:
            count = self.count(key, duration)
        except CacheUnavailable:
            self.note_outage()
            return True
        self.wait_seconds = (window + 1) * duration - now
        return count <= limit

    @staticmethod
    def count(key: str, duration: int) -> int:
        # add() is a no-op when the key exists; the key outlives its window a little, so a
        # late request of the window still finds it.
        cache.add(key, 0, timeout=duration + 5)
        try:
            return cache.incr(key)
        except ValueError:
            # Evicted between add() and incr(): this request opens the window again.
            cache.add(key, 1, timeout=duration + 5)
            return 1

    def note_outage(self) -> None:
        now = time.monotonic()
        if now - FixedWindowThrottle._last_logged >= LOG_EVERY:
            FixedWindowThrottle._last_logged = now
            logger.warning("Cache unreachable: %s throttle lets requests through.", self.scope)

    def wait(self) -> int | None:
        return None if self.wait_seconds is None else max(1, math.ceil(self.wait_seconds))


class AnonymousClientThrottle(FixedWindowThrottle):
    """Anonymous clients, by address (cica_site.client_ip), at the "anon" rate."""

    scope = "anon"

    def client(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return client_ip(request._request)


class UserThrottle(FixedWindowThrottle):
    """Tokens and signed-in users, by user, at the (higher) "user" rate."""

    scope = "user"

    def client(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return str(request.user.pk)
        return None
