"""One patient's demo diary, built fast: `build_diary`.

Everything random comes from the one seeded `random.Random` it is given, so the same
seed and the same "now" give the same diary. Rows are written with `bulk_create` in
batches inside one transaction: the number of queries depends on how many rows fit in
a batch, never one query per row. What the days are like is in `story.py`.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from diary import diary_version
from diary.demo.story import (
    AS_NEEDED_HOURS,
    ASLEEP_NOTES,
    AWAKE_NOTES,
    CALVES,
    HOUR_WEIGHTS,
    KIND_WEIGHTS,
    MAGNESIUM,
    MUSCLE_RELAXANTS,
    NIGHT_HOURS,
    PAIN_RELIEVERS,
    TECHNIQUE_EFFECTS,
    USUAL_AREAS,
    DayContext,
    clamp,
    poisson,
)
from diary.models import (
    BodyArea,
    CheckIn,
    Dose,
    Medication,
    MedicationClass,
    Spasm,
    SymptomCheck,
    Technique,
    TechniqueSession,
    Trigger,
)

BATCH_SIZE = 1000
MAX_DAYS = 20 * 366
MAX_DENSITY = 50.0


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
        self.symptom_checks, self.week = [], []
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
            self.week = [*self.week[-6:], context]
            if offset % 7 == 0:
                self.add_symptom_check(context)
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

    def add_symptom_check(self, context):
        """The weekly symptom check, on today and every 7th day before: answers that
        follow the week's poor nights and stressful days (no draw from the random
        generator, so the rest of the diary is the same with or without them)."""
        poor_nights = sum(day.poor_sleep for day in self.week)
        stressed = sum(day.high_stress for day in self.week)
        self.symptom_checks.append(
            SymptomCheck(
                owner_id=self.user.pk,
                local_date=context.day,
                client_token=None,
                fatigue=min(3, 1 + poor_nights // 2),
                waking_unrefreshed=min(3, (poor_nights + 1) // 2),
                thinking=min(3, (poor_nights + stressed) // 3),
                headaches=stressed >= 2,
                lower_belly_pain=context.day.isocalendar().week % 3 == 0,
                low_mood=stressed >= 3,
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
        SymptomCheck.objects.bulk_create(self.symptom_checks, batch_size=BATCH_SIZE)
        Dose.objects.bulk_create(self.doses, batch_size=BATCH_SIZE)
        TechniqueSession.objects.bulk_create(self.sessions, batch_size=BATCH_SIZE)
        Spasm.objects.bulk_create([p.spasm for p in self.spasms], batch_size=BATCH_SIZE)
        area_links = self.links(Spasm.body_areas, "area_ids")
        trigger_links = self.links(Spasm.triggers, "trigger_ids")
        diary_version.bump(self.user.pk)  # bulk inserts send no signals
        return {
            "spasms": len(self.spasms),
            "doses": len(self.doses),
            "technique_sessions": len(self.sessions),
            "check_ins": len(self.check_ins),
            "symptom_checks": len(self.symptom_checks),
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
