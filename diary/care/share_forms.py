"""Sharing my diary with a clinician: who, and until when."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from diary.care import sharing
from diary.clinical import patient_today

MAX_SHARE_YEARS = 10  # "until" further off than this is a typo (or 9999-12-31)

# The same words whether the account does not exist or is not a clinician's, so the
# form never tells a patient who else has an account here.
NOT_A_CLINICIAN = _(
    "We could not find a clinician with that username or email here. Check the spelling, "
    "or ask them for the username they use on this site."
)


class ShareForm(forms.Form):
    clinician = forms.CharField(
        label=_("Your clinician's username or email"),
        max_length=254,
        help_text=_("Only clinicians on this site can be chosen."),
        error_messages={"required": _("Write your clinician's username or email.")},
    )
    until = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Access stops by itself at the end of this day. Leave it empty to share "
            "until you stop it."
        ),
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )

    def __init__(self, *args, patient, **kwargs):
        self.patient = patient
        super().__init__(*args, **kwargs)
        self.fields["clinician"].widget.attrs.update(autocomplete="off", autocapitalize="none")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("share", _("Share my diary"), css_class="btn-primary btn-lg"))

    def clean_clinician(self):
        clinician = sharing.find_clinician(self.cleaned_data["clinician"])
        if clinician is None:
            raise forms.ValidationError(NOT_A_CLINICIAN)
        if clinician.pk == self.patient.pk:
            raise forms.ValidationError(_("That is you. Write your clinician's username."))
        return clinician

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until is not None and until < patient_today(self.patient):
            raise forms.ValidationError(_("That day has passed. Choose today or a later day."))
        if until is not None and until.year > patient_today(self.patient).year + MAX_SHARE_YEARS:
            raise forms.ValidationError(
                _("Choose a day in the next %(years)s years, or leave it empty.")
                % {"years": MAX_SHARE_YEARS}
            )
        return until

    def save(self):
        return sharing.grant(
            self.patient, self.cleaned_data["clinician"], self.cleaned_data["until"]
        )
