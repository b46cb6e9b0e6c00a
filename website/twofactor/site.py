"""The admin site: Django's, plus the second-factor step for staff, the host's
instance statistics, an autocomplete that answers only where an admin asks, and a
home for each role: a clinician's is their patients list; the host's is the host's
tasks (accounts, invitations, catalogues, guide pages, settings), then every page
they may open."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from website.twofactor import second_factor_passed

# The host's tasks on their admin home: a heading, a line on what it is for, and the
# pages (app label, model name) it links to, each shown if the host may open it.
HOST_TASKS = (
    (
        _("Accounts"),
        _("Members and clinicians: make someone a clinician, reset a password, close an account."),
        (("diary", "user"), ("auth", "group")),
    ),
    (
        _("Invitation codes"),
        _("Codes for new members to sign up with."),
        (("diary", "invitation"),),
    ),
    (
        _("Catalogues"),
        _("What members pick from when they log a spasm, a technique or a medicine."),
        (
            ("diary", "bodyarea"),
            ("diary", "trigger"),
            ("diary", "technique"),
            ("diary", "medicationclass"),
        ),
    ),
    (
        _("Guide pages"),
        _("The guide's pages: edit them, or add your group's own."),
        (("education", "page"),),
    ),
    (
        _("Settings and security"),
        _(
            "Log-ins locked after failed attempts, and staff authenticator apps. The instance's "
            "own settings (sign-up, email, backups) are set on the server: see the README."
        ),
        (("axes", "accessattempt"), ("otp_totp", "totpdevice")),
    ),
)


class UnknotAdminSite(admin.AdminSite):
    """Staff get in with their password *and* a code from their authenticator app."""

    site_header = "Unknot"
    site_title = _("Unknot admin")

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

    def index(self, request, extra_context=None):
        """A clinician lands on their patients list; anyone else on their tasks."""
        if self.is_clinician(request.user):
            return redirect(reverse("admin:diary_sharedpatient_changelist", current_app=self.name))
        context = {"host_tasks": self.host_tasks(request), "stats_url": self.stats_url()}
        return super().index(request, {**context, **(extra_context or {})})

    @staticmethod
    def is_clinician(user):
        from diary.care import sharing

        return not user.is_superuser and sharing.in_clinicians_group(user)

    def host_tasks(self, request):
        """HOST_TASKS with the pages this user may open: (heading, line, [model dicts])."""
        models = {
            (app["app_label"], model["object_name"].lower()): model
            for app in self.get_app_list(request)
            for model in app["models"]
        }
        tasks = []
        for heading, line, pages in HOST_TASKS:
            links = [models[page] for page in pages if page in models]
            if links:
                tasks.append((heading, line, links))
        return tasks

    def stats_url(self):
        """The instance's statistics (counts only), if this instance has the page."""
        try:
            return reverse("admin:instance_stats", current_app=self.name)
        except NoReverseMatch:
            return None

    def autocomplete_view(self, request):
        """Django answers any foreign key of any admin with search fields, declared or
        not, which would hand out diary rows (a patient's medicine names) unlogged.
        Here it answers only a field an admin lists in `autocomplete_fields`, and
        never for the diary's models, whose rows are read only through a share."""
        if not self.autocomplete_declared(request):
            raise PermissionDenied
        return super().autocomplete_view(request)

    def autocomplete_declared(self, request):
        app_label = request.GET.get("app_label")
        if app_label == "diary":
            return False
        try:
            model = apps.get_model(app_label, request.GET.get("model_name"))
        except (LookupError, TypeError, ValueError):
            return False
        model_admin = self._registry.get(model)
        if model_admin is None:
            return False
        return request.GET.get("field_name") in model_admin.get_autocomplete_fields(request)

    def instance_stats_view(self, request):
        """Counts for the host (accounts, active patients and entries per week)."""
        from diary.instance_stats import instance_stats

        if not request.user.is_superuser:
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": gettext("How the instance is used"),
            "stats": instance_stats(timezone.localdate()),
        }
        return TemplateResponse(request, "admin/instance_stats.html", context)

    def get_urls(self):
        from website.twofactor import views

        return [
            path("second-factor/", self.staff_view(views.verify), name="otp_verify"),
            path("second-factor/new/", self.staff_view(views.setup), name="otp_setup"),
            path(
                "instance-stats/",
                self.admin_view(self.instance_stats_view),
                name="instance_stats",
            ),
            *super().get_urls(),
        ]
