"""The host's numbers for "call": the emergency number and a crisis line.

Guide pages name them by placeholder, never by a number, because numbers differ
by country: `{{EMERGENCY_NUMBER}}` and `{{CRISIS_LINE}}`. A page shows the host's
settings in their place, or plain words when a setting is unset. The diary's
safety lines read the same two functions.
"""

import re

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext


def emergency_number():
    return settings.EMERGENCY_NUMBER.strip() or gettext("your local emergency number")


def crisis_line():
    return settings.CRISIS_LINE.strip() or gettext("a crisis line in your country")


# The placeholder, the function that fills it, and the setting that says
# whether there is a real number to dial.
PLACEHOLDERS = {
    "{{EMERGENCY_NUMBER}}": (emergency_number, "EMERGENCY_NUMBER"),
    "{{CRISIS_LINE}}": (crisis_line, "CRISIS_LINE"),
}

# Letters only, so Markdown leaves them alone between the two steps of rendering.
_TOKENS = {
    placeholder: f"UNKNOTHELPNUMBER{index}X" for index, placeholder in enumerate(PLACEHOLDERS)
}


def fill_text(text):
    """Plain text with each placeholder replaced by the host's words."""
    for placeholder, (words, _setting) in PLACEHOLDERS.items():
        text = text.replace(placeholder, words())
    return text


def protect(markdown_text):
    """Markdown with each placeholder swapped for a token Markdown cannot alter."""
    for placeholder, token in _TOKENS.items():
        markdown_text = markdown_text.replace(placeholder, token)
    return markdown_text


def dial_link(setting_name, words):
    """The words as a link a phone can dial, when the host set a number."""
    digits = re.sub(r"[^\d+]", "", getattr(settings, setting_name).strip())
    if not digits:
        return format_html("<strong>{}</strong>", words)
    return format_html('<a class="help-number" href="tel:{}">{}</a>', digits, words)


def fill_html(html):
    """Sanitised HTML with each token replaced by the host's number (escaped)."""
    for placeholder, token in _TOKENS.items():
        if token in html:
            words, setting_name = PLACEHOLDERS[placeholder]
            html = html.replace(token, dial_link(setting_name, words()))
    return html
