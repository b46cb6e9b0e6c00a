"""Forms for the patient's data: the report's period, import, deleting the account,
and the daily reminder."""

from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from diary.data import restore
from diary.insights import Period
from diary.validators import not_before_1900

# A report longer than this is no longer "one page before an appointment".
MAX_REPORT_DAYS = 5 * 366


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReportPeriodForm(forms.Form):
    """The report's first and last day; both optional, the last 30 days by default."""

    start = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), validators=[not_before_1900]
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), validators=[not_before_1900]
    )
    # A clinician's report keeps naming its patient when the period changes.
    patient = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, today, diary_start=None, **kwargs):
        self.today = today
        self.diary_start = diary_start
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "report-period"
        self.helper.add_input(Submit("", _("Show this period"), css_class="btn-primary"))

    def clean(self):
        data = super().clean()
        # Days that have not come yet are not days without spasms: the period ends today.
        end = min(data.get("end") or self.today, self.today)
        start = data.get("start") or end - timedelta(days=29)
        if start > end:
            self.add_error("start", _("The first day must be before the last day."))
        elif (end - start).days + 1 > MAX_REPORT_DAYS:
            self.add_error("start", _("Choose a period of 5 years or less."))
        elif self.diary_start is not None and end < self.diary_start:
            self.add_error(
                "end",
                _("Your diary begins on %(day)s. Choose days from then on.")
                % {"day": formats.date_format(self.diary_start, "j F Y")},
            )
        data["period"] = Period.between(start, end, self.diary_start) if start <= end else None
        return data

    def period(self) -> Period:
        """The chosen period, or the last 30 days when the choice is missing or invalid."""
        if self.is_valid() and self.cleaned_data.get("period"):
            return self.cleaned_data["period"]
        return Period.ending(self.today, 30, self.diary_start)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Your diary file (.json)"),
        help_text=_("The file you downloaded with “Download everything (JSON)”."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("import", _("Import"), css_class="btn-primary btn-lg"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.document = restore.read_export(upload)
        except restore.ImportRefused as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        return upload

    def save(self, user) -> restore.ImportResult:
        """Import the file; a problem found in its entries becomes the file field's error."""
        try:
            return restore.import_diary(user, self.document)
        except restore.ImportRefused as refusal:
            self.add_error("file", str(refusal))
            return None


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("delete", _("Delete my account and diary"), css_class="btn-danger btn-lg")
        )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Nothing was deleted."))
        return password

    def save(self):
        """Delete the account and everything that belongs to it.

        Every diary row, share and access-log entry about the patient goes with
        the account (their foreign keys cascade); so do the records of failed
        log-ins kept under their username.
        """
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        username = self.user.get_username()
        with transaction.atomic():
            for model in (AccessAttempt, AccessFailureLog, AccessLog):
                model.objects.filter(username=username).delete()
            get_user_model().objects.filter(pk=self.user.pk).delete()


class ReminderForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["reminder_enabled", "reminder_time"]
        labels = {
            "reminder_enabled": _("Email me a reminder to check in"),
            "reminder_time": _("At this time (your own time)"),
        }
        help_texts = {
            "reminder_enabled": _(
                "One short email a day, only on days you have not checked in yet."
            ),
        }
        widgets = {"reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reminder_time"].error_messages["invalid"] = _("Enter a time like 20:00.")
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-primary btn-lg"))

    def clean(self):
        data = super().clean()
        if data.get("reminder_enabled") and not self.instance.email:
            self.add_error(
                "reminder_enabled",
                _("Reminders go by email: add your email address on your account page first."),
            )
        return data

    def save(self, commit=True):
        # Only these two fields: the day last sent stays, so a changed time never
        # brings a second reminder on the same day.
        user = super().save(commit=False)
        if commit:
            user.save(update_fields=["reminder_enabled", "reminder_time"])
        return user
