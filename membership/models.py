"""States, organizations, chairmanships and focal points: who takes part in CICA; and the
actors who organize its activities."""

import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cica_site.dates import DatePrecision, end_not_before_start, precision_field
from cica_site.languages import in_language
from cica_site.slugs import unique_slug


class BilingualNameMixin:
    """`name` in the active language, falling back to English."""

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_ru)

    def __str__(self) -> str:
        return self.name


class StateQuerySet(models.QuerySet):
    def member_states(self):
        return self.filter(status=State.Status.MEMBER)

    def observers(self):
        return self.filter(status=State.Status.OBSERVER)


class StateManager(models.Manager.from_queryset(StateQuerySet)):
    def get_by_natural_key(self, iso_code):
        return self.get(iso_code=iso_code)


class State(BilingualNameMixin, models.Model):
    """A state in CICA: a Member State or an observer state."""

    class Status(models.TextChoices):
        MEMBER = "member", _("Member State")
        OBSERVER = "observer", _("observer state")

    iso_code = models.CharField(
        _("ISO code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2, e.g. KZ.")
    )
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    status_since_precision = precision_field(
        _("precision of status since"), default=DatePrecision.UNKNOWN
    )

    objects = StateManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("state")
        verbose_name_plural = _("states")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso_code__regex=r"^[A-Z]{2}$"),
                name="state_iso_code_two_capitals",
                violation_error_message=_("The ISO code is two capital letters, e.g. KZ."),
            ),
            models.CheckConstraint(
                condition=Q(status_since__isnull=False)
                | Q(status_since_precision=DatePrecision.UNKNOWN),
                name="state_status_since_with_precision",
            ),
        ]

    def natural_key(self):
        return (self.iso_code,)


class OrganizationManager(models.Manager):
    def get_by_natural_key(self, abbreviation):
        return self.get(abbreviation=abbreviation)


class Organization(BilingualNameMixin, models.Model):
    """An international organization with observer or partner status."""

    class Status(models.TextChoices):
        OBSERVER = "observer", _("observer organization")
        PARTNER = "partner", _("partner organization")

    abbreviation = models.CharField(_("abbreviation"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    status_since_precision = precision_field(
        _("precision of status since"), default=DatePrecision.UNKNOWN
    )

    objects = OrganizationManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status_since__isnull=False)
                | Q(status_since_precision=DatePrecision.UNKNOWN),
                name="organization_status_since_with_precision",
            ),
        ]

    def natural_key(self):
        return (self.abbreviation,)


class ChairmanshipManager(models.Manager):
    def get_by_natural_key(self, iso_code, term_start):
        return self.get(state__iso_code=iso_code, term_start=term_start)


class Chairmanship(models.Model):
    """A Member State's term as Chair of CICA."""

    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="chairmanships", verbose_name=_("state")
    )
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_start_precision = precision_field(_("precision of term start"), default=DatePrecision.DAY)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    term_end_precision = precision_field(_("precision of term end"), default=DatePrecision.DAY)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ChairmanshipManager()

    history = HistoricalRecords()

    class Meta:
        ordering = [F("term_start").asc(nulls_first=True)]
        verbose_name = _("chairmanship")
        verbose_name_plural = _("chairmanships")
        constraints = [
            end_not_before_start(
                "chairmanship_end_not_before_start",
                _("The term cannot end before it starts."),
                start="term_start",
                end="term_end",
            ),
            models.UniqueConstraint(
                fields=["state", "term_start"], name="chairmanship_unique_state_term_start"
            ),
        ]

    def __str__(self):
        start = self.term_start.year if self.term_start else "…"
        end = self.term_end.year if self.term_end else "…"
        return f"{self.state} ({start}–{end})"

    def natural_key(self):
        return (self.state.iso_code, self.term_start)

    natural_key.dependencies = ["membership.state"]


class FocalPoint(models.Model):
    """A Member State's contact for CICA matters, who signs in to the restricted portal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point",
        verbose_name=_("user"),
    )
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="focal_points",
        verbose_name=_("Member State"),
        limit_choices_to={"status": State.Status.MEMBER},
    )
    position = models.CharField(_("position"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["state__name_en", "user__last_name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.state})"


class ActorKind(models.TextChoices):
    MEMBER_STATE = "member_state", _("Member State")
    OBSERVER_STATE = "observer_state", _("observer state")
    OBSERVER_ORGANIZATION = "observer_organization", _("observer organization")
    PARTNER_ORGANIZATION = "partner_organization", _("partner organization")
    SECRETARIAT = "secretariat", _("CICA Secretariat")
    CICA_BODY = "cica_body", _("CICA body")
    UNIVERSITY = "university", _("university")
    ACADEMY = "academy", _("academy")
    THINK_TANK = "think_tank", _("think tank")
    MINISTRY_OR_AGENCY = "ministry_or_agency", _("ministry or agency")
    INTERNATIONAL_ORGANIZATION = "international_organization", _("international organization")
    FORUM = "forum", _("forum")


STATE_KINDS = [ActorKind.MEMBER_STATE, ActorKind.OBSERVER_STATE]
ORGANIZATION_KINDS = [ActorKind.OBSERVER_ORGANIZATION, ActorKind.PARTNER_ORGANIZATION]
BODY_KINDS = [ActorKind.SECRETARIAT, ActorKind.CICA_BODY]
INSTITUTION_KINDS = [
    ActorKind.UNIVERSITY,
    ActorKind.ACADEMY,
    ActorKind.THINK_TANK,
    ActorKind.MINISTRY_OR_AGENCY,
    ActorKind.INTERNATIONAL_ORGANIZATION,
    ActorKind.FORUM,
]


def linked_to(name: str | None) -> dict:
    """The lookups of an actor that refers to the record `name` (or to none) and no other."""
    return {f"{other}__isnull": other != name for other in ("state", "organization", "body")}


class ActorQuerySet(models.QuerySet):
    def institutions(self):
        return self.filter(kind__in=Actor.INSTITUTION_KINDS)

    def by_reference(self, reference: str):
        """The actor a client names: its slug, or a state's ISO code in any case ("kz")."""
        return (
            self.filter(slug=reference).first()
            or self.filter(state__iso_code=reference.upper()).first()
        )


class ActorManager(models.Manager.from_queryset(ActorQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Actor(BilingualNameMixin, models.Model):
    """Whoever organizes or co-organizes an activity: a state, an organization, a CICA body,
    the Secretariat, or an outside institution (an academy, a university, a forum …).

    States, organizations and bodies each have their actor, kept in step with their record by
    `sync_actor` (slug: a state's ISO code, an organization's abbreviation, "cica-" and a
    body's slug); outside institutions are actors of their own, added by officers."""

    Kind = ActorKind
    STATE_KINDS = STATE_KINDS
    ORGANIZATION_KINDS = ORGANIZATION_KINDS
    BODY_KINDS = BODY_KINDS
    INSTITUTION_KINDS = INSTITUTION_KINDS
    SECRETARIAT_SLUG = "cica-secretariat"

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("A stable reference; made from the name when left empty."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    state = models.OneToOneField(
        State,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actor",
        verbose_name=_("state"),
    )
    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actor",
        verbose_name=_("organization"),
    )
    body = models.OneToOneField(
        "bodies.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actor",
        verbose_name=_("body"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActorManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organizer")
        verbose_name_plural = _("organizers")
        constraints = [
            # Each kind points at its record, and only at it; an institution at none.
            models.CheckConstraint(
                condition=Q(kind__in=STATE_KINDS, **linked_to("state"))
                | Q(kind__in=ORGANIZATION_KINDS, **linked_to("organization"))
                | Q(kind__in=BODY_KINDS, **linked_to("body"))
                | Q(kind__in=INSTITUTION_KINDS, **linked_to(None)),
                name="actor_kind_matches_record",
                violation_error_message=_(
                    "A state, an organization or a body has its organizer record already; an "
                    "outside institution refers to none."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(name_en=""),
                name="actor_has_name",
                violation_error_message=_("Give the name in English."),
            ),
        ]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name_en or "organizer", exclude=self.pk)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_institution(self) -> bool:
        return self.kind in self.INSTITUTION_KINDS


def actor_fields(record) -> dict:
    """What the actor of a state, an organization or a body says of it."""
    if isinstance(record, State):
        member = record.status == State.Status.MEMBER
        kind = Actor.Kind.MEMBER_STATE if member else Actor.Kind.OBSERVER_STATE
        return {"kind": kind, "slug": record.iso_code, "country": record.iso_code}
    if isinstance(record, Organization):
        kind = (
            Actor.Kind.PARTNER_ORGANIZATION
            if record.status == Organization.Status.PARTNER
            else Actor.Kind.OBSERVER_ORGANIZATION
        )
        # The abbreviation as written ("UNODC"), as a slug.
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", record.abbreviation).strip("-")
        return {"kind": kind, "slug": slug, "country": ""}
    # A body: the Secretariat is an organizer in its own right.
    if record.slug == "secretariat":
        return {"kind": Actor.Kind.SECRETARIAT, "slug": Actor.SECRETARIAT_SLUG, "country": ""}
    return {"kind": Actor.Kind.CICA_BODY, "slug": f"cica-{record.slug}", "country": ""}


def sync_actor(record) -> Actor:
    """Create or bring up to date the actor of a state, an organization or a body; saved (and
    a version recorded) only when something it says changed."""
    if isinstance(record, State):
        link = "state"
    elif isinstance(record, Organization):
        link = "organization"
    else:
        link = "body"
    actor = Actor.objects.filter(**{link: record}).first() or Actor(**{link: record})
    values = {**actor_fields(record), "name_en": record.name_en, "name_ru": record.name_ru}
    if actor.pk and all(getattr(actor, name) == value for name, value in values.items()):
        return actor
    for name, value in values.items():
        setattr(actor, name, value)
    actor._change_reason = ACTOR_FOLLOWS_RECORD
    actor.save()
    return actor


# The history reason of an actor's versions written by sync_actor.
ACTOR_FOLLOWS_RECORD = "Follows its state's, organization's or body's record"
