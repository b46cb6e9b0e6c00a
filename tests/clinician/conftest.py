"""Shares for the clinician tests.

`doctor` (the suite's `clinician` persona in the Clinicians group), `make_clinician`,
`host` and the diary builders live in tests/conftest.py; `shared` opens the patient's
diary to the doctor.
"""

import pytest

from diary.care import sharing
from tests.conftest import Diary


@pytest.fixture
def other_doctor(make_clinician):
    return make_clinician("dr_other", first_name="Olu", last_name="Other")


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
