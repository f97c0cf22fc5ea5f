"""ETags of single objects, for conditional GET and conditional writes (If-Match)."""

from django.utils.cache import quote_etag
from django.utils.http import parse_etags

from cica_site.api.exceptions import PreconditionFailed


def updated_at_etag(obj) -> str:
    """A strong ETag that changes whenever the object is saved (its pk and updated_at)."""
    return quote_etag(f"{obj.pk}-{obj.updated_at.timestamp():.6f}")


def check_if_match(request, etag: str) -> None:
    """Raise 412 Precondition Failed when the request's If-Match names another version."""
    header = request.headers.get("If-Match")
    if header is None:
        return
    etags = parse_etags(header)
    if "*" not in etags and etag not in etags:
        raise PreconditionFailed()
