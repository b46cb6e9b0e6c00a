"""Forms for the patient's data: bringing a diary file in, and deleting the account
with everything in it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from diary.data import import_jobs, restore
from diary.models import ImportJob


class ImportForm(forms.Form):
    """A diary file, read and checked whole by `clean`, then imported by `save`.

    A file that holds someone else's diary (its username is not the importer's)
    is not imported at once: `save` keeps it on the server (restore.hold_file) and
    the form comes back asking "Yes, import this diary of … into mine"; the kept
    file travels as the signed `kept` token, so no JavaScript and no second upload.
    """

    file = forms.FileField(
        label=_("Your diary file (.json)"),
        help_text=_("The file you downloaded with “Download everything (JSON)”."),
        required=False,  # not when confirming a file the server keeps
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    kept = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.diary = None  # restore.DiaryFile, once the file is read
        self.held = None  # (path, importer's id) of the kept file being confirmed
        self.queued = False  # too big to import in the request: `save` makes a job
        self.needs_confirmation = False
        if self.is_bound and self.data.get("kept"):
            self.fields["confirm"] = self._confirm_field()
        self.helper = FormHelper()
        self.helper.add_input(Submit("import", _("Import"), css_class="btn-primary btn-lg"))

    @staticmethod
    def _confirm_field(owner=""):
        return forms.BooleanField(
            required=False,
            label=_("Yes, import this diary of %(name)s into mine") % {"name": owner},
        )

    def clean(self):
        cleaned = super().clean()
        if "file" in self.errors:
            return cleaned
        upload = cleaned.get("file")
        if upload is None and cleaned.get("kept"):
            self.held = restore.held_file(cleaned["kept"])
            if self.held is None:
                self.add_error("file", _("That file is no longer kept here. Choose it again."))
                return cleaned
            with File(self.held[0].open("rb")) as kept:
                self._read(kept)
        elif upload is None:
            self.add_error("file", _("Choose your diary file (.json)."))
        elif upload.size > import_jobs.inline_max_bytes():
            try:
                restore.check_size(upload.size)
            except restore.ImportRefused as refusal:
                self.add_error("file", str(refusal))
            self.queued = True
        else:
            self._read(upload)
        return cleaned

    def _read(self, upload):
        try:
            self.diary = restore.read_export(upload)
        except restore.ImportRefused as refusal:
            self.add_error("file", str(refusal))

    def save(self, user) -> restore.ImportResult | ImportJob | None:
        """Import the file: what was imported (ImportResult), or for a big file the job
        that will import it (ImportJob); None when nothing was imported (the form says
        why, or asks)."""
        if self.held is not None and self.held[1] != user.pk:
            self.add_error("file", _("That file is no longer kept here. Choose it again."))
            return None
        if self.queued:
            return import_jobs.queue_import(user, self.cleaned_data["file"])
        if self.diary.username != user.get_username():
            if self.held is None:
                self._ask_to_confirm(restore.hold_file(self.cleaned_data["file"], user))
                return None
            if not self.cleaned_data.get("confirm"):
                self._ask_to_confirm(self.cleaned_data["kept"])
                self.add_error("confirm", _("Tick the box to import this file, or choose another."))
                return None
        try:
            result = restore.save_diary(user, self.diary)
        except restore.ImportRefused as refusal:
            self.add_error("file", str(refusal))
            return None
        if self.held is not None:
            restore.forget_file(self.cleaned_data["kept"])
        return result

    def _ask_to_confirm(self, token):
        """Come back with the kept file's token and the box to tick, nothing imported."""
        self.needs_confirmation = True
        self.owner_shown = self.diary.owner_shown
        self.data = self.data.copy()
        self.data["kept"] = token
        self.data.pop("confirm", None)
        self.fields["confirm"] = self._confirm_field(self.owner_shown)
        self.fields["file"].help_text = _("Or choose another file instead.")


class ConfirmOwnerForm(forms.Form):
    """On a waiting import job's page: "yes, import this diary of … into mine"."""

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        self.owner_shown = restore.shown(job.file_owner, 150)
        self.fields["confirm"] = ImportForm._confirm_field(self.owner_shown)
        self.helper = FormHelper()
        self.helper.add_input(Submit("import", _("Import"), css_class="btn-primary btn-lg"))

    def clean_confirm(self):
        if not self.cleaned_data["confirm"]:
            raise forms.ValidationError(_("Tick the box to import this file, or choose another."))
        return True

    def save(self) -> bool:
        """Queue the job again, now confirmed; False if it was no longer waiting."""
        return import_jobs.confirm_owner(self.job)


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
