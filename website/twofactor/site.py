"""The admin site: Django's, plus the second-factor step for staff."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from website.twofactor import second_factor_passed


class UnknotAdminSite(admin.AdminSite):
    """Staff get in with their password *and* a code from their authenticator app."""

    site_header = "Unknot"
    site_title = "Unknot admin"

    def has_permission(self, request):
        return super().has_permission(request) and second_factor_passed(request.user)

    def is_staff_without_second_factor(self, request):
        user = request.user
        return user.is_active and user.is_staff and not second_factor_passed(user)

    def second_factor_url(self, next_url=None, name="otp_verify"):
        url = reverse(f"admin:{name}", current_app=self.name)
        return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url

    def login(self, request, extra_context=None):
        # Signed in with a password but no code yet: the code is the next step, not
        # another password form. (A POST still lets someone log in as somebody else.)
        if request.method == "GET" and self.is_staff_without_second_factor(request):
            return redirect(self.second_factor_url(request.GET.get(REDIRECT_FIELD_NAME)))
        return super().login(request, extra_context)

    def staff_view(self, view):
        """For the second-factor pages: signed-in staff only, but no code needed yet."""

        def inner(request, *args, **kwargs):
            if not (request.user.is_active and request.user.is_staff):
                login_url = reverse("admin:login", current_app=self.name)
                return redirect_to_login(request.get_full_path(), login_url)
            return view(request, self, *args, **kwargs)

        return csrf_protect(never_cache(inner))

    def get_urls(self):
        from website.twofactor import views

        return [
            path("second-factor/", self.staff_view(views.verify), name="otp_verify"),
            path("second-factor/new/", self.staff_view(views.setup), name="otp_setup"),
            *super().get_urls(),
        ]
