"""The officers' screens for Member States, organizations, chairmanships, focal points and the
actors who organize activities."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from membership.models import Actor, Chairmanship, FocalPoint, Organization, State


class ChairmanshipInline(admin.TabularInline):
    model = Chairmanship
    extra = 0
    fields = ["term_start", "term_start_precision", "term_end", "term_end_precision", "note"]


@admin.register(State)
class StateAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "name_ru", "iso_code", "status", "status_since"]
    list_filter = ["status"]
    search_fields = ["name_en", "name_ru", "iso_code"]
    ordering = ["name_en"]
    inlines = [ChairmanshipInline]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["abbreviation", "name_en", "name_ru", "status", "status_since"]
    list_filter = ["status"]
    search_fields = ["abbreviation", "name_en", "name_ru"]
    ordering = ["name_en"]


@admin.register(Chairmanship)
class ChairmanshipAdmin(SimpleHistoryAdmin):
    list_display = ["state", "term_start", "term_end", "note"]
    list_select_related = ["state"]
    search_fields = ["state__name_en", "state__name_ru", "note"]
    date_hierarchy = "term_start"
    ordering = ["-term_start"]
    autocomplete_fields = ["state"]


@admin.register(FocalPoint)
class FocalPointAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "state", "position", "email"]
    list_filter = [("state", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "state"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "state__name_en",
        "position",
    ]
    ordering = ["state__name_en", "user__last_name"]
    # Users are configuration (superusers only), so officers pick them from a plain list.
    autocomplete_fields = ["state"]

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, focal_point):
        return focal_point.user.email


class InstitutionForm(forms.ModelForm):
    """An outside institution, added by an officer (states, organizations and bodies have
    their actors from their own records)."""

    class Meta:
        model = Actor
        fields = ["name_en", "name_ru", "kind", "country", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" not in self.fields:  # a record's organizer: read only
            return
        self.fields["kind"].choices = [
            (value, label)
            for value, label in Actor.Kind.choices
            if value in Actor.INSTITUTION_KINDS
        ]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "name_ru", "kind", "country", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ru", "slug"]
    ordering = ["name_en"]
    form = InstitutionForm

    def get_readonly_fields(self, request, obj=None):
        # A state's, an organization's or a body's actor follows its record: change that.
        if obj is not None and not obj.is_institution:
            return ["name_en", "name_ru", "kind", "country", "slug"]
        return []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_institution:
            return False
        return super().has_delete_permission(request, obj)
