"""Clinicians, shares and diaries with known contents for the clinician tests.

`doctor` is the suite's `clinician` persona put in the Clinicians group; `shared`
opens the patient's diary to them. `Diary` writes entries on given days of the
patient's own calendar, so each figure has a known answer.
"""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from diary import sharing
from diary.models import (
    BodyArea,
    CheckIn,
    Dose,
    Medication,
    MedicationClass,
    Spasm,
    Technique,
    TechniqueSession,
    Trigger,
)


def at(day, hour=12, minute=0, user=None):
    zone = user.zone if user is not None else dt.UTC
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def today_for(user):
    return timezone.localdate(timezone=user.zone)


class Diary:
    """Makes entries for one patient; each method returns the row it made."""

    def __init__(self, owner):
        self.owner = owner

    def spasm(self, day, hour=12, intensity=5, areas=(), triggers=(), note="", **extra):
        spasm = Spasm.objects.create(
            owner=self.owner,
            started_at=at(day, hour, user=self.owner),
            local_date=day,
            intensity=intensity,
            note=note,
            **extra,
        )
        if areas:
            spasm.body_areas.set(BodyArea.objects.filter(slug__in=areas))
        if triggers:
            spasm.triggers.set(Trigger.objects.filter(slug__in=triggers))
        return spasm

    def session(self, day, technique="stretching", before=None, after=None, helped=None, **kw):
        return TechniqueSession.objects.create(
            owner=self.owner,
            technique=Technique.objects.get(slug=technique),
            started_at=at(day, 18, user=self.owner),
            local_date=day,
            intensity_before=before,
            intensity_after=after,
            helped=helped,
            **kw,
        )

    def check_in(self, day, **answers):
        return CheckIn.objects.create(owner=self.owner, local_date=day, **answers)

    def medication(self, name, kind="magnesium", amount="400", unit="mg"):
        return Medication.objects.create(
            owner=self.owner,
            name=name,
            medication_class=MedicationClass.objects.get(slug=kind) if kind else None,
            usual_amount=Decimal(amount) if amount else None,
            usual_unit=unit,
        )

    def dose(self, medication, day, amount="400", unit="mg", hour=8, note=""):
        return Dose.objects.create(
            owner=self.owner,
            medication=medication,
            taken_at=at(day, hour, user=self.owner),
            local_date=day,
            amount=Decimal(amount),
            unit=unit,
            note=note,
        )

    def backdate(self, row, created_at):
        """Pretend a row was logged at another time (created_at is auto_now_add)."""
        type(row).objects.filter(pk=row.pk).update(created_at=created_at)

    def fill(self, days=400, per_day=3):
        """Many days of everything, inserted in bulk, for query-count tests."""
        owner, today = self.owner, today_for(self.owner)
        neck, chest = BodyArea.objects.filter(slug__in=["neck", "chest"]).order_by("slug")
        stress = Trigger.objects.get(slug="emotional-stress")
        Spasm.objects.bulk_create(
            [
                Spasm(
                    owner=owner,
                    started_at=at(today - dt.timedelta(days=day), 6 + hour * 4, user=owner),
                    local_date=today - dt.timedelta(days=day),
                    intensity=(day + hour) % 11,
                    note="tight" if hour == 0 else "",
                    client_token=uuid.uuid4(),
                )
                for day in range(days)
                for hour in range(per_day)
            ],
            batch_size=500,
        )
        spasms = list(Spasm.objects.filter(owner=owner).values_list("pk", flat=True))
        Spasm.body_areas.through.objects.bulk_create(
            [
                Spasm.body_areas.through(spasm_id=pk, bodyarea=area)
                for pk in spasms
                for area in (neck, chest)
            ],
            batch_size=500,
        )
        Spasm.triggers.through.objects.bulk_create(
            [Spasm.triggers.through(spasm_id=pk, trigger=stress) for pk in spasms[::2]],
            batch_size=500,
        )
        pill = self.medication(f"Pill {uuid.uuid4().hex[:6]}", amount="1", unit="tablet")
        heat = Technique.objects.get(slug="heat")
        days_back = [today - dt.timedelta(days=day) for day in range(days)]
        Dose.objects.bulk_create(
            [
                Dose(
                    owner=owner,
                    medication=pill,
                    taken_at=at(day, 8, user=owner),
                    local_date=day,
                    amount=Decimal("1"),
                    unit="tablet",
                )
                for day in days_back
            ],
            batch_size=500,
        )
        TechniqueSession.objects.bulk_create(
            [
                TechniqueSession(
                    owner=owner,
                    technique=heat,
                    started_at=at(day, 18, user=owner),
                    local_date=day,
                    intensity_before=6,
                    intensity_after=3,
                    note="warm",
                )
                for day in days_back
            ],
            batch_size=500,
        )
        CheckIn.objects.bulk_create(
            [CheckIn(owner=owner, local_date=day, sleep_quality=5, stress=4) for day in days_back],
            batch_size=500,
        )
        return owner


@pytest.fixture
def clinicians_group(db):
    return Group.objects.get(name=sharing.CLINICIANS_GROUP)


@pytest.fixture
def make_clinician(make_user, clinicians_group):
    def make(username, **extra):
        user = make_user(username, is_staff=True, **extra)
        user.groups.add(clinicians_group)
        return user

    return make


@pytest.fixture
def doctor(clinician, clinicians_group):
    clinician.groups.add(clinicians_group)
    return clinician


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
def diary(patient):
    return Diary(patient)


@pytest.fixture
def stranger_diary(stranger):
    return Diary(stranger)
