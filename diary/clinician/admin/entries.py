"""Read-only lists of each kind of diary entry, for the patients the user may see.

Each list, entry page and CSV export is written to the patients' access logs.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from diary import sharing
from diary.clinician.admin.base import Action, ReadOnlyAdmin, local_time, short
from diary.clinician.csv import csv_response
from diary.models import CheckIn, Dose, Medication, Spasm, TechniqueSession


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
