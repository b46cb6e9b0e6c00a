"""What the reminders page's device list (templates/diary/includes/push_devices.html)
needs, so the page's own view does not have to know about push."""

from django import template

from diary.models import PushSubscription
from diary.push import vapid_keys

register = template.Library()


@register.simple_tag
def push_devices(user):
    """The patient's devices, oldest first, and the server's public key, which the
    browser needs to subscribe (made here the first time a patient opens the page)."""
    return {
        "devices": list(PushSubscription.objects.owned_by(user)),
        "public_key": vapid_keys().public_key,
    }
