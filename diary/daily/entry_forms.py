from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from diary import spoken
from diary.clinical import patient_today
from diary.daily import schedules
from diary.daily.entry_form_base import (
    EntryForm,
    OwnedForm,
    SlugChoiceField,
    SlugMultipleChoiceField,
    moment_field,
    zero_to_ten_choices,
)
from diary.daily.usage import body_areas_recent_first, techniques_recent_first, triggers_for
from diary.data.schema import CHECK_INS, TECHNIQUE_SESSIONS
from diary.models import (
    BodyArea,
    CheckIn,
    Dose,
    Medication,
    MedicationClass,
    Spasm,
    TechniqueSession,
)
from diary.validators import MAX_DURATION_SECONDS, parse_dose


class PlainDecimalField(forms.DecimalField):
    """A decimal field whose input shows a saved number as people write it: "5" and
    "5.5" hours, never "5.0" (with a dot, which `<input type="number">` needs)."""

    def prepare_value(self, value):
        if isinstance(value, Decimal | float | int):
            return spoken.form_number(value, self.decimal_places or 0)
        return super().prepare_value(value)


class QuickAreasField(SlugMultipleChoiceField):
    """The areas of a quick log, posted as repeated `area` slugs. A duplicate counts
    once; more distinct slugs than any body map has are refused before a query."""

    most = 50

    def _check_values(self, value):
        if len(set(value)) > self.most:
            raise ValidationError(self.error_messages["too_many"], code="too_many")
        return super()._check_values(value)


class QuickSpasmForm(EntryForm):
    """The dashboard's two-tap log: where, and how bad. Everything else can follow.

    `area` takes one body area or several (`area=neck&area=left-hip`); the spasm is
    saved with every one of them.
    """

    area = QuickAreasField(
        queryset=BodyArea.objects.filter(is_active=True),
        to_field_name="slug",
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Choose where the spasm is."),
            "invalid_choice": _("Choose where the spasm is."),
            "invalid_pk_value": _("Choose where the spasm is."),
            "invalid_list": _("Choose where the spasm is."),
            "too_many": _("That is more areas than the body map has."),
        },
    )
    intensity = forms.TypedChoiceField(
        label=_("How bad is it?"), choices=zero_to_ten_choices(), coerce=int
    )

    class Meta:
        model = Spasm
        fields = ("intensity",)

    def chosen_areas(self):
        """The valid areas posted, in the order chosen (none if any was not valid)."""
        if not self.is_bound or "area" in self.errors:
            return []
        areas = {area.slug: area for area in self.cleaned_data.get("area", ())}
        slugs = dict.fromkeys(self.data.getlist("area") if hasattr(self.data, "getlist") else ())
        return [areas[slug] for slug in slugs if slug in areas]

    def save(self, commit=True):
        spasm = super().save(commit=commit)
        if commit:
            spasm.body_areas.add(*self.cleaned_data["area"])
        return spasm


class SpasmForm(EntryForm):
    started_at = moment_field(_("When did it start?"))
    duration_minutes = PlainDecimalField(
        label=_("How long did it last? (minutes)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal(MAX_DURATION_SECONDS // 60),
        decimal_places=1,
        error_messages={
            "min_value": _("How long it lasted must be between 0 minutes and 24 hours."),
            "max_value": _("How long it lasted must be between 0 minutes and 24 hours."),
            "invalid": _("Write the minutes as a number, like 5 or 2.5."),
            "max_decimal_places": _("Use at most one decimal place, like 2.5."),
        },
    )
    intensity = forms.TypedChoiceField(
        label=_("How bad was it?"),
        choices=zero_to_ten_choices(),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 0 to 10.")},
    )

    class Meta:
        model = Spasm
        fields = ("started_at", "intensity", "body_areas", "kind", "activity", "triggers", "note")
        widgets = {
            "body_areas": forms.CheckboxSelectMultiple,
            "triggers": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
            "activity": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"body_areas": SlugMultipleChoiceField, "triggers": SlugMultipleChoiceField}

    field_order = ("started_at", "belongs_to", "intensity", "body_areas", "duration_minutes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_areas"].queryset = body_areas_recent_first(self.owner)
        named = self.instance.triggers.values_list("pk", flat=True) if self.instance.pk else ()
        self.fields["triggers"].queryset = triggers_for(self.owner, keeping=list(named))
        # Catalogue items are posted by their stable slugs, not database ids.
        self.fields["body_areas"].to_field_name = "slug"
        self.fields["triggers"].to_field_name = "slug"
        for name in ("kind", "activity"):
            self.fields[name].choices = [("", _("Not sure")), *self.fields[name].choices[1:]]
        if not self.is_bound:
            self.initial.setdefault("started_at", timezone.localtime().replace(second=0))
            if self.instance.duration_seconds is not None:
                self.initial["duration_minutes"] = self.instance.duration_minutes

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        return None if minutes is None else int(round(minutes * 60))

    def save(self, commit=True):
        self.instance.duration_seconds = self.cleaned_data.get("duration_minutes")
        return super().save(commit=commit)


class DoseAmountField(forms.CharField):
    """Free text like '400 mg' or '2 tablets', parsed into a number and a unit."""

    def clean(self, value):
        value = super().clean(value)
        return parse_dose(value) if value else None


class DoseTimesField(forms.CharField):
    """Times of day typed as "08:00, 20:00", stored as a sorted list of "HH:MM"."""

    def clean(self, value):
        value = super().clean(value)
        return schedules.parse_dose_times(value or "")


class MedicationForm(OwnedForm):
    usual_dose = DoseAmountField(
        label=_("Usual amount"),
        required=False,
        max_length=30,
        help_text=_("Like 400 mg or 1 tablet. Used to fill in 'Took my dose'."),
    )
    times = DoseTimesField(
        label=_("Times I take it"),
        required=False,
        max_length=100,
        help_text=_("Like 08:00, 20:00 (your own time). Leave empty if there are no set times."),
    )

    class Meta:
        model = Medication
        fields = (
            "name",
            "medication_class",
            "is_current",
            "min_hours_apart",
            "remind",
            "reminder_label",
        )
        field_classes = {"min_hours_apart": PlainDecimalField}
        labels = {
            "min_hours_apart": _("Or, as needed: at least this many hours apart"),
            "remind": _("Remind me when a dose is due"),
            "reminder_label": _("Shown in reminders as"),
        }
        help_texts = {
            "min_hours_apart": _(
                "Like 4 or 6. A dose logged sooner asks first, and the dashboard shows "
                "when you can take it again."
            ),
            "remind": _("At each of the times above, if you have not logged the dose yet."),
            "reminder_label": _(
                "What a reminder calls it, if not by its name: like “Your 8 pm medicine”. "
                "Reminders can show on a locked phone."
            ),
        }

    field_order = ("name", "usual_dose", "medication_class", "times", "min_hours_apart")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medication_class"].queryset = MedicationClass.objects.filter(is_active=True)
        self.fields["medication_class"].empty_label = _("Not sure")
        hours = self.fields["min_hours_apart"]
        hours.error_messages.update(
            invalid=schedules.HOURS_APART_MESSAGE,
            max_digits=schedules.HOURS_APART_MESSAGE,
            max_decimal_places=_("Use at most one decimal place, like 1.5."),
            max_whole_digits=schedules.HOURS_APART_MESSAGE,
        )
        hours.widget.attrs.update(inputmode="decimal", step="0.5", min="0.5", max="72")
        if self.instance.pk and not self.is_bound:
            self.initial["usual_dose"] = self.instance.usual_dose
            self.initial["times"] = schedules.dose_times_text(self.instance.dose_times)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("times") and cleaned.get("min_hours_apart") is not None:
            self.add_error(
                "min_hours_apart",
                _("Give set times or hours apart, not both. Clear one of them."),
            )
        if cleaned.get("remind") and not cleaned.get("times") and "times" not in self.errors:
            self.add_error("times", _("Reminders come at set times: write them, like 08:00."))
        return cleaned

    def _post_clean(self):
        if "times" in self.cleaned_data:
            self.instance.dose_times = self.cleaned_data["times"]
        super()._post_clean()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Medication.objects.owned_by(self.owner).exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise ValidationError(_("%(name)s is already on your list.") % {"name": name})
        return name

    def save(self, commit=True):
        amount_and_unit = self.cleaned_data.get("usual_dose")
        self.instance.usual_amount, self.instance.usual_unit = amount_and_unit or (None, "")
        return super().save(commit=commit)

    def save_or_explain(self):
        """Save; if the same name was added a moment ago from another device (a race
        clean_name could not see), answer with that row, or for an edit say so."""
        try:
            with transaction.atomic():
                return self.save()
        except IntegrityError:
            name = self.cleaned_data["name"]
            existing = Medication.objects.owned_by(self.owner).filter(name__iexact=name).first()
            if existing is None:
                raise
            if self.instance.pk is None:
                return existing  # the same medicine, added a moment ago
            self.add_error("name", _("%(name)s is already on your list.") % {"name": name})
            return None


def how_long_ago(delta):
    """ "a moment", "7 minutes", "2 hours, 10 minutes": the time between two doses."""
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes < 1:
        return _("a moment")
    if minutes < 120:
        return ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}
    hours, rest = divmod(minutes, 60)
    in_hours = ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
    if not rest:
        return in_hours
    in_minutes = ngettext("%(minutes)d minute", "%(minutes)d minutes", rest) % {"minutes": rest}
    return _("%(hours)s, %(minutes)s") % {"hours": in_hours, "minutes": in_minutes}


class AsksBeforeRepeating:
    """A dose of one medicine soon after another (within 10 minutes, or within the
    medicine's "hours apart") is not saved at once: the form answers with a question,
    and the same form posted again with `again` ticked saves it (once: same token).

    Not asked for an edit, for a form already saved (a resend of the same token finds
    its row), or when `asks_before_repeat=False`: the offline queue's kept doses, which
    the patient tapped while offline and cannot be asked about now, are saved."""

    repeats = None  # the dose this one would repeat, once the form has asked

    def __init__(self, *args, asks_before_repeat=True, **kwargs):
        self.asks_before_repeat = asks_before_repeat
        super().__init__(*args, **kwargs)

    def moment_asked_about(self):
        return self.instance.taken_at

    def repeat_question(self, previous, moment):
        raise NotImplementedError

    def ask_before_repeating(self):
        medication = self.cleaned_data.get("medication")
        if (
            not self.asks_before_repeat
            or self.cleaned_data.get("again")
            or self.instance.pk is not None
            or medication is None
            or self.errors
        ):
            return
        token = self.cleaned_data.get("client_token")
        if token and Dose.objects.owned_by(self.owner).filter(client_token=token).exists():
            return
        moment = self.moment_asked_about()
        previous = schedules.dose_it_repeats(self.owner, medication, moment)
        if previous is None:
            return
        self.repeats = previous
        self.fields["again"].widget = forms.CheckboxInput()
        raise ValidationError(self.repeat_question(previous, moment), code="repeat")

    def clean(self):
        cleaned = super().clean()
        self.ask_before_repeating()
        return cleaned


class DoseForm(AsksBeforeRepeating, EntryForm):
    taken_at = moment_field(_("When did you take it?"))
    dose = DoseAmountField(
        label=_("Amount"), max_length=30, help_text=_("Like 400 mg or 1 tablet.")
    )
    again = forms.BooleanField(
        label=_("Yes, log another dose"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Dose
        fields = ("medication", "taken_at", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    field_order = ("medication", "dose", "taken_at", "belongs_to", "note", "again")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        medications = Medication.objects.owned_by(self.owner)
        self.fields["medication"].queryset = medications
        self.fields["medication"].empty_label = None
        self.fields["medication"].error_messages["invalid_choice"] = _(
            "Choose a medicine from your list."
        )
        if not self.is_bound:
            self.initial.setdefault("taken_at", timezone.localtime().replace(second=0))
            if self.instance.pk:
                self.initial["dose"] = self.instance.dose
            else:
                # Pre-fill with the usual dose of the medicine shown first.
                chosen = (
                    self.initial.get("medication") or medications.filter(is_current=True).first()
                )
                if isinstance(chosen, Medication):
                    self.initial["medication"] = chosen.pk
                    self.initial.setdefault("dose", chosen.usual_dose)

    def moment_asked_about(self):
        return self.cleaned_data.get("taken_at") or self.instance.taken_at

    def repeat_question(self, previous, moment):
        return _(
            "You logged %(name)s at %(time)s, %(apart)s from this dose. Log another? "
            "Tick “Yes, log another dose” and save."
        ) % {
            "name": previous.medication.name,
            "time": timezone.localtime(previous.taken_at, self.owner.zone).strftime("%H:%M"),
            "apart": how_long_ago(moment - previous.taken_at),
        }

    def save(self, commit=True):
        self.instance.amount, self.instance.unit = self.cleaned_data["dose"]
        return super().save(commit=commit)


class QuickDoseForm(AsksBeforeRepeating, EntryForm):
    """'Took my dose': the medicine's usual amount, now."""

    again = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Dose
        fields = ("medication",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medication"].queryset = Medication.objects.owned_by(self.owner)

    def clean_medication(self):
        medication = self.cleaned_data["medication"]
        if medication.usual_amount is None:
            raise ValidationError(
                _("Add the usual amount for %(name)s first.") % {"name": medication.name}
            )
        self.instance.amount = medication.usual_amount
        self.instance.unit = medication.usual_unit
        return medication

    def repeat_question(self, previous, moment):
        if previous.taken_at <= moment:
            return _("You logged this %(ago)s ago — log another?") % {
                "ago": how_long_ago(moment - previous.taken_at)
            }
        return _("You logged this at %(time)s — log another?") % {
            "time": timezone.localtime(previous.taken_at, self.owner.zone).strftime("%H:%M")
        }


class TechniqueSessionForm(EntryForm):
    started_at = moment_field(_("When?"))
    intensity_before = forms.TypedChoiceField(
        label=_("Spasm before (0–10)"),
        choices=zero_to_ten_choices(_("Skip")),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    intensity_after = forms.TypedChoiceField(
        label=_("Spasm after (0–10)"),
        choices=zero_to_ten_choices(_("Skip")),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = TechniqueSession
        # Every exported field of the entry schema but the day, which the moment sets.
        fields = tuple(name for name in TECHNIQUE_SESSIONS.field_names if name != "local_date")
        field_classes = {"technique": SlugChoiceField}
        widgets = {
            "helped": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.NumberInput(attrs={"min": 0, "max": 600, "inputmode": "numeric"}),
        }

    field_order = ("technique", "started_at", "belongs_to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        named = [self.instance.technique_id] if self.instance.pk else []
        self.fields["technique"].queryset = techniques_recent_first(self.owner, keeping=named)
        self.fields["technique"].to_field_name = "slug"
        self.fields["technique"].empty_label = None
        self.fields["helped"].choices = [("", _("Skip")), *self.fields["helped"].choices[1:]]
        if not self.is_bound:
            self.initial.setdefault("started_at", timezone.localtime().replace(second=0))

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        if minutes is not None and minutes > 600:
            raise ValidationError(_("Minutes must be between 0 and 600."))
        return minutes


class CheckInForm(EntryForm):
    asks_which_day = False  # the day is chosen on the page itself
    sleep_hours = PlainDecimalField(
        label=_("Hours slept last night"),
        required=False,
        min_value=0,
        max_value=24,
        decimal_places=1,
        error_messages={
            "min_value": _("Hours slept must be between 0 and 24."),
            "max_value": _("Hours slept must be between 0 and 24."),
            "invalid": _("Write the hours as a number, like 6 or 7.5."),
            "max_decimal_places": _("Use at most one decimal place, like 7.5."),
        },
    )
    water_glasses = forms.IntegerField(
        label=_("Glasses of water today"),
        required=False,
        min_value=0,
        max_value=40,
        error_messages={
            "min_value": _("Glasses of water must be between 0 and 40."),
            "max_value": _("Glasses of water must be between 0 and 40."),
            "invalid": _("Write a whole number, like 6."),
        },
    )

    class Meta:
        model = CheckIn
        # Every exported answer of the entry schema: a field added there is asked here too.
        fields = tuple(name for name in CHECK_INS.field_names if name != "local_date")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        if day is not None:
            self.instance.local_date = day
        elif self.instance.local_date is None:
            self.instance.local_date = patient_today(self.owner)
        for name in ("sleep_quality", "stress", "fatigue", "overall_pain", "mood"):
            field = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=field.label,
                choices=zero_to_ten_choices(_("Skip")),
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def clean(self):
        cleaned = super().clean()
        answered = [value for name, value in cleaned.items() if name != "client_token"]
        if all(value in (None, "") for value in answered):
            raise ValidationError(_("Fill in at least one answer."))
        return cleaned

    def save_once(self):
        """Save; if another device saved this day's first check-in a moment ago, add
        these answers to that one (retried once), so neither device's answers are lost."""
        try:
            return super().save_once()
        except IntegrityError:
            if self.instance.pk is not None:
                raise
        existing = CheckIn.objects.owned_by(self.owner).get(local_date=self.instance.local_date)
        for name in self._meta.fields:
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                setattr(existing, name, value)
        existing.save()
        self.instance = existing
        return existing, False
