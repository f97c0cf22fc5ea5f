"""The officers' screens for CICA's bodies and their numbered sessions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from bodies.models import Body, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    show_change_link = True
    autocomplete_fields = ["country"]
    fields = [
        "kind",
        "ordinal",
        "start_date",
        "end_date",
        "date_precision",
        "city",
        "country",
        "format",
        "participants",
    ]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "abbreviation", "kind", "parent", "established", "order"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name_en", "name_ru", "abbreviation", "slug"]
    ordering = ["order", "name_en"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "kind", "ordinal", "dates_display", "city", "format"]
    list_filter = [
        "body",
        "kind",
        "format",
        ("country", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["body", "country"]
    search_fields = ["body__name_en", "body__abbreviation", "city", "topics"]
    date_hierarchy = "start_date"
    ordering = ["-start_date", "body__order"]
    autocomplete_fields = ["body", "country"]

    @admin.display(description=_("dates"), ordering="start_date")
    def dates_display(self, session):
        return session.dates
