"""What a browser sends when the patient asks for reminders on it, and the name the
patient gives a device. Both check everything before anything is saved."""

import binascii

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.utils.translation import gettext_lazy as _

from diary.models import PushSubscription
from diary.models.push import ENDPOINT_LENGTH
from diary.push import b64url_decode
from diary.validators import storable_text

AUTH_SECRET_BYTES = 16
KEY_FIELD_LENGTH = 200


def _decoded(value):
    try:
        return b64url_decode(value)
    except (binascii.Error, ValueError):
        return None


class SubscriptionForm(forms.Form):
    """A browser's PushSubscription (its toJSON(): endpoint and keys), flattened."""

    endpoint = forms.URLField(
        max_length=ENDPOINT_LENGTH,
        assume_scheme="https",
        error_messages={
            "required": _("The browser sent no push address."),
            "invalid": _("The browser's push address is not a web address."),
            "max_length": _("The browser's push address is too long."),
        },
    )
    p256dh = forms.CharField(
        max_length=KEY_FIELD_LENGTH,
        error_messages={"required": _("The browser sent no encryption key.")},
    )
    auth = forms.CharField(
        max_length=KEY_FIELD_LENGTH,
        error_messages={"required": _("The browser sent no authentication secret.")},
    )

    @classmethod
    def from_json(cls, data):
        """The form for the JSON body {"subscription": {"endpoint", "keys": {...}}}.
        Anything that is not that shape becomes an empty form, which says what is missing."""
        subscription = data.get("subscription") if isinstance(data, dict) else None
        if not isinstance(subscription, dict):
            subscription = {}
        keys = subscription.get("keys")
        if not isinstance(keys, dict):
            keys = {}
        fields = {
            "endpoint": subscription.get("endpoint"),
            "p256dh": keys.get("p256dh"),
            "auth": keys.get("auth"),
        }
        return cls({name: value for name, value in fields.items() if isinstance(value, str)})

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not endpoint.startswith("https://"):
            raise forms.ValidationError(_("The browser's push address must start with https://."))
        return endpoint

    def clean_p256dh(self):
        raw = _decoded(self.cleaned_data["p256dh"])
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw or b"")
        except ValueError:
            raise forms.ValidationError(
                _("The browser's encryption key is not a valid key.")
            ) from None
        return self.cleaned_data["p256dh"].strip()

    def clean_auth(self):
        raw = _decoded(self.cleaned_data["auth"])
        if raw is None or len(raw) != AUTH_SECRET_BYTES:
            raise forms.ValidationError(_("The browser's authentication secret is not valid."))
        return self.cleaned_data["auth"].strip()

    def message(self):
        """All the problems in one sentence or two, for the page to show."""
        return " ".join(str(error) for errors in self.errors.values() for error in errors)


class DeviceNameForm(forms.ModelForm):
    class Meta:
        model = PushSubscription
        fields = ["name"]
        labels = {"name": _("Name of this device")}
        error_messages = {
            "name": {
                "required": _("Give the device a name, such as “My phone”."),
                "max_length": _("Keep the name under %(limit_value)d characters."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(storable_text)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save the name"), css_class="btn-primary"))
