"""Root URLs: the admin and the portal under a language prefix (/en/, /ru/); the API without."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace, csp_update
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

# ReDoc's bundle adds <style> elements as it loads, before it is handed the nonce: on its page
# styles may be inline (scripts still need the nonce). It searches in a worker made from a
# blob: URL, and shows Redocly's logo from their CDN.
redoc_view = csp_update({"worker-src": ["blob:"], "img-src": ["https://cdn.redoc.ly"]})(
    csp_replace({"style-src": [SELF, UNSAFE_INLINE]})(
        SpectacularRedocView.as_view(url_name="schema")
    )
)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Probes: no language prefix, no throttle, never cached.
    path("", include("operations.urls")),
    # External systems see no language prefix.
    path("api/v1/", include("cica_site.api.urls", namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/schema/swagger-ui/",
        SpectacularSwaggerView.as_view(url_name="schema"),
        name="swagger-ui",
    ),
    path("api/schema/redoc/", redoc_view, name="redoc"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("cbm.urls")),
    # Member States (with sign-in and the restricted part) and bodies.
    path("", include("membership.urls")),
    path("", include("bodies.urls")),
)

handler404 = "cica_site.api.views.page_not_found"
handler500 = "cica_site.api.views.server_error"
