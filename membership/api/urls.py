from rest_framework.routers import SimpleRouter

from membership.api import views

router = SimpleRouter()
router.register("member-states", views.MemberStateViewSet, basename="member-state")
router.register("observers", views.ObserverViewSet, basename="observer")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("chairmanships", views.ChairmanshipViewSet, basename="chairmanship")

urlpatterns = router.urls
