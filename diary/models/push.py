"""Web push: the devices a patient asked to be reminded on, and the server's keys.

A `PushSubscription` is what a browser hands over when the patient presses "Remind
me on this device": the push service's address for that browser (`endpoint`) and the
two keys the message is encrypted for (`p256dh`, `auth`). It is read only through
`owned_by`, like every diary row, and is not in the admin: an endpoint is an address
that reaches the patient's phone, and the host has no reason to see it.

`VapidKeys` is one row: the key pair the server signs its push messages with
(VAPID, RFC 8292). It is made on first use (diary.push.vapid_keys) and kept in the
database, so it survives restarts and every app server signs with the same key;
a browser subscribed with one public key accepts messages signed with that key only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ENDPOINT_LENGTH = 1000  # push services' addresses are a few hundred characters
DEVICE_NAME_LENGTH = 80
PEM_LENGTH = 1000  # a P-256 key in PEM is about 240 characters


class PushSubscriptionQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The only way devices are read for a person: their own, nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class PushSubscription(models.Model):
    """One browser on one device that shows this patient's reminders."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("patient"),
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    endpoint = models.URLField(_("push address"), max_length=ENDPOINT_LENGTH)
    # The browser's public key (P-256, base64url) and its 16-byte auth secret (base64url).
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    name = models.CharField(
        _("device name"),
        max_length=DEVICE_NAME_LENGTH,
        help_text=_("A name you recognise, such as “My phone”."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    last_success_at = models.DateTimeField(_("last reminder delivered"), null=True, blank=True)

    objects = PushSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("device for reminders")
        verbose_name_plural = _("devices for reminders")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "endpoint"], name="one_subscription_per_device"
            )
        ]

    def __str__(self):
        return self.name


class VapidKeys(models.Model):
    """The server's one VAPID key pair. Always the row with pk 1."""

    SINGLE_PK = 1

    # The private key as PEM (PKCS#8), the public key as the base64url uncompressed
    # point a browser's pushManager.subscribe takes as applicationServerKey.
    private_key_pem = models.TextField(max_length=PEM_LENGTH)
    public_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("push signing keys")
        verbose_name_plural = _("push signing keys")

    def __str__(self):
        return self.public_key
