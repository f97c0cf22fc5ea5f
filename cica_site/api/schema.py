"""drf-spectacular's AutoSchema, documenting the errors every operation can answer with."""

from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import list_hash

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
        # The web server (gunicorn, or runserver) refuses a request line past its limit before
        # the application sees it, with its own HTML page.
        responses.setdefault(
            "414",
            {
                "description": str(_("The address is too long for the server (too many filters).")),
                "content": {"text/html": {"schema": {"type": "string"}}},
            },
        )
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(
                    ErrorSerializer, code, ["application/json"], direction
                )
                response["description"] = str(ERRORS[code])
                responses[code] = response
        return responses


def natural_keys(queryset, key: str) -> list | None:
    """The values a natural-key field accepts now, sorted; None when there are none, or no
    table yet: `check --deploy` generates the schema, before `migrate` on a fresh database."""
    queryset = queryset() if callable(queryset) else queryset
    try:
        with transaction.atomic(using=queryset.db):
            values = list(queryset.order_by(key).values_list(key, flat=True).distinct())
    except DatabaseError:
        return None
    return values or None


def natural_key_enum(queryset, key: str, nullable: bool = False) -> dict:
    """The values a field naming records by natural key accepts now, as a schema's `enum`;
    empty when there are none. Fields naming the same model's key (a plan item's `body` and
    `approved_by`) share one choice set, identified by the model and key, not by the records
    of the day: ENUM_NAME_OVERRIDES names it once ("bodies.body.slug": BodyEnum)."""
    values = natural_keys(queryset, key)
    if not values:
        return {}
    queryset = queryset() if callable(queryset) else queryset
    identity = f"{queryset.model._meta.label_lower}.{key}"
    return {
        "enum": values + ([None] if nullable else []),
        "x-spec-enum-id": list_hash([(identity, identity)]),
    }


class NaturalKeyFilterExtension(DjangoFilterExtension):
    """Filters by related records (by slug, ISO code or id) list the values they accept, read
    from the database when the schema is served: a client (or a fuzzer) learns that
    `?dimension=` takes `economic`, not any string, and an unknown value is refused (400)."""

    priority = 1

    def _get_explicit_filter_choices(self, filter_field):
        if isinstance(filter_field, ModelChoiceFilter | ModelMultipleChoiceFilter):
            key = filter_field.extra.get("to_field_name") or "pk"
            return natural_keys(filter_field.extra["queryset"], key)
        return super()._get_explicit_filter_choices(filter_field)

    def _get_model_field(self, filter_field, model):
        # The values' type is the key's, on the related model (a slug, an ISO code): known
        # even when no record exists yet to list. by_natural_key's field_name already ends in
        # the key, which drf-spectacular would append a second time.
        key = filter_field.extra.get("to_field_name")
        queryset = filter_field.extra.get("queryset")
        if key and isinstance(queryset, QuerySet):
            return queryset.model._meta.get_field(key)
        return super()._get_model_field(filter_field, model)


class RelatedByKeyFieldExtension(OpenApiSerializerFieldExtension):
    """A writable relation by natural key (a plan's year, a body's slug, a state's ISO code)
    lists, in request bodies, the values that exist when the schema is served. Responses keep
    the plain type: records added later appear there."""

    target_class = "rest_framework.relations.SlugRelatedField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        queryset = getattr(self.target, "queryset", None)
        if direction == "request" and queryset is not None:
            schema.update(
                natural_key_enum(queryset, self.target.slug_field, nullable=self.target.allow_null)
            )
        return schema
