import zoneinfo

from axes.helpers import get_client_ip_address
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
    UsernameField,
)
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from diary.care import sharing
from diary.clinical import patient_today
from diary.models import Invitation, User
from diary.models.accounts import time_zone_choices, time_zone_label
from website import languages


def _submit_helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-primary btn-lg"))
    return helper


class LogInForm(AuthenticationForm):
    """Django's log-in form, with the username's length checked like any field's: its
    own form sets max_length only after the field is built, so nothing enforced it, and
    a very long name reached the failed-log-in record."""

    username = UsernameField(
        max_length=User._meta.get_field("username").max_length,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class FocusFirstErrorMixin:
    """When the page comes back with errors, the first field with one gets the focus
    (autofocus: no JavaScript needed). Every error goes through add_error, the
    field's own, the form's clean and the view's alike."""

    def add_error(self, field, error):
        super().add_error(field, error)
        first = next((name for name in self.fields if name in self.errors), None)
        for name, form_field in self.fields.items():
            if name == first:
                form_field.widget.attrs["autofocus"] = True
            else:
                form_field.widget.attrs.pop("autofocus", None)


# Django's words for its four password rules are hard to take in on a bad day; ours,
# by the code each rule raises. Any other rule keeps its own words.
PASSWORD_RULE_MESSAGES = {
    "password_too_similar": _(
        "This password is too close to your username or email. Choose something less like them."
    ),
    "password_too_common": _(
        "Many people use this password, so it is easy to guess. Choose one that is your own."
    ),
    "password_entirely_numeric": _(
        "This password is only numbers. Add some letters, or use a few words."
    ),
}


def plain_password_error(error):
    if error.code == "password_too_short":
        return ValidationError(
            _("This password is too short. Use at least %(min_length)d characters.")
            % {"min_length": error.params["min_length"]},
            code=error.code,
        )
    if error.code in PASSWORD_RULE_MESSAGES:
        return ValidationError(PASSWORD_RULE_MESSAGES[error.code], code=error.code)
    return error


def minimum_password_length():
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    return max(lengths, default=0)


class SignUpForm(FocusFirstErrorMixin, BaseUserCreationForm):
    """A new account. When sign-up is invite-only, a code from the host is needed."""

    error_messages = {
        **BaseUserCreationForm.error_messages,
        "password_mismatch": _("The two passwords are not the same. Type them both again."),
    }

    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("Only used to reset your password if you forget it."),
    )
    invitation_code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        required=False,
        help_text=_(
            "The code your group's host gave you, like KQ7M-4TXP. Capital or small "
            "letters, with or without the dash."
        ),
    )
    # Filled in by the browser (static/js/timezone.js); without JavaScript the
    # server's zone is used and the patient can change it on their profile.
    time_zone = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if settings.SIGNUP != "invite-only":
            del self.fields["invitation_code"]
        else:
            self.fields["invitation_code"].required = True
        self.fields["username"].help_text = _(
            "Letters, digits and @ . + - _ only. Others in your group will not see it "
            "unless you share your diary."
        )
        self.fields["password1"].help_text = self.password_help_text()
        self.fields["password2"].label = _("Password again")
        self.fields["password2"].help_text = _("Type the same password, to be sure of it.")
        self.helper = _submit_helper(_("Create my account"))

    @staticmethod
    def password_help_text():
        length = minimum_password_length()
        if length:
            return _(
                "At least %(min_length)d characters. A few words you will remember work "
                "well. Not only numbers, and not like your username."
            ) % {"min_length": length}
        return _("A few words you will remember work well.")

    @sensitive_variables("password")
    def validate_password_for_user(self, user, password_field_name="password2"):
        """Check the rules on the first password, so a failure shows under "Password",
        in our own words."""
        password = self.cleaned_data.get("password1")
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            self.add_error("password1", [plain_password_error(each) for each in error.error_list])

    def clean_invitation_code(self):
        code = self.cleaned_data["invitation_code"]
        self.invitation = Invitation.objects.usable().with_code(code).first()
        if self.invitation is None:
            raise forms.ValidationError(
                _(
                    "That invitation code is not valid, or has been used. "
                    "Ask your host for a new one."
                )
            )
        return code

    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"]
        return name if name in zoneinfo.available_timezones() else settings.TIME_ZONE

    def save(self, commit=True):
        """Create the account. Raises UsernameTaken when someone else took the username
        between the check and the save (two sign-ups at once), and InvitationAlreadyUsed
        when they took the code; either way nothing is saved."""
        user = super().save(commit=False)
        user.time_zone = self.cleaned_data["time_zone"]
        # The language the sign-up page was read in: their emails are written in it.
        user.language = languages.supported(translation.get_language())
        if not commit:
            return user
        try:
            with transaction.atomic():
                user.save()
                invitation = getattr(self, "invitation", None)
                if invitation is not None:
                    # Lock the code so two people racing with it cannot both use it.
                    locked = Invitation.objects.select_for_update().usable()
                    if not locked.filter(pk=invitation.pk).exists():
                        raise InvitationAlreadyUsed
                    invitation.mark_used(user)
        except IntegrityError:
            if not User.objects.filter(username=user.username).exists():
                raise
            raise UsernameTaken from None
        return user

    def add_username_taken_error(self):
        """The same words the form uses when the username was already taken before."""
        message = User._meta.get_field("username").error_messages["unique"]
        self.add_error("username", message)


class InvitationAlreadyUsed(Exception):
    pass


class UsernameTaken(Exception):
    """Another sign-up saved the same username a moment earlier."""


RESET_WINDOW_SECONDS = 60 * 60


def _count_within_limit(key, limit):
    """Count one more in this hour's `key`; whether the count is still within `limit`
    (0: no limit). The hour starts at the first count."""
    if not limit:
        return True
    cache.add(key, 0, timeout=RESET_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=RESET_WINDOW_SECONDS)
        count = 1
    return count <= limit


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending fewer emails: at most
    PASSWORD_RESET_REQUESTS_PER_ADDRESS requests from one address and
    PASSWORD_RESET_EMAILS_PER_ACCOUNT emails to one account an hour. Past a limit the
    page answers exactly as when the email went, so it tells no one whether an
    account exists."""

    def save(self, *args, request=None, **kwargs):
        address = get_client_ip_address(request) if request is not None else None
        key = f"unknot:password-reset:address:{address}"
        if _count_within_limit(key, settings.PASSWORD_RESET_REQUESTS_PER_ADDRESS):
            super().save(*args, request=request, **kwargs)

    def send_mail(self, *args, **kwargs):
        # In the account's language, whatever language the request was made in.
        user = args[2]["user"] if len(args) > 2 else kwargs["context"]["user"]
        with languages.speaking_to(user):
            super().send_mail(*args, **kwargs)

    def get_users(self, email):
        limit = settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT
        for user in super().get_users(email):
            if _count_within_limit(f"unknot:password-reset:account:{user.pk}", limit):
                yield user


OLDEST_BIRTH_YEAR = 1900  # an earlier year is a typo


class ProfileForm(FocusFirstErrorMixin, forms.ModelForm):
    """The account's own settings. A clinician also chooses whether patients are offered
    them on the sharing page, and with which practice."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        # static/js/unknot.js moves the device's own zone to the top, under this label.
        widget=forms.Select(attrs={"data-device-zone-label": _("This device’s time zone")}),
    )

    language = forms.ChoiceField(
        label=_("Language"),
        choices=languages.choices,
        widget=languages.LanguageSelect,
        required=False,  # a form sent without it keeps the language in use
        help_text=_("Pages and emails are in this language, on every device."),
    )

    class Meta:
        model = User
        fields = (
            "email",
            "language",
            "shown_name",
            "date_of_birth",
            "time_zone",
            "safety_lines_enabled",
            "listed_for_patients",
            "practice",
        )
        labels = {
            "email": _("Email"),
            "shown_name": _("Name shown to clinicians (optional)"),
            "date_of_birth": _("Date of birth (optional)"),
            "safety_lines_enabled": _("After a log that may need help, show where to get it"),
            "listed_for_patients": _("List me for patients to choose"),
            "practice": _("Practice (optional)"),
        }
        help_texts = {
            "email": _("Used for password resets and reminders you turn on."),
            "date_of_birth": _(
                "Shown to the clinicians you share your diary with, so they know it is you. "
                "Never to other patients."
            ),
            "safety_lines_enabled": _(
                "For example after a strong spasm in your chest, or a check-in with your lowest "
                "mood: one line under “Saved” with a link to “When to get help”. It never stops "
                "you saving."
            ),
            "listed_for_patients": _(
                "Patients sharing their diary see your name and practice in a list. "
                "Unticked, they can still share with you by your username or email."
            ),
        }
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {"date_of_birth": {"invalid": _("Enter a date, like 1970-04-03.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].help_text = User._meta.get_field("time_zone").help_text
        self.offer_the_saved_time_zone()
        if not self.instance.language:
            self.initial["language"] = languages.supported(translation.get_language())
        if sharing.is_clinician(self.instance):
            self.fields["shown_name"].label = _("Name shown to patients and clinicians (optional)")
            self.fields["shown_name"].help_text = _(
                "For example: Dr Ana Lee. Left empty, others see your username."
            )
        else:
            del self.fields["listed_for_patients"]
            del self.fields["practice"]
        self.helper = _submit_helper(_("Save"))

    def offer_the_saved_time_zone(self):
        """A zone saved before (an old name, UTC, or one the browser sent at sign-up)
        that the list does not offer is still shown, selected, at the top."""
        saved = self.instance.time_zone
        field = self.fields["time_zone"]
        if saved and not field.valid_value(saved):
            field.choices = [(saved, time_zone_label(saved)), *field.choices]

    def clean_shown_name(self):
        return " ".join(self.cleaned_data["shown_name"].split())

    def clean_language(self):
        chosen = self.cleaned_data["language"]
        return chosen or self.instance.language or languages.supported(translation.get_language())

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is not None and born > patient_today(self.instance):
            raise forms.ValidationError(_("That day has not come yet. Check the year."))
        if born is not None and born.year < OLDEST_BIRTH_YEAR:
            raise forms.ValidationError(_("Check the year: it is before 1900."))
        return born


class ReminderForm(forms.ModelForm):
    """The reminders page: the daily check-in reminder, how reminders come (push or
    email, for check-in and doses alike) and quiet hours."""

    class Meta:
        model = User
        fields = [
            "reminder_enabled",
            "reminder_time",
            "reminder_channel",
            "quiet_from",
            "quiet_until",
        ]
        labels = {
            "reminder_enabled": _("Remind me to check in"),
            "reminder_time": _("At this time (your own time)"),
            "reminder_channel": _("How reminders come"),
            "quiet_from": _("Quiet hours: from"),
            "quiet_until": _("until"),
        }
        help_texts = {
            "reminder_enabled": _(
                "One short reminder a day, only on days you have not checked in yet."
            ),
            "reminder_channel": _(
                "For the check-in and for medicines with reminders. Dose reminders are "
                "turned on for each medicine in My medicines."
            ),
            "quiet_until": _(
                "No reminder comes in these hours, like 22:00 until 07:00: one due then "
                "waits until they end, and is not sent if that is more than 3 hours late. "
                "Leave both empty for no quiet hours."
            ),
        }
        widgets = {
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "reminder_channel": forms.RadioSelect,
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("reminder_time", "quiet_from", "quiet_until"):
            self.fields[name].error_messages["invalid"] = _("Enter a time like 20:00.")
        # A form from before the choice existed (or a page without it) keeps the choice.
        self.fields["reminder_channel"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-primary btn-lg"))

    def clean_reminder_channel(self):
        return self.cleaned_data.get("reminder_channel") or self.instance.reminder_channel

    def clean(self):
        data = super().clean()
        has_device = self.instance.pk and self.instance.push_subscriptions.exists()
        if data.get("reminder_enabled") and not self.instance.email and not has_device:
            self.add_error(
                "reminder_enabled",
                _(
                    "Reminders need a way to reach you: add your email address on your "
                    "account page, or set up this device below."
                ),
            )
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if (start is None) != (end is None) and not self.errors.keys() & {
            "quiet_from",
            "quiet_until",
        }:
            self.add_error(
                "quiet_until" if end is None else "quiet_from",
                _("Give both ends of your quiet hours, or leave both empty."),
            )
        return data

    def save(self, commit=True):
        # Only these fields: the day last sent stays, so a changed time never brings a
        # second reminder on the same day.
        user = super().save(commit=False)
        if commit:
            user.save(update_fields=self._meta.fields)
        return user
