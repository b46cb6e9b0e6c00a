"""A realistic demo diary, built fast, for newcomers and for the benchmark.

`manage.py seed_demo` only parses its arguments and calls `seed_demo`; tests call
`build_diary` directly. Everything random comes from one seeded `random.Random`,
so the same seed and the same "now" give the same diary. Rows are written with
`bulk_create` in batches inside one transaction: the number of queries depends on
how many rows fit in a batch, never one query per row.

The story the data tells, so that insights have something to find:

- a poor night (under 5 hours), a stressful day (stress 7 or more), a day with
  little water (3 glasses or fewer) and a missed evening muscle relaxant each
  bring more spasms, stronger when stress is high, often with the matching
  trigger ticked;
- spasms cluster in the evening, and some wake the patient at night;
- stretching and heat ease a spasm by 2–3 points on average, deep breathing by
  1–2, massage is hit and miss, and resting rarely changes anything.
"""

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from diary import sharing
from diary.models import (
    BodyArea,
    CheckIn,
    Dose,
    Medication,
    MedicationClass,
    Spasm,
    SpasmTimer,
    Technique,
    TechniqueSession,
    Trigger,
)

BATCH_SIZE = 1000
MAX_DAYS = 20 * 366
MAX_DENSITY = 50.0

# Where this patient's spasms usually are; each demo patient gets four of them.
USUAL_AREAS = (
    "neck",
    "left-shoulder-girdle",
    "right-shoulder-girdle",
    "upper-back",
    "lower-back",
    "left-lower-leg",
    "right-lower-leg",
)
CALVES = ("left-lower-leg", "right-lower-leg")

# How likely a spasm starts in each hour of the local day: a few at night, most
# in the evening, when the day's strain catches up.
HOUR_WEIGHTS = (
    *(0.5, 0.5, 0.5, 0.4, 0.4, 0.5),  # 00–05, asleep
    *(0.8, 1.0, 1.0, 1.0, 1.0, 1.0),  # 06–11
    *(1.1, 1.1, 1.2, 1.2, 1.3),  # 12–16
    *(1.8, 2.0, 2.2, 2.4, 2.4, 2.2),  # 17–22
    1.2,  # 23
)
NIGHT_HOURS = range(0, 6)

KIND_WEIGHTS = {
    Spasm.Kind.CRAMP: 3,
    Spasm.Kind.TIGHTNESS: 3,
    Spasm.Kind.KNOT: 2,
    Spasm.Kind.TWITCH: 2,
}

AWAKE_NOTES = (
    "Came on while carrying the shopping.",
    "After a long time at the desk.",
    "Started during a stressful phone call.",
    "Hard to turn my head afterwards.",
    "Right after getting up from the sofa.",
    "Eased a bit with a warm shower.",
)
ASLEEP_NOTES = (
    "Woke me up.",
    "Calf cramp in bed, had to stand up.",
    "Could not get back to sleep after it.",
)


@dataclass(frozen=True)
class DemoMedicine:
    name: str
    class_slug: str
    amount: Decimal
    unit: str
    # Local hours of the scheduled doses, first the one taken on a one-a-day plan.
    hours: tuple[float, ...] = ()
    # Chance a scheduled dose is remembered.
    taken: float = 1.0
    # Taken when a day is bad, not on a schedule; sometimes a double amount.
    as_needed: bool = False


MUSCLE_RELAXANTS = (
    DemoMedicine("Cyclobenzaprine", "muscle-relaxant", Decimal("5"), "mg", (22, 8, 15), 0.9),
    DemoMedicine("Tizanidine", "muscle-relaxant", Decimal("2"), "mg", (22, 8, 15), 0.9),
)
MAGNESIUM = DemoMedicine(
    "Magnesium glycinate", "magnesium", Decimal("200"), "mg", (8.5, 20.5, 13), 0.85
)
PAIN_RELIEVERS = (
    DemoMedicine("Paracetamol", "pain-reliever", Decimal("500"), "mg", as_needed=True),
    DemoMedicine("Ibuprofen", "pain-reliever", Decimal("200"), "mg", as_needed=True),
)
AS_NEEDED_HOURS = (9, 13, 17, 21)


@dataclass(frozen=True)
class TechniqueEffect:
    slug: str
    weight: int  # how often the patient reaches for it
    drop: float  # points of spasm intensity it takes off, on average
    spread: float  # how much that varies from one time to the next
    minutes: tuple[int, int]


TECHNIQUE_EFFECTS = (
    TechniqueEffect("stretching", 4, 2.5, 1.0, (5, 20)),
    TechniqueEffect("heat", 3, 2.7, 1.0, (10, 30)),
    TechniqueEffect("deep-breathing", 3, 1.5, 0.8, (3, 10)),
    TechniqueEffect("massage", 2, 1.5, 2.0, (5, 20)),
    TechniqueEffect("rest", 2, 0.3, 0.6, (10, 45)),
)


@dataclass
class DayContext:
    """What the day was like: what the check-in records and spasms answer to."""

    day: date
    sleep_hours: float
    stress: int
    water_glasses: int
    missed_relaxant: bool  # last night's muscle relaxant was not taken

    @property
    def poor_sleep(self):
        return self.sleep_hours < 5

    @property
    def high_stress(self):
        return self.stress >= 7

    @property
    def low_water(self):
        return self.water_glasses <= 3

    @property
    def is_bad(self):
        return self.poor_sleep or self.high_stress or self.low_water or self.missed_relaxant

    def spasm_mean(self):
        """About 2 spasms on a good day, 5 or more when things pile up."""
        return (
            2.0
            + 2.2 * self.poor_sleep
            + 1.5 * self.high_stress
            + 1.0 * self.low_water
            + 1.0 * self.missed_relaxant
        )


def clamp(value, low=0, high=10):
    return max(low, min(high, value))


def poisson(rng, mean):
    """A Poisson-distributed count (Knuth's method; a normal guess for big means)."""
    if mean <= 0:
        return 0
    if mean > 200:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def has_diary(user):
    """True when the user has logged anything at all."""
    return any(
        model.objects.filter(owner=user).exists()
        for model in (Spasm, Dose, TechniqueSession, CheckIn)
    )


def delete_diary(user):
    """Delete every diary row of this user (entries, medicine list, running timer)."""
    with transaction.atomic():
        for model in (Spasm, Dose, TechniqueSession, CheckIn, Medication, SpasmTimer):
            model.objects.filter(owner=user).delete()


def build_diary(user, days, rng, density=1.0, now=None):
    """Fill `user`'s diary with `days` days of entries ending today in their zone.

    `density` multiplies the spasms; doses and technique sessions grow with its
    square root (nobody takes ten times the pills). Returns how many rows of each
    kind were made.
    """
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be from 1 to {MAX_DAYS}")
    if not 0 < density <= MAX_DENSITY:
        raise ValueError(f"density must be more than 0 and at most {MAX_DENSITY:g}")
    builder = _DiaryBuilder(user, rng, density, now or timezone.now())
    with transaction.atomic():
        return builder.build(days)


@dataclass
class SeedResult:
    user: object
    created_user: bool
    # How many rows were made, or None when a diary was already there.
    counts: dict | None
    replaced: bool = False
    first_day: date | None = None
    last_day: date | None = None


class DemoError(Exception):
    pass


def seed_demo(username, password, days, *, seed=1, density=1.0, replace=False, now=None):
    """Give `username` a demo diary, creating the account if it does not exist.

    An existing diary is kept unless `replace` is true: running `make demo` twice
    must not double it. A new account's time zone is the site's; an existing
    account keeps its own, and its password is left alone.
    """
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
        created = user is None
        replaced = False
        if created:
            if not password:
                raise DemoError(f"There is no user {username!r} yet; give a password to create it.")
            user = user_model(username=username, time_zone=settings.TIME_ZONE)
            user.set_password(password)
            user.save()
        elif replace:
            replaced = has_diary(user)
            delete_diary(user)
        elif has_diary(user):
            return SeedResult(user, created_user=False, counts=None)
        now = now or timezone.now()
        counts = build_diary(user, days, random.Random(seed), density=density, now=now)
    last_day = timezone.localtime(now, user.zone).date()
    return SeedResult(
        user,
        created_user=created,
        counts=counts,
        replaced=replaced,
        first_day=last_day - timedelta(days=days - 1),
        last_day=last_day,
    )


# A clinic: one clinician and the demo patients who share with them --------------

# Names for the clinic's demo patients, so the clinician's list reads like a list
# of people; the numbered usernames keep them apart.
DEMO_FIRST_NAMES = (
    "Alex", "Bea", "Chidi", "Dana", "Elif", "Farah", "Gwen", "Hana", "Ines", "Jonas",
    "Kofi", "Lena", "Mira", "Noor", "Omar", "Priya", "Rosa", "Sami", "Tess", "Yara",
)  # fmt: skip
DEMO_LAST_NAMES = (
    "Abbott", "Bauer", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Haddad",
    "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor",
    "Petrov", "Quinn", "Rossi", "Silva", "Tanaka",
)  # fmt: skip
MAX_CLINIC_PATIENTS = 1000
# About one demo patient in ten stopped logging a week or more ago, so the
# clinician's "quiet" flag has someone to show.
QUIET_SHARE = 0.1


def demo_patient_username(clinician_username, number):
    return f"{clinician_username}-patient-{number:03d}"


@dataclass
class ClinicResult:
    clinician: object
    created_clinician: bool
    # Demo patients whose diary was made (or rebuilt) now, and those left as they were.
    built: int = 0
    kept: int = 0
    # Rows made across all the diaries built now, by kind.
    counts: dict = field(default_factory=dict)


def seed_clinic(
    clinician_username,
    patients,
    days,
    *,
    password=None,
    seed=1,
    density=1.0,
    replace=False,
    share_from=(),
    now=None,
):
    """Give a clinician `patients` demo patients who share their diaries with them.

    The clinician is created (with `password`) if missing, and made staff in the
    Clinicians group either way. Patient number i is `<clinician>-patient-00i`,
    with no usable password (nobody logs in as them), a diary of `days` days built
    from seed `seed` and i, at a density that varies around `density`, and an
    open share to the clinician. Like `seed_demo`, running it again keeps the
    diaries already there unless `replace` is true. `share_from` are other users
    (say, the `--username` patient) who share with the clinician too.

    Each patient's diary is its own transaction, so an interrupted run keeps what
    it made and the next run carries on.
    """
    if not 0 <= patients <= MAX_CLINIC_PATIENTS:
        raise DemoError(f"patients must be from 0 to {MAX_CLINIC_PATIENTS}")
    if not 1 <= days <= MAX_DAYS:
        raise DemoError(f"days must be from 1 to {MAX_DAYS}")
    now = now or timezone.now()
    user_model = get_user_model()
    with transaction.atomic():
        clinician = user_model.objects.filter(username=clinician_username).first()
        created = clinician is None
        if created:
            if not password:
                raise DemoError(
                    f"There is no user {clinician_username!r} yet; give a password to create it."
                )
            clinician = user_model(username=clinician_username, time_zone=settings.TIME_ZONE)
            clinician.set_password(password)
        clinician.is_staff = True
        clinician.is_active = True
        clinician.save()
        clinician.groups.add(Group.objects.get(name=sharing.CLINICIANS_GROUP))
        for patient in share_from:
            sharing.grant(patient, clinician)

    result = ClinicResult(clinician, created_clinician=created, counts=Counter())
    for number in range(1, patients + 1):
        rng = random.Random(f"{seed}-{number}")
        with transaction.atomic():
            patient, made = user_model.objects.get_or_create(
                username=demo_patient_username(clinician_username, number),
                defaults={
                    "first_name": rng.choice(DEMO_FIRST_NAMES),
                    "last_name": rng.choice(DEMO_LAST_NAMES),
                    "time_zone": settings.TIME_ZONE,
                    "password": make_password(None),
                },
            )
            if patient.pk == clinician.pk:
                raise DemoError(f"{clinician_username!r} cannot be one of their own patients.")
            if not made and not replace and has_diary(patient):
                result.kept += 1
            else:
                delete_diary(patient)
                last_logged = now
                if rng.random() < QUIET_SHARE:
                    last_logged = now - timedelta(days=rng.randint(8, 20))
                patient_density = min(MAX_DENSITY, density * rng.uniform(0.5, 1.5))
                counts = build_diary(patient, days, rng, patient_density, now=last_logged)
                result.counts.update(counts)
                result.built += 1
            sharing.grant(patient, clinician)
    result.counts = dict(result.counts)
    return result


@dataclass
class _PendingSpasm:
    spasm: Spasm
    area_ids: list = field(default_factory=list)
    trigger_ids: list = field(default_factory=list)


class _DiaryBuilder:
    def __init__(self, user, rng, density, now):
        self.user = user
        self.rng = rng
        self.density = density
        self.routine = math.sqrt(density)
        self.now = now
        self.zone = user.zone
        self.stress_level = 4.3
        self.missed_relaxant = False
        self.check_ins, self.doses, self.sessions = [], [], []
        self.spasms: list[_PendingSpasm] = []

    # Setting up the patient -------------------------------------------------

    def load_catalogues(self):
        def active(model):
            return {item.slug: item.pk for item in model.objects.filter(is_active=True)}

        self.area_ids = active(BodyArea)
        self.trigger_ids = active(Trigger)
        technique_ids = active(Technique)
        self.class_ids = active(MedicationClass)

        self.all_area_ids = list(self.area_ids.values())
        usual = [self.area_ids[slug] for slug in USUAL_AREAS if slug in self.area_ids]
        self.usual_area_ids = self.rng.sample(usual, k=min(4, len(usual))) or self.all_area_ids
        self.calf_ids = [self.area_ids[slug] for slug in CALVES if slug in self.area_ids]
        self.techniques = [
            (effect, technique_ids[effect.slug])
            for effect in TECHNIQUE_EFFECTS
            if effect.slug in technique_ids
        ]
        self.technique_weights = [effect.weight for effect, _ in self.techniques]

    def choose_medicines(self):
        rng = self.rng
        medicines = [rng.choice(MUSCLE_RELAXANTS), MAGNESIUM]
        if rng.random() < 0.75:
            medicines.append(rng.choice(PAIN_RELIEVERS))
        existing = {m.name: m for m in Medication.objects.filter(owner=self.user)}
        missing = [
            Medication(
                owner=self.user,
                name=medicine.name,
                medication_class_id=self.class_ids.get(medicine.class_slug),
                usual_amount=medicine.amount,
                usual_unit=medicine.unit,
            )
            for medicine in medicines
            if medicine.name not in existing
        ]
        created = Medication.objects.bulk_create(missing)
        existing.update((m.name, m) for m in created)
        self.medicines = [(medicine, existing[medicine.name]) for medicine in medicines]
        self.medications_created = len(created)

    # Time -------------------------------------------------------------------

    def moment(self, day, seconds):
        """The aware moment `seconds` after local midnight of `day`, or None if
        it has not happened yet."""
        local = datetime.combine(day, time()) + timedelta(seconds=seconds)
        moment = local.replace(tzinfo=self.zone).astimezone(UTC)
        return None if moment > self.now else moment

    def local_date(self, moment):
        return moment.astimezone(self.zone).date()

    # One day ----------------------------------------------------------------

    def build(self, days):
        self.load_catalogues()
        self.choose_medicines()
        today = self.local_date(self.now)
        for offset in range(days - 1, -1, -1):
            context = self.day_context(today - timedelta(days=offset))
            if self.rng.random() < 0.85:
                self.add_check_in(context)
            self.add_doses(context)
            todays_spasms = self.add_spasms(context)
            self.add_sessions(context, todays_spasms)
        return self.save()

    def day_context(self, day):
        rng = self.rng
        was_stressed = self.stress_level >= 7
        # Stress lingers: half of yesterday's level carries over.
        self.stress_level = 0.5 * self.stress_level + 0.5 * 4.3 + rng.gauss(0, 2.0)
        stress = clamp(round(self.stress_level - (1 if day.weekday() >= 5 else 0)))
        if rng.random() < 0.15 + 0.15 * was_stressed:
            sleep_hours = rng.choice((3.0, 3.5, 4.0, 4.5))
        else:
            sleep_hours = clamp(round(rng.triangular(5, 8.5, 6.5) * 2) / 2, 5.0, 8.5)
        context = DayContext(
            day=day,
            sleep_hours=sleep_hours,
            stress=stress,
            water_glasses=clamp(round(rng.gauss(6, 2)), 1, 12),
            missed_relaxant=self.missed_relaxant,
        )
        self.missed_relaxant = False
        return context

    def add_check_in(self, context):
        rng = self.rng
        if context.poor_sleep:
            sleep_quality = rng.randint(1, 4)
        else:
            sleep_quality = clamp(round(3 + (context.sleep_hours - 5) * 1.4 + rng.gauss(0, 1)), 3)
        fatigue = clamp(
            round(3 + (6.5 - context.sleep_hours) * 1.1 + (context.stress - 4) * 0.3)
            + round(rng.gauss(0, 1.2))
        )
        pain = clamp(
            round(
                3.5
                + 1.2 * context.poor_sleep
                + 0.3 * (context.stress - 4)
                + 0.8 * context.missed_relaxant
                + rng.gauss(0, 1.2)
            )
        )
        mood = clamp(
            round(6.5 - 0.45 * (context.stress - 4) - 0.3 * (fatigue - 4) + rng.gauss(0, 1.2))
        )
        self.check_ins.append(
            CheckIn(
                owner_id=self.user.pk,
                local_date=context.day,
                client_token=None,
                sleep_hours=Decimal(str(context.sleep_hours)),
                sleep_quality=sleep_quality,
                stress=context.stress,
                fatigue=fatigue,
                overall_pain=pain,
                mood=mood,
                water_glasses=context.water_glasses,
            )
        )

    def add_dose(self, medication, moment, amount, unit):
        self.doses.append(
            Dose(
                owner_id=self.user.pk,
                local_date=self.local_date(moment),
                client_token=None,
                medication=medication,
                taken_at=moment,
                amount=amount,
                unit=unit,
            )
        )

    def add_doses(self, context):
        rng = self.rng
        slots = max(1, round(self.routine))
        for medicine, medication in self.medicines:
            if medicine.as_needed:
                mean = (0.25 + 0.9 * context.is_bad) * self.routine
                count = min(len(AS_NEEDED_HOURS), poisson(rng, mean))
                for hour in sorted(rng.sample(AS_NEEDED_HOURS, count)):
                    moment = self.moment(context.day, hour * 3600 + rng.randrange(3600))
                    if moment:
                        amount = medicine.amount * (2 if rng.random() < 0.5 else 1)
                        self.add_dose(medication, moment, amount, medicine.unit)
                continue
            for slot, hour in enumerate(medicine.hours[:slots]):
                taken = rng.random() < medicine.taken
                if slot == 0 and medicine.class_slug == "muscle-relaxant" and not taken:
                    self.missed_relaxant = True  # tomorrow pays for it
                if not taken:
                    continue
                seconds = clamp(round(hour * 3600 + rng.gauss(0, 15 * 60)), 0, 86399)
                moment = self.moment(context.day, seconds)
                if moment:
                    self.add_dose(medication, moment, medicine.amount, medicine.unit)

    def add_spasms(self, context):
        rng = self.rng
        made = []
        for _ in range(poisson(rng, context.spasm_mean() * self.density)):
            hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
            moment = self.moment(context.day, hour * 3600 + rng.randrange(3600))
            if moment is None:
                continue
            asleep = hour in NIGHT_HOURS
            if asleep:
                activity = Spasm.Activity.ASLEEP
            elif rng.random() < 0.65:
                activity = Spasm.Activity.REST if rng.random() < 0.6 else Spasm.Activity.ACTIVE
            else:
                activity = ""
            kind = rng.choices(list(KIND_WEIGHTS), weights=KIND_WEIGHTS.values())[0]
            if kind == Spasm.Kind.TWITCH:
                seconds = rng.uniform(10, 60)
            else:
                seconds = math.exp(rng.uniform(math.log(20), math.log(900)))
            # People remember "about 30 seconds", "about 4 minutes".
            seconds = round(seconds / 5) * 5 if seconds < 60 else round(seconds / 30) * 30
            intensity = 4.3 + 0.35 * (context.stress - 4) + 0.6 * context.poor_sleep
            note = ""
            if rng.random() < 0.05:
                note = rng.choice(ASLEEP_NOTES if asleep else AWAKE_NOTES)
            spasm = Spasm(
                owner_id=self.user.pk,
                local_date=self.local_date(moment),
                client_token=None,
                started_at=moment,
                duration_seconds=clamp(seconds, 10, 900),
                intensity=clamp(round(rng.gauss(intensity, 1.4)), 2, 9),
                kind=kind if rng.random() < 0.6 else "",
                activity=activity,
                note=note,
            )
            pending = _PendingSpasm(
                spasm,
                area_ids=self.choose_areas(asleep),
                trigger_ids=self.choose_triggers(context, activity, hour),
            )
            made.append(pending)
        self.spasms.extend(made)
        return made

    def choose_areas(self, asleep):
        rng = self.rng
        if not self.all_area_ids:
            return []
        count = 1 if rng.random() < 0.7 else 2
        areas = []
        for _ in range(count):
            if asleep and self.calf_ids and rng.random() < 0.5:
                area = rng.choice(self.calf_ids)
            elif rng.random() < 0.8:
                area = rng.choice(self.usual_area_ids)
            else:
                area = rng.choice(self.all_area_ids)
            if area not in areas:
                areas.append(area)
        return areas

    def choose_triggers(self, context, activity, hour):
        rng = self.rng
        chances = {
            "poor-sleep": 0.6 if context.poor_sleep else 0.0,
            "emotional-stress": 0.6 if context.high_stress else 0.03,
            "dehydration": 0.5 if context.low_water else 0.0,
            "medication-change": 0.4 if context.missed_relaxant else 0.0,
            "physical-exertion": 0.3 if activity == Spasm.Activity.ACTIVE else 0.05,
            "poor-posture": 0.06 if hour not in NIGHT_HOURS else 0.0,
            "sitting-or-standing-long": 0.05 if activity == Spasm.Activity.REST else 0.0,
            "cold": 0.12 if context.day.month in (12, 1, 2) else 0.02,
        }
        return [
            self.trigger_ids[slug]
            for slug, chance in chances.items()
            if chance and rng.random() < chance and slug in self.trigger_ids
        ]

    def add_sessions(self, context, todays_spasms):
        rng = self.rng
        if not self.techniques:
            return
        count = int(rng.random() < 0.7 * min(1.0, self.routine))
        count += poisson(rng, 0.7 * max(0.0, self.routine - 1))
        for _ in range(count):
            effect, technique_id = rng.choices(self.techniques, weights=self.technique_weights)[0]
            if todays_spasms:
                spasm = rng.choice(todays_spasms).spasm
                started_at = spasm.started_at + timedelta(minutes=rng.randint(1, 10))
                before = spasm.intensity
                if started_at > self.now:
                    continue
            else:
                started_at = self.moment(context.day, rng.randint(7 * 3600, 21 * 3600))
                before = rng.randint(2, 5)
                if started_at is None:
                    continue
            drop = clamp(round(rng.gauss(effect.drop, effect.spread)), -1, before)
            after = clamp(before - drop)
            drop = before - after
            helped = (
                TechniqueSession.Helped.NOT_AT_ALL
                if drop <= 0
                else TechniqueSession.Helped.A_LITTLE
                if drop <= 2
                else TechniqueSession.Helped.A_LOT
            )
            self.sessions.append(
                TechniqueSession(
                    owner_id=self.user.pk,
                    local_date=self.local_date(started_at),
                    client_token=None,
                    technique_id=technique_id,
                    started_at=started_at,
                    minutes=rng.randint(*effect.minutes),
                    intensity_before=before,
                    intensity_after=after,
                    helped=helped,
                )
            )

    # Writing ----------------------------------------------------------------

    def save(self):
        CheckIn.objects.bulk_create(self.check_ins, batch_size=BATCH_SIZE)
        Dose.objects.bulk_create(self.doses, batch_size=BATCH_SIZE)
        TechniqueSession.objects.bulk_create(self.sessions, batch_size=BATCH_SIZE)
        Spasm.objects.bulk_create([p.spasm for p in self.spasms], batch_size=BATCH_SIZE)
        area_links = self.links(Spasm.body_areas, "area_ids")
        trigger_links = self.links(Spasm.triggers, "trigger_ids")
        return {
            "spasms": len(self.spasms),
            "doses": len(self.doses),
            "technique_sessions": len(self.sessions),
            "check_ins": len(self.check_ins),
            "medications": len(self.medicines),
            "medications_created": self.medications_created,
            "body_area_links": area_links,
            "trigger_links": trigger_links,
        }

    def links(self, descriptor, attribute):
        """Write the spasms' many-to-many rows straight into the join table."""
        through = descriptor.through
        source = descriptor.field.m2m_field_name() + "_id"
        target = descriptor.field.m2m_reverse_field_name() + "_id"
        rows = [
            through(**{source: pending.spasm.pk, target: target_id})
            for pending in self.spasms
            for target_id in getattr(pending, attribute)
        ]
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(rows)
