from django.contrib.auth import views as auth_views
from django.urls import include, path

from diary.views import accounts, dashboard

app_name = "diary"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]

account_patterns = [
    path("signup/", accounts.signup, name="signup"),
    path("profile/", accounts.profile, name="profile"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("", include("django.contrib.auth.urls")),
]
