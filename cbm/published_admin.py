"""The officers' screen for published figures: what a source publishes, beside the records.

Registered by CbmConfig.ready(), beside cbm/admin.py rather than in it while that module is
reworked for the organizers on the actors branch; it belongs in cbm/admin.py (or in its
package, once it becomes one) when that work has landed.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cbm.models import PublishedFigure


@admin.register(PublishedFigure)
class PublishedFigureAdmin(SimpleHistoryAdmin):
    list_display = ["figure_display", "counts_display", "period_display", "source", "slug"]
    list_filter = ["measure", "qualifier", "plan", "source"]
    list_select_related = ["plan", "dimension", "actor", "source"]
    search_fields = ["slug", "quote", "note", "source__title_en", "actor__name_en"]
    autocomplete_fields = ["dimension", "actor", "source"]
    fields = [
        "measure",
        ("qualifier", "value"),
        "plan",
        ("period_start", "period_end", "period_precision"),
        "dimension",
        "actor",
        "country",
        "source",
        "quote",
        "note",
        "slug",
        ("created_at", "updated_at"),
    ]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("figure"), ordering="value")
    def figure_display(self, figure):
        return figure.figure

    @admin.display(description=_("what it counts"), ordering="measure")
    def counts_display(self, figure):
        return figure.counts

    @admin.display(description=_("period"))
    def period_display(self, figure):
        return figure.period
