"""The clinician's admin: a patients list, a summary per patient, read-only entries.

Every page here reads patients through `diary.sharing.patients_visible_to`, so a
clinician finds only the patients who share with them right now; anyone else's
id is "not found", in lists, searches, filters, exports and typed-in URLs alike.
Diary entries are read-only for everyone in the admin: they are the patient's.
Each look at a patient's data is written to that patient's access log.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from diary import sharing
from diary.clinician.csv import csv_response
from diary.clinician.forms import NoteForm, ReviewForm
from diary.clinician.overview import with_overview
from diary.clinician.summary import build_summary
from diary.models import (
    AccessLog,
    CareShare,
    CheckIn,
    ClinicianNote,
    Dose,
    Medication,
    ReviewMark,
    SharedPatient,
    Spasm,
    TechniqueSession,
)

Action = AccessLog.Action
SUMMARY_DAYS = (30, 90)


def local_time(moment, user):
    """A moment in the patient's own zone, with its offset, for CSV files."""
    if moment is None:
        return ""
    return timezone.localtime(moment, user.zone).isoformat(timespec="minutes")


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


# Entries ------------------------------------------------------------------------


class IntensityFilter(admin.SimpleListFilter):
    title = _("intensity")
    parameter_name = "intensity"
    BANDS = {"mild": (0, 3), "moderate": (4, 6), "severe": (7, 10)}

    def lookups(self, request, model_admin):
        return [
            ("mild", _("Mild (0–3)")),
            ("moderate", _("Moderate (4–6)")),
            ("severe", _("Severe (7–10)")),
        ]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value())
        return queryset.filter(intensity__range=band) if band else queryset


class ClinicianEntryAdmin(ReadOnlyAdmin):
    """A read-only list of one kind of diary entry, for the patients the user may see."""

    change_list_template = "admin/diary/entry_change_list.html"
    list_select_related = ("owner",)
    list_per_page = 50
    show_full_result_count = False
    actions = ["download_selected"]
    csv_header = ()
    search_fields = ("owner__username", "owner__first_name", "owner__last_name")

    def get_queryset(self, request):
        return sharing.entries_visible_to(request.user, super().get_queryset(request))

    @admin.display(description=_("patient"), ordering="owner__username")
    def patient(self, obj):
        return sharing.display_name(obj.owner)

    @admin.display(description=_("note"))
    def short_note(self, obj):
        return short(obj.note)

    def csv_row(self, obj):
        raise NotImplementedError

    def export_queryset(self, queryset):
        return queryset.select_related("owner")

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        export = path("export/", self.admin_site.admin_view(self.export_view), name=name)
        return [export, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            owners = {row.owner_id for row in changelist.result_list}
            sharing.log_access(
                request.user, owners, Action.LIST, str(self.opts.verbose_name_plural)
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None:
            detail = self.access_detail(original)
            sharing.log_access(request.user, [original.owner_id], Action.ENTRY, detail)
        return response

    def access_detail(self, entry):
        """How the access log names one entry the user opened."""
        return f"{self.opts.verbose_name} {entry.local_date:%Y-%m-%d}".capitalize()

    def export_view(self, request):
        """Everything the list shows with the same filters and search, on every page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return redirect(f"{url}?e=1")
        return self.download(request, changelist.get_queryset(request))

    @admin.action(description=_("Download the selected entries as CSV"))
    def download_selected(self, request, queryset):
        return self.download(request, queryset)

    def download(self, request, queryset):
        queryset = self.export_queryset(queryset)
        owners = queryset.order_by().values_list("owner_id", flat=True).distinct()
        detail = gettext("%(entries)s, as a CSV file") % {"entries": self.opts.verbose_name_plural}
        sharing.log_access(request.user, list(owners), Action.EXPORT, detail)
        filename = f"unknot-{self.opts.model_name}-{timezone.localdate():%Y-%m-%d}.csv"
        rows = (self.csv_row(obj) for obj in queryset.iterator(chunk_size=500))
        return csv_response(filename, self.csv_header, rows)


class DatedEntryAdmin(ClinicianEntryAdmin):
    """Fields shared by the detail page of every dated entry."""

    readonly_fields = ("local_date", "created_at", "updated_at")


@admin.register(Spasm)
class SpasmAdmin(DatedEntryAdmin):
    list_display = (
        "started_at",
        "patient",
        "intensity",
        "kind",
        "activity",
        "duration_minutes",
        "areas",
        "trigger_names",
        "short_note",
    )
    list_filter = (
        ("owner", admin.RelatedOnlyFieldListFilter),
        IntensityFilter,
        "kind",
        "activity",
        "body_areas",
        "triggers",
    )
    search_fields = ("note", *ClinicianEntryAdmin.search_fields)
    date_hierarchy = "started_at"
    fields = (
        "owner",
        "local_date",
        "started_at",
        "duration_seconds",
        "intensity",
        "kind",
        "activity",
        "body_areas",
        "triggers",
        "note",
        "created_at",
        "updated_at",
    )
    csv_header = (
        "patient",
        "day",
        "started",
        "duration_seconds",
        "intensity",
        "kind",
        "activity",
        "body_areas",
        "triggers",
        "note",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("body_areas", "triggers")

    def export_queryset(self, queryset):
        return super().export_queryset(queryset).prefetch_related("body_areas", "triggers")

    @admin.display(description=_("where"))
    def areas(self, obj):
        return ", ".join(area.name for area in obj.body_areas.all())

    @admin.display(description=_("triggers"))
    def trigger_names(self, obj):
        return ", ".join(trigger.name for trigger in obj.triggers.all())

    @admin.display(description=_("minutes"), ordering="duration_seconds")
    def duration_minutes(self, obj):
        return obj.duration_minutes

    def csv_row(self, obj):
        return (
            obj.owner.get_username(),
            obj.local_date,
            local_time(obj.started_at, obj.owner),
            obj.duration_seconds,
            obj.intensity,
            obj.kind,
            obj.activity,
            "; ".join(area.name for area in obj.body_areas.all()),
            "; ".join(trigger.name for trigger in obj.triggers.all()),
            obj.note,
        )


@admin.register(Dose)
class DoseAdmin(DatedEntryAdmin):
    list_display = ("taken_at", "patient", "medication", "dose", "short_note")
    list_filter = (
        ("owner", admin.RelatedOnlyFieldListFilter),
        ("medication", admin.RelatedOnlyFieldListFilter),
        "medication__medication_class",
    )
    list_select_related = ("owner", "medication")
    search_fields = ("medication__name", "note", *ClinicianEntryAdmin.search_fields)
    date_hierarchy = "taken_at"
    fields = ("owner", "medication", "local_date", "taken_at", "amount", "unit", "note")
    csv_header = ("patient", "day", "taken", "medication", "amount", "unit", "note")

    def export_queryset(self, queryset):
        return super().export_queryset(queryset).select_related("medication")

    def csv_row(self, obj):
        return (
            obj.owner.get_username(),
            obj.local_date,
            local_time(obj.taken_at, obj.owner),
            obj.medication.name,
            obj.amount.normalize(),
            obj.unit,
            obj.note,
        )


@admin.register(Medication)
class MedicationAdmin(ClinicianEntryAdmin):
    list_display = ("name", "patient", "medication_class", "usual_dose", "is_current")
    list_filter = (
        ("owner", admin.RelatedOnlyFieldListFilter),
        "is_current",
        "medication_class",
    )
    list_select_related = ("owner", "medication_class")
    search_fields = ("name", *ClinicianEntryAdmin.search_fields)
    fields = ("owner", "name", "medication_class", "usual_amount", "usual_unit", "is_current")
    csv_header = ("patient", "name", "kind", "usual_amount", "usual_unit", "current")

    def access_detail(self, medication):
        return gettext("Medicine: %(name)s") % {"name": medication.name}

    def export_queryset(self, queryset):
        return super().export_queryset(queryset).select_related("medication_class")

    def csv_row(self, obj):
        return (
            obj.owner.get_username(),
            obj.name,
            obj.medication_class.name if obj.medication_class else "",
            obj.usual_amount.normalize() if obj.usual_amount is not None else "",
            obj.usual_unit,
            "yes" if obj.is_current else "no",
        )


@admin.register(TechniqueSession)
class TechniqueSessionAdmin(DatedEntryAdmin):
    list_display = (
        "started_at",
        "patient",
        "technique",
        "minutes",
        "intensity_before",
        "intensity_after",
        "drop",
        "helped",
        "short_note",
    )
    list_filter = (("owner", admin.RelatedOnlyFieldListFilter), "technique", "helped")
    list_select_related = ("owner", "technique")
    search_fields = ("technique__name", "note", *ClinicianEntryAdmin.search_fields)
    date_hierarchy = "started_at"
    fields = (
        "owner",
        "technique",
        "local_date",
        "started_at",
        "minutes",
        "intensity_before",
        "intensity_after",
        "helped",
        "note",
    )
    csv_header = (
        "patient",
        "day",
        "started",
        "technique",
        "minutes",
        "intensity_before",
        "intensity_after",
        "helped",
        "note",
    )

    @admin.display(description=_("drop"))
    def drop(self, obj):
        return obj.intensity_drop

    def export_queryset(self, queryset):
        return super().export_queryset(queryset).select_related("technique")

    def csv_row(self, obj):
        return (
            obj.owner.get_username(),
            obj.local_date,
            local_time(obj.started_at, obj.owner),
            obj.technique.name,
            obj.minutes,
            obj.intensity_before,
            obj.intensity_after,
            obj.get_helped_display() if obj.helped is not None else "",
            obj.note,
        )


@admin.register(CheckIn)
class CheckInAdmin(DatedEntryAdmin):
    list_display = (
        "local_date",
        "patient",
        "sleep_hours",
        "sleep_quality",
        "stress",
        "fatigue",
        "overall_pain",
        "mood",
        "water_glasses",
        "short_note",
    )
    list_filter = (("owner", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("note", *ClinicianEntryAdmin.search_fields)
    date_hierarchy = "local_date"
    fields = (
        "owner",
        "local_date",
        "sleep_hours",
        "sleep_quality",
        "stress",
        "fatigue",
        "overall_pain",
        "mood",
        "water_glasses",
        "note",
    )
    csv_header = (
        "patient",
        "day",
        "sleep_hours",
        "sleep_quality",
        "stress",
        "fatigue",
        "overall_pain",
        "mood",
        "water_glasses",
        "note",
    )

    def csv_row(self, obj):
        return (
            obj.owner.get_username(),
            obj.local_date,
            obj.sleep_hours,
            obj.sleep_quality,
            obj.stress,
            obj.fatigue,
            obj.overall_pain,
            obj.mood,
            obj.water_glasses,
            obj.note,
        )


# The patients list and the summary ------------------------------------------------


class FlagFilter(admin.SimpleListFilter):
    title = _("flags")
    parameter_name = "flag"
    FIELDS = {"severe": "flag_severe_run", "rising": "flag_rising", "quiet": "flag_quiet"}

    def lookups(self, request, model_admin):
        return [
            ("any", _("Any flag")),
            ("severe", _("Intensity 8+ on 3 days running")),
            ("rising", _("Spasms per day doubled")),
            ("quiet", _("Nothing logged for 7 days")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "any":
            any_flag = Q()
            for name in self.FIELDS.values():
                any_flag |= Q(**{name: True})
            return queryset.filter(any_flag)
        if self.value() in self.FIELDS:
            return queryset.filter(**{self.FIELDS[self.value()]: True})
        return queryset


class NotReviewedSinceFilter(admin.SimpleListFilter):
    """Patients whose diary you have not marked as reviewed up to a recent day."""

    title = _("not reviewed by you")
    parameter_name = "not_reviewed"

    def lookups(self, request, model_admin):
        return [
            ("7", _("in the last 7 days")),
            ("30", _("in the last 30 days")),
            ("ever", _("ever")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "ever":
            return queryset.filter(reviewed_up_to__isnull=True)
        if self.value() in ("7", "30"):
            since = timezone.localdate() - timedelta(days=int(self.value()))
            return queryset.filter(Q(reviewed_up_to__isnull=True) | Q(reviewed_up_to__lt=since))
        return queryset


FLAG_LABELS = [
    ("flag_severe_run", "severe", _("8+ three days running")),
    ("flag_rising", "rising", _("spasms doubled")),
    ("flag_quiet", "quiet", _("nothing logged for 7 days")),
]


@admin.register(SharedPatient)
class SharedPatientAdmin(ReadOnlyAdmin):
    """The patients who share their diary with you, with the figures that matter."""

    change_list_template = "admin/diary/sharedpatient/change_list.html"
    list_display = (
        "name",
        "summary_links",
        "flags",
        "last_entry",
        "spasms_last_7_days",
        "spasms_last_30_days",
        "mean_intensity",
        "top_trigger_name",
        "check_in_days",
        "reviewed",
    )
    list_display_links = None
    list_filter = (FlagFilter, NotReviewedSinceFilter)
    search_fields = ("username", "first_name", "last_name")
    ordering = ("username",)
    show_full_result_count = False
    actions = None

    def get_queryset(self, request):
        visible = sharing.patients_visible_to(request.user, super().get_queryset(request))
        return with_overview(visible, request.user)

    def changelist_view(self, request, extra_context=None):
        title = gettext("Patients who share their diary with you")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def summary_url(self, patient, days=SUMMARY_DAYS[0]):
        url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
        return f"{url}?days={days}"

    @admin.display(description=_("patient"), ordering="username")
    def name(self, patient):
        return format_html(
            '<a href="{}">{}</a>', self.summary_url(patient), sharing.display_name(patient)
        )

    @admin.display(description=_("last entry"), ordering="last_entry_at")
    def last_entry(self, patient):
        if patient.last_entry_at is None:
            return gettext("never")
        return gettext("%(time)s ago") % {"time": timesince(patient.last_entry_at, depth=1)}

    @admin.display(description=_("spasms, 7 days"), ordering="spasms_7d")
    def spasms_last_7_days(self, patient):
        return patient.spasms_7d

    @admin.display(description=_("spasms, 30 days"), ordering="spasms_30d")
    def spasms_last_30_days(self, patient):
        return patient.spasms_30d

    @admin.display(description=_("mean intensity, 30 days"), ordering="mean_intensity_30d")
    def mean_intensity(self, patient):
        if patient.mean_intensity_30d is None:
            return "–"
        return f"{patient.mean_intensity_30d:.1f}"

    @admin.display(description=_("most common trigger"), ordering="top_trigger")
    def top_trigger_name(self, patient):
        return patient.top_trigger or "–"

    @admin.display(description=_("check-in days, 30 days"), ordering="check_in_days_30d")
    def check_in_days(self, patient):
        return patient.check_in_days_30d

    @admin.display(description=_("flags"))
    def flags(self, patient):
        raised = [(css, label) for name, css, label in FLAG_LABELS if getattr(patient, name)]
        return format_html_join(" ", '<span class="flag flag--{}">{}</span>', raised)

    @admin.display(description=_("reviewed up to"), ordering="reviewed_up_to")
    def reviewed(self, patient):
        return patient.reviewed_up_to or "–"

    @admin.display(description=_("summary"))
    def summary_links(self, patient):
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            [
                (self.summary_url(patient, days), gettext("%(days)s days") % {"days": days})
                for days in SUMMARY_DAYS
            ],
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/summary/",
                view(self.summary_view),
                name="diary_sharedpatient_summary",
            ),
            path(
                "<path:object_id>/review/",
                view(self.review_view),
                name="diary_sharedpatient_review",
            ),
            path("<path:object_id>/notes/", view(self.note_view), name="diary_sharedpatient_note"),
            *super().get_urls(),
        ]

    def visible_patient(self, request, object_id):
        """The patient with this id if `request.user` may see them now; else 404."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            pk = self.opts.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404 from error
        visible = sharing.patients_visible_to(request.user, SharedPatient.objects.all())
        patient = sharing.with_last_review(sharing.with_flags(visible), request.user)
        patient = patient.filter(pk=pk).first()
        if patient is None:
            raise Http404
        return patient

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """There is nothing to change: the patient's page is their summary."""
        return redirect(self.summary_url(self.visible_patient(request, object_id)))

    def history_view(self, request, object_id, extra_context=None):
        return self.change_view(request, object_id)

    def summary_view(self, request, object_id, review_form=None, note_form=None):
        patient = self.visible_patient(request, object_id)
        days = request.GET.get("days", "")
        days = int(days) if days in {str(d) for d in SUMMARY_DAYS} else SUMMARY_DAYS[0]
        today = timezone.localdate(timezone=patient.zone)
        summary = build_summary(patient, days=days, today=today)
        detail = gettext("the last %(days)s days") % {"days": days}
        sharing.log_access(request.user, [patient], Action.SUMMARY, detail)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("%(name)s: the last %(days)s days")
            % {"name": sharing.display_name(patient), "days": days},
            "patient": patient,
            "patient_name": sharing.display_name(patient),
            "summary": summary,
            "days": days,
            "period_links": [(d, self.summary_url(patient, d)) for d in SUMMARY_DAYS],
            "flags": [(css, label) for name, css, label in FLAG_LABELS if getattr(patient, name)],
            "share": CareShare.objects.active()
            .filter(patient=patient, clinician=request.user)
            .first(),
            "notes": ClinicianNote.objects.filter(patient=patient, clinician=request.user),
            "review_form": review_form or ReviewForm(initial={"period_end": today}, today=today),
            "note_form": note_form or NoteForm(),
            "entry_links": [
                (model._meta.verbose_name_plural.capitalize(), self.entries_url(model, patient))
                for model in (Spasm, Dose, TechniqueSession, CheckIn, Medication)
            ],
        }
        return TemplateResponse(request, "admin/diary/sharedpatient/summary.html", context)

    def entries_url(self, model, patient):
        url = reverse(f"admin:diary_{model._meta.model_name}_changelist")
        return f"{url}?owner__id__exact={patient.pk}"

    def review_view(self, request, object_id):
        patient = self.visible_patient(request, object_id)
        if request.method != "POST":
            return redirect(self.summary_url(patient))
        today = timezone.localdate(timezone=patient.zone)
        form = ReviewForm(request.POST, today=today)
        if not form.is_valid():
            return self.summary_view(request, object_id, review_form=form)
        sharing.mark_reviewed(request.user, patient, form.cleaned_data["period_end"])
        messages.success(
            request,
            gettext("Marked as reviewed up to %(day)s.") % {"day": form.cleaned_data["period_end"]},
        )
        return redirect(self.summary_url(patient, request.POST.get("days", SUMMARY_DAYS[0])))

    def note_view(self, request, object_id):
        patient = self.visible_patient(request, object_id)
        if request.method != "POST":
            return redirect(self.summary_url(patient))
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.summary_view(request, object_id, note_form=form)
        sharing.add_note(request.user, patient, **form.cleaned_data)
        if form.cleaned_data["visible_to_patient"]:
            messages.success(request, gettext("Note saved. The patient can read it."))
        else:
            messages.success(request, gettext("Note saved. Only you can read it."))
        return redirect(self.summary_url(patient, request.POST.get("days", SUMMARY_DAYS[0])))


# The clinician's own notes and review marks -------------------------------------------


class OwnRecordsAdmin(admin.ModelAdmin):
    """What the user wrote themselves, about patients they may still see."""

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


# The host's records ----------------------------------------------------------------


@admin.register(CareShare)
class CareShareAdmin(NotForClinicians, ReadOnlyAdmin):
    list_display = ("patient", "clinician", "created_at", "expires_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("patient", "clinician")
    search_fields = ("patient__username", "clinician__username")


@admin.register(AccessLog)
class AccessLogAdmin(NotForClinicians, ReadOnlyAdmin):
    list_display = ("at", "clinician_name", "patient", "action", "detail")
    list_filter = ("action",)
    list_select_related = ("patient",)
    search_fields = ("clinician_name", "patient__username", "detail")
    date_hierarchy = "at"
