"""`manage.py seed_demo --clinician NAME --patients N`: a clinic to look at and measure."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.care import sharing
from diary.demo import demo_patient_username, seed_clinic
from diary.models import CareShare, CheckIn, Spasm, User

pytestmark = pytest.mark.django_db

PASSWORD = "a-clinic-demo-password"


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def demo_patients(clinician_username):
    return User.objects.filter(username__startswith=f"{clinician_username}-patient-")


def test_it_makes_a_clinician_with_n_sharing_patients():
    output = seed(
        "--clinician", "dr_demo", "--patients", "3", "--days", "10", "--password", PASSWORD
    )

    doctor = User.objects.get(username="dr_demo")
    assert doctor.check_password(PASSWORD)
    assert sharing.is_clinician(doctor)
    patients = demo_patients("dr_demo")
    assert sorted(p.username for p in patients) == [
        "dr_demo-patient-001",
        "dr_demo-patient-002",
        "dr_demo-patient-003",
    ]
    assert set(sharing.patients_visible_to(doctor)) == set(patients)
    assert "Made dr_demo a clinician (new account)" in output
    assert "3 demo diaries of 10 days made" in output


def test_each_demo_patient_has_a_diary_a_name_and_no_usable_password():
    seed_clinic("dr_demo", 2, 14, password=PASSWORD)

    patients = demo_patients("dr_demo")
    assert len(patients) == 2
    for patient in patients:
        assert Spasm.objects.filter(owner=patient).exists()
        assert CheckIn.objects.filter(owner=patient).exists()
        assert patient.get_full_name()
        assert not patient.has_usable_password()
        assert not patient.is_staff


def test_the_username_patient_shares_with_the_clinician_too():
    output = seed(
        "--username", "pat_demo", "--clinician", "dr_demo", "--patients", "1",
        "--days", "7", "--password", PASSWORD,
    )  # fmt: skip

    doctor = User.objects.get(username="dr_demo")
    visible = {p.username for p in sharing.patients_visible_to(doctor)}
    assert visible == {"pat_demo", "dr_demo-patient-001"}
    assert "Made a demo diary for pat_demo" in output
    sharing_line = next(line for line in output.splitlines() if "Sharing with them" in line)
    assert sharing_line.endswith(", pat_demo")


def test_running_it_again_keeps_the_diaries_and_opens_no_second_share():
    seed_clinic("dr_demo", 2, 10, password=PASSWORD)
    spasms = Spasm.objects.count()

    result = seed_clinic("dr_demo", 2, 30)

    assert (result.built, result.kept) == (0, 2)
    assert Spasm.objects.count() == spasms
    assert CareShare.objects.filter(revoked_at__isnull=True).count() == 2


def test_replace_rebuilds_the_demo_diaries():
    seed_clinic("dr_demo", 1, 5, password=PASSWORD)
    patient = demo_patients("dr_demo").get()
    first_days = Spasm.objects.filter(owner=patient).values("local_date").distinct().count()

    result = seed_clinic("dr_demo", 1, 40, replace=True)

    assert result.built == 1
    days = Spasm.objects.filter(owner=patient).values("local_date").distinct().count()
    assert days > first_days


def test_more_patients_can_be_added_later():
    seed_clinic("dr_demo", 2, 5, password=PASSWORD)

    result = seed_clinic("dr_demo", 4, 5)

    assert (result.built, result.kept) == (2, 2)
    assert demo_patients("dr_demo").count() == 4


def test_an_existing_account_becomes_a_clinician_and_keeps_its_password(make_user):
    existing = make_user("dr_lee")

    seed_clinic("dr_lee", 1, 5, password="not-this-one")

    existing.refresh_from_db()
    assert existing.check_password("a-long-test-password-42")
    assert sharing.is_clinician(existing)


def test_the_same_seed_makes_the_same_patients():
    seed_clinic("dr_a", 2, 10, password=PASSWORD, seed=5)
    seed_clinic("dr_b", 2, 10, password=PASSWORD, seed=5)

    for number in (1, 2):
        a = User.objects.get(username=demo_patient_username("dr_a", number))
        b = User.objects.get(username=demo_patient_username("dr_b", number))
        assert a.get_full_name() == b.get_full_name()
        assert Spasm.objects.filter(owner=a).count() == Spasm.objects.filter(owner=b).count()


def test_queries_grow_with_patients_not_with_days():
    with CaptureQueriesContext(connection) as queries:
        seed_clinic("dr_demo", 2, 60, password=PASSWORD)

    assert Spasm.objects.count() > 200
    assert len(queries) < 2 * 40


def test_it_needs_a_clinician_for_patients():
    with pytest.raises(CommandError, match="--patients needs --clinician"):
        seed("--username", "pat_demo", "--password", PASSWORD, "--patients", "3")


def test_it_needs_someone_to_seed():
    with pytest.raises(CommandError, match="Give --username, --clinician, or both"):
        seed("--days", "3")


def test_a_new_clinician_needs_a_password():
    with pytest.raises(CommandError, match="give a password"):
        seed("--clinician", "dr_nobody", "--patients", "1")

    assert not User.objects.filter(username__startswith="dr_nobody").exists()


def test_it_refuses_too_many_patients():
    with pytest.raises(CommandError, match="--patients must be"):
        seed("--clinician", "dr_demo", "--patients", "5000", "--password", PASSWORD)
