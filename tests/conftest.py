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
