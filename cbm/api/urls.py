from rest_framework.routers import SimpleRouter

from cbm.api import views

router = SimpleRouter()
router.register("dimensions", views.DimensionViewSet, basename="dimension")
router.register("priority-areas", views.PriorityAreaViewSet, basename="priority-area")
router.register("coordinator-roles", views.CoordinatorRoleViewSet, basename="coordinator-role")
router.register("concept-papers", views.ConceptPaperViewSet, basename="concept-paper")
router.register("plans", views.AnnualPlanViewSet, basename="plan")
router.register("events", views.EventViewSet, basename="event")
router.register("sources", views.SourceViewSet, basename="source")
router.register("published-figures", views.PublishedFigureViewSet, basename="published-figure")

urlpatterns = router.urls
