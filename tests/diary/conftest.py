"""Builders for diary rows, so each test states only what matters to it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

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


def local_day(user, moment):
    return timezone.localtime(moment, user.zone).date()


@pytest.fixture
def make_spasm():
    def make(owner, *, when=None, intensity=5, areas=("neck",), triggers=(), **extra):
        when = when or timezone.now() - timedelta(minutes=5)
        spasm = Spasm.objects.create(
            owner=owner,
            started_at=when,
            intensity=intensity,
            local_date=local_day(owner, when),
            **extra,
        )
        spasm.body_areas.set(BodyArea.objects.filter(slug__in=areas))
        spasm.triggers.set(Trigger.objects.filter(slug__in=triggers))
        return spasm

    return make


@pytest.fixture
def make_medication():
    def make(owner, name="Magnesium", amount="400", unit="mg", class_slug="magnesium"):
        return Medication.objects.create(
            owner=owner,
            name=name,
            usual_amount=Decimal(amount) if amount else None,
            usual_unit=unit,
            medication_class=MedicationClass.objects.get(slug=class_slug),
        )

    return make


@pytest.fixture
def make_dose():
    def make(owner, medication, *, when=None, amount="400", unit="mg"):
        when = when or timezone.now() - timedelta(minutes=5)
        return Dose.objects.create(
            owner=owner,
            medication=medication,
            taken_at=when,
            amount=Decimal(amount),
            unit=unit,
            local_date=local_day(owner, when),
        )

    return make


@pytest.fixture
def make_session():
    def make(owner, technique="stretching", *, when=None, before=6, after=3, **extra):
        when = when or timezone.now() - timedelta(minutes=5)
        return TechniqueSession.objects.create(
            owner=owner,
            technique=Technique.objects.get(slug=technique),
            started_at=when,
            intensity_before=before,
            intensity_after=after,
            local_date=local_day(owner, when),
            **extra,
        )

    return make


@pytest.fixture
def make_check_in():
    def make(owner, day=None, **answers):
        day = day or local_day(owner, timezone.now())
        answers.setdefault("stress", 4)
        return CheckIn.objects.create(owner=owner, local_date=day, **answers)

    return make


@pytest.fixture
def big_diary(patient):
    """Several hundred days of entries, inserted in bulk, for query-count tests."""

    def build(days=400, per_day=3):
        now = timezone.now()
        neck = BodyArea.objects.get(slug="neck")
        stress = Trigger.objects.get(slug="emotional-stress")
        spasms = [
            Spasm(
                owner=patient,
                started_at=now - timedelta(days=day, hours=hour),
                local_date=local_day(patient, now - timedelta(days=day, hours=hour)),
                intensity=(day + hour) % 11,
            )
            for day in range(days)
            for hour in range(per_day)
        ]
        Spasm.objects.bulk_create(spasms, batch_size=500)
        created = list(Spasm.objects.filter(owner=patient))
        Spasm.body_areas.through.objects.bulk_create(
            [Spasm.body_areas.through(spasm=s, bodyarea=neck) for s in created], batch_size=500
        )
        Spasm.triggers.through.objects.bulk_create(
            [Spasm.triggers.through(spasm=s, trigger=stress) for s in created[::2]],
            batch_size=500,
        )
        medication = Medication.objects.create(
            owner=patient, name="Big pill", usual_amount=Decimal("1"), usual_unit="tablet"
        )
        Dose.objects.bulk_create(
            [
                Dose(
                    owner=patient,
                    medication=medication,
                    taken_at=now - timedelta(days=day),
                    local_date=local_day(patient, now - timedelta(days=day)),
                    amount=Decimal("1"),
                    unit="tablet",
                )
                for day in range(days)
            ],
            batch_size=500,
        )
        technique = Technique.objects.get(slug="heat")
        TechniqueSession.objects.bulk_create(
            [
                TechniqueSession(
                    owner=patient,
                    technique=technique,
                    started_at=now - timedelta(days=day),
                    local_date=local_day(patient, now - timedelta(days=day)),
                    intensity_before=6,
                    intensity_after=3,
                )
                for day in range(days)
            ],
            batch_size=500,
        )
        CheckIn.objects.bulk_create(
            [
                CheckIn(owner=patient, local_date=local_day(patient, now) - timedelta(days=day))
                for day in range(days)
            ],
            batch_size=500,
        )
        return patient

    return build


@pytest.fixture
def loaded_guide(db):
    from education.content import load_shipped_pages

    load_shipped_pages()
