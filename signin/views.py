from django.conf import settings
from django.shortcuts import render

from signin.lockouts import cool_off_minutes


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets instead of the login form (AXES_LOCKOUT_CALLABLE)."""
    return render(
        request,
        "signin/locked_out.html",
        {"cool_off_minutes": cool_off_minutes()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
