"""Health and readiness for load balancers, compose and the people on call: JSON, no language
prefix, never cached. Thin: operations.health does the checking."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from operations.health import OK, readiness


@never_cache
@require_safe
def healthz(request):
    """The process is alive and serving: touches no database, no cache."""
    return JsonResponse({"status": OK})


@never_cache
@require_safe
def readyz(request):
    """Every service the site depends on answers: 200, or 503 with the failing ones named."""
    ready, report = readiness()
    return JsonResponse(report, status=200 if ready else 503)
