from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from membership import views

app_name = "membership"

urlpatterns = [
    path("states/", views.state_list, name="state-list"),
    path("states/<str:iso_code>/", views.state_detail, name="state-detail"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            next_page=reverse_lazy("membership:restricted"),
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path(
        "accounts/logout/",
        auth_views.LogoutView.as_view(next_page=reverse_lazy("cbm:home")),
        name="logout",
    ),
    path("restricted/", views.restricted, name="restricted"),
]
