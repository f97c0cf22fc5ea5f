from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cica_site.dates import DatePrecision
from membership.models import Chairmanship, Organization, State


class MemberStateSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:member-state-detail", lookup_field="iso_code"
    )

    class Meta:
        model = State
        fields = [
            "url",
            "id",
            "iso_code",
            "name_en",
            "name_ru",
            "status",
            "status_since",
            "status_since_precision",
        ]


class ObserverSerializer(serializers.Serializer):
    """An observer state or an observer organization, in one shape (read only)."""

    class Kind:
        STATE = "state"
        ORGANIZATION = "organization"
        choices = [(STATE, _("observer state")), (ORGANIZATION, _("observer organization"))]

    kind = serializers.ChoiceField(choices=Kind.choices)
    id = serializers.IntegerField(help_text=_("The id among states, or among organizations."))
    code = serializers.CharField(
        help_text=_("The natural key: a state's ISO code or an organization's abbreviation.")
    )
    name_en = serializers.CharField()
    name_ru = serializers.CharField(allow_blank=True)
    status_since = serializers.DateField(allow_null=True)
    status_since_precision = serializers.ChoiceField(choices=DatePrecision.choices)

    def to_representation(self, instance):
        if isinstance(instance, State):
            kind, code = self.Kind.STATE, instance.iso_code
        else:
            kind, code = self.Kind.ORGANIZATION, instance.abbreviation
        return {
            "kind": kind,
            "id": instance.pk,
            "code": code,
            "name_en": instance.name_en,
            "name_ru": instance.name_ru,
            "status_since": instance.status_since.isoformat() if instance.status_since else None,
            "status_since_precision": instance.status_since_precision,
        }


class OrganizationSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="abbreviation"
    )

    class Meta:
        model = Organization
        fields = [
            "url",
            "id",
            "abbreviation",
            "name_en",
            "name_ru",
            "status",
            "status_since",
            "status_since_precision",
        ]


class ChairmanshipSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:chairmanship-detail")
    state = serializers.SlugRelatedField(
        slug_field="iso_code", read_only=True, help_text=_("The chairing state's ISO code.")
    )

    class Meta:
        model = Chairmanship
        fields = [
            "url",
            "id",
            "state",
            "term_start",
            "term_start_precision",
            "term_end",
            "term_end_precision",
            "note",
        ]
