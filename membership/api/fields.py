"""An organizer in the API: named by a state's ISO code or an actor's slug, read back as its
kind, slug and name."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from cica_site.api.schema import natural_key_enum
from membership.models import Actor

ACTOR_HELP = _(
    "A state's ISO code (KZ) or an organizer's slug (cica-secretariat; the others are listed "
    "at /api/v1/organizations/); read back as its kind, slug and name."
)


class ActorField(serializers.RelatedField):
    # What an organizer reads back as, and so its columns in CSV (organizer.kind, …).
    columns = ("kind", "slug", "name")
    default_error_messages = {
        "does_not_exist": _(
            "No organizer “%(value)s”: give a state's ISO code (KZ) or a slug listed at "
            "/api/v1/organizations/ (POST there adds an institution)."
        ),
        "invalid": _("Give the organizer as text: an ISO code or a slug."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Actor.objects.all())
        kwargs.setdefault("help_text", ACTOR_HELP)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data:
            self.fail("invalid")
        actor = self.get_queryset().by_reference(data)
        if actor is None:
            raise serializers.ValidationError(
                self.error_messages["does_not_exist"] % {"value": data}, code="does_not_exist"
            )
        return actor

    def to_representation(self, actor):
        return {column: getattr(actor, column) for column in self.columns}

    def use_pk_only_optimization(self):
        return False


class ActorFieldExtension(OpenApiSerializerFieldExtension):
    """Requests name an organizer by a string, one of the slugs that exist when the schema is
    served (a state's is its ISO code; lower case is accepted too, not listed, since generated
    clients name enum members case-blind); responses give an object."""

    target_class = ActorField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            schema = build_basic_type(OpenApiTypes.STR)
            schema.update(
                natural_key_enum(
                    self.target.get_queryset(), "slug", nullable=self.target.allow_null
                )
            )
            return schema
        return build_object_type(
            properties={
                "kind": {"type": "string", "enum": Actor.Kind.values},
                "slug": build_basic_type(OpenApiTypes.STR),
                "name": build_basic_type(OpenApiTypes.STR),
            },
            required=["kind", "slug", "name"],
        )
