"""Sharing my diary with a clinician (who, and until when) and answering their notes."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from diary.care import sharing
from diary.clinical import patient_today
from diary.models import NoteReply

MAX_SHARE_YEARS = 10  # "until" further off than this is a typo (or 9999-12-31)

# The same words whether the account does not exist or is not a clinician's, so the
# form never tells a patient who else has an account here.
NOT_A_CLINICIAN = _(
    "We could not find a clinician with that username or email here. Check the spelling, "
    "or ask them for the username they use on this site."
)


def listed_label(clinician):
    """How a listed clinician is offered: their name, and their practice if they gave one."""
    name = sharing.display_name(clinician)
    if not clinician.practice:
        return name
    return _("%(name)s, %(practice)s") % {"name": name, "practice": clinician.practice}


class ShareForm(forms.Form):
    """Share with a clinician: one picked from those who chose to be listed, or any
    clinician here by username or email. Without a listed clinician, only the latter."""

    listed = forms.ChoiceField(
        label=_("Choose your clinician"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "That clinician is no longer on the list. Choose another, or write their "
                "username or email below."
            )
        },
    )
    # When the list has emptied since the page was shown, there is no list to choose from.
    NO_LONGER_LISTED = _(
        "That clinician is no longer on the list. Write their username or email instead."
    )
    clinician = forms.CharField(
        label=_("Your clinician's username or email"),
        max_length=254,
        required=False,
        help_text=_("Only clinicians on this site can be chosen."),
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
        self.listed_clinicians = {
            str(clinician.pk): clinician
            for clinician in sharing.listed_clinicians()
            if clinician.pk != patient.pk
        }
        if self.listed_clinicians:
            choices = [(pk, listed_label(c)) for pk, c in self.listed_clinicians.items()]
            someone_else = ("", _("Someone else: I will write their username or email"))
            self.fields["listed"].choices = [*choices, someone_else]
            self.fields["clinician"].label = _("Or write your clinician's username or email")
            self.fields["clinician"].help_text = _(
                "For a clinician on this site who is not on the list."
            )
        else:
            del self.fields["listed"]
        self.fields["clinician"].widget.attrs.update(autocomplete="off", autocapitalize="none")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("share", _("Share my diary"), css_class="btn-primary btn-lg"))

    def clean_clinician(self):
        if not self.cleaned_data["clinician"].strip():
            return None
        clinician = sharing.find_clinician(self.cleaned_data["clinician"])
        if clinician is None:
            raise forms.ValidationError(NOT_A_CLINICIAN)
        if clinician.pk == self.patient.pk:
            raise forms.ValidationError(_("That is you. Write your clinician's username."))
        return clinician

    def clean(self):
        data = super().clean()
        if self.errors.keys() & {"listed", "clinician"}:
            return data
        chosen = self.listed_clinicians.get(data.get("listed") or "")
        typed = data.get("clinician")
        if chosen and typed and chosen != typed:
            self.add_error(
                "clinician",
                _("You chose a clinician from the list and wrote another: keep only one."),
            )
        elif chosen or typed:
            data["clinician"] = chosen or typed
        elif self.listed_clinicians and self.add_prefix("listed") not in self.data:
            self.add_error(
                "listed",
                _("Choose your clinician from the list, or write their username or email."),
            )
        elif self.data.get(self.add_prefix("listed")):
            self.add_error("clinician", self.NO_LONGER_LISTED)
        else:
            self.add_error("clinician", _("Write your clinician's username or email."))
        return data

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


class ReplyForm(forms.ModelForm):
    """A patient's answer to one of their clinician's notes (shown under the note)."""

    class Meta:
        model = NoteReply
        fields = ["text"]
        labels = {"text": _("Reply to this note")}
        help_texts = {"text": _("Your clinician reads it with your diary, while you share it.")}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "text": {
                "required": _("Write your reply first."),
                "max_length": _(
                    "A reply can be %(limit_value)d characters at most (it has %(show_value)d)."
                ),
            }
        }

    def __init__(self, *args, note, back="dashboard", **kwargs):
        self.note = note
        self.back = back  # the page the form is on, so the patient goes back there
        kwargs.setdefault("auto_id", f"id_reply_{note.pk}_%s")
        super().__init__(*args, **kwargs)


def with_reply_forms(notes, back, bound=None):
    """The notes as a list, ready for the page: each with its clinician's `clinician_name`
    and, when it can be answered, a `reply_form` (the form just sent, with its errors and
    text, for its note; a blank one for the others)."""
    notes = list(notes)
    for note in notes:
        note.clinician_name = sharing.display_name(note.clinician) if note.clinician else ""
        if not sharing.can_reply_to(note):
            note.reply_form = None
        elif bound is not None and bound.note.pk == note.pk:
            bound.back = back
            note.reply_form = bound
        else:
            note.reply_form = ReplyForm(note=note, back=back)
    return notes
