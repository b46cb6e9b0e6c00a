"""manage.py add_clinician: the host's command-line way to make a clinician."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from diary.care import sharing

pytestmark = pytest.mark.django_db


def test_it_creates_a_clinician_without_a_password(capsys):
    call_command("add_clinician", "dr_new", "--email", "new@clinic.example", "--no-password")

    user = get_user_model().objects.get(username="dr_new")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert sharing.find_clinician("new@clinic.example") == user
    assert "Created dr_new" in capsys.readouterr().out


def test_it_makes_an_existing_user_a_clinician(stranger):
    call_command("add_clinician", "stranger", "--first-name", "Sam")

    stranger.refresh_from_db()
    assert stranger.is_staff and stranger.first_name == "Sam"
    assert stranger.check_password("a-long-test-password-42")  # untouched
    assert sharing.is_clinician(stranger)


def test_remove_takes_the_clinician_out_and_closes_their_shares(patient, doctor, shared):
    call_command("add_clinician", "dr_lee", "--remove")

    doctor.refresh_from_db()
    assert not doctor.is_staff
    assert not sharing.is_clinician(doctor)
    assert not sharing.patients_visible_to(doctor).exists()


def test_it_refuses_to_ask_for_a_password_when_nobody_is_typing(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    with pytest.raises(CommandError, match="--no-password"):
        call_command("add_clinician", "dr_quiet")
    assert not get_user_model().objects.filter(username="dr_quiet").exists()


def test_removing_someone_unknown_is_an_error():
    with pytest.raises(CommandError, match="no user"):
        call_command("add_clinician", "ghost", "--remove")
