"""Personas shared by the whole suite: a patient who owns a diary, a clinician the
diary can be shared with, and a stranger who must never see it."""

import pytest
from django.db import connection

PASSWORD = "a-long-test-password-42"


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({settings.DATABASES['default'].get('HOST') or 'local file'})"


@pytest.fixture
def make_user(django_user_model):
    def make(username, **extra):
        return django_user_model.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.org", **extra
        )

    return make


@pytest.fixture
def patient(make_user):
    return make_user("pat", time_zone="Europe/London")


@pytest.fixture
def stranger(make_user):
    return make_user("stranger")


@pytest.fixture
def clinician(make_user):
    return make_user("dr_lee", is_staff=True)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client


@pytest.fixture
def database_vendor():
    return connection.vendor


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: counters such as entries per minute."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def otp_verified():
    """`otp_verified(client, user)`: give `user` an authenticator app and mark the client's
    session as having typed its code, as the admin requires of staff when STAFF_2FA is on.
    Logs the user in first if the client is not. Returns the TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def verify(client, user):
        if "_auth_user_id" not in client.session:
            client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return device

    return verify
