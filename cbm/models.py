"""The Catalogue of CBMs and the annual plan of their implementation."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, Max, Min, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from bodies.models import Body, Format, Session
from cica_site.dates import (
    COARSENESS,
    DatePrecision,
    end_not_before_start,
    format_date_range,
    format_partial_date,
    period_end,
    period_start,
    precision_field,
)
from cica_site.languages import in_language
from cica_site.slugs import unique_slug
from membership.models import Actor, BilingualNameMixin, State


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Dimension(BilingualNameMixin, models.Model):  # noqa: DJ008 (the mixin names it)
    """One of the Catalogue's five dimensions, e.g. the economic dimension."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)

    objects = SlugManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def natural_key(self):
        return (self.slug,)


class PriorityAreaQuerySet(models.QuerySet):
    def in_force_on(self, day: date):
        return self.filter(
            Q(in_force_until__isnull=True) | Q(in_force_until__gt=day), in_force_from__lte=day
        )

    def in_force_in(self, year: int):
        """The areas of the Catalogue at any time during `year`, in Catalogue order."""
        return self.filter(
            Q(in_force_until__isnull=True) | Q(in_force_until__gt=date(year, 1, 1)),
            in_force_from__lte=date(year, 12, 31),
        ).order_by("order")


class PriorityAreaManager(SlugManager.from_queryset(PriorityAreaQuerySet)):
    pass


class PriorityArea(BilingualNameMixin, models.Model):
    """A priority area of the Catalogue, numbered in the Secretariat's order (1–18 in 2023)."""

    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        related_name="priority_areas",
        verbose_name=_("dimension"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(
        _("number"), help_text=_("Its number in the Catalogue.")
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    in_force_from = models.DateField(_("in force from"))
    in_force_until = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty while the area is in force.")
    )

    objects = PriorityAreaManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "in_force_from"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True) | Q(in_force_until__gt=F("in_force_from")),
                name="priority_area_in_force_until_after_from",
                violation_error_message=_("An area must be in force before it is retired."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"

    def natural_key(self):
        return (self.slug,)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    CO_COORDINATOR = "co_coordinator", _("co-coordinator")


class CoordinatorRoleQuerySet(models.QuerySet):
    def current_on(self, day: date):
        return self.filter(
            Q(term_start__isnull=True) | Q(term_start__lte=day),
            Q(term_end__isnull=True) | Q(term_end__gte=day),
        )


class CoordinatorRoleManager(models.Manager.from_queryset(CoordinatorRoleQuerySet)):
    def get_by_natural_key(self, area_slug, iso_code, term_start):
        return self.get(
            priority_area__slug=area_slug, state__iso_code=iso_code, term_start=term_start
        )


class CoordinatorRole(models.Model):
    """A Member State volunteering as coordinator or co-coordinator of a priority area."""

    priority_area = models.ForeignKey(
        PriorityArea,
        on_delete=models.CASCADE,
        related_name="coordinator_roles",
        verbose_name=_("priority area"),
    )
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="coordinator_roles",
        verbose_name=_("Member State"),
    )
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_start_precision = precision_field(
        _("precision of term start"), default=DatePrecision.UNKNOWN
    )
    term_end = models.DateField(_("term end"), null=True, blank=True)
    term_end_precision = precision_field(_("precision of term end"), default=DatePrecision.UNKNOWN)
    source_note = models.CharField(_("source note"), max_length=300, blank=True)

    objects = CoordinatorRoleManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority_area__order", "role", "state__name_en"]
        verbose_name = _("coordinator role")
        verbose_name_plural = _("coordinator roles")
        constraints = [
            models.UniqueConstraint(
                fields=["priority_area", "state", "term_start"],
                name="coordinator_role_unique_area_state_term_start",
                violation_error_message=_(
                    "This state already has a role in this area from that date."
                ),
            ),
            # NULLs are distinct in a unique index: a second role with no known start needs its own rule.
            models.UniqueConstraint(
                fields=["priority_area", "state"],
                condition=Q(term_start__isnull=True),
                name="coordinator_role_unique_area_state_open_start",
                violation_error_message=_("This state already has a role in this area."),
            ),
            end_not_before_start(
                "coordinator_role_end_not_before_start",
                _("The term cannot end before it starts."),
                start="term_start",
                end="term_end",
            ),
        ]

    def __str__(self):
        return f"{self.state} – {self.get_role_display()} – {self.priority_area}"

    def natural_key(self):
        return (self.priority_area.slug, self.state.iso_code, self.term_start)

    natural_key.dependencies = ["cbm.priorityarea", "membership.state"]


class ConceptPaperManager(models.Manager):
    def get_by_natural_key(self, area_slug, status, as_of):
        return self.get(priority_area__slug=area_slug, status=status, as_of=as_of)


class ConceptPaper(models.Model):
    """The status of a priority area's concept paper (and action plan), as a source reports it."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("approved")
        FINALIZED = "finalized", _("finalized by the SWG, recommended for approval")
        SUBMITTED = "submitted", _("submitted, not finalized")
        NEEDS_UPDATING = "needs_updating", _("needs updating")
        NOT_ELABORATED = "not_elaborated", _("not elaborated")

    priority_area = models.ForeignKey(
        PriorityArea,
        on_delete=models.CASCADE,
        related_name="concept_papers",
        verbose_name=_("priority area"),
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    status_date = models.DateField(
        _("status date"), null=True, blank=True, help_text=_("When it was approved, finalized …")
    )
    status_date_precision = precision_field(
        _("precision of status date"), default=DatePrecision.UNKNOWN
    )
    as_of = models.DateField(
        _("as of"), help_text=_("The date of the source reporting this status.")
    )
    as_of_precision = precision_field(_("precision of as of"), default=DatePrecision.DAY)
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ConceptPaperManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority_area__order", "-as_of"]
        get_latest_by = "as_of"
        verbose_name = _("concept paper")
        verbose_name_plural = _("concept papers")
        constraints = [
            models.UniqueConstraint(
                fields=["priority_area", "status", "as_of"],
                name="concept_paper_unique_area_status_as_of",
            ),
            models.CheckConstraint(
                condition=Q(status_date__isnull=False)
                | Q(status_date_precision=DatePrecision.UNKNOWN),
                name="concept_paper_status_date_with_precision",
            ),
        ]

    def __str__(self):
        return f"{self.priority_area}: {self.get_status_display()}"

    def natural_key(self):
        return (self.priority_area.slug, self.status, self.as_of)

    natural_key.dependencies = ["cbm.priorityarea"]


class AnnualPlanManager(models.Manager):
    def get_by_natural_key(self, year):
        return self.get(year=year)


# The one rule for an item whose plan year has no plan yet, in the API and the spreadsheet
# import alike: refused, with what to do.
NO_PLAN_FOR_YEAR = _(
    "There is no annual plan for %(year)s yet. Add the plan first (Annual plans in the admin, "
    "or POST /api/v1/plans/), then its items."
)


class AnnualPlan(models.Model):
    """The Annual CICA Plan of Implementation of CBMs and provisional calendar, approved by the SOC."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_on_precision = precision_field(
        _("precision of approved on"), default=DatePrecision.DAY
    )
    approved_by = models.ForeignKey(
        Body,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_plans",
        help_text=_("The body that approved the plan: the Senior Officials Committee."),
    )
    decision_reference = models.CharField(
        _("decision reference"),
        max_length=200,
        blank=True,
        help_text=_(
            "The number or title of the approving decision, as the body's record gives it."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AnnualPlanManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1992) & Q(year__lte=2200),
                name="annual_plan_year_plausible",
                violation_error_message=_("Enter a year from 1992 on."),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="annual_plan_approved_has_date",
                violation_error_message=_("An approved plan needs the date of its approval."),
            ),
        ]

    def __str__(self):
        return str(_("Annual plan %(year)s") % {"year": self.year})

    def natural_key(self):
        return (self.year,)


# The plan item's rules, as its constraints and clean() say them, on the field concerned.
CBM_EVENT_NEEDS_AREA = _("A CBM event needs its priority area, or at least its dimension.")
CBM_EVENT_HAS_NO_BODY = _("A CBM event is not a meeting of a body: leave the body empty.")
BODY_MEETING_NEEDS_BODY = _("A meeting of a body needs its body.")
START_DATE_NEEDED = _("Give a start date, or mark the date as not published.")
DATES_MARKED_UNPUBLISHED = _("Dates are given: choose their precision, not “not published”.")
END_BEFORE_START = _("The end date cannot be before the start date.")
OUTSIDE_PLAN_YEAR = _(
    "The dates fall outside the plan's year %(year)s: choose the plan of their year, or mark "
    "the item as carried over."
)
TITLE_NEEDED = _("Give the item a title.")
ORGANIZER_NEEDED = _("Name the Member State that organizes the item in this role.")
ORGANIZER_NOT_A_MEMBER = _(
    "%(organizer)s is not a Member State: only a Member State organizes as %(role)s."
)
STATE_ROLES = ["coordinator", "co_coordinator", "member_state"]


class Source(models.Model):
    """A document that reports what happened: a report, a press release, an interview.

    Items cite their sources; an item held on a date not published counts as held by the
    earliest of them (`PlanItemQuerySet.with_held_on`)."""

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("A stable reference; made from the title when left empty."),
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("For a month or a year, its first day.")
    )
    date_precision = precision_field(_("date precision"), default=DatePrecision.DAY)
    # The last day the date can stand for ("March 2026": 31 March), kept by save(): an item
    # the source reports held counts as held by then, and the database compares it directly.
    date_period_end = models.DateField(_("end of the date's period"), null=True, editable=False)
    url = models.URLField(_("address"), max_length=500, blank=True)
    quote = models.TextField(
        _("quote"), blank=True, help_text=_("A short passage of the source, as it reads.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SlugManager()

    history = HistoricalRecords()

    class Meta:
        ordering = [F("date").desc(nulls_last=True), "title_en"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=(Q(date_precision="unknown") & Q(date__isnull=True))
                | (~Q(date_precision="unknown") & Q(date__isnull=False)),
                name="source_date_matches_precision",
                violation_error_message=_("Give the date, or mark it as not published."),
            ),
        ]

    def __str__(self):
        if self.date is None:
            return self.title
        return f"{self.title} ({format_partial_date(self.date, self.date_precision)})"

    def save(self, *args, **kwargs):
        if self.date is not None:
            self.date = period_start(self.date, self.date_precision)
        self.date_period_end = self.date and period_end(self.date, self.date_precision)
        if not self.slug:
            self.slug = unique_slug(type(self), self.title_en or "source", exclude=self.pk)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_ru)

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.date_precision)


UNDATED_COMPLETED_NEEDS_SOURCE = _(
    "A completed item without a published date cites a dated source reporting it held."
)


def require_dated_source(status: str, date_precision: str, sources) -> None:
    """ValidationError on `sources` when a completed item without a published date cites no
    dated source: it would count as held on no day. The database cannot say this (its rule
    would read the many-to-many rows), so forms, the API and the import call this."""
    if status != PlanItem.Status.COMPLETED or date_precision != DatePrecision.UNKNOWN:
        return
    if not any(source.date is not None for source in sources):
        raise ValidationError({"sources": UNDATED_COMPLETED_NEEDS_SOURCE})


ORGANIZER_AMONG_CO_ORGANIZERS = _(
    "%(organizer)s is the organizer: list it once, not among the co-organizers too."
)


def require_distinct_co_organizers(organizer, co_organizers) -> None:
    """ValidationError on `co_organizers` when the organizer is among them (an item would
    count twice for it). Many-to-many rows, so forms, the API and the import call this."""
    if organizer is not None and any(actor.pk == organizer.pk for actor in co_organizers):
        raise ValidationError(
            {"co_organizers": ORGANIZER_AMONG_CO_ORGANIZERS % {"organizer": organizer.name}}
        )


class PlanItemQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(plan__year=year)

    def body_meetings(self):
        return self.filter(category=PlanItem.Category.BODY_MEETING)

    def cbm_events(self):
        return self.filter(category=PlanItem.Category.CBM_EVENT)

    def with_related(self):
        """What a table of items shows, in one query."""
        return self.select_related(
            "plan", "body", "priority_area__dimension", "dimension", "organizer"
        )

    def listed(self):
        """What the portal's lists, feeds and the API show of each item, co-organizers
        included: two queries, whatever the number of items."""
        return self.with_related().prefetch_related("co_organizers")

    def with_held_on(self):
        """Annotate `held_on`: the day an item counts as held.

        The last day of its dates (a month- or year-only item spans its period, so the
        period's end); for an item without a published date, the date of the earliest source
        it cites (the end of that source's period: "March 2026" counts from 31 March). The
        earliest, because the first source that reports the item held proves it held by then;
        a later one only repeats it. One subquery, so a list stays at a constant number of
        queries.
        """
        return self.annotate(
            held_on=Coalesce("end_date", "start_date", earliest_source_date(OuterRef("pk")))
        )

    def completed_by(self, as_of: date):
        """Completed items held on or before `as_of`."""
        return self.with_held_on().filter(status=PlanItem.Status.COMPLETED, held_on__lte=as_of)

    def overdue(self, as_of: date):
        """Planned items whose dates have passed by `as_of`: not yet reported held, postponed
        or cancelled (an undated one counts from its source date, if any)."""
        return self.with_held_on().filter(status=PlanItem.Status.PLANNED, held_on__lte=as_of)

    def still_ahead(self, as_of: date, until: date):
        """Items that, as of `as_of`, were still to be held by `until`: planned ones, and
        completed ones held after `as_of`."""
        return self.with_held_on().filter(
            status__in=[PlanItem.Status.PLANNED, PlanItem.Status.COMPLETED],
            held_on__gt=as_of,
            held_on__lte=until,
        )


def earliest_source_date(item) -> Subquery:
    """The earliest date among the sources `item` (a plan item's pk or OuterRef) cites."""
    citations = PlanItem.sources.through.objects.filter(
        planitem=item, source__date_period_end__isnull=False
    )
    return Subquery(
        citations.values("planitem")
        .annotate(earliest=Min("source__date_period_end"))
        .values("earliest")[:1],
        output_field=models.DateField(),
    )


def organized_by(actors: Q) -> Q:
    """Items whose organizer, or one of whose co-organizers, is among `actors` (a condition on
    Actor); a subquery, so no row repeats."""
    co_organized = PlanItem.co_organizers.through.objects.filter(
        planitem=OuterRef("pk"), actor__in=Actor.objects.filter(actors)
    )
    return Q(organizer__in=Actor.objects.filter(actors)) | Q(Exists(co_organized))


class PlanItemManager(models.Manager.from_queryset(PlanItemQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class PlanItem(models.Model):
    """An event: an item of an annual plan, or an event held outside any plan."""

    class Category(models.TextChoices):
        BODY_MEETING = "body_meeting", _("meeting of a permanent body or consultative mechanism")
        CBM_EVENT = "cbm_event", _("CBM event")
        OTHER = "other", _("other")

    class OrganizerRole(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        CO_COORDINATOR = "co_coordinator", _("co-coordinator")
        MEMBER_STATE = "member_state", _("other Member State")
        SECRETARIAT = "secretariat", _("Secretariat")
        CHAIRMANSHIP = "chairmanship", _("Chairmanship")
        HOST = "host", _("host")
        PARTNER = "partner", _("partner")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        COMPLETED = "completed", _("completed")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")

    code = models.SlugField(
        _("reference"),
        max_length=40,
        unique=True,
        help_text=_("A stable reference, e.g. 2023-cbm-01."),
    )
    plan = models.ForeignKey(
        AnnualPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("annual plan"),
        help_text=_("Empty for an event held outside any plan."),
    )
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("body"),
    )
    session = models.OneToOneField(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_item",
        verbose_name=_("session"),
    )
    priority_area = models.ForeignKey(
        PriorityArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("priority area"),
    )
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("dimension"),
        help_text=_(
            "A CBM event's dimension: its priority area's, or, where no area is stated, the one "
            "the source names."
        ),
    )
    details_published = models.BooleanField(
        _("details published"),
        default=True,
        help_text=_("Off for items the sources count but do not describe."),
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    organizer = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organized_items",
        verbose_name=_("organizer"),
        help_text=_(
            "Who leads it: a state, an organization, a CICA body, the Secretariat or an institution."
        ),
    )
    organizer_role = models.CharField(
        _("organizer's role"), max_length=15, choices=OrganizerRole.choices, blank=True
    )
    co_organizers = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="co_organized_items",
        verbose_name=_("co-organizers"),
    )
    partner_institutions = models.TextField(_("partner institutions"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=7,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("For a month or a year only, the dates span the whole month or year."),
    )
    carried_over = models.BooleanField(
        _("carried over"),
        default=False,
        help_text=_("Held in another year than its plan's, e.g. postponed into the next year."),
    )
    city = models.CharField(_("city (English)"), max_length=100, blank=True)
    city_ru = models.CharField(_("city (Russian)"), max_length=100, blank=True)
    # Any country, members or not: the Secretary General visits Jakarta and New York too.
    country = CountryField(_("country"), blank=True)
    format = models.CharField(_("format"), max_length=7, choices=Format.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    # Sources often give only a count ("13 states represented") where they name no state.
    states_represented = models.PositiveSmallIntegerField(
        _("states represented"),
        null=True,
        blank=True,
        help_text=_("The published number of states represented, named or not."),
    )
    # Any country, members, observers and others alike, as ISO codes.
    participating_states = CountryField(
        _("participating states"),
        multiple=True,
        blank=True,
        help_text=_("The states that took part, named by the sources; members or not."),
    )
    status_reason = models.TextField(
        _("reason for the status"), blank=True, help_text=_("Why it was postponed or cancelled.")
    )
    organizer_role_note = models.TextField(
        _("note on the organizer's role"),
        blank=True,
        help_text=_("Why the role stands although the coordinator list says otherwise."),
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="plan_items",
        verbose_name=_("sources"),
        help_text=_(
            "The documents that report the item. One without a published date counts as held "
            "by the earliest of them."
        ),
    )
    source_note = models.TextField(_("source note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlanItemManager()

    history = HistoricalRecords(m2m_fields=[sources, co_organizers])

    class Meta:
        ordering = [F("start_date").asc(nulls_last=True), "code"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        permissions = [
            ("delete_item_of_approved_plan", _("Can delete items of an approved plan")),
        ]
        indexes = [
            models.Index(fields=["plan", "status"], name="plan_item_plan_status"),
            models.Index(fields=["start_date"], name="plan_item_start_date"),
        ]
        constraints = [
            end_not_before_start("plan_item_end_not_before_start", END_BEFORE_START),
            models.CheckConstraint(
                condition=~Q(category="cbm_event")
                | Q(priority_area__isnull=False)
                | Q(dimension__isnull=False),
                name="plan_item_cbm_event_has_area_or_dimension",
                violation_error_message=CBM_EVENT_NEEDS_AREA,
            ),
            models.CheckConstraint(
                condition=~Q(category="cbm_event") | Q(body__isnull=True),
                name="plan_item_cbm_event_has_no_body",
                violation_error_message=CBM_EVENT_HAS_NO_BODY,
            ),
            models.CheckConstraint(
                condition=~Q(category="body_meeting") | Q(body__isnull=False),
                name="plan_item_body_meeting_has_body",
                violation_error_message=BODY_MEETING_NEEDS_BODY,
            ),
            models.CheckConstraint(
                condition=(
                    Q(date_precision="unknown")
                    & Q(start_date__isnull=True)
                    & Q(end_date__isnull=True)
                )
                | (Q(date_precision__in=["day", "month", "year"]) & Q(start_date__isnull=False)),
                name="plan_item_dates_match_precision",
                violation_error_message=START_DATE_NEEDED,
            ),
            models.CheckConstraint(
                condition=Q(details_published=False) | ~Q(title_en=""),
                name="plan_item_published_has_title",
                violation_error_message=TITLE_NEEDED,
            ),
            models.CheckConstraint(
                condition=~Q(organizer_role__in=STATE_ROLES) | Q(organizer__isnull=False),
                name="plan_item_state_role_has_organizer",
                violation_error_message=ORGANIZER_NEEDED,
            ),
            models.CheckConstraint(
                condition=~Q(format="online") | (Q(country="") & Q(city="") & Q(city_ru="")),
                name="plan_item_online_has_no_place",
                violation_error_message=_(
                    "An online item has no city or country: leave them empty, or choose "
                    "offline or hybrid."
                ),
            ),
        ]

    def __str__(self):
        return self.title or str(_("Item %(code)s (details not published)") % {"code": self.code})

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)
        self._loaded_status, self._loaded_status_changed_on = self.status, self.status_changed_on

    def prepare_for_save(self) -> None:
        """What every save derives before it writes (a bulk write, which calls no save(), calls
        this itself): the dimension, a month's or a year's span, the status's date."""
        derive_dimension(self)
        # A month- or year-only date spans its whole period, so "held by" counts it at the
        # period's end.
        if self.date_precision in (DatePrecision.MONTH, DatePrecision.YEAR) and self.start_date:
            self.start_date = period_start(self.start_date, self.date_precision)
            self.end_date = period_end(self.end_date or self.start_date, self.date_precision)
        # The status carries the date of its last change, unless the caller gives one; an item
        # completed says when it was held, not when an officer typed it in.
        loaded = getattr(self, "_loaded_status", None)
        status_changed = self._state.adding or loaded != self.status
        if status_changed and self.status_changed_on == getattr(
            self, "_loaded_status_changed_on", None
        ):
            today = timezone.localdate()
            if self.status == self.Status.COMPLETED:
                self.status_changed_on = self.completed_on(today)
            else:
                self.status_changed_on = today

    def clean(self):
        """The rules of the constraints (and the plan's year, which no constraint can join),
        each told on the field it concerns. Model.full_clean then leaves out the constraints
        over a field in error, so a rule is said once, in these words."""
        errors = {}
        if self.priority_area_id and self.dimension_id is None:
            self.dimension_id = self.priority_area.dimension_id
        if self.category == self.Category.CBM_EVENT:
            if not self.priority_area_id and not self.dimension_id:
                errors["priority_area"] = CBM_EVENT_NEEDS_AREA
            if self.body_id:
                errors["body"] = CBM_EVENT_HAS_NO_BODY
        if self.category == self.Category.BODY_MEETING and not self.body_id:
            errors["body"] = BODY_MEETING_NEEDS_BODY
        if self.priority_area_id and self.dimension_id != self.priority_area.dimension_id:
            errors["dimension"] = _(
                "The priority area %(area)s is in the %(area_dimension)s dimension, not "
                "%(dimension)s."
            ) % {
                "area": self.priority_area.name,
                "area_dimension": self.priority_area.dimension.name,
                "dimension": self.dimension.name,
            }
        # An undated completed item's dated source is checked where its sources are known
        # (require_dated_source): the many-to-many rows are saved after the item.
        if self.date_precision == DatePrecision.UNKNOWN:
            if self.start_date or self.end_date:
                errors["date_precision"] = DATES_MARKED_UNPUBLISHED
        elif not self.start_date:
            errors["start_date"] = START_DATE_NEEDED
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = END_BEFORE_START
        if self.plan_id and not self.carried_over and "start_date" not in errors:
            outside = [
                name
                for name in ("start_date", "end_date")
                if getattr(self, name) and getattr(self, name).year != self.plan.year
            ]
            if outside:
                errors[outside[0]] = OUTSIDE_PLAN_YEAR % {"year": self.plan.year}
        if self.details_published and not self.title_en:
            errors["title_en"] = TITLE_NEEDED
        if self.organizer_role in STATE_ROLES:
            if not self.organizer_id:
                errors["organizer"] = ORGANIZER_NEEDED
            elif self.organizer.kind != Actor.Kind.MEMBER_STATE:
                errors["organizer"] = ORGANIZER_NOT_A_MEMBER % {
                    "organizer": self.organizer.name,
                    "role": self.get_organizer_role_display(),
                }
        # A field left out of full_clean (a form or an import already found it wrong) is not
        # told again.
        excluded = getattr(self, "_clean_excludes", ())
        errors = {name: message for name, message in errors.items() if name not in excluded}
        if errors:
            raise ValidationError(errors)

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        self._clean_excludes = set(exclude or ())
        try:
            super().full_clean(exclude, validate_unique, validate_constraints)
        finally:
            del self._clean_excludes

    @classmethod
    def from_db(cls, db, field_names, values):
        item = super().from_db(db, field_names, values)
        item._loaded_status = getattr(item, "status", None)
        item._loaded_status_changed_on = getattr(item, "status_changed_on", None)
        # Where the item was shown (its code and plan), for the page cache (cbm/caching.py).
        item._loaded_scope = (item.__dict__.get("code"), item.__dict__.get("plan_id"))
        return item

    def natural_key(self):
        return (self.code,)

    def completed_on(self, today: date) -> date:
        """The day this item counts as completed, never after `today`.

        The last day it was held (a month- or year-only date: its period's end); for an item
        without a published date, the date of the earliest source it cites; failing both,
        `today`.
        """
        if self.start_date:
            held = period_end(self.end_date or self.start_date, self.date_precision)
        elif self.pk and "sources" in getattr(self, "_prefetched_objects_cache", {}):
            # Sources loaded with the item (a bulk import): the same earliest, without a query.
            ends = [source.date_period_end for source in self.sources.all()]
            held = min((end for end in ends if end is not None), default=None)
        elif self.pk:
            held = self.sources.aggregate(earliest=Min("date_period_end"))["earliest"]
        else:
            held = None
        return min(held, today) if held else today

    def date_completion_by_sources(self) -> None:
        """Once a new item's sources are saved (after the item itself), date its completion by
        them when it was entered completed without dates."""
        if self.status != self.Status.COMPLETED or self.start_date:
            return
        completed_on = self.completed_on(timezone.localdate())
        if completed_on != self.status_changed_on:
            self.status_changed_on = completed_on
            self.save(update_fields=["status_changed_on", "updated_at"])

    def check_cited_sources(self, sources) -> None:
        """Refuse this item if completed without a published date and citing no dated source
        among `sources` (the sources it is to cite: a form's or a request's, before they are
        saved)."""
        require_dated_source(self.status, self.date_precision, sources)

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_ru)

    @property
    def description(self) -> str:
        return in_language(self.description_en, self.description_ru)

    @property
    def dates(self) -> str:
        return format_date_range(self.start_date, self.end_date, self.date_precision)

    @property
    def organizers(self) -> str:
        """ "Kazakhstan (Chairmanship), with the CICA Secretariat": who organized it."""
        lead = ""
        if self.organizer_id:
            lead = self.organizer.name
            if self.organizer_role:
                lead = f"{lead} ({self.get_organizer_role_display()})"
        elif self.organizer_role:
            lead = str(self.get_organizer_role_display())
        others = [actor.name for actor in self.co_organizers.all()]
        if not others:
            return lead
        if not lead:
            return ", ".join(others)
        return _("%(organizer)s, with %(co_organizers)s") % {
            "organizer": lead,
            "co_organizers": ", ".join(others),
        }

    @property
    def city_name(self) -> str:
        return in_language(self.city, self.city_ru)

    @property
    def place(self) -> str:
        """ "Jakarta, Indonesia" in the active language; empty when no place is published."""
        return ", ".join(part for part in (self.city_name, self.country.name) if part)


def derive_dimension(item: PlanItem) -> None:
    """An item with a priority area is in that area's dimension (no constraint can join the
    area's row, so every save, raw ones included, sets it)."""
    if item.priority_area_id:
        item.dimension_id = item.priority_area.dimension_id


class PlanItemLink(models.Model):
    """A page about an item: a press release, a report, a recording."""

    plan_item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="links", verbose_name=_("plan item")
    )
    url = models.URLField(_("address"), max_length=500)
    label = models.CharField(_("label"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_item", "id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.UniqueConstraint(fields=["plan_item", "url"], name="plan_item_link_unique_url"),
        ]

    def __str__(self):
        return self.label or self.url


class StatsRecompile(models.Model):
    """A plan whose statistics must be compiled again: written in the transaction of the change
    (so a rolled-back change leaves none), removed by the compile that has seen the change. A
    queueing lost to a broker outage, or a worker killed mid-compile, delays the recompile (the
    periodic sweep, cbm.tasks.queue_stale_plans, queues what is left) but never loses it."""

    plan = models.OneToOneField(
        AnnualPlan,
        on_delete=models.CASCADE,
        related_name="stats_recompile",
        verbose_name=_("annual plan"),
    )
    requested_at = models.DateTimeField(_("requested at"))

    class Meta:
        verbose_name = _("statistics recompile")
        verbose_name_plural = _("statistics recompiles")

    def __str__(self):
        return str(self.plan)

    @classmethod
    def request(cls, plan_id: int, using: str = "default") -> None:
        """Mark `plan_id` for a recompile as of now (the latest change wins)."""
        cls.objects.using(using).bulk_create(
            [cls(plan_id=plan_id, requested_at=timezone.now())],
            update_conflicts=True,
            unique_fields=["plan"],
            update_fields=["requested_at"],
        )

    @classmethod
    def done(cls, plan_id: int, compiled_from) -> None:
        """The compile started at `compiled_from` has seen every change requested until then."""
        cls.objects.filter(plan_id=plan_id, requested_at__lte=compiled_from).delete()


class PlanStatsSnapshot(models.Model):
    """A plan's statistics compiled as of a date, stored so reports and pages need not recompile.

    One row per plan and as-of date; a recompile replaces it whole.
    """

    plan = models.ForeignKey(
        AnnualPlan,
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("annual plan"),
    )
    as_of = models.DateField(_("as of"))
    compiled_at = models.DateTimeField(_("compiled at"))
    figures = models.JSONField(_("figures"))

    class Meta:
        ordering = ["plan", "-as_of"]
        get_latest_by = "compiled_at"
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "as_of"], name="plan_stats_snapshot_unique_plan_as_of"
            ),
        ]

    def __str__(self):
        return str(_("%(plan)s as of %(as_of)s") % {"plan": self.plan, "as_of": self.as_of})


# Published figures ------------------------------------------------------------------------------

PERIOD_ONE_WAY = _(
    "Give the plan the figure is about, or the start and end of the period it covers: one of "
    "the two."
)
PERIOD_NEEDS_PRECISION = _("Choose the precision of the period's dates.")
PERIOD_END_BEFORE_START = _("The period cannot end before it starts.")
VALUE_NOT_NEGATIVE = _("A published figure is a count: zero or more.")
MEASURE_NEEDS_PLAN = _("A figure of a plan's items needs its plan.")
PROPOSED_NEEDS_ACTOR = _("Name who proposed the items.")
PLAN_MEASURES = ["plan_items", "plan_items_proposed"]


class PublishedFigureQuerySet(models.QuerySet):
    def with_related(self):
        """What a list of figures shows, in one query."""
        return self.select_related("plan", "dimension", "actor", "source")

    def of_plan(self, plan: AnnualPlan):
        """A plan's figures as a page lists them: by source, the latest first, and within a
        source in the order of the measures."""
        measures = PublishedFigure.Measure.values
        return (
            self.filter(plan=plan)
            .with_related()
            .order_by(
                F("source__date").desc(nulls_last=True),
                "source__slug",
                Case(
                    *(When(measure=m, then=n) for n, m in enumerate(measures)),
                    default=len(measures),
                ),
                "slug",
            )
        )


class PublishedFigureManager(SlugManager.from_queryset(PublishedFigureQuerySet)):
    pass


class PublishedFigure(models.Model):
    """A figure a source publishes, as it publishes it: "From October 2020 to December 2024,
    172 events were held", "44 events (in the plan for 2025), of which about 20 are proposed
    by Azerbaijan".

    What it counts (`measure`), over what (a plan, or a period given by its start and end),
    optionally for one dimension, organizer or country, and the value with its qualifier
    ("about", "more than"). The records may hold fewer items than a source counts, or count
    them otherwise: pages and the API show a published figure beside the counted ones, never
    added to them."""

    class Measure(models.TextChoices):
        # What follows the number ("44 items in the plan"), hence a context of its own.
        PLAN_ITEMS = "plan_items", pgettext_lazy("published figure", "items in the plan")
        PLAN_ITEMS_PROPOSED = (
            "plan_items_proposed",
            pgettext_lazy("published figure", "items of the plan proposed by an organizer"),
        )
        EVENTS_HELD = "events_held", pgettext_lazy("published figure", "events held")
        CBM_EVENTS_HELD = "cbm_events_held", pgettext_lazy("published figure", "CBM events held")
        EVENTS_EXPECTED = (
            "events_expected",
            pgettext_lazy("published figure", "events expected to be held"),
        )
        DIMENSIONS_COVERED = (
            "dimensions_covered",
            pgettext_lazy("published figure", "dimensions covered"),
        )
        PRIORITY_AREAS = (
            "priority_areas",
            pgettext_lazy("published figure", "priority areas in the Catalogue"),
        )

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        ABOUT = "about", _("about")
        MORE_THAN = "more_than", _("more than")

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("A stable reference; made from the source and the measure when left empty."),
    )
    measure = models.CharField(_("what it counts"), max_length=20, choices=Measure.choices)
    value = models.IntegerField(_("value"))
    qualifier = models.CharField(
        _("qualifier"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        help_text=_("As published: “about 20”, “more than 20”, or the exact number."),
    )
    plan = models.ForeignKey(
        AnnualPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_figures",
        verbose_name=_("annual plan"),
        help_text=_("For a figure of a plan; otherwise give the period it covers."),
    )
    period_start = models.DateField(
        _("period start"),
        null=True,
        blank=True,
        help_text=_("For a month or a year, its first day."),
    )
    period_end = models.DateField(_("period end"), null=True, blank=True)
    period_precision = precision_field(_("precision of the period"), default=DatePrecision.UNKNOWN)
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_figures",
        verbose_name=_("dimension"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_figures",
        verbose_name=_("organizer"),
        help_text=_("Whose items it counts, e.g. the state that proposed them."),
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("Where the events it counts are held.")
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="published_figures",
        verbose_name=_("source"),
    )
    quote = models.TextField(
        _("quote"), blank=True, help_text=_("The passage of the source that gives the figure.")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishedFigureManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "slug"]
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="published_figure_value_not_negative",
                violation_error_message=VALUE_NOT_NEGATIVE,
            ),
            # A plan's figure, or one over a period given by both its ends: one way only.
            models.CheckConstraint(
                condition=(
                    Q(plan__isnull=False)
                    & Q(period_start__isnull=True)
                    & Q(period_end__isnull=True)
                    & Q(period_precision="unknown")
                )
                | (
                    Q(plan__isnull=True)
                    & Q(period_start__isnull=False)
                    & Q(period_end__isnull=False)
                    & Q(period_precision__in=["day", "month", "year"])
                ),
                name="published_figure_period_one_way",
                violation_error_message=PERIOD_ONE_WAY,
            ),
            end_not_before_start(
                "published_figure_end_not_before_start",
                PERIOD_END_BEFORE_START,
                start="period_start",
                end="period_end",
            ),
            models.CheckConstraint(
                condition=~Q(measure__in=PLAN_MEASURES) | Q(plan__isnull=False),
                name="published_figure_plan_measure_has_plan",
                violation_error_message=MEASURE_NEEDS_PLAN,
            ),
            models.CheckConstraint(
                condition=~Q(measure="plan_items_proposed") | Q(actor__isnull=False),
                name="published_figure_proposed_has_actor",
                violation_error_message=PROPOSED_NEEDS_ACTOR,
            ),
        ]

    def __str__(self):
        return f"{self.figure} {self.counts}, {self.period} ({self.source})"

    def save(self, *args, **kwargs):
        # A month or a year spans its whole period, as an item's dates do.
        if self.period_start and self.period_precision in COARSENESS:
            self.period_end = period_end(
                self.period_end or self.period_start, self.period_precision
            )
            self.period_start = period_start(self.period_start, self.period_precision)
        if not self.slug:
            measure = self.measure.replace("_", "-")
            base = f"{self.source.slug}-{measure}" if self.source_id else measure
            self.slug = unique_slug(type(self), base, exclude=self.pk)
        super().save(*args, **kwargs)

    def clean(self):
        """The rules of the constraints, each told on the field it concerns."""
        errors = {}
        if self.value is not None and self.value < 0:
            errors["value"] = VALUE_NOT_NEGATIVE
        if self.plan_id and (self.period_start or self.period_end):
            errors["period_start"] = PERIOD_ONE_WAY
        elif not self.plan_id and not (self.period_start and self.period_end):
            errors["plan"] = PERIOD_ONE_WAY
        elif self.period_start and self.period_precision not in COARSENESS:
            errors["period_precision"] = PERIOD_NEEDS_PRECISION
        elif self.plan_id and self.period_precision != DatePrecision.UNKNOWN:
            # No period of its own: the plan's year is the period.
            self.period_precision = DatePrecision.UNKNOWN
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = PERIOD_END_BEFORE_START
        if self.measure in PLAN_MEASURES and not self.plan_id:
            errors.setdefault("plan", MEASURE_NEEDS_PLAN)
        if self.measure == self.Measure.PLAN_ITEMS_PROPOSED and not self.actor_id:
            errors["actor"] = PROPOSED_NEEDS_ACTOR
        if errors:
            raise ValidationError(errors)

    def natural_key(self):
        return (self.slug,)

    @property
    def figure(self) -> str:
        """The value as published: "172", "about 20", "more than 20"."""
        if self.qualifier == self.Qualifier.ABOUT:
            return str(_("about %(value)s") % {"value": self.value})
        if self.qualifier == self.Qualifier.MORE_THAN:
            return str(_("more than %(value)s") % {"value": self.value})
        return str(self.value)

    @property
    def counts(self) -> str:
        """What the figure counts, in words that follow the figure: "items of the plan
        proposed by Azerbaijan", "events expected to be held, in Azerbaijan"."""
        if self.measure == self.Measure.PLAN_ITEMS_PROPOSED and self.actor_id:
            counts = str(_("items of the plan proposed by %(actor)s") % {"actor": self.actor})
        else:
            counts = str(self.get_measure_display())
            if self.actor_id:
                counts = str(
                    _("%(counts)s, organized by %(actor)s")
                    % {"counts": counts, "actor": self.actor}
                )
        if self.dimension_id:
            counts = str(
                _("%(counts)s, %(dimension)s") % {"counts": counts, "dimension": self.dimension}
            )
        if self.country:
            counts = str(
                _("%(counts)s, in %(country)s") % {"counts": counts, "country": self.country.name}
            )
        return counts

    @property
    def period(self) -> str:
        """ "Annual plan 2025", or the period as the source gives it: "October 2020 –
        December 2024"."""
        if self.plan_id:
            return str(self.plan)
        return format_date_range(self.period_start, self.period_end, self.period_precision)


def published_figures_changed_at(plan: AnnualPlan):
    """When what a plan's published figures show last changed: a figure of the plan added,
    changed, deleted or moved to another plan (its history), or a source they cite edited.
    None when nothing was ever published for the plan. Two queries."""
    history = PublishedFigure.history.model.objects
    ever_of_plan = history.filter(plan_id=plan.pk).values("id")
    figures = history.filter(id__in=ever_of_plan).aggregate(last=Max("history_date"))["last"]
    sources = Source.objects.filter(published_figures__plan=plan).aggregate(last=Max("updated_at"))
    return max(filter(None, (figures, sources["last"])), default=None)
