"""Fixtures for the security tests: the diary's row builders and the clinician personas."""

from tests.clinician.conftest import clinicians_group, doctor, host, make_clinician  # noqa: F401
from tests.diary.conftest import (  # noqa: F401
    make_check_in,
    make_dose,
    make_medication,
    make_session,
    make_spasm,
)
