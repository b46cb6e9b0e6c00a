"""Forms for the patient's data: bringing a diary file in, and deleting the account
with everything in it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from diary.data import restore


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
