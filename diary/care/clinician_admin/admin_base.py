"""What the clinician's admin pages share: read-only admins, host-only pages, helpers."""

import json

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters, get_content_type_for_model
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext

from diary.care import sharing
from diary.models import AccessLog
from diary.validators import EARLIEST_DAY, id_from_query

Action = AccessLog.Action

# The parts of a query-string key that still name one patient, or several, by id:
# `owner`, `owner__exact`, `owner__id__exact`, `owner_id__in` ...
ID_LOOKUPS = {"id", "pk", "exact", "in"}


# The date hierarchy's links (?started_at__year=2025&…__month=3&…__day=14): Django
# turns them into dates and adds a day, a month or a year, which overflows or fails
# far from the calendar we use.
DATE_PARTS = {"year": (EARLIEST_DAY.year, 9998), "month": (1, 12), "day": (1, 31)}


def date_hierarchy_is_sane(query, field_name):
    for part, (low, high) in DATE_PARTS.items():
        raw = query.get(f"{field_name}__{part}")
        if raw is None:
            continue
        number = id_from_query(raw)
        if number is None or not low <= number <= high:
            return False
    return True


def short(text, words=12):
    return Truncator(text).words(words)


class NotForClinicians:
    """The host's pages (accounts, invitations, groups, catalogues, shares, the log).

    Hidden from members of the Clinicians group even if a permission was granted
    to them by mistake; superusers always see them. These pages hold what a host
    needs to run the instance, never a member's diary: the delete page, which
    would list every row that goes with an account, counts them by kind instead.
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

    def get_deleted_objects(self, objs, request):
        """The objects chosen, and how many rows of each kind go with them: no row's text."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        chosen = [item for item in to_delete if not isinstance(item, list)]
        if protected:
            count = len(protected)
            protected = [
                ngettext(
                    "%(count)d entry in a member's diary uses it.",
                    "%(count)d entries in members' diaries use it.",
                    count,
                )
                % {"count": count}
            ]
        return chosen, model_count, perms_needed, protected


class PatientScopedAdmin(admin.ModelAdmin):
    """An admin of rows that belong to a patient, read through the share path.

    - A link that names a patient the user may not see now (a list filtered with
      `?owner__id__exact=`, its CSV export) or one of their rows (`/<id>/change/`,
      its history and delete pages) answers "This patient no longer shares their
      diary with you", with nothing of the diary, instead of dropping the filter
      or saying "Perhaps it was deleted?".
    - The admin's own log ("Recent actions") names a row by its kind and id only:
      what is written there outlives the share, so no note or entry text goes in.

    `patient_field` names the row's patient; None for a page that is not a diary's.
    """

    patient_field = "owner"

    # Stale links ---------------------------------------------------------------

    def not_shared_response(self, request):
        # One answer for a patient who stopped sharing, one who never shared with this
        # user, and an id that does not exist: telling these apart would let anyone
        # with admin access learn which ids are accounts or entries, and whose. It is
        # a 404, so nothing reads it as a page of the diary.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("This patient no longer shares their diary with you"),
        }
        return TemplateResponse(request, "admin/diary/no_longer_shared.html", context, status=404)

    def patient_ids_in_link(self, request):
        """The patient ids the query string filters on, as they were typed."""
        if self.patient_field is None:
            return []
        names = {self.patient_field, f"{self.patient_field}_id"}
        typed = []
        for key in request.GET:
            first, *rest = key.split("__")
            if first in names and set(rest) <= ID_LOOKUPS:
                for value in request.GET.getlist(key):
                    typed.extend(value.split(",") if "in" in rest else [value])
        return typed

    def names_a_patient_not_shared(self, request):
        """Does the link filter on a patient whose diary the user may not read now?"""
        typed = self.patient_ids_in_link(request)
        if not typed:
            return False
        try:
            ids = {get_user_model()._meta.pk.to_python(value) for value in typed}
        except ValidationError:
            return True
        visible = sharing.patients_visible_to(request.user).filter(pk__in=ids)
        return visible.count() < len(ids)

    def get_changelist_instance(self, request):
        # Raised here, a bad link gets the admin's own answer: the list, "?e=1".
        if self.date_hierarchy and not date_hierarchy_is_sane(request.GET, self.date_hierarchy):
            raise IncorrectLookupParameters("A date outside the calendar.")
        return super().get_changelist_instance(request)

    def changelist_view(self, request, extra_context=None):
        if self.names_a_patient_not_shared(request):
            return self.not_shared_response(request)
        return super().changelist_view(request, extra_context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's change, history and delete pages come here when `get_queryset`
        # (the share path) does not find the row.
        if self.patient_field is None:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        return self.not_shared_response(request)

    # The admin's log -------------------------------------------------------------

    def log_name(self, obj):
        return f"{capfirst(self.opts.verbose_name)} {obj.pk}"

    def _log(self, request, objects, action_flag, change_message=""):
        if isinstance(change_message, list):
            change_message = json.dumps(change_message)
        content_type = get_content_type_for_model(self.model)
        return LogEntry.objects.bulk_create(
            LogEntry(
                user_id=request.user.pk,
                content_type=content_type,
                object_id=str(obj.pk),
                object_repr=self.log_name(obj),
                action_flag=action_flag,
                change_message=change_message,
            )
            for obj in objects
        )

    def log_addition(self, request, obj, message):
        return self._log(request, [obj], ADDITION, message)[0]

    def log_change(self, request, obj, message):
        return self._log(request, [obj], CHANGE, message)[0]

    def log_deletions(self, request, queryset):
        return self._log(request, queryset, DELETION)


class ReadOnlyAdmin(PatientScopedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
