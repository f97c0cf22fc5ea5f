"""States, organizations, chairmanships and focal points: who takes part in CICA."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cica_site.dates import DatePrecision, end_not_before_start, precision_field
from cica_site.languages import in_language


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
