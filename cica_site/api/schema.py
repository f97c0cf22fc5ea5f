"""drf-spectacular's AutoSchema, documenting the errors every operation can answer with."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from cica_site.api.serializers import ErrorSerializer

ERRORS = {
    "400": _("Invalid input: a bad filter or query parameter, or a body breaking a rule."),
    "401": _("Writing needs a token: send `Authorization: Token <key>`."),
    "403": _("The token's user lacks the model permission for this change."),
    "404": _("No such object, page or format."),
    "406": _("None of the accepted media types can be rendered."),
    "409": _("The change conflicts with another record; nothing was saved."),
    "412": _("If-Match does not match the current ETag: read the object again."),
    "429": _("Too many requests from an anonymous client; see Retry-After."),
}
READ_ERRORS = ["400", "404", "406", "429"]
WRITE_ERRORS = ["400", "401", "403", "404", "406", "409", "429"]


class AutoSchema(SpectacularAutoSchema):
    def get_auth(self):
        # Reading needs no credentials (DjangoModelPermissionsOrAnonReadOnly); say so.
        auth = super().get_auth()
        if self.method in ("GET", "HEAD") and {} not in auth:
            auth.append({})
        return auth

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method in ("GET", "HEAD"):
            codes = READ_ERRORS
            responses.setdefault(
                "304", {"description": str(_("Not modified: If-None-Match matched the ETag."))}
            )
        else:
            codes = WRITE_ERRORS + (["412"] if self.method in ("PUT", "PATCH") else [])
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(
                    ErrorSerializer, code, ["application/json"], direction
                )
                response["description"] = str(ERRORS[code])
                responses[code] = response
        return responses
