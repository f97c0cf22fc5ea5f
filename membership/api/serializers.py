from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cica_site.api.fields import CountryCodeField
from cica_site.api.serializers import ModelRulesMixin
from cica_site.dates import DatePrecision
from membership.models import Actor, Chairmanship, State


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


class OrganizationSerializer(ModelRulesMixin, serializers.HyperlinkedModelSerializer):
    """Who organizes activities besides states: observer and partner organizations, CICA's
    bodies and its Secretariat (each from its own record), and outside institutions, which a
    client adds here (name, kind and country; answered with the slug to name it by)."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )
    kind = serializers.ChoiceField(
        choices=[(k, label) for k, label in Actor.Kind.choices if k not in Actor.STATE_KINDS],
        help_text=_(
            "What it is. An outside institution, the only kind written here, is a university, "
            "academy, think_tank, ministry_or_agency, international_organization or forum; "
            "the others follow their records (observer_organization, partner_organization, "
            "cica_body, secretariat)."
        ),
    )
    country = CountryCodeField(required=False)

    class Meta:
        model = Actor
        fields = [
            "url",
            "id",
            "slug",
            "kind",
            "name_en",
            "name_ru",
            "country",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"slug": {"required": False}}

    def validate_kind(self, kind):
        if kind not in Actor.INSTITUTION_KINDS:
            raise serializers.ValidationError(
                _(
                    "Only outside institutions are added here (university, academy, think_tank, "
                    "ministry_or_agency, international_organization, forum); organizations and "
                    "bodies have their organizer records already."
                )
            )
        return kind

    def validate(self, attrs):
        if self.instance is not None and not self.instance.is_institution:
            raise serializers.ValidationError(
                _(
                    "%(name)s follows its own record (an organization's or a body's): change "
                    "that record instead."
                )
                % {"name": self.instance.name}
            )
        return super().validate(attrs)


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
