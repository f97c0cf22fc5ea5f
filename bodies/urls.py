from django.urls import path

from bodies import views

app_name = "bodies"

urlpatterns = [
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/<slug:slug>/", views.body_detail, name="body-detail"),
]
