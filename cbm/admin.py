"""The Secretariat officers' screens for the Catalogue and the annual plans.

Admin classes only present: the checks live in cbm.admin_forms, the bulk changes in
cbm.services, the figures in cbm.stats and the spreadsheet columns in cbm.resources.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from cbm import services
from cbm.admin_forms import (
    ParticipantsForm,
    PlanItemAdminForm,
    ReasonForm,
    SpreadsheetImportForm,
)
from cbm.figures import breakdown_charts, makeup_summary
from cbm.models import (
    AnnualPlan,
    ConceptPaper,
    CoordinatorRole,
    Dimension,
    PlanItem,
    PlanItemLink,
    PlanStatsSnapshot,
    PriorityArea,
    PublishedFigure,
    Source,
)
from cbm.resources import CSV, XLSX, PlanItemResource
from cbm.stats import snapshot_for
from cbm.tasks import compile_plan_snapshot
from cica_site.dates import format_date_range, format_partial_date
from cica_site.spreadsheets import StreamedExportMixin
from imports import services as import_jobs
from imports.tasks import validate_import_job

admin.site.site_header = _("CICA Secretariat")
admin.site.site_title = _("CICA Secretariat")
admin.site.index_title = _("Plans, events, bodies and Member States")

DUE_WITHIN_DAYS = 30


def term(start, start_precision, end, end_precision) -> str:
    """A coordinator's term as the sources give it: "2024 – 2025", "since 2024", "—"."""
    if start and end:
        return f"{format_partial_date(start, start_precision)} – {format_partial_date(end, end_precision)}"
    if start:
        return str(_("since %(start)s") % {"start": format_partial_date(start, start_precision)})
    if end:
        return str(_("until %(end)s") % {"end": format_partial_date(end, end_precision)})
    return "—"


class PlanYearListFilter(admin.SimpleListFilter):
    """Items by their plan's year."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [
            (str(year), str(year)) for year in AnnualPlan.objects.values_list("year", flat=True)
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(plan__year=self.value())
        return queryset


# The Catalogue ---------------------------------------------------------------------------------


@admin.register(Dimension)
class DimensionAdmin(SimpleHistoryAdmin):
    list_display = ["order", "name_en", "name_ru", "slug"]
    list_display_links = ["name_en"]
    search_fields = ["name_en", "name_ru", "slug"]
    ordering = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


class CoordinatorRoleInline(admin.TabularInline):
    model = CoordinatorRole
    extra = 0
    autocomplete_fields = ["state"]
    fields = [
        "state",
        "role",
        "term_start",
        "term_start_precision",
        "term_end",
        "term_end_precision",
        "source_note",
    ]


class ConceptPaperInline(admin.StackedInline):
    model = ConceptPaper
    extra = 0
    fields = [
        ("status", "as_of", "as_of_precision"),
        ("status_date", "status_date_precision"),
        "source",
        "note",
    ]


@admin.register(PriorityArea)
class PriorityAreaAdmin(SimpleHistoryAdmin):
    list_display = ["order", "name_en", "dimension", "in_force_from", "in_force_until"]
    list_display_links = ["name_en"]
    list_filter = ["dimension", "in_force_until"]
    list_select_related = ["dimension"]
    search_fields = ["name_en", "name_ru", "slug"]
    ordering = ["order", "in_force_from"]
    autocomplete_fields = ["dimension"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CoordinatorRoleInline, ConceptPaperInline]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title_en", "publisher", "date_display", "slug"]
    list_filter = ["date_precision", "publisher"]
    search_fields = ["title_en", "title_ru", "publisher", "slug", "quote"]
    date_hierarchy = "date"
    ordering = [models.F("date").desc(nulls_last=True), "title_en"]
    fields = [
        ("title_en", "title_ru"),
        "publisher",
        ("date", "date_precision"),
        "url",
        "quote",
        "slug",
        ("created_at", "updated_at"),
    ]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, source):
        return source.date_display


@admin.register(CoordinatorRole)
class CoordinatorRoleAdmin(SimpleHistoryAdmin):
    list_display = ["priority_area", "state", "role", "term_display", "source_note"]
    list_filter = ["role", "priority_area__dimension", "priority_area", "state"]
    list_select_related = ["priority_area", "state"]
    search_fields = ["state__name_en", "state__iso_code", "priority_area__name_en", "source_note"]
    ordering = ["priority_area__order", "role", "state__name_en"]
    autocomplete_fields = ["priority_area", "state"]

    @admin.display(description=_("term"), ordering="term_start")
    def term_display(self, role):
        return term(
            role.term_start, role.term_start_precision, role.term_end, role.term_end_precision
        )


@admin.register(ConceptPaper)
class ConceptPaperAdmin(SimpleHistoryAdmin):
    list_display = ["priority_area", "status", "status_date", "as_of", "source"]
    list_filter = ["status", "priority_area__dimension", "priority_area"]
    list_select_related = ["priority_area"]
    search_fields = ["priority_area__name_en", "source", "note"]
    date_hierarchy = "as_of"
    ordering = ["priority_area__order", "-as_of"]
    autocomplete_fields = ["priority_area"]


# Annual plans and their items ------------------------------------------------------------------


class PlanItemInline(admin.TabularInline):
    """A compact list of the plan's items, each linked to its own page where it is edited."""

    model = PlanItem
    fields = ["code", "title_en", "category", "dates", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["start_date", "code"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ["year", "status", "approved_on", "item_count", "dashboard_link"]
    list_filter = ["status"]
    search_fields = ["year", "decision_reference", "note"]
    ordering = ["-year"]
    inlines = [PlanItemInline]
    change_form_template = "admin/cbm/annualplan/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("items"), ordering="item_count")
    def item_count(self, plan):
        return plan.item_count

    @admin.display(description=_("dashboard"))
    def dashboard_link(self, plan):
        url = reverse("admin:cbm_annualplan_dashboard", args=[plan.pk])
        return format_html('<a href="{}">{}</a>', url, _("Dashboard"))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="cbm_annualplan_dashboard",
            ),
            path(
                "<path:object_id>/recompile/",
                self.admin_site.admin_view(self.recompile_view),
                name="cbm_annualplan_recompile",
            ),
            *super().get_urls(),
        ]

    def _plan_or_404(self, request, object_id) -> AnnualPlan:
        plan = self.get_object(request, unquote(object_id))
        if plan is None:
            raise Http404(_("No such annual plan."))
        return plan

    def change_view(self, request, object_id, form_url="", extra_context=None):
        snapshot = (
            PlanStatsSnapshot.objects.filter(plan_id=unquote(object_id))
            .order_by("-compiled_at")
            .first()
        )
        extra_context = {
            **(extra_context or {}),
            "snapshot": snapshot,
            "snapshot_summary": summary(snapshot.figures) if snapshot else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def dashboard_view(self, request, object_id):
        """What the plan holds and its progress, the items due soon, and the items past their
        dates but still planned: the list an officer works through after each event."""
        plan = self._plan_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, plan):
            raise PermissionDenied
        today = timezone.localdate()
        snapshot = snapshot_for(plan)
        figures = snapshot.figures
        items = PlanItem.objects.filter(plan=plan).with_related().with_held_on()
        planned = items.filter(status=PlanItem.Status.PLANNED)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Dashboard of the %(plan)s") % {"plan": plan},
            "plan": plan,
            "snapshot": snapshot if snapshot.pk else None,  # None: counted just now
            "figures": figures,
            "makeup": makeup_summary(figures),
            "breakdowns": breakdown_charts(figures),
            "today": today,
            "due_within_days": DUE_WITHIN_DAYS,
            "due_soon": planned.filter(
                start_date__gte=today, start_date__lte=today + timedelta(days=DUE_WITHIN_DAYS)
            ).order_by("start_date", "code"),
            "past_but_planned": planned.filter(held_on__lt=today).order_by("held_on", "code"),
        }
        return TemplateResponse(request, "admin/cbm/annualplan/dashboard.html", context)

    def recompile_view(self, request, object_id):
        """Queue the plan's statistics for recompiling; a worker stores the new snapshot."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        plan = self._plan_or_404(request, object_id)
        if not self.has_change_permission(request, plan):
            raise PermissionDenied
        compile_plan_snapshot.delay(plan.pk)
        self.message_user(
            request,
            _(
                "The statistics of the %(plan)s are queued for recompiling; reload this page in "
                "a minute to see them."
            )
            % {"plan": plan},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:cbm_annualplan_change", args=[plan.pk]))


# Addresses typed without a scheme are the Secretariat's https pages.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class PlanItemLinkInline(admin.TabularInline):
    model = PlanItemLink
    extra = 0
    fields = ["url", "label"]
    formfield_overrides = HTTPS_URLS


@admin.register(PlanItem)
class PlanItemAdmin(StreamedExportMixin, ImportExportMixin, SimpleHistoryAdmin):
    form = PlanItemAdminForm
    resource_classes = [PlanItemResource]
    formats = [XLSX, CSV]
    import_form_class = SpreadsheetImportForm
    # The export is the import's spreadsheet, every column, so it can come back. (Choosing
    # columns also lost the `format` column: its checkbox collides with the file format.)
    export_form_class = ExportForm
    list_display = [
        "code",
        "title_display",
        "category",
        "plan",
        "priority_area",
        "organizer",
        "dates_display",
        "status",
    ]
    list_display_links = ["code", "title_display"]
    list_filter = [
        PlanYearListFilter,
        ("dimension", admin.RelatedOnlyFieldListFilter),
        "priority_area",
        "category",
        "status",
        ("organizer__kind", admin.ChoicesFieldListFilter),
        ("organizer", admin.RelatedOnlyFieldListFilter),
        ("body", admin.RelatedOnlyFieldListFilter),
        "format",
        "details_published",
    ]
    list_select_related = ["plan", "priority_area", "organizer"]
    search_fields = ["code", "title_en", "title_ru", "city", "organizer__name_en", "source_note"]
    date_hierarchy = "start_date"
    ordering = ["-plan__year", "start_date", "code"]
    autocomplete_fields = [
        "plan",
        "body",
        "session",
        "priority_area",
        "organizer",
        "co_organizers",
        "sources",
    ]
    readonly_fields = ["status_changed_on", "created_at", "updated_at"]
    inlines = [PlanItemLinkInline]
    actions = ["mark_completed", "postpone", "cancel", "copy_to_next_year"]
    fieldsets = [
        (None, {"fields": ["code", "plan", "category", "details_published"]}),
        (
            _("What"),
            {
                "fields": [
                    "body",
                    "session",
                    ("priority_area", "dimension"),
                    "title_en",
                    "title_ru",
                ]
            },
        ),
        (
            _("Who"),
            {
                "fields": [
                    ("organizer", "organizer_role"),
                    "organizer_role_note",
                    "co_organizers",
                    "partner_institutions",
                ]
            },
        ),
        (
            _("When and where"),
            {
                "fields": [
                    ("start_date", "end_date", "date_precision"),
                    "carried_over",
                    "format",
                    ("city", "city_ru", "country"),
                ]
            },
        ),
        (
            _("Status"),
            {
                "fields": [
                    ("status", "status_changed_on"),
                    "status_reason",
                    "participants",
                    "states_represented",
                    "participating_states",
                ]
            },
        ),
        (
            _("Description and sources"),
            {
                "fields": ["sources", "source_note", "description_en", "description_ru"],
            },
        ),
        (
            None,
            {
                "fields": [
                    "confirm_warnings",
                    "original_values",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    @admin.display(description=_("title"), ordering="title_en")
    def title_display(self, item):
        return str(item)

    @admin.display(description=_("dates"), ordering="start_date")
    def dates_display(self, item):
        return format_date_range(item.start_date, item.end_date, item.date_precision)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:  # the sources of a new item are saved after it
            form.instance.date_completion_by_sources()

    # Deleting -----------------------------------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is not None and obj.plan_id and obj.plan.status == AnnualPlan.Status.APPROVED:
            return request.user.has_perm("cbm.delete_item_of_approved_plan")
        return True

    def delete_queryset(self, request, queryset):
        if queryset.filter(
            plan__status=AnnualPlan.Status.APPROVED
        ).exists() and not request.user.has_perm("cbm.delete_item_of_approved_plan"):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    # Import and export: officers who may add and change items import; viewers export. ------

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)

    def import_action(self, request, **kwargs):
        """The upload: a file that passes the checks on its bytes becomes an import job, which
        a worker checks row by row while the officer follows it on the job's page."""
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid():
                job = import_jobs.start_import(
                    content=form.cleaned_data["content"],
                    file_name=form.cleaned_data["import_file"].name,
                    file_format=form.cleaned_data["file_format"],
                    user=request.user,
                    language=get_language(),
                )
                validate_import_job.delay(job.pk)
                return HttpResponseRedirect(
                    reverse("admin:imports_importjob_change", args=[job.pk])
                )
        # The form, or its errors: import-export's page, which reads no file on a refused one.
        response = super().import_action(request, **kwargs)
        # import-export forgets the columns when it cannot read the file; the officer, who
        # has just sent the wrong one, needs them most.
        if not response.context_data.get("fields_list"):
            response.context_data["fields_list"] = [
                (
                    resource.get_display_name(),
                    [f.column_name for f in resource().get_user_visible_fields()],
                )
                for resource in self.get_import_resource_classes(request)
            ]
        return response

    def process_import(self, request, **kwargs):
        # Imports are confirmed on their job's page, and written by a worker.
        raise Http404

    # Actions: each asks its question on an intermediate page, then calls cbm.services. ------

    def _ask_then_apply(self, request, queryset, form_class, title, apply):
        """Show `form_class` for the selected items; once it is valid, `apply(items, data)`."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            items = list(queryset.select_related("plan"))
            try:
                changed = apply(items, form.cleaned_data)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            return changed
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "items": queryset.with_related(),
            "action": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/cbm/planitem/action_form.html", context)

    def _report(self, request, result, message):
        """A list of changed items is reported with `message(count)`; a page is shown as is."""
        if isinstance(result, list):
            self.message_user(request, message(len(result)), messages.SUCCESS)
            return None
        return result

    def _status_action(self, request, queryset, form_class, title, apply, done_message):
        """Ask for what the change needs (participants, a reason), apply it to the selected
        items as of today, and report how many changed."""
        today = timezone.localdate()
        result = self._ask_then_apply(
            request, queryset, form_class, title, lambda items, data: apply(items, data, today)
        )
        return self._report(request, result, done_message)

    @admin.action(description=_("Mark completed …"), permissions=["change"])
    def mark_completed(self, request, queryset):
        return self._status_action(
            request,
            queryset,
            ParticipantsForm,
            _("Mark completed"),
            lambda items, data, today: services.mark_completed(items, data["participants"], today),
            lambda n: (
                ngettext("%(count)d item marked completed.", "%(count)d items marked completed.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Postpone …"), permissions=["change"])
    def postpone(self, request, queryset):
        return self._status_action(
            request,
            queryset,
            ReasonForm,
            _("Postpone"),
            lambda items, data, today: services.postpone(items, data["reason"], today),
            lambda n: (
                ngettext("%(count)d item postponed.", "%(count)d items postponed.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Cancel …"), permissions=["change"])
    def cancel(self, request, queryset):
        return self._status_action(
            request,
            queryset,
            ReasonForm,
            _("Cancel"),
            lambda items, data, today: services.cancel(items, data["reason"], today),
            lambda n: (
                ngettext("%(count)d item cancelled.", "%(count)d items cancelled.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Copy into next year's draft plan"), permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        try:
            copies = services.copy_to_next_year(queryset.select_related("plan"))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        return self._report(
            request,
            copies,
            lambda n: (
                ngettext(
                    "%(count)d item copied into next year's draft plan.",
                    "%(count)d items copied into next year's draft plan.",
                    n,
                )
                % {"count": n}
            ),
        )


@admin.register(PlanItemLink)
class PlanItemLinkAdmin(SimpleHistoryAdmin):
    list_display = ["plan_item", "label", "url"]
    list_select_related = ["plan_item"]
    search_fields = ["label", "url", "plan_item__code", "plan_item__title_en"]
    ordering = ["plan_item__code", "id"]
    autocomplete_fields = ["plan_item"]
    formfield_overrides = HTTPS_URLS


@admin.register(PlanStatsSnapshot)
class PlanStatsSnapshotAdmin(admin.ModelAdmin):
    """Snapshots are compiled, never typed in: officers read them, the task writes them."""

    list_display = ["plan", "as_of", "compiled_at", "summary"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    date_hierarchy = "as_of"
    ordering = ["-compiled_at"]
    readonly_fields = ["plan", "as_of", "compiled_at", "figures"]

    @admin.display(description=_("figures"))
    def summary(self, snapshot):
        return summary(snapshot.figures)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def summary(figures: dict) -> str:
    """A snapshot's headline figures in one line: its items (by category, once the snapshot
    holds the make-up), then where they stand."""
    total = str(figures.get("total_items", 0))
    if "items_by_category" in figures:
        makeup = makeup_summary(figures)
        total = _(
            "%(total)s (meetings of bodies: %(body_meetings)s, CBM events: %(cbm_events)s, "
            "other items: %(other)s)"
        ) % {**makeup, "total": total}
    return str(
        _(
            "Items: %(total)s; completed: %(completed)s, scheduled: %(scheduled)s, "
            "still planned past their dates: %(overdue)s, still planned without a date: "
            "%(undated_planned)s, postponed: %(postponed)s, cancelled: %(cancelled)s"
        )
        % {
            "total": total,
            **{
                key: figures.get(key, 0)
                for key in (
                    "completed",
                    "scheduled",
                    "overdue",
                    "undated_planned",
                    "postponed",
                    "cancelled",
                )
            },
        }
    )


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
