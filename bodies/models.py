"""CICA's bodies and their numbered sessions."""

from django.contrib.humanize.templatetags.humanize import ordinal
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cica_site.dates import DatePrecision, end_not_before_start, format_date_range, precision_field
from membership.models import BilingualNameMixin, State


class Format(models.TextChoices):
    """How a meeting was held; shared by sessions and plan items."""

    ONLINE = "online", _("online")
    OFFLINE = "offline", _("offline")
    HYBRID = "hybrid", _("hybrid")


class BodyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Body(BilingualNameMixin, models.Model):  # noqa: DJ008 (the mixin names it)
    """A governing, working, executive or advisory body, or a special mechanism."""

    class Kind(models.TextChoices):
        GOVERNING = "governing", _("governing body")
        WORKING = "working", _("working body")
        EXECUTIVE = "executive", _("executive body")
        ADVISORY = "advisory", _("advisory body")
        SPECIAL_MECHANISM = "special_mechanism", _("special mechanism")
        CONSULTATIVE = "consultative", _("consultative mechanism of the Chair")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    established = models.DateField(_("established"), null=True, blank=True)
    established_precision = precision_field(
        _("precision of established"), default=DatePrecision.UNKNOWN
    )
    chair = models.CharField(
        _("chair"), max_length=200, blank=True, help_text=_("Who chairs the body, as published.")
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = BodyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(established__isnull=False)
                | Q(established_precision=DatePrecision.UNKNOWN),
                name="body_established_with_precision",
            ),
        ]

    def natural_key(self):
        return (self.slug,)


class SessionManager(models.Manager):
    def get_by_natural_key(self, body_slug, kind, ordinal):
        return self.get(body__slug=body_slug, kind=kind, ordinal=ordinal)


class Session(models.Model):
    """A numbered meeting of a body: "6th Plenary Session of the Business Council"."""

    class Kind(models.TextChoices):
        PLENARY_SESSION = "plenary_session", _("plenary session")
        SESSION = "session", _("session")
        MEETING = "meeting", _("meeting")
        INFORMAL_MEETING = "informal_meeting", _("informal meeting")
        FORUM = "forum", _("forum")
        BOARD_MEETING = "board_meeting", _("board meeting")

    # One label per kind, because a Russian ordinal takes the gender of its noun ("6-е
    # заседание", "2-я встреча"). The Russian writes the bare number, which the English never
    # shows: hence no-python-format, and tests/test_translations.py allows that one extra.
    NUMBERED_LABELS = {
        # xgettext:no-python-format
        Kind.PLENARY_SESSION: pgettext_lazy("numbered plenary session", "%(ordinal)s %(kind)s"),
        # xgettext:no-python-format
        Kind.SESSION: pgettext_lazy("numbered session", "%(ordinal)s %(kind)s"),
        # xgettext:no-python-format
        Kind.MEETING: pgettext_lazy("numbered meeting", "%(ordinal)s %(kind)s"),
        # xgettext:no-python-format
        Kind.INFORMAL_MEETING: pgettext_lazy("numbered informal meeting", "%(ordinal)s %(kind)s"),
        # xgettext:no-python-format
        Kind.FORUM: pgettext_lazy("numbered forum", "%(ordinal)s %(kind)s"),
        # xgettext:no-python-format
        Kind.BOARD_MEETING: pgettext_lazy("numbered board meeting", "%(ordinal)s %(kind)s"),
    }

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("body")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ordinal = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("6 for the 6th session.")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = precision_field(_("date precision"), default=DatePrecision.DAY)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions_hosted",
        verbose_name=_("country"),
    )
    format = models.CharField(_("format"), max_length=7, choices=Format.choices, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    member_states_represented = models.PositiveSmallIntegerField(
        _("Member States represented"), null=True, blank=True
    )
    topics = models.TextField(_("topics"), blank=True)
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("Which source a figure comes from where they disagree."),
    )

    objects = SessionManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["body__order", "body__name_en", F("start_date").asc(nulls_last=True), "ordinal"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind", "ordinal"], name="session_unique_body_kind_ordinal"
            ),
            end_not_before_start(
                "session_end_not_before_start", _("A session cannot end before it starts.")
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=False) | Q(date_precision=DatePrecision.UNKNOWN),
                name="session_date_with_precision",
            ),
        ]

    def __str__(self):
        return f"{self.body}: {self.label} ({self.dates})"

    @property
    def label(self) -> str:
        """ "6th plenary session"; in Russian the ordinal agrees with the kind: "6-е", "2-я"."""
        kind = self.get_kind_display()
        if not self.ordinal:
            return kind
        return self.NUMBERED_LABELS[self.kind] % {
            "ordinal": ordinal(self.ordinal),
            "number": self.ordinal,
            "kind": kind,
        }

    @property
    def dates(self) -> str:
        return format_date_range(self.start_date, self.end_date, self.date_precision)

    def natural_key(self):
        return (self.body.slug, self.kind, self.ordinal)

    natural_key.dependencies = ["bodies.body"]
