"""Root URLs: the admin and the portal, both under a language prefix (/en/, /ru/)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("cbm.urls")),
)

# Portal pages of Member States (with sign-in and the restricted part) and of bodies.
urlpatterns += i18n_patterns(
    path("", include("membership.urls")),
    path("", include("bodies.urls")),
)
