"""Web push: reminders that reach a patient's phone even when Unknot is not open.

A patient presses "Remind me on this device" on the reminders page; the browser asks
its push service (Google's for Chrome, Mozilla's for Firefox, Apple's for Safari) for
an address, and the page sends that address and the browser's keys here
(`PushSubscription`). To remind the patient, the server encrypts a short message for
those keys and posts it to the address, signed with the server's own key (VAPID), and
the browser's service worker (static/js/sw.js) shows it as a notification.

The contract of `send_push(user, title, body, url, tag=None) -> int`, which the
reminders runner calls:

- It sends one message to every device the patient has added, and returns how many
  push services took it (0 when the patient has no device, or none answered).
- The message is JSON: {"title", "body", "url", "tag"}. It leaves the server encrypted,
  but it passes through a push service the patient did not choose and is shown on a
  lock screen, so it must carry NO health data: "Time for your check-in", or
  "Dose due: " and the label the patient chose for the medicine, nothing more. `url`
  is a path on this site (the notification opens it); `tag` makes a newer message
  replace an older one with the same tag on the device. Title and body are shown as
  given: translate them in the patient's language before calling.
- A device its push service says is gone (404 or 410: the patient unsubscribed,
  cleared the browser, or the address expired) is deleted. Any other failure of one
  device (a timeout, a refused message, a broken key) is logged and skipped: it never
  raises, and the other devices still get the message.
- It makes one HTTP request per device, outside any transaction, with a 10-second
  timeout: call it from the worker, never inside a request.

The server's key pair is made on first use (`vapid_keys()`) and kept in the database,
so every app server signs with the same key and a restart changes nothing. A new pair
(`manage.py make_vapid_keys --rotate`) means every device must subscribe again.
"""

import base64
import json
import logging
from email.utils import parseaddr

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from diary.models import PushSubscription, VapidKeys

logger = logging.getLogger(__name__)

# How long a push service keeps a message for a device that is switched off. A
# reminder older than this is no use: the next one will come.
TIME_TO_LIVE = 4 * 60 * 60
URGENCY = "normal"
TIMEOUT_SECONDS = 10
GONE = (404, 410)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _new_key_fields():
    vapid = Vapid()
    vapid.generate_keys()
    public = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {"private_key_pem": vapid.private_pem().decode("ascii"), "public_key": b64url(public)}


def vapid_keys():
    """The server's VAPID key pair, made the first time it is asked for.

    Two processes asking at once make one pair: the row has a fixed primary key, and
    the one that loses the race reads the winner's."""
    keys = VapidKeys.objects.filter(pk=VapidKeys.SINGLE_PK).first()
    if keys is not None:
        return keys
    try:
        with transaction.atomic():
            keys, _created = VapidKeys.objects.get_or_create(
                pk=VapidKeys.SINGLE_PK, defaults=_new_key_fields()
            )
    except IntegrityError:
        keys = VapidKeys.objects.get(pk=VapidKeys.SINGLE_PK)
    return keys


def rotate_vapid_keys():
    """Replace the key pair. Every device was subscribed with the old public key and
    its push service will refuse messages signed with the new one, so the devices are
    removed too; returns (keys, number of devices removed)."""
    with transaction.atomic():
        removed, _by_model = PushSubscription.objects.all().delete()
        keys, _created = VapidKeys.objects.update_or_create(
            pk=VapidKeys.SINGLE_PK, defaults=_new_key_fields()
        )
    return keys, removed


def contact():
    """Who a push service writes to about this server's messages (VAPID's "sub")."""
    address = settings.PUSH_CONTACT or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if address.startswith(("mailto:", "https://")):
        return address
    return "mailto:" + address


def payload(title, body, url, tag=None):
    """The JSON a device receives: these four short texts and nothing else."""
    return json.dumps(
        {"title": str(title), "body": str(body), "url": str(url), "tag": tag and str(tag)},
        ensure_ascii=False,
    )


def _signer(keys):
    # "no-strict": a host whose From address py_vapid finds odd still sends reminders.
    vapid = Vapid.from_pem(keys.private_key_pem.encode("ascii"))
    vapid.conf = {"no-strict": True}
    return vapid


def send_push(user, title, body, url, tag=None):
    """Send a reminder to each of the patient's devices; return how many took it.
    See the module's docstring for the contract."""
    devices = list(PushSubscription.objects.owned_by(user))
    if not devices:
        return 0
    signer = _signer(vapid_keys())
    data = payload(title, body, url, tag)
    delivered = 0
    with requests.Session() as session:
        for device in devices:
            if _send_one(device, data, signer, session):
                delivered += 1
    return delivered


def _send_one(device, data, signer, session):
    try:
        webpush(
            subscription_info={
                "endpoint": device.endpoint,
                "keys": {"p256dh": device.p256dh, "auth": device.auth},
            },
            data=data,
            vapid_private_key=signer,
            vapid_claims={"sub": contact()},
            ttl=TIME_TO_LIVE,
            headers={"Urgency": URGENCY},
            timeout=TIMEOUT_SECONDS,
            requests_session=session,
        )
    except WebPushException as error:
        status = error.status_code
        if status in GONE:
            logger.info("Push device %s is gone (HTTP %s): removed", device.pk, status)
            PushSubscription.objects.filter(pk=device.pk).delete()
        else:
            logger.warning("Push to device %s failed (HTTP %s)", device.pk, status)
        return False
    except Exception:
        # A timeout, a refused connection, a key that no longer decodes: this one
        # device misses the reminder, the others still get it.
        logger.warning("Push to device %s failed", device.pk, exc_info=True)
        return False
    PushSubscription.objects.filter(pk=device.pk).update(last_success_at=timezone.now())
    return True


def subscribe(user, endpoint, p256dh, auth, name):
    """Keep a browser's subscription for the patient. Subscribing the same browser
    again updates its keys and keeps the name the patient gave it. A browser reminds
    one account: if someone else's account had this browser, it no longer does."""
    with transaction.atomic():
        PushSubscription.objects.filter(endpoint=endpoint).exclude(owner=user).delete()
        device, _created = PushSubscription.objects.update_or_create(
            owner=user,
            endpoint=endpoint,
            defaults={"p256dh": p256dh, "auth": auth},
            create_defaults={"p256dh": p256dh, "auth": auth, "name": name},
        )
    return device


# (what the User-Agent header contains, the name shown), first match wins. Names of
# browsers and systems are not translated.
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_name(user_agent):
    """A first name for a device, from its browser: "Chrome on Android"."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("This device")
