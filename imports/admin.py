"""The officers' pages of an import: the list of imports, and each job's page, where its
progress, then its preview with each row's errors, and its Confirm button are shown.

Officers who may add and change plan items (the PlanItem admin's import permission) see every
import, their colleagues' included, and may confirm any that passes: importing a plan is the
Secretariat's shared work. Jobs are made by uploading on the plan items' import page.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from imports import services
from imports.models import ImportJob
from imports.tasks import commit_import_job, run_next_step


def may_import(user) -> bool:
    return user.has_perm("cbm.add_planitem") and user.has_perm("cbm.change_planitem")


def progress_text(job: ImportJob) -> str:
    if job.total_rows is None:
        return str(_("Reading the file …"))
    return str(
        _("%(processed)s of %(total)s rows")
        % {"processed": job.processed_rows, "total": job.total_rows}
    )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "state", "progress", "uploaded_by", "uploaded_at"]
    list_filter = ["state"]
    list_select_related = ["uploaded_by"]
    search_fields = ["file_name"]
    date_hierarchy = "uploaded_at"

    def get_queryset(self, request):
        # The list never shows the file or its preview, which may be megabytes each.
        return super().get_queryset(request).defer("content", "preview")

    @admin.display(description=_("progress"))
    def progress(self, job):
        return progress_text(job)

    # Permissions: those of importing plan items. ----------------------------------------------

    def has_module_permission(self, request):
        return may_import(request.user)

    def has_view_permission(self, request, obj=None):
        return may_import(request.user)

    def has_change_permission(self, request, obj=None):
        return may_import(request.user)

    def has_add_permission(self, request):
        return False  # uploading on the plan items' import page makes a job

    def has_delete_permission(self, request, obj=None):
        return False  # a job tells who imported what

    # The job's page, its status as JSON, confirm and run again. -------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/status/", view(self.status_view), name="imports_importjob_status"
            ),
            path(
                "<path:object_id>/confirm/",
                view(self.confirm_view),
                name="imports_importjob_confirm",
            ),
            path(
                "<path:object_id>/run-again/",
                view(self.run_again_view),
                name="imports_importjob_run_again",
            ),
            *super().get_urls(),
        ]

    def _job_or_404(self, request, object_id) -> ImportJob:
        if not may_import(request.user):
            raise PermissionDenied
        try:
            pk = int(unquote(object_id))
        except ValueError:
            raise Http404(_("No such import.")) from None
        job = ImportJob.objects.select_related("uploaded_by", "confirmed_by").filter(pk=pk).first()
        if job is None:
            raise Http404(_("No such import."))
        return job

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self._job_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import of %(file)s") % {"file": job.file_name},
            "job": job,
            "progress": progress_text(job),
            "stalled": services.is_stalled(job, settings.IMPORT_JOB_STALLED_AFTER),
            "result": job.preview,
            "problems": bool(job.error_rows or job.preview.get("base_errors")),
        }
        return TemplateResponse(request, "admin/imports/importjob/job.html", context)

    def status_view(self, request, object_id):
        job = self._job_or_404(request, object_id)
        return JsonResponse(
            {
                "state": job.state,
                "state_display": job.get_state_display(),
                "total_rows": job.total_rows,
                "processed_rows": job.processed_rows,
                "progress": progress_text(job),
            }
        )

    def _job_page(self, job):
        return HttpResponseRedirect(reverse("admin:imports_importjob_change", args=[job.pk]))

    def confirm_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job_or_404(request, object_id)
        if services.confirm(job, request.user):
            commit_import_job.delay(job.pk)
        else:
            self.message_user(
                request, _("This import cannot be confirmed in its present state."), messages.ERROR
            )
        return self._job_page(job)

    def run_again_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job_or_404(request, object_id)
        if job.is_running:
            run_next_step(job)
            self.message_user(request, _("The import is queued again."), messages.SUCCESS)
        return self._job_page(job)
