"""Sign-in lockouts in the admin: officers see the failed sign-ins and unlock them."""

from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from signin.lockouts import unlock


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    actions = ["unlock_selected"]

    @admin.action(description=_("Unlock: let them sign in again"), permissions=["delete"])
    def unlock_selected(self, request, queryset):
        count = unlock(queryset)
        self.message_user(
            request,
            ngettext("%(count)d sign-in unlocked.", "%(count)d sign-ins unlocked.", count)
            % {"count": count},
        )


admin.site.register(AccessLog, AccessLogAdmin)
