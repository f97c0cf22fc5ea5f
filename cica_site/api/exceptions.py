"""One error body for every API error, so clients parse failures one way.

    {"status": 400, "code": "invalid", "detail": "Invalid input.",
     "errors": {"title_en": ["Give the item a title."]}}

`errors` holds field-by-field messages (validation errors only; empty otherwise), with
rules that span fields under "non_field_errors".
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "The resource has changed since you read it (If-Match does not match its ETag). "
        "Read it again and repeat your change."
    )
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The change conflicts with another record; nothing was saved.")
    default_code = "conflict"


def field_errors(detail) -> dict:
    """Validation details as {field: [messages]}, Django's "__all__" named as DRF names it."""
    if not isinstance(detail, dict):
        detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): value
        for key, value in detail.items()
    }


def api_exception_handler(exc, context):
    """DRF's handler, with its response body reshaped into the one error body."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "status": response.status_code,
            "code": "invalid",
            "detail": str(_("Invalid input.")),
            "errors": field_errors(response.data),
        }
    else:
        codes = exc.get_codes()
        body = {
            "status": response.status_code,
            "code": codes if isinstance(codes, str) else exc.default_code,
            "detail": str(response.data.get("detail", "")),
            "errors": {},
        }
    response.data = body
    return response
