"""Clinicians and shares for the clinician tests.

`doctor` (the suite's `clinician` persona in the Clinicians group) and the diary
builders live in tests/conftest.py; `shared` opens the patient's diary to the doctor.
"""

import pytest

from diary import sharing
from tests import conftest as suite
from tests.conftest import Diary

# tests/security/conftest.py takes these from here along with the fixtures below.
clinicians_group, doctor = suite.clinicians_group, suite.doctor


@pytest.fixture
def make_clinician(make_user, clinicians_group):
    def make(username, **extra):
        user = make_user(username, is_staff=True, **extra)
        user.groups.add(clinicians_group)
        return user

    return make


@pytest.fixture
def other_doctor(make_clinician):
    return make_clinician("dr_other", first_name="Olu", last_name="Other")


@pytest.fixture
def host(make_user):
    return make_user("host", is_staff=True, is_superuser=True)


@pytest.fixture
def shared(patient, doctor):
    return sharing.grant(patient, doctor)


@pytest.fixture
def doctor_client(client, doctor):
    client.force_login(doctor)
    return client


@pytest.fixture
def stranger_diary(stranger):
    return Diary(stranger)
