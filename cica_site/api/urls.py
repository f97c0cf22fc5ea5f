"""/api/v1/: every app's endpoints under one root that lists them (NetBox style: each app
registers its viewsets in its own api/urls.py)."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from bodies.api.urls import router as bodies_router
from cbm.api.urls import router as cbm_router
from cica_site.api.views import APIRootView, not_found
from membership.api.urls import router as membership_router

app_name = "api"


class Router(DefaultRouter):
    APIRootView = APIRootView
    include_format_suffixes = False  # ?format= and Accept choose the rendering


router = Router()
for app_router in (cbm_router, membership_router, bodies_router):
    router.registry.extend(app_router.registry)

urlpatterns = [
    *router.urls,
    re_path(r"^[\s\S]*$", not_found, name="not-found"),  # any path, newlines too
]
