from rest_framework.routers import SimpleRouter

from bodies.api import views

router = SimpleRouter()
router.register("bodies", views.BodyViewSet, basename="body")
router.register("sessions", views.SessionViewSet, basename="session")

urlpatterns = router.urls
