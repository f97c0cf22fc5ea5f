"""The officers' screens for Member States, organizations, chairmanships and focal points."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from membership.models import Chairmanship, FocalPoint, Organization, State


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
