"""The clinician's own notes and review marks, and the host's shares and access log."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from diary.care import sharing
from diary.care.clinician_admin.admin_base import (
    NotForClinicians,
    PatientScopedAdmin,
    ReadOnlyAdmin,
    short,
)
from diary.models import AccessLog, CareShare, ClinicianNote, ReviewMark


class OwnRecordsAdmin(PatientScopedAdmin):
    """What the user wrote themselves, about patients they may still see."""

    patient_field = "patient"
    list_select_related = ("patient",)

    def get_queryset(self, request):
        visible = sharing.patients_visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(clinician=request.user, patient__in=visible)

    @admin.display(description=_("patient"), ordering="patient__username")
    def patient_name(self, obj):
        return sharing.display_name(obj.patient)


@admin.register(ClinicianNote)
class ClinicianNoteAdmin(OwnRecordsAdmin):
    list_display = ("created_at", "patient_name", "short_text", "visible_to_patient")
    list_filter = ("visible_to_patient",)
    search_fields = ("text", "patient__username", "patient__first_name", "patient__last_name")
    fields = ("patient", "created_at", "text", "visible_to_patient")
    readonly_fields = ("patient", "created_at")

    def has_add_permission(self, request):
        return False  # notes are written on a patient's summary

    @admin.display(description=_("note"))
    def short_text(self, note):
        return short(note.text)


@admin.register(ReviewMark)
class ReviewMarkAdmin(OwnRecordsAdmin, ReadOnlyAdmin):
    list_display = ("patient_name", "period_end", "reviewed_at")
    date_hierarchy = "reviewed_at"


@admin.register(CareShare)
class CareShareAdmin(NotForClinicians, ReadOnlyAdmin):
    """Who shares with whom, and until when: what a host needs to answer "why can't my
    clinician see my diary?", and nothing of the diary."""

    patient_field = None
    list_display = ("patient", "clinician", "created_at", "expires_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("patient", "clinician")
    search_fields = ("patient__username", "clinician__username")


@admin.register(AccessLog)
class AccessLogAdmin(NotForClinicians, ReadOnlyAdmin):
    """Who looked at whose diary, and when; not the detail of what they opened (an
    entry's day, a medicine's name), which only the patient reads on their own page."""

    patient_field = None
    list_display = ("at", "clinician_name", "patient", "action")
    list_filter = ("action",)
    list_select_related = ("patient",)
    search_fields = ("clinician_name", "patient__username")
    fields = ("at", "clinician", "clinician_name", "patient", "action")
    date_hierarchy = "at"
