"""A second factor for staff: a code from an authenticator app before the admin opens.

Clinicians read other people's health diaries and hosts manage every account, so a
stolen password alone must not be enough. With `settings.STAFF_2FA` on (the default),
the admin site (`site.UnknotAdminSite`) lets a staff member in only once this session
has been verified with a TOTP device (django-otp). A staff member without a device is
shown how to add one, with a QR code drawn on the server. Patients are never asked.
"""

from django.conf import settings


def second_factor_required():
    return settings.STAFF_2FA


def second_factor_passed(user):
    """Has `user` shown their second factor in this session (or is none required)?

    `is_verified` is put on `request.user` by django-otp's middleware. A user object that
    did not come through a request (a management command, a test calling a function
    directly) has no such session to check and is not refused here.
    """
    if not second_factor_required():
        return True
    is_verified = getattr(user, "is_verified", None)
    return is_verified is None or bool(is_verified())
