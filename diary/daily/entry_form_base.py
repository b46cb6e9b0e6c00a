"""What every diary form shares: an owner, a once-only token, and the
"which day does this belong to?" question for entries made after midnight."""

import uuid
from datetime import timedelta

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.forms.fields import BaseTemporalField
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from diary.clinical import patient_day_of
from diary.daily import limits, offline
from diary.validators import SANE_DAYS_MESSAGE, check_sane_day, slug_from_query, storable_text

# Between midnight and this hour, "tonight" may still mean yesterday's diary day.
AMBIGUOUS_BEFORE_HOUR = 4
DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_INPUT_FORMAT)


class SaneRangeMixin:
    """A date or date-time field that refuses a day before 1900 or after tomorrow.

    The check reads the day as typed, before the value meets any time zone: year 1
    east of UTC or year 9999 west of it would otherwise overflow on the way to the
    database. `zone` is the patient's (set by the form); the active zone if not set.
    """

    zone = None
    default_error_messages = {"out_of_range": SANE_DAYS_MESSAGE}

    def check_day(self, day):
        try:
            check_sane_day(day, self.zone or timezone.get_current_timezone())
        except ValidationError as error:
            raise ValidationError(self.error_messages["out_of_range"], code=error.code) from None


class MomentField(SaneRangeMixin, forms.DateTimeField):
    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            value = self._as_typed(value.strip())
            self.check_day(value.date())
        return super().to_python(value)

    def _as_typed(self, text):
        """The date-time as typed, still without a zone (or with the one typed)."""
        try:
            parsed = parse_datetime(text)
        except ValueError:
            parsed = None
        if parsed is None:
            parsed = BaseTemporalField.to_python(self, text)
        return parsed


class DayField(SaneRangeMixin, forms.DateField):
    def to_python(self, value):
        day = super().to_python(value)
        self.check_day(day)
        return day


class SlugChoiceField(forms.ModelChoiceField):
    """A catalogue item posted by its slug: anything that cannot be a slug (a NUL, a
    megabyte) is an invalid choice before it reaches the database."""

    def to_python(self, value):
        if value not in self.empty_values and not slug_from_query(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SlugMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for slug in value or ():
            if not slug_from_query(str(slug)):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": "…"},
                )
        return super()._check_values(value)


def moment_field(label):
    return MomentField(
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
        (
            "previous",
            _("Last night (%(day)s)")
            % {"day": formats.date_format(yesterday, "WEEKDAY_DAY_FORMAT")},
        ),
        ("same", _("Today (%(day)s)") % {"day": formats.date_format(today, "WEEKDAY_DAY_FORMAT")}),
    ]


def refuse_unstorable_text(field):
    """One clear message for a NUL or a lone surrogate, instead of Django's own."""
    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, ProhibitNullCharactersValidator)
    ]
    if storable_text not in field.validators:
        field.validators.append(storable_text)


class OwnedForm(forms.ModelForm):
    """A ModelForm for something that belongs to one patient."""

    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        for field in self.fields.values():
            if isinstance(field, SaneRangeMixin):
                field.zone = owner.zone
            if isinstance(field, forms.CharField):
                refuse_unstorable_text(field)
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

    def clean(self):
        cleaned = super().clean()
        self._keep_the_time_it_was_made()
        return cleaned

    def _keep_the_time_it_was_made(self):
        """An entry kept on the device while offline (diary/daily/offline.py) is saved
        at the time it was made, where the form does not ask for a time itself."""
        made_at = self.data.get("made_at") if self.is_bound else None
        moment_field = self.instance.moment_field
        if not made_at or self.instance.pk is not None or moment_field in self.fields:
            return
        if not self.asks_which_day:
            return  # a check-in belongs to the day it names; it has no time to keep
        try:
            setattr(self.instance, moment_field, offline.moment_made(made_at))
        except ValidationError as error:
            self.add_error(None, error)

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
        try:
            check_sane_day(day, self.owner.zone)  # "last night" of 1 January 1900 is 1899
        except ValidationError as error:
            self.add_error(self.instance.moment_field, error)
            return
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
            # The same form saved a moment ago (a double tap): that row is the answer.
            # Any other clash (the day's one check-in) is left to the form to answer.
            mine = model.objects.owned_by(self.owner)
            existing = mine.filter(client_token=token).first() if token else None
            if existing is None:
                raise
            return existing, False
        return entry, True
