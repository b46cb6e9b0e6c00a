"""What the clinician's admin pages share: read-only admins, host-only pages, helpers."""

from django.contrib import admin
from django.utils.text import Truncator

from diary.care import sharing
from diary.models import AccessLog

Action = AccessLog.Action


def short(text, words=12):
    return Truncator(text).words(words)


class NotForClinicians:
    """The host's pages (accounts, invitations, groups, shares, the log).

    Hidden from members of the Clinicians group even if a permission was granted
    to them by mistake; superusers always see them.
    """

    def _host_page_allowed(self, request):
        return request.user.is_superuser or not sharing.in_clinicians_group(request.user)

    def has_module_permission(self, request):
        return self._host_page_allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._host_page_allowed(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._host_page_allowed(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._host_page_allowed(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._host_page_allowed(request) and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
