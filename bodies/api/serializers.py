from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bodies.models import Body, Session


class BodySerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:body-detail", lookup_field="slug")
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=_("The slug of the body it is part of."),
    )

    class Meta:
        model = Body
        fields = [
            "url",
            "id",
            "slug",
            "abbreviation",
            "name_en",
            "name_ru",
            "kind",
            "parent",
            "established",
            "established_precision",
            "chair",
            "description",
            "order",
        ]


class SessionSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:session-detail")
    body = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("The body's slug.")
    )
    country = serializers.SlugRelatedField(
        slug_field="iso_code",
        read_only=True,
        allow_null=True,
        help_text=_("The host state's ISO code."),
    )

    class Meta:
        model = Session
        fields = [
            "url",
            "id",
            "body",
            "kind",
            "ordinal",
            "start_date",
            "end_date",
            "date_precision",
            "city",
            "country",
            "format",
            "participants",
            "member_states_represented",
            "topics",
            "source_note",
        ]
