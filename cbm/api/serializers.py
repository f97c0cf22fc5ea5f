from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bodies.models import Body, Session
from cbm.models import (
    NO_PLAN_FOR_YEAR,
    AnnualPlan,
    ConceptPaper,
    CoordinatorRole,
    Dimension,
    PlanItem,
    PlanItemLink,
    PriorityArea,
    PublishedFigure,
    Source,
    require_dated_source,
    require_distinct_co_organizers,
)
from cica_site.api.fields import (
    PARTIAL_DATE_SCHEMA,
    CountryCodeField,
    PartialDateField,
)
from cica_site.api.serializers import ModelRulesMixin
from cica_site.dates import (
    DatePrecision,
    PrecisionMismatch,
    parse_partial_date,
    written_precision,
)
from membership.api.fields import ActorField
from membership.models import Actor


class PlanYearField(serializers.SlugRelatedField):
    """A plan by its year, refused in the words of the one rule when the year has no plan."""

    def to_internal_value(self, data):
        try:
            return self.get_queryset().get(year=int(data))
        except AnnualPlan.DoesNotExist:
            raise serializers.ValidationError(NO_PLAN_FOR_YEAR % {"year": data}) from None
        except (TypeError, ValueError, OverflowError):
            raise serializers.ValidationError(_("Give the plan's year, e.g. 2024.")) from None


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PlanItemDateField(serializers.DateField):
    """An item's start or end date as the sources give it: "2026", "2026-02" or "2026-02-25"
    (the period's first day is stored; the item's date_precision says which was written);
    read back as an ISO date."""

    default_error_messages = {
        "invalid": _("Write the date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2026-02."),
    }

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                return parse_partial_date(value)[0]
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(value)


def iso_code_field(**kwargs):
    kwargs.setdefault("help_text", _("The state's ISO 3166-1 alpha-2 code."))
    return serializers.SlugRelatedField(slug_field="iso_code", **kwargs)


class DimensionSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:dimension-detail", lookup_field="slug"
    )

    class Meta:
        model = Dimension
        fields = ["url", "id", "slug", "name_en", "name_ru", "order"]


class CoordinatorSerializer(serializers.ModelSerializer):
    """A coordinator or co-coordinator, as listed with its priority area."""

    state = iso_code_field(read_only=True)

    class Meta:
        model = CoordinatorRole
        fields = [
            "state",
            "role",
            "term_start",
            "term_start_precision",
            "term_end",
            "term_end_precision",
        ]


class PriorityAreaSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:priority-area-detail", lookup_field="slug"
    )
    dimension = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("The dimension's slug.")
    )
    coordinators = CoordinatorSerializer(
        source="current_coordinators",
        many=True,
        read_only=True,
        help_text=_(
            "Coordinators and co-coordinators current today, or at the end of `year` if given."
        ),
    )

    class Meta:
        model = PriorityArea
        fields = [
            "url",
            "id",
            "slug",
            "order",
            "name_en",
            "name_ru",
            "dimension",
            "in_force_from",
            "in_force_until",
            "coordinators",
        ]


class CoordinatorRoleSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:coordinator-role-detail")
    priority_area = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("The priority area's slug.")
    )
    state = iso_code_field(read_only=True)

    class Meta:
        model = CoordinatorRole
        fields = [
            "url",
            "id",
            "priority_area",
            "state",
            "role",
            "term_start",
            "term_start_precision",
            "term_end",
            "term_end_precision",
            "source_note",
        ]


class ConceptPaperSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:concept-paper-detail")
    priority_area = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("The priority area's slug.")
    )

    class Meta:
        model = ConceptPaper
        fields = [
            "url",
            "id",
            "priority_area",
            "status",
            "status_date",
            "status_date_precision",
            "as_of",
            "as_of_precision",
            "source",
            "note",
        ]


class AnnualPlanSerializer(ModelRulesMixin, serializers.HyperlinkedModelSerializer):
    """An annual plan, by its year. Writes are checked by the model's rules, as in the admin."""

    url = serializers.HyperlinkedIdentityField(view_name="api:plan-detail", lookup_field="year")
    statistics = serializers.HyperlinkedIdentityField(
        view_name="api:plan-statistics", lookup_field="year"
    )
    approved_by = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Body.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The slug of the body that approved the plan (senior-officials-committee)."),
    )
    items_count = serializers.IntegerField(read_only=True, help_text=_("Its number of items."))

    class Meta:
        model = AnnualPlan
        fields = [
            "url",
            "id",
            "year",
            "status",
            "approved_by",
            "approved_on",
            "approved_on_precision",
            "decision_reference",
            "note",
            "items_count",
            "statistics",
        ]
        read_only_fields = ["items_count"]


class SourceSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """A document items cite, by its slug (made from the title when not given). Its `url` is
    the document's own address; its address here is /api/v1/sources/<slug>/."""

    date = PartialDateField(required=False, allow_null=True)
    date_precision = serializers.CharField(
        read_only=True, help_text=_("day, month, year, or unknown when no date is published.")
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "slug",
            "title_en",
            "title_ru",
            "publisher",
            "date",
            "date_precision",
            "url",
            "quote",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"slug": {"required": False}}

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        if "date" in attrs or not self.partial:  # no date given: none is published
            attrs["date"], attrs["date_precision"] = attrs.get("date") or (None, "unknown")
        return attrs


class PlanItemLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanItemLink
        fields = ["url", "label"]


class PlanItemSerializer(ModelRulesMixin, serializers.HyperlinkedModelSerializer):
    """An event (a plan item). Related objects are named by their natural keys: a plan by its
    year, a body or priority area by its slug, a state by its ISO code, a session by id.

    Writes are checked by the model's own rules (full_clean: fields, uniqueness and the
    database's check constraints), the same rules the admin applies.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="code")
    plan = PlanYearField(
        slug_field="year",
        queryset=AnnualPlan.objects.all(),
        allow_null=True,
        required=False,
        help_text=_(
            "The plan's year (the plan must exist: POST /api/v1/plans/ adds one); null for an "
            "event outside any plan."
        ),
    )
    body = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Body.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The body's slug (meetings of bodies)."),
    )
    session = serializers.PrimaryKeyRelatedField(
        queryset=Session.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The id of the body's session the item is."),
    )
    priority_area = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=PriorityArea.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The priority area's slug (CBM events)."),
    )
    dimension = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Dimension.objects.all(),
        allow_null=True,
        required=False,
        help_text=_(
            "The dimension's slug: the priority area's (given with an area, it must be that "
            "one), or for a CBM event whose area is not stated, the dimension alone."
        ),
    )
    start_date = PlanItemDateField(
        allow_null=True,
        required=False,
        help_text=_(
            "Written at its precision: YYYY, YYYY-MM or YYYY-MM-DD (date_precision follows); "
            "read back as the first day of the period."
        ),
    )
    end_date = PlanItemDateField(
        allow_null=True,
        required=False,
        help_text=_("Written as the start date is; read back as the last day of the period."),
    )
    organizer = ActorField(allow_null=True, required=False)
    co_organizers = ActorField(
        many=True,
        required=False,
        help_text=_("Who organizes it with the organizer: ISO codes or slugs, as `organizer`."),
    )
    country = CountryCodeField(required=False)
    participating_states = serializers.ListField(
        child=CountryCodeField(allow_null=False, allow_blank=False, help_text=None),
        required=False,
        help_text=_(
            "The ISO 3166-1 codes of the states that took part, any country: Member States, "
            "observers and others."
        ),
    )
    sources = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Source.objects.all(),
        required=False,
        help_text=_(
            "The slugs of the sources it cites (POST /api/v1/sources/ adds one). Without a "
            "published date, a completed event counts as held by the earliest of them."
        ),
    )
    links = PlanItemLinkSerializer(many=True, read_only=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance

        def value(name):
            return attrs[name] if name in attrs else getattr(instance, name, None)

        if "sources" in attrs:
            sources = attrs["sources"]
        else:
            sources = instance.sources.all() if instance is not None else []
        if "co_organizers" in attrs:
            co_organizers = attrs["co_organizers"]
        else:
            co_organizers = instance.co_organizers.all() if instance is not None else []
        try:
            require_dated_source(value("status"), value("date_precision"), sources)
            require_distinct_co_organizers(value("organizer"), co_organizers)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs

    def create(self, validated_data):
        given_status_date = "status_changed_on" in validated_data
        item = super().create(validated_data)
        if not given_status_date:
            item.date_completion_by_sources()
        return item

    def update(self, instance, validated_data):
        # Cite the sources first: a completion saved with them is dated by them.
        if "sources" in validated_data:
            instance.sources.set(validated_data.pop("sources"))
        return super().update(instance, validated_data)

    class Meta:
        model = PlanItem
        fields = [
            "url",
            "id",
            "code",
            "plan",
            "category",
            "body",
            "session",
            "priority_area",
            "dimension",
            "details_published",
            "title_en",
            "title_ru",
            "description_en",
            "description_ru",
            "organizer",
            "organizer_role",
            "co_organizers",
            "partner_institutions",
            "start_date",
            "end_date",
            "date_precision",
            "city",
            "city_ru",
            "country",
            "format",
            "status",
            "status_changed_on",
            "participants",
            "states_represented",
            "participating_states",
            "status_reason",
            "organizer_role_note",
            "sources",
            "source_note",
            "carried_over",
            "links",
            "created_at",
            "updated_at",
        ]

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        self._take_written_precision(data, attrs)
        area = attrs.get("priority_area")
        if area is not None and "dimension" not in attrs:
            attrs["dimension"] = area.dimension  # the area's, unless one is given to check
        return attrs

    def _take_written_precision(self, data, attrs):
        """The precision of dates written "2026" or "2026-02" becomes the item's, unless
        date_precision is given too: then the two must agree."""
        written = {
            name: data[name] for name in ("start_date", "end_date") if attrs.get(name) is not None
        }
        try:
            precision = written_precision(written, attrs.get("date_precision"))
        except PrecisionMismatch as mismatch:
            raise serializers.ValidationError({mismatch.field: mismatch.message}) from None
        # A date written to the day leaves a stored month or year as it is.
        if precision not in (None, DatePrecision.DAY):
            attrs["date_precision"] = precision


class AreaCountSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    dimension = serializers.CharField()
    count = serializers.IntegerField()


class CoOrganizerCountSerializer(serializers.Serializer):
    organizer = serializers.CharField(help_text=_("The organizer's slug (a state's: ISO code)."))
    kind = serializers.ChoiceField(choices=Actor.Kind.choices)
    name = serializers.CharField(help_text=_("English name."))
    count = serializers.IntegerField()


class OrganizerCountSerializer(CoOrganizerCountSerializer):
    role = serializers.CharField(help_text=_("The organizer's role; empty when not published."))


class PlanStatsSerializer(serializers.Serializer):
    """The statistics compiler's JSON (cbm.stats.PlanStats.to_json); documentation only.

    Progress as of `as_of` (completed, scheduled … and the breakdowns by_category …
    by_month of the items expected to be completed) and the plan's make-up (items_by_*:
    every item of the plan, whatever its status or date)."""

    plan = serializers.IntegerField(help_text=_("The plan's year."))
    as_of = serializers.DateField()
    total_items = serializers.IntegerField()
    completed = serializers.IntegerField(help_text=_("Completed items held by as_of."))
    scheduled = serializers.IntegerField(
        help_text=_("Items still ahead of as_of within the plan's year.")
    )
    expected_completed = serializers.IntegerField(help_text=_("completed + scheduled."))
    postponed = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    overdue = serializers.IntegerField(
        help_text=_("Planned items whose date is on or before as_of, not reported held.")
    )
    undated_planned = serializers.IntegerField(help_text=_("Planned items with no date yet."))
    by_category = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Items expected to be completed, by category."),
    )
    cbm_by_dimension = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("CBM events expected to be completed, by dimension slug."),
    )
    cbm_by_priority_area = AreaCountSerializer(
        many=True,
        help_text=_(
            "CBM events expected to be completed, by priority area: every area in force in "
            "the plan's year, in Catalogue order, zero included."
        ),
    )
    cbm_area_not_stated = serializers.IntegerField(
        help_text=_(
            "CBM events expected to be completed whose priority area is not stated (counted in "
            "their dimension)."
        )
    )
    by_organizer = OrganizerCountSerializer(
        many=True,
        help_text=_("Items expected to be completed, by organizer and role; most first."),
    )
    by_organizer_kind = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Items expected to be completed, by the kind of their organizer."),
    )
    participation = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_(
            "Of the items expected to be completed, as the sources publish them: how many give "
            "a number of participants (items_with_participants) and their sum (participants), "
            "and how many give the number of states represented (items_with_states_represented)."
        ),
    )
    by_month = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_('Items expected to be completed, by "YYYY-MM", and "undated".'),
    )
    items_by_category = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Every item of the plan, whatever its status, by category."),
    )
    items_by_dimension = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Every CBM event of the plan, whatever its status, by dimension slug."),
    )
    items_by_priority_area = AreaCountSerializer(
        many=True,
        help_text=_(
            "Every CBM event of the plan, whatever its status, by priority area: every area in "
            "force in the plan's year, in Catalogue order, zero included."
        ),
    )
    items_area_not_stated = serializers.IntegerField(
        help_text=_(
            "Every CBM event of the plan whose priority area is not stated (counted in its "
            "dimension)."
        )
    )
    items_by_organizer = OrganizerCountSerializer(
        many=True,
        help_text=_(
            "Every item of the plan, whatever its status, by organizer and role; most first."
        ),
    )
    items_by_organizer_kind = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Every item of the plan, by the kind of its organizer."),
    )
    items_co_organized = CoOrganizerCountSerializer(
        many=True,
        help_text=_("Every item of the plan, by co-organizer; most first."),
    )
    items_by_month = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_(
            'Every item of the plan, whatever its status, by "YYYY-MM" of its start, and '
            '"undated" for those without a published date.'
        ),
    )
    participating_countries = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_(
            "Of the items expected to be completed: the participating states they name, summed "
            "over the items, as member_states, observer_states and other_countries, and how "
            "many items name a state that is not a member (items_with_non_members)."
        ),
    )
    dimension_names = serializers.DictField(
        child=serializers.CharField(), help_text=_("English name of each dimension, by slug.")
    )


# Published figures ------------------------------------------------------------------------------


class OrganizerSummarySerializer(serializers.ModelSerializer):
    """An organizer as events name it: its kind, slug and name."""

    name = serializers.CharField(read_only=True, help_text=_("In the request's language."))

    class Meta:
        model = Actor
        fields = ["kind", "slug", "name"]


class CitedSourceSerializer(serializers.ModelSerializer):
    """The source a figure comes from (its address here is /api/v1/sources/<slug>/)."""

    class Meta:
        model = Source
        fields = ["slug", "title_en", "title_ru", "publisher", "date", "date_precision", "url"]


class PublishedFigureSerializer(serializers.HyperlinkedModelSerializer):
    """A figure as a source publishes it: shown beside the figures counted from the records,
    never added to them."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:published-figure-detail", lookup_field="slug"
    )
    label = serializers.SerializerMethodField(
        help_text=_(
            "The figure in words, in the request's language: \"about 20 items of the plan "
            'proposed by Azerbaijan".'
        )
    )
    plan = serializers.SlugRelatedField(
        slug_field="year",
        read_only=True,
        allow_null=True,
        help_text=_("The plan's year, for a figure of a plan; null for a figure over a period."),
    )
    dimension = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=_("The dimension's slug, if the figure has one."),
    )
    actor = OrganizerSummarySerializer(
        read_only=True,
        allow_null=True,
        help_text=_("Whose items it counts (who proposed them), if the figure says."),
    )
    country = CountryCodeField(read_only=True, help_text=_("Where the events counted are held."))
    source = CitedSourceSerializer(read_only=True)

    class Meta:
        model = PublishedFigure
        fields = [
            "url",
            "id",
            "slug",
            "measure",
            "value",
            "qualifier",
            "label",
            "plan",
            "period_start",
            "period_end",
            "period_precision",
            "dimension",
            "actor",
            "country",
            "source",
            "quote",
            "note",
            "created_at",
            "updated_at",
        ]

    def get_label(self, figure) -> str:
        return f"{figure.figure} {figure.counts}"


class PlanStatisticsSerializer(PlanStatsSerializer):
    """A plan's statistics (documentation only): the figures counted from its items, and
    beside them the figures its sources publish."""

    published_figures = PublishedFigureSerializer(
        many=True,
        help_text=_(
            "What the sources publish about the plan (its number of items, items proposed by a "
            "state …), each with its source: beside the counted figures, never added to them."
        ),
    )
