from django.urls import path

from cbm import views

app_name = "cbm"

urlpatterns = [
    path("", views.plan_list, name="home"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<int:year>/", views.plan_detail, name="plan-detail"),
]
