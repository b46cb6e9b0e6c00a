"""Read-only lists of each kind of diary entry, for the patients the user may see.

Each list, entry page and CSV export is written to the patients' access logs.
The detail pages, the CSV's columns and the lists that mirror every field come
from the entry schema (diary.data.schema): a field added there shows here too.
"""

from functools import cache

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import display_for_field
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from diary import clinical
from diary.care import sharing
from diary.care.clinician_admin.admin_base import Action, ReadOnlyAdmin, short
from diary.data.csv_export import entries_csv_response
from diary.data.schema import CHECK_INS, DOSES, MEDICATIONS, SPASMS, TECHNIQUE_SESSIONS
from diary.models import (
    AccessDetail,
    CheckIn,
    Dose,
    Medication,
    Spasm,
    Technique,
    TechniqueSession,
    Trigger,
)
from diary.templatetags.diary_tags import duration

# A clinician's words for the fields whose own names speak to the patient ("what you
# were doing", "when you took it"): the lists' columns and filters and the entry
# pages use these; a field not named here is shown under its own name.
CLINICIAN_WORDS = {
    "started_at": _("started"),
    "duration_seconds": _("duration"),
    "intensity": _("intensity"),
    "kind": _("kind"),
    "activity": _("activity"),
    "body_areas": _("body area"),
    "triggers": _("trigger"),
    "taken_at": _("taken"),
    "medication_class": _("medicine class"),
    "medication__medication_class": _("medicine class"),
    "usual_amount": _("usual amount"),
    "is_current": _("taking now"),
    "minutes": _("duration"),
    "intensity_before": _("intensity before"),
    "intensity_after": _("intensity after"),
    "helped": _("helped"),
}

# Fields shown otherwise than as stored: durations read as "5 min 12 s" everywhere.
SHOWN_AS = {
    "duration_seconds": duration,
    "minutes": lambda minutes: duration(None if minutes is None else minutes * 60),
}


@cache
def shown(model, name):
    """A field as a clinician reads it, for a list's column or an entry's page.

    The field itself (its name) when its own title and value will do; else a
    column under the clinician's word, showing the value as the admin would, or
    as SHOWN_AS writes it. Sorting by the column sorts by the field.
    """
    if name not in CLINICIAN_WORDS and name not in SHOWN_AS:
        return name
    field = model._meta.get_field(name)

    def column(entry):
        value = getattr(entry, name)
        if boolean:
            # In words: the admin's yes/no icon is labelled "True" in every language.
            return gettext("Yes") if value else gettext("No")
        if field.many_to_many:
            return ", ".join(str(item) for item in value.all()) or "–"
        if name in SHOWN_AS:
            return SHOWN_AS[name](value) or "–"
        return display_for_field(value, field, "–")

    column.__name__ = name
    boolean = field.get_internal_type() == "BooleanField"
    title = CLINICIAN_WORDS.get(name, field.verbose_name)
    ordering = None if field.many_to_many else name
    return admin.display(description=title, ordering=ordering)(column)


class TitledFilter(admin.FieldListFilter):
    """The filter Django would choose for a field, under the clinician's word for it."""

    def __new__(cls, field, request, params, model, model_admin, field_path):
        if getattr(field, "related_model", None) in (Technique, Trigger):
            # Only the items the clinician's listed entries name: a patient's own
            # trigger or technique is seen only beside the entries shared.
            chosen = admin.RelatedOnlyFieldListFilter(
                field, request, params, model, model_admin, field_path
            )
        else:
            chosen = admin.FieldListFilter.create(
                field, request, params, model, model_admin, field_path
            )
        chosen.title = CLINICIAN_WORDS.get(field_path, chosen.title)
        return chosen


def filtered(*paths):
    """List filters on these fields, titled in the clinician's words."""
    return tuple((path, TitledFilter) for path in paths)


BY_PATIENT = (("owner", admin.RelatedOnlyFieldListFilter),)


def listed(kind, *shown_apart):
    """A kind's exported fields as a list's columns, for a list that shows them all:
    but for the note (shown short, last) and those the list puts in their own place."""
    return tuple(
        shown(kind.model, name) for name in kind.field_names if name not in ("note", *shown_apart)
    )


class IntensityFilter(admin.SimpleListFilter):
    """The 0-10 bands of diary.clinical, by their stable keys."""

    title = _("intensity")
    parameter_name = "intensity"

    def lookups(self, request, model_admin):
        return [
            (
                key,
                f"{str(clinical.BAND_WORDS[key]).capitalize()} ({low}–{high})".replace("0–0", "0"),
            )
            for key, (low, high) in clinical.BAND_RANGES.items()
        ]

    def queryset(self, request, queryset):
        band = clinical.BAND_RANGES.get(self.value())
        return queryset.filter(intensity__range=band) if band else queryset


class ClinicianEntryAdmin(ReadOnlyAdmin):
    """A read-only list of one kind of diary entry, for the patients the user may see."""

    change_list_template = "admin/diary/entry_change_list.html"
    kind = None  # the entry schema's kind: the detail page's fields and the CSV's columns
    bookkeeping = ()  # shown on the detail page after the exported fields
    list_per_page = 50
    show_full_result_count = False
    actions = ["download_selected"]
    search_fields = ("owner__username", "owner__first_name", "owner__last_name")

    def get_queryset(self, request):
        return sharing.entries_visible_to(request.user, super().get_queryset(request))

    @admin.display(description=_("patient"), ordering="owner__username")
    def patient(self, obj):
        return sharing.display_name(obj.owner)

    @admin.display(description=_("note"))
    def short_note(self, obj):
        return short(obj.note)

    def get_fields(self, request, obj=None):
        fields = (shown(self.model, name) for name in self.kind.field_names)
        return ("owner", *fields, *self.bookkeeping)

    def get_list_select_related(self, request):
        return ("owner", *self.kind.related)

    def export_queryset(self, queryset):
        return queryset.select_related("owner", *self.kind.related).prefetch_related(
            *self.kind.many
        )

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
                request.user, owners, Action.LIST, AccessDetail.entry_list(self.opts.model_name)
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
        return AccessDetail.entry(self.opts.model_name, entry.local_date)

    def export_view(self, request):
        """Everything the list shows with the same filters and search, on every page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if self.names_a_patient_not_shared(request):  # no CSV of the patients left
            return self.not_shared_response(request)
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
        detail = AccessDetail.export(self.opts.model_name)
        sharing.log_access(request.user, list(owners), Action.EXPORT, detail)
        filename = f"unknot-{self.opts.model_name}-{timezone.localdate():%Y-%m-%d}.csv"
        return entries_csv_response(filename, self.kind, queryset.iterator(chunk_size=500))


class DatedEntryAdmin(ClinicianEntryAdmin):
    """Fields shared by the detail page of every dated entry."""

    bookkeeping = ("created_at", "updated_at")
    readonly_fields = ("local_date", "created_at", "updated_at")


@admin.register(Spasm)
class SpasmAdmin(DatedEntryAdmin):
    kind = SPASMS
    list_display = (
        shown(Spasm, "started_at"),
        "patient",
        shown(Spasm, "intensity"),
        shown(Spasm, "duration_seconds"),
        shown(Spasm, "body_areas"),
        shown(Spasm, "triggers"),
        "short_note",
    )
    list_filter = (
        *BY_PATIENT,
        IntensityFilter,
        *filtered("kind", "activity", "body_areas", "triggers"),
    )
    search_fields = ("note", *ClinicianEntryAdmin.search_fields)
    date_hierarchy = "started_at"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("body_areas", "triggers")


@admin.register(Dose)
class DoseAdmin(DatedEntryAdmin):
    kind = DOSES
    list_display = (shown(Dose, "taken_at"), "patient", "medication", "dose", "short_note")
    list_filter = (
        *BY_PATIENT,
        ("medication", admin.RelatedOnlyFieldListFilter),
        *filtered("medication__medication_class"),
    )
    search_fields = ("medication__name", "note", *ClinicianEntryAdmin.search_fields)
    date_hierarchy = "taken_at"


@admin.register(Medication)
class MedicationAdmin(ClinicianEntryAdmin):
    kind = MEDICATIONS
    list_display = (
        "name",
        "patient",
        shown(Medication, "medication_class"),
        "usual_dose",
        shown(Medication, "is_current"),
    )
    list_filter = (*BY_PATIENT, *filtered("is_current", "medication_class"))
    search_fields = ("name", *ClinicianEntryAdmin.search_fields)

    def access_detail(self, medication):
        return AccessDetail.medicine(medication.name)


@admin.register(TechniqueSession)
class TechniqueSessionAdmin(DatedEntryAdmin):
    kind = TECHNIQUE_SESSIONS
    list_display = (
        shown(TechniqueSession, "started_at"),
        "patient",
        *listed(TECHNIQUE_SESSIONS, "local_date", "started_at"),
        "drop",
        "short_note",
    )
    list_filter = (*BY_PATIENT, *filtered("technique", "helped"))
    search_fields = ("technique__name", "note", *ClinicianEntryAdmin.search_fields)
    date_hierarchy = "started_at"

    @admin.display(description=_("intensity drop"))
    def drop(self, obj):
        return obj.intensity_drop


@admin.register(CheckIn)
class CheckInAdmin(DatedEntryAdmin):
    kind = CHECK_INS
    list_display = ("local_date", "patient", *listed(CHECK_INS, "local_date"), "short_note")
    list_filter = BY_PATIENT
    search_fields = ("note", *ClinicianEntryAdmin.search_fields)
    date_hierarchy = "local_date"
