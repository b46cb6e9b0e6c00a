"""What every diary form shares: an owner, a once-only token, and the
"which day does this belong to?" question for entries made after midnight."""

import uuid
from datetime import timedelta

from crispy_forms.helper import FormHelper
from django import forms
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from diary.clinical import patient_day_of
from diary.daily import limits

# Between midnight and this hour, "tonight" may still mean yesterday's diary day.
AMBIGUOUS_BEFORE_HOUR = 4
DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_INPUT_FORMAT)


def moment_field(label):
    return forms.DateTimeField(
        label=label,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_INPUT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        error_messages={"invalid": _("Enter a date and time, like 2025-03-14 09:30.")},
    )


def zero_to_ten_choices(blank_label=None):
    choices = [(value, str(value)) for value in range(11)]
    return [("", blank_label), *choices] if blank_label else choices


def is_ambiguous(moment, zone):
    return timezone.localtime(moment, zone).hour < AMBIGUOUS_BEFORE_HOUR


def day_choices(moment, zone):
    today = timezone.localtime(moment, zone).date()
    yesterday = today - timedelta(days=1)
    return [
        ("previous", _("Last night (%(day)s)") % {"day": formats.date_format(yesterday, "l j")}),
        ("same", _("Today (%(day)s)") % {"day": formats.date_format(today, "l j")}),
    ]


class OwnedForm(forms.ModelForm):
    """A ModelForm for something that belongs to one patient."""

    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class EntryForm(OwnedForm):
    """A form for one diary entry.

    `client_token` is minted when the blank form is shown; saving the same form
    twice returns the row the first save made. Entries made between midnight and
    4 am ask which diary day they belong to.
    """

    asks_which_day = True

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    belongs_to = forms.ChoiceField(
        label=_("Which day does this belong to?"),
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())
        self._offer_day_choice()

    def _offer_day_choice(self):
        if self.instance.pk is not None or not self.asks_which_day:
            del self.fields["belongs_to"]
            return
        shown_moment = self.initial.get(self.instance.moment_field) or timezone.now()
        if not is_ambiguous(shown_moment, self.owner.zone):
            # Still accepted when posted (the page may have been open since before 4 am).
            self.fields["belongs_to"].widget = forms.HiddenInput()
        self.fields["belongs_to"].choices = day_choices(shown_moment, self.owner.zone)
        self.initial.setdefault("belongs_to", "previous")

    def clean_belongs_to(self):
        return self.cleaned_data.get("belongs_to") or "same"

    def _post_clean(self):
        super()._post_clean()
        if not self.asks_which_day:
            return
        moment = getattr(self.instance, self.instance.moment_field, None)
        if self.errors or moment is None:
            return
        if self.instance.pk is not None and self.instance.moment_field not in self.changed_data:
            return
        day = patient_day_of(moment, self.owner)
        if (
            self.cleaned_data.get("belongs_to") == "previous"
            and "belongs_to" in self.fields
            and is_ambiguous(moment, self.owner.zone)
        ):
            day -= timedelta(days=1)
        self.instance.local_date = day

    def save_once(self):
        """Save, unless this very form was saved before; return (entry, created)."""
        token = self.cleaned_data.get("client_token")
        model = type(self.instance)
        if token and self.instance.pk is None:
            existing = model.objects.owned_by(self.owner).filter(client_token=token).first()
            if existing is not None:
                return existing, False
            self.instance.client_token = token
        if self.instance.pk is None:
            limits.count_new_entry(self.owner)  # raises TooManyEntries: nothing is saved
        try:
            with transaction.atomic():
                entry = self.save()
        except IntegrityError:
            if not token:
                raise
            return model.objects.owned_by(self.owner).get(client_token=token), False
        return entry, True
