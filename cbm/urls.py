from django.urls import path

from cbm import views
from cbm.caching import cache_page_until_data_changes
from cbm.feeds import ActivityFeed

app_name = "cbm"

urlpatterns = [
    path("", views.home, name="home"),
    path("activities/", views.activity_list, name="activity-list"),
    path(
        "activities/feed/",
        cache_page_until_data_changes(ActivityFeed()),
        name="activity-feed",
    ),
    path("activities/<slug:code>/", views.activity_detail, name="activity-detail"),
    path("activities/<slug:code>/calendar.ics", views.activity_ics, name="activity-ics"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/<int:year>/<int:month>/", views.calendar_month, name="calendar-month"),
    path("calendar.ics", views.calendar_ics, name="calendar-ics"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("dimensions/<slug:slug>/", views.dimension_detail, name="dimension-detail"),
    path("priority-areas/<slug:slug>/", views.priority_area_detail, name="priority-area-detail"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<int:year>/", views.plan_detail, name="plan-detail"),
    path(
        "plans/<int:year>/breakdown.md",
        views.plan_breakdown,
        {"extension": "md"},
        name="plan-breakdown-md",
    ),
    path(
        "plans/<int:year>/breakdown.docx",
        views.plan_breakdown,
        {"extension": "docx"},
        name="plan-breakdown-docx",
    ),
]
