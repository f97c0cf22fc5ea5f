"""The officers' forms: a plan item checked in their words, the actions' questions, and the
spreadsheet upload.

The database constraints stay the rule (Model.full_clean runs them); these forms repeat it on
the field concerned, in words an officer understands, and add what a constraint cannot say:
warnings the officer may overrule, and the refusal to overwrite a colleague's change.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

from cbm.models import (
    CoordinatorRole,
    PlanItem,
    require_dated_source,
    require_distinct_co_organizers,
)
from cbm.resources import NOT_A_SPREADSHEET, UnreadableFile
from cica_site.dates import DatePrecision
from imports import limits

_SIGNING_SALT = "cbm.planitem.original-values"
Role = PlanItem.OrganizerRole


MANY_TO_MANY = ["co_organizers", "sources"]


def item_values(item: PlanItem) -> dict[str, str]:
    """The item's stored values as strings, keyed by field name, plus its `updated_at`."""
    values = {
        field.name: field.value_to_string(item)
        for field in PlanItem._meta.concrete_fields
        if field.editable and not field.primary_key
    }
    if item.pk:
        for name in MANY_TO_MANY:
            values[name] = ",".join(
                sorted(str(pk) for pk in getattr(item, name).values_list("pk", flat=True))
            )
    values["updated_at"] = item.updated_at.isoformat() if item.updated_at else ""
    return values


def _display(name: str, value: str) -> str:
    """A stored value as an officer reads it: a state's name rather than its id."""
    if value in ("", "None", None):
        return "—"
    if name in MANY_TO_MANY:
        field = PlanItem._meta.get_field(name)
        pks = value.split(",")
        return ", ".join(str(s) for s in field.related_model._default_manager.filter(pk__in=pks))
    field = PlanItem._meta.get_field(name)
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else value
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value


def changes_between(original: dict[str, str], current: dict[str, str]) -> list[str]:
    """One line per field that differs: "Start date: 2024-05-18 → 2024-05-20"."""
    lines = []
    for name, old in original.items():
        new = current.get(name, "")
        if name == "updated_at" or old == new:
            continue
        label = PlanItem._meta.get_field(name).verbose_name
        lines.append(f"{capfirst(label)}: {_display(name, old)} → {_display(name, new)}")
    return lines


class PlanItemAdminForm(forms.ModelForm):
    """A plan item as officers enter it, with the checks they understand."""

    confirm_warnings = forms.BooleanField(
        label=_("Save despite the warnings"),
        required=False,
        widget=forms.HiddenInput,  # shown only once there is a warning to confirm
    )
    original_values = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = PlanItem
        fields = [
            "code",
            "plan",
            "category",
            "details_published",
            "body",
            "session",
            "priority_area",
            "dimension",
            "title_en",
            "title_ru",
            "description_en",
            "description_ru",
            "organizer",
            "organizer_role",
            "organizer_role_note",
            "co_organizers",
            "partner_institutions",
            "start_date",
            "end_date",
            "date_precision",
            "carried_over",
            "city",
            "city_ru",
            "country",
            "format",
            "status",
            "status_reason",
            "participants",
            "states_represented",
            "participating_states",
            "sources",
            "source_note",
        ]
        widgets = {
            # Any of some 250 countries: the admin's filter box, as for many-to-many fields.
            "participating_states": FilteredSelectMultiple(
                _("participating states"), is_stacked=False
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # From the database, not the instance: reverting from history edits an old version.
            stored = PlanItem.objects.filter(pk=self.instance.pk).first()
            if stored:
                self.initial["original_values"] = signing.dumps(
                    item_values(stored), salt=_SIGNING_SALT
                )

    def clean(self):
        cleaned = super().clean()
        self._check_changed_under_us()
        self._check_rules(cleaned)
        if not self.errors:
            self._check_warnings(cleaned)
        return cleaned

    def _check_changed_under_us(self):
        """Refuse to save over a colleague's change made since this form was opened."""
        if not self.instance.pk:
            return
        try:
            original = signing.loads(
                self.cleaned_data.get("original_values") or "", salt=_SIGNING_SALT
            )
        except signing.BadSignature:
            raise ValidationError(
                _("This form lost track of the record it edits. Reload the page and try again."),
                code="stale",
            ) from None
        current_item = PlanItem.objects.filter(pk=self.instance.pk).first()
        if current_item is None:
            raise ValidationError(_("Someone deleted this item meanwhile."), code="stale")
        current = item_values(current_item)
        if current["updated_at"] == original.get("updated_at"):
            return
        latest = current_item.history.select_related("history_user").first()
        who = (
            _("%(user)s on %(when)s")
            % {
                "user": latest.history_user or _("someone"),
                "when": date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT"),
            }
            if latest
            else _("someone")
        )
        messages = [
            _(
                "This item changed while you were editing it (changed by %(who)s). Nothing was "
                "saved. What changed:"
            )
            % {"who": who}
        ]
        messages += changes_between(original, current) or [_("(no field you can see)")]
        messages.append(
            _("Reload the page to see the current values, then make your change again.")
        )
        raise ValidationError(messages, code="stale")

    def _check_rules(self, cleaned):
        """The database constraints, said on the field concerned in an officer's words."""
        category = cleaned.get("category")
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        precision = cleaned.get("date_precision")
        if start and end and end < start:
            self.add_error(
                "end_date",
                _("The event ends (%(end)s) before it starts (%(start)s): check the dates.")
                % {"end": date_format(end), "start": date_format(start)},
            )
        area = cleaned.get("priority_area")
        if area and (not cleaned.get("dimension") or "priority_area" in self.changed_data):
            cleaned["dimension"] = area.dimension  # an area gives its dimension
        if category == PlanItem.Category.CBM_EVENT:
            if not area and not cleaned.get("dimension"):
                self.add_error(
                    "priority_area",
                    _(
                        "A CBM event belongs to a priority area of the Catalogue: choose its "
                        "area, or at least its dimension."
                    ),
                )
            if cleaned.get("body"):
                self.add_error(
                    "body",
                    _(
                        "A CBM event is not a meeting of a body: leave the body empty, or change "
                        "the category."
                    ),
                )
        if category == PlanItem.Category.BODY_MEETING and not cleaned.get("body"):
            self.add_error("body", _("A meeting of a permanent body needs its body: choose it."))
        if precision == DatePrecision.UNKNOWN and (start or end):
            self.add_error(
                "date_precision",
                _("The date is marked as not published, yet dates are given: choose a precision."),
            )
        if (
            precision in (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)
            and not start
            and "start_date" not in self.errors
        ):
            self.add_error(
                "start_date", _("Give the start date, or mark the date as not published.")
            )

        try:
            require_distinct_co_organizers(
                cleaned.get("organizer"), cleaned.get("co_organizers") or []
            )
        except ValidationError as error:
            self.add_error(None, error)
        try:
            require_dated_source(cleaned.get("status"), precision, cleaned.get("sources") or [])
        except ValidationError:
            self.add_error(
                "sources",
                _(
                    "A completed item without a published date counts as held by the date of "
                    "the source reporting it: cite a dated source (“+” adds a new one)."
                ),
            )

    def _check_warnings(self, cleaned):
        """Warnings the officer may overrule by ticking "Save despite the warnings"."""
        warnings = []
        role_warning = self._organizer_role_warning(cleaned)
        if role_warning:
            warnings.append(role_warning)
        if not warnings:
            return
        self.fields["confirm_warnings"].widget = forms.CheckboxInput()
        if not cleaned.get("confirm_warnings"):
            raise ValidationError(
                [*warnings, _("To save anyway, tick “Save despite the warnings” and save again.")],
                code="warning",
            )
        if role_warning and not cleaned.get("organizer_role_note", "").strip():
            self.add_error(
                "organizer_role_note",
                _(
                    "Say why the organizer holds this role although the list of coordinators "
                    "does not show it."
                ),
            )

    def _organizer_role_warning(self, cleaned) -> str | None:
        """A warning when the organizer is declared coordinator (or co-coordinator) of an area
        it does not coordinate on the item's date, unless a reason was already kept for it."""
        role, organizer = cleaned.get("organizer_role"), cleaned.get("organizer")
        area = cleaned.get("priority_area")
        if role not in (Role.COORDINATOR, Role.CO_COORDINATOR) or not organizer or not area:
            return None
        if not organizer.state_id:
            return None  # not a state: the item's rules refuse the role
        relevant = {"organizer_role", "organizer", "priority_area", "start_date"}
        if (
            self.instance.pk
            and self.instance.organizer_role_note
            and not (relevant & set(self.changed_data))
        ):
            return None
        day = cleaned.get("start_date") or timezone.localdate()
        if (
            CoordinatorRole.objects.current_on(day)
            .filter(priority_area=area, state_id=organizer.state_id, role=role)
            .exists()
        ):
            return None
        return _(
            "According to the list of coordinators, %(state)s is not %(role)s of “%(area)s” on "
            "%(date)s. If it is anyway, say why in the note on the organizer's role."
        ) % {
            "state": organizer,
            "role": PlanItem.OrganizerRole(role).label,
            "area": area,
            "date": date_format(day),
        }


class ParticipantsForm(forms.Form):
    """What "mark completed" asks: how many took part."""

    participants = forms.IntegerField(
        label=_("Number of participants"),
        min_value=0,
        required=False,
        help_text=_("Leave empty if it is not known; an item's own figure is then kept."),
    )


class ReasonForm(forms.Form):
    """What "postpone" and "cancel" ask: why."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept on each item, e.g. “postponed by the organizer to 2025”."),
    )


class SpreadsheetImportForm(ImportForm):
    """The file to import, and nothing else: its extension says how to read it.

    import-export asks for a format as well; a stale or mismatched choice would only get in
    the way, so whatever is posted as `format` is replaced by the extension's.
    """

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["format"] = forms.CharField(required=False, widget=forms.HiddenInput)
        upload = self.fields["import_file"]
        upload.widget.attrs = {
            "accept": ",".join(f".{f().get_extension()}" for f in formats)
        }  # no guessing in the browser
        upload.help_text = _(
            "An .xlsx or .csv file whose first row names the columns, as in the example file."
        )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None:
            extension = PurePath(upload.name).suffix.lower().removeprefix(".")
            extensions = [f().get_extension() for f in self.formats]
            if extension in extensions:
                cleaned["format"] = str(extensions.index(extension))
            else:
                self.add_error("import_file", NOT_A_SPREADSHEET)
                return cleaned
            # Sizes first, then what the bytes are: nothing is parsed in the web request.
            try:
                limits.check_size(upload.size)
                cleaned["content"] = b"".join(upload.chunks())
                limits.check_upload(cleaned["content"], extension)
            except UnreadableFile as error:
                self.add_error("import_file", str(error))
            cleaned["file_format"] = extension
        return cleaned
