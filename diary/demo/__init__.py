"""Realistic demo diaries, for newcomers (`make demo`) and for the benchmark.

`manage.py seed_demo` only parses its arguments and calls `seed_demo` or `seed_clinic`;
tests call `build_diary` directly. The app itself never imports this package: it is
not on any request's path (tests/site/test_demo_is_not_loaded.py checks that).

- `story.py`: what the patient's days are like, so insights have something to find.
- `builder.py`: `build_diary`, one patient's entries for N days, written in bulk.
- `patient.py`: `seed_demo`, one account and its diary, kept unless replaced.
- `clinic.py`: `seed_clinic`, a clinician and N demo patients sharing with them.
"""

from diary.demo.builder import MAX_DAYS, MAX_DENSITY, build_diary
from diary.demo.clinic import MAX_CLINIC_PATIENTS, ClinicResult, demo_patient_username, seed_clinic
from diary.demo.patient import DemoError, SeedResult, delete_diary, has_diary, seed_demo

__all__ = [
    "MAX_CLINIC_PATIENTS",
    "MAX_DAYS",
    "MAX_DENSITY",
    "ClinicResult",
    "DemoError",
    "SeedResult",
    "build_diary",
    "delete_diary",
    "demo_patient_username",
    "has_diary",
    "seed_clinic",
    "seed_demo",
]
