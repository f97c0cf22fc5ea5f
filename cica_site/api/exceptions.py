"""One error body for every API error, so clients parse failures one way.

    {"status": 400, "code": "invalid", "detail": "Invalid input.",
     "errors": {"title_en": ["Give the item a title."]}}

`errors` holds field-by-field messages (validation errors only; empty otherwise), with
rules that span fields under "non_field_errors".
"""

import logging

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler, set_rollback

logger = logging.getLogger("cica_site.api")


def error_body(status_code: int, code: str, detail) -> dict:
    return {"status": status_code, "code": code, "detail": str(detail), "errors": {}}


def server_error_body() -> dict:
    return error_body(
        500, "server_error", _("The server failed to answer; nothing was saved. Try again later.")
    )


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
    """Validation details as {field: [messages]}, Django's "__all__" named as DRF names it; a
    message raised alone is put in its list, so every field has the shape the schema says."""
    if not isinstance(detail, dict):
        detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): messages(value)
        for key, value in detail.items()
    }


def messages(value) -> list:
    """A field's messages as a flat list. A list field's errors come by position
    ({"1": ["No country …"]}): each message is kept, said of its item ("item 2: …"); a
    nested object's by its field ("url: …")."""
    if isinstance(value, dict):
        return [
            _("item %(position)s: %(message)s")
            % {
                "position": int(key) + 1 if str(key).isdigit() else key,
                "message": message,
            }
            for key, item_messages in value.items()
            for message in messages(item_messages)
        ]
    return value if isinstance(value, list) else [value]


def api_exception_handler(exc, context):
    """DRF's handler, with its response body reshaped into the one error body."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = exception_handler(exc, context)
    if response is None:
        # A bug, not the client's fault: logged with its traceback, answered in the one body.
        logger.error("Unhandled error in the API", exc_info=exc)
        set_rollback()
        return Response(server_error_body(), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "status": response.status_code,
            "code": "invalid",
            "detail": str(_("Invalid input.")),
            "errors": field_errors(response.data),
        }
    else:
        codes = exc.get_codes()
        body = error_body(
            response.status_code,
            codes if isinstance(codes, str) else exc.default_code,
            response.data.get("detail", ""),
        )
    response.data = body
    return response
