import django_otp
from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app shows, checked against one device."""

    code = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": _("Type the 6 digits your app shows.")},
    )

    def __init__(self, *args, user, device, **kwargs):
        self.user = user
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError(_("The code is the 6 digits your app shows."))
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            until = (details or {}).get("locked_until")
            if until is not None:
                raise forms.ValidationError(
                    _("Too many wrong codes in a row. Wait until %(time)s, then try again.")
                    % {"time": formats.time_format(until, "H:i:s")}
                )
            raise forms.ValidationError(_("Too many wrong codes in a row. Wait, then try again."))
        # Locks the device row while checking, so one code cannot be used twice at once.
        if django_otp.verify_token(self.user, self.device.persistent_id, code) is None:
            raise forms.ValidationError(
                _("That code did not match. Codes change every 30 seconds: type the one shown now.")
            )
        return code
