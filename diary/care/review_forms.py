"""The two things a clinician writes on a summary: a review mark and a note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diary.models import ClinicianNote


class ReviewForm(forms.Form):
    period_end = forms.DateField(
        label=_("Reviewed up to and including"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_period_end(self):
        period_end = self.cleaned_data["period_end"]
        if period_end > self.today:
            raise forms.ValidationError(_("That day has not happened yet for this patient."))
        return period_end


class NoteForm(forms.ModelForm):
    class Meta:
        model = ClinicianNote
        fields = ["text", "visible_to_patient"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 60})}
        error_messages = {"text": {"required": _("Write the note first.")}}
