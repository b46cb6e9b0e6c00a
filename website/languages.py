"""The languages Unknot speaks, and which one each member reads.

A page is in the member's own choice (their profile), else the chooser's cookie, else
what the browser asks for (Accept-Language), else the host's LANGUAGE_CODE. Nothing
without a request (emails, push messages) can ask a browser: it is in the member's
choice, else the host's language.
"""

from django import forms
from django.conf import settings
from django.utils import translation


def supported(code) -> str:
    """The language we have for `code` ("es-MX" reads "es"); the host's when none."""
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def choices():
    """[(code, name)] with each name in its own language, as the chooser shows them."""
    return list(settings.LANGUAGES)


def of(user) -> str:
    """The language to write to this member in when there is no request."""
    return supported(getattr(user, "language", "") or settings.LANGUAGE_CODE)


def speaking_to(user):
    """`with speaking_to(user):` the strings inside are in the member's language."""
    return translation.override(of(user))


class LanguageSelect(forms.Select):
    """A list of languages, each name marked as written in its own language."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option
