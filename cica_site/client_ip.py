"""The client's address, as the API throttle and the sign-in lockout count it.

X-Forwarded-For is written by whoever sends the request, so only the hops our own proxies add
can be believed: with TRUSTED_PROXY_COUNT proxies in front of the site, the client is the entry
that many places from the right (DRF's NUM_PROXIES rule). With none (the default), the header is
ignored and REMOTE_ADDR is the client, so a forged header cannot reset a count.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent `request` ("" if the server gave none)."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    trusted_proxies = settings.TRUSTED_PROXY_COUNT
    if trusted_proxies <= 0:
        return remote_addr
    hops = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    if not hops:
        return remote_addr
    return hops[-min(trusted_proxies, len(hops))]
