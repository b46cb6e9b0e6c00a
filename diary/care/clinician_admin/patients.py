"""The patients list (with flags and a review queue) and each patient's summary."""

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from diary import clinical, spoken
from diary.care import sharing
from diary.care.clinician_admin.admin_base import Action, ReadOnlyAdmin
from diary.care.overview import flags_of, patient_day, todays_by_zone, with_overview
from diary.care.review_forms import NoteForm, ReviewForm
from diary.care.summary import build_summary, summary_period
from diary.diary_version import cached_for_clinician, cached_fragment, version_of
from diary.insights.acr import with_acr_scores
from diary.models import (
    AccessDetail,
    CareShare,
    CheckIn,
    ClinicianNote,
    Dose,
    Medication,
    SharedPatient,
    Spasm,
    TechniqueSession,
)
from diary.shipped_names import SHIPPED, english, shown_name_of

SUMMARY_DAYS = (30, 90)
PATIENTS_TEMPLATE = "admin/diary/sharedpatient/patients.html"


@functools.cache
def shipped_trigger_slugs():
    """Each shipped trigger's slug by its English name: the list's top trigger comes as a
    name (a second subquery for its slug doubled the patients list's cost), and only a
    shipped trigger under its shipped name is shown in the reader's language."""
    return {english("trigger", slug): slug for slug in SHIPPED["trigger"]}


def period_days(params):
    """The summary's period asked for in `params` (30 or 90 days), 30 if anything else."""
    days = params.get("days", "")
    return int(days) if days in {str(d) for d in SUMMARY_DAYS} else SUMMARY_DAYS[0]


class FlagFilter(admin.SimpleListFilter):
    title = _("flags")
    parameter_name = "flag"
    FIELDS = {"severe": "flag_severe_run", "rising": "flag_rising", "quiet": "flag_quiet"}

    def lookups(self, request, model_admin):
        return [
            ("any", _("Any flag")),
            ("severe", _("Severe (7+) on 3 days running")),
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
            # "The last 7 days" of each patient's own calendar, as the summary counts them.
            since = patient_day(todays_by_zone(queryset, clinical.this_minute()), int(self.value()))
            return queryset.filter(Q(reviewed_up_to__isnull=True) | Q(reviewed_up_to__lt=since))
        return queryset


class AcrTotalFilter(admin.SimpleListFilter):
    """Patients by the WPI + SSS total (0-31) of their latest symptom check: equal
    ranges of the scale, not the criteria's cut-offs (Unknot never reads the scores)."""

    title = _("ACR 2016 total (WPI + SSS)")
    parameter_name = "acr_total"
    RANGES = {"0-7": (0, 7), "8-15": (8, 15), "16-23": (16, 23), "24-31": (24, 31)}

    def lookups(self, request, model_admin):
        ranges = [(key, key.replace("-", "–")) for key in self.RANGES]
        return [*ranges, ("none", _("no symptom check yet"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(acr_total__isnull=True)
        if self.value() in self.RANGES:
            low, high = self.RANGES[self.value()]
            return queryset.filter(acr_total__gte=low, acr_total__lte=high)
        return queryset


FLAG_LABELS = [
    ("flag_severe_run", "severe", _("severe (7+) three days running")),
    ("flag_rising", "rising", _("spasms doubled")),
    ("flag_quiet", "quiet", _("nothing logged for 7 days")),
]


@admin.register(SharedPatient)
class SharedPatientAdmin(ReadOnlyAdmin):
    """The patients who share their diary with you, with the figures that matter."""

    change_list_template = "admin/diary/sharedpatient/change_list.html"
    # What fits a 1280 px screen beside the filters: the patient with their flags and
    # summary links, then the figures that say whom to look at first. The rest (check-in
    # days, areas, techniques, medicines) is on the summary, one click away.
    list_display = (
        "name",
        "last_entry",
        "spasms_last_7_days",
        "spasms_last_30_days",
        "mean_intensity",
        "top_trigger_name",
        "acr_scores",
        "reviewed",
    )
    list_display_links = None
    list_filter = (FlagFilter, NotReviewedSinceFilter, AcrTotalFilter)
    search_fields = ("username", "first_name", "last_name")
    ordering = ("username",)
    show_full_result_count = False
    actions = None

    @property
    def media(self):
        # No actions, nothing to edit, no pop-ups: the admin's form scripts (jQuery and
        # XRegExp among them, 87 KB gzipped, blocking the first paint) would do nothing.
        return forms.Media()

    def get_queryset(self, request):
        visible = sharing.patients_visible_to(request.user, super().get_queryset(request))
        return with_acr_scores(with_overview(visible, request.user))

    def changelist_view(self, request, extra_context=None):
        """The list, reused whole while nothing it shows has changed.

        Building the list's 40-odd subqueries costs more than running them, so a
        repeated view skips the admin's change list altogether. The key holds what the
        clinician may see and its state (`sharing.shared_diaries_state`), the address
        (filters, search, order, page) and the minute, the clock that the "ago" column,
        the flags and each patient's today read (`clinical.this_minute`)."""
        context = {"title": gettext("Patients who share their diary with you")}
        context.update(extra_context or {})
        render_page = super().changelist_view
        if request.method != "GET" or not self.has_view_or_change_permission(request):
            return render_page(request, context)
        built = None

        def build_list():
            nonlocal built
            built = render_page(request, context)
            if not isinstance(built, TemplateResponse) or "cl" not in (built.context_data or {}):
                return None  # an error page or a redirect: not kept
            return render_to_string(PATIENTS_TEMPLATE, built.context_data, request)

        state = sharing.shared_diaries_state(request.user)
        parts = (clinical.this_minute().isoformat(), request.GET.urlencode())
        patients_html = cached_for_clinician(request.user, "patients", state, parts, build_list)
        if built is not None:
            if patients_html is not None:
                built.context_data["patients_html"] = patients_html
            return built
        page = {
            **self.admin_site.each_context(request),
            **context,
            "opts": self.opts,
            "media": self.media,
            "actions_on_top": self.actions_on_top,
            "actions_on_bottom": self.actions_on_bottom,
            "patients_html": patients_html,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.change_list_template, page)

    def summary_url(self, patient, days=SUMMARY_DAYS[0]):
        # Reversed once per patient row: the list links each summary three times.
        url = patient.__dict__.get("summary_path")
        if url is None:
            url = patient.summary_path = reverse(
                "admin:diary_sharedpatient_summary", args=[patient.pk]
            )
        return f"{url}?days={days}"

    @admin.display(description=_("patient"), ordering="username")
    def name(self, patient):
        return format_html(
            '<a href="{}">{}</a>{}<span class="summary-links">{}</span>',
            self.summary_url(patient),
            sharing.display_name_with_username(patient),
            self.flags(patient),
            self.summary_links(patient),
        )

    @admin.display(description=_("last entry"), ordering="last_entry_at")
    def last_entry(self, patient):
        if patient.last_entry_at is None:
            return gettext("never")
        ago = timesince(patient.last_entry_at, clinical.this_minute(), depth=1)
        return gettext("%(time)s ago") % {"time": ago}

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
        return spoken.number(patient.mean_intensity_30d)

    @admin.display(description=_("top trigger, 30 days"), ordering="top_trigger")
    def top_trigger_name(self, patient):
        if not patient.top_trigger:
            return "–"
        return shown_name_of(
            "trigger", shipped_trigger_slugs().get(patient.top_trigger), patient.top_trigger
        )

    @admin.display(description=_("ACR 2016, latest check"), ordering="acr_total")
    def acr_scores(self, patient):
        """WPI + SSS = total, and the day of the symptom check they come from."""
        if patient.acr_total is None:
            return "–"
        return format_html(
            '<span class="acr-scores__column">{}</span>',
            gettext("%(total)s (WPI %(wpi)s + SSS %(sss)s), %(day)s")
            % {
                "total": patient.acr_total,
                "wpi": patient.acr_wpi,
                "sss": patient.acr_sss,
                "day": formats.date_format(patient.acr_checked_on, "SHORT_MONTH_DAY_FORMAT"),
            },
        )

    def flags(self, patient):
        """The patient's flags, under their name: nothing when none is raised."""
        raised = [(css, label) for name, css, label in FLAG_LABELS if getattr(patient, name)]
        if not raised:
            return ""
        flags = format_html_join(" ", '<span class="flag flag--{}">{}</span>', raised)
        return format_html('<span class="patient-flags">{}</span>', flags)

    @admin.display(description=_("reviewed up to"), ordering="reviewed_up_to")
    def reviewed(self, patient):
        return patient.reviewed_up_to or "–"

    def summary_links(self, patient):
        """The two summaries, "30 days · 90 days", under the patient's name."""
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            [
                (
                    self.summary_url(patient, days),
                    ngettext("%(days)s day", "%(days)s days", days) % {"days": days},
                )
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
        """The patient with this id if `request.user` may see them now; else None, and the
        caller answers with `not_shared_response` (one answer for "no longer shares",
        "never shared" and "no such id")."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            pk = self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            return None
        visible = sharing.patients_visible_to(request.user, SharedPatient.objects.all())
        return sharing.with_last_review(visible, request.user).filter(pk=pk).first()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """There is nothing to change: the patient's page is their summary."""
        patient = self.visible_patient(request, object_id)
        if patient is None:
            return self.not_shared_response(request)
        return redirect(self.summary_url(patient))

    def history_view(self, request, object_id, extra_context=None):
        return self.change_view(request, object_id)

    def summary_view(self, request, object_id, review_form=None, note_form=None):
        patient = self.visible_patient(request, object_id)
        if patient is None:
            return self.not_shared_response(request)
        version = version_of(patient)  # read before anything is computed under it
        for name, value in flags_of(patient, version).items():
            setattr(patient, name, value)  # the flags, and the day the diary began
        days = period_days(request.GET)
        today = clinical.patient_today(patient)
        period = summary_period(patient, days, today)
        figures_html = cached_fragment(
            patient,
            "summary",
            (days, period.first, period.last),
            "clinician",
            lambda: render_to_string(
                "admin/diary/sharedpatient/summary_figures.html",
                {"summary": build_summary(patient, days=days, today=today), "days": days},
                request,
            ),
            version=version,
        )
        sharing.log_access(request.user, [patient], Action.SUMMARY, AccessDetail.period(days))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": ngettext(
                "%(name)s: the last %(days)s day", "%(name)s: the last %(days)s days", days
            )
            % {"name": sharing.display_name_with_username(patient), "days": days},
            "patient": patient,
            "patient_name": sharing.display_name(patient),
            "figures_html": figures_html,
            "period": period,
            "days": days,
            "period_links": [(d, self.summary_url(patient, d)) for d in SUMMARY_DAYS],
            "flags": [(css, label) for name, css, label in FLAG_LABELS if getattr(patient, name)],
            "share": CareShare.objects.active()
            .filter(patient=patient, clinician=request.user)
            .first(),
            "notes": ClinicianNote.objects.filter(
                patient=patient, clinician=request.user
            ).prefetch_related("replies"),
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
        if patient is None:
            return self.not_shared_response(request)
        if request.method != "POST":
            return redirect(self.summary_url(patient))
        today = clinical.patient_today(patient)
        form = ReviewForm(request.POST, today=today)
        if not form.is_valid():
            return self.summary_view(request, object_id, review_form=form)
        sharing.mark_reviewed(request.user, patient, form.cleaned_data["period_end"])
        day = formats.date_format(form.cleaned_data["period_end"])
        messages.success(request, gettext("Marked as reviewed up to %(day)s.") % {"day": day})
        return redirect(self.summary_url(patient, period_days(request.POST)))

    def note_view(self, request, object_id):
        patient = self.visible_patient(request, object_id)
        if patient is None:
            return self.not_shared_response(request)
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
        return redirect(self.summary_url(patient, period_days(request.POST)))
