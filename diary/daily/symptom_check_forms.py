"""The weekly symptom check: six questions in our own plain words.

They ask what the Symptom Severity Scale of the ACR 2016 criteria asks (Wolfe F, et
al. Semin Arthritis Rheum 2016;46:319-329), not in its wording: three symptoms of the
past week on four steps, three of the past 6 months as yes or no. The answers are
saved as they are; diary.insights.acr scores them for the clinician.
"""

from django import forms
from django.db import IntegrityError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from diary.clinical import SSS_PRESENT_FIELDS, SSS_SEVERITY_FIELDS, patient_today
from diary.daily.entry_form_base import EntryForm
from diary.models import SymptomCheck

# Each step of the past week's questions, with a short description of what it means.
STEPS = (
    (0, _("None"), _("not a problem")),
    (1, _("Mild"), _("now and then, or slight")),
    (2, _("Moderate"), _("often, and it got in the way")),
    (3, _("Severe"), _("most of the time, hard to get through the day")),
)

QUESTIONS = {
    "fatigue": _("In the past week, how much were you bothered by tiredness?"),
    "waking_unrefreshed": _("In the past week, how often did you wake up still tired?"),
    "thinking": _(
        "In the past week, how much trouble did you have thinking clearly or remembering?"
    ),
    "headaches": _("In the past 6 months, have you had headaches?"),
    "lower_belly_pain": _("In the past 6 months, have you had pain or cramps low in your belly?"),
    "low_mood": _("In the past 6 months, have you often felt low, down or hopeless?"),
}

YES_NO = ((True, _("Yes")), (False, _("No")))

CHOOSE_ONE = _("Choose one answer.")


def step_label(word, description):
    return format_lazy("{word} – {description}", word=word, description=description)


class SymptomCheckForm(EntryForm):
    asks_which_day = False  # the check belongs to the patient's today

    class Meta:
        model = SymptomCheck
        fields = (*SSS_SEVERITY_FIELDS, *SSS_PRESENT_FIELDS)

    def __init__(self, *args, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        if day is not None:
            self.instance.local_date = day
        elif self.instance.local_date is None:
            self.instance.local_date = patient_today(self.owner)
        for name in SSS_SEVERITY_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=QUESTIONS[name],
                choices=[(value, step_label(word, what)) for value, word, what in STEPS],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
            )
        for name in SSS_PRESENT_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=QUESTIONS[name],
                choices=YES_NO,
                coerce=lambda value: value == "True",
                widget=forms.RadioSelect,
                error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
            )

    def save_once(self):
        """Save; if another device saved this day's check a moment ago, these answers
        replace that one's (the latest answers of the day are the day's)."""
        try:
            return super().save_once()
        except IntegrityError:
            if self.instance.pk is not None:
                raise
        existing = SymptomCheck.objects.owned_by(self.owner).get(
            local_date=self.instance.local_date
        )
        for name in self._meta.fields:
            setattr(existing, name, self.cleaned_data[name])
        existing.save()
        self.instance = existing
        return existing, False
