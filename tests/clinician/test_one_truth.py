"""One truth: each quantity reads the same on every screen that shows it.

A seeded diary (a patient of four months in London, and one who started 20 days
ago in Los Angeles, with entries close to midnight, where a clock-based window
and a calendar one part ways) is read through the real views: the patient's
insights and report, the clinician's summary and the patients list. Each screen's
rendered page must show the numbers that the diary's own rows give, counted in
the patient's days since their diary began.
"""

import datetime as dt
import random
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from diary import clinical
from diary.care import sharing
from diary.models import ENTRY_MODELS, Spasm, TechniqueSession
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

# 23:30 in London (summer time), 15:30 in Los Angeles.
NOW = dt.datetime(2025, 3, 31, 22, 30, tzinfo=dt.UTC)
AREAS = ["neck", "lower-back", "left-lower-leg", "right-hand", "chest", "left-foot"]
TRIGGERS = ["cold", "poor-sleep", "emotional-stress"]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def fill(diary, first, last, seed):
    """Spasms at every hour (many near midnight), sessions and check-ins, day by day."""
    rng = random.Random(seed)
    day = first
    while day <= last:
        for _ in range(rng.choice([0, 1, 2, 3, 5])):
            diary.spasm(
                day,
                hour=rng.choice([0, 1, 7, 13, 22, 23]),
                intensity=rng.randint(1, 9),
                areas=rng.sample(AREAS, 2),
                triggers=rng.sample(TRIGGERS, 1),
            )
        if rng.random() < 0.3:
            before = rng.randint(4, 9)
            diary.session(day, "heat", before=before, after=max(0, before - rng.randint(0, 4)))
        if rng.random() < 0.7:
            diary.check_in(day, sleep_quality=rng.randint(0, 10), stress=rng.randint(0, 10))
        day += dt.timedelta(days=1)


@pytest.fixture
def seeded(frozen, patient, make_user, doctor):
    newcomer = make_user("newcomer", time_zone="America/Los_Angeles")
    london_today = clinical.patient_today(patient)
    la_today = clinical.patient_today(newcomer)
    assert london_today == dt.date(2025, 3, 31) and la_today == dt.date(2025, 3, 31)
    fill(Diary(patient), london_today - dt.timedelta(days=120), london_today, seed=1)
    fill(Diary(newcomer), la_today - dt.timedelta(days=19), la_today, seed=2)
    for person in (patient, newcomer):
        sharing.grant(person, doctor)
    return {"pat": patient, "newcomer": newcomer}


@dataclass(frozen=True)
class Truth:
    """The figures counted straight from the rows, in the patient's own days."""

    days: int
    spasms: int
    days_with_spasms: int
    mean_intensity: float | None
    worst: int | None
    unusual_days: int
    heat_sessions: int
    heat_helped: int


def truth(patient, days):
    today = clinical.patient_today(patient)
    rows = list(Spasm.objects.filter(owner=patient).values_list("local_date", "intensity"))
    # The diary began with its first entry of any kind.
    started = min(
        day
        for model in ENTRY_MODELS
        for day in model.objects.filter(owner=patient).values_list("local_date", flat=True)
    )
    first = max(started, today - dt.timedelta(days=days - 1))
    in_period = [(day, intensity) for day, intensity in rows if first <= day <= today]
    counted = (today - first).days + 1
    per_day = {}
    for day, intensity in in_period:
        per_day.setdefault(day, []).append(intensity)
    busy = max(clinical.UNUSUAL_MIN_SPASMS, clinical.UNUSUAL_TIMES_MEAN * len(in_period) / counted)
    unusual = sum(
        1 for values in per_day.values() if max(values) >= clinical.SEVERE or len(values) >= busy
    )
    sessions = TechniqueSession.objects.filter(
        owner=patient, local_date__gte=first, local_date__lte=today
    )
    helped = sum(
        1 for s in sessions if s.intensity_before - s.intensity_after >= clinical.MEANINGFUL_CHANGE
    )
    intensities = [intensity for _, intensity in in_period]
    return Truth(
        days=counted,
        spasms=len(in_period),
        days_with_spasms=len(per_day),
        mean_intensity=round(sum(intensities) / len(intensities), 1) if intensities else None,
        worst=max(intensities, default=None),
        unusual_days=unusual,
        heat_sessions=sessions.count(),
        heat_helped=helped,
    )


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def numbers(pattern, html):
    return [float(found) for found in re.findall(pattern, html)]


def patient_screen(response):
    """The figures a patient's insights page or report shows, read off the page."""
    html = response.content.decode()
    figures = numbers(r'class="summary-figures__number[^"]*">([\d.]+)<', html)
    context = response.context
    heat = next((row for row in context["techniques"].rows if row.slug == "heat"), None)
    worst = re.search(r"the worst was (\d+)", html)
    return {
        "days": context["period"].days,
        "spasms": figures[0],
        "days_with_spasms": figures[1],
        "mean_intensity": figures[2],
        "worst": int(worst.group(1)),
        "unusual_days": figures[3],
        "heat": (heat.sessions, heat.helped_sessions) if heat else (0, 0),
    }


def clinician_summary(response):
    html = response.content.decode()

    def figure(label):
        found = re.search(
            rf"<dt>{re.escape(label)}</dt>\s*<dd class=\"figure-value\">([\d.]+)", html
        )
        return float(found.group(1))

    summary = response.context["summary"]
    heat = next((row for row in summary.techniques if row.slug == "heat"), None)
    return {
        "days": summary.period.days,
        "spasms": figure("Spasms"),
        "days_with_spasms": figure("Days with spasms"),
        "mean_intensity": figure("Mean intensity"),
        "worst": summary.totals.worst_intensity,
        "unusual_days": figure("Unusual days"),
        "heat": (heat.sessions, heat.helped_sessions) if heat else (0, 0),
    }


def expected(known):
    return {
        "days": known.days,
        "spasms": known.spasms,
        "days_with_spasms": known.days_with_spasms,
        "mean_intensity": known.mean_intensity,
        "worst": known.worst,
        "unusual_days": known.unusual_days,
        "heat": (known.heat_sessions, known.heat_helped),
    }


@pytest.mark.parametrize("username", ["pat", "newcomer"])
@pytest.mark.parametrize("days", [30, 90])
def test_insights_report_and_summary_show_the_same_figures_as_the_diarys_rows(
    seeded, doctor, username, days
):
    patient = seeded[username]
    known = expected(truth(patient, days))
    today = clinical.patient_today(patient)
    first = today - dt.timedelta(days=days - 1)
    as_patient = signed_in(patient)
    as_doctor = signed_in(doctor)
    report_query = {"start": first.isoformat(), "end": today.isoformat()}
    summary_url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])

    screens = {
        "insights": patient_screen(as_patient.get(reverse("diary:insights"), {"days": days})),
        "report": patient_screen(as_patient.get(reverse("diary:report"), report_query)),
        "clinician's report": patient_screen(
            as_doctor.get(reverse("diary:report"), {**report_query, "patient": patient.pk})
        ),
        "clinician's summary": clinician_summary(as_doctor.get(summary_url, {"days": days})),
    }

    for name, shown in screens.items():
        assert shown == known, name


def test_the_newcomers_figures_cover_only_the_20_days_since_they_started(seeded):
    known = truth(seeded["newcomer"], 90)

    assert known.days == 20


def list_row(html, patient):
    """The cells of one patient's row in the clinician's patients list."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)
    row = next(row for row in rows if f">{patient.get_username()}</a>" in row)
    return dict(re.findall(r'<td class="field-([a-z_0-9]+)[^"]*">(.*?)</td>', row, flags=re.S))


@pytest.mark.parametrize("username", ["pat", "newcomer"])
def test_the_patients_list_shows_the_30_day_figures_of_the_summary(seeded, doctor, username):
    patient = seeded[username]
    known = truth(patient, 30)
    html = signed_in(doctor).get(reverse("admin:diary_sharedpatient_changelist")).content.decode()

    cells = list_row(html, patient)

    assert int(cells["spasms_last_30_days"]) == known.spasms
    assert float(cells["mean_intensity"]) == known.mean_intensity


def test_the_patients_list_and_the_summary_count_the_same_7_days(seeded, doctor):
    patient = seeded["pat"]
    today = clinical.patient_today(patient)
    week = Spasm.objects.filter(owner=patient, local_date__gt=today - dt.timedelta(days=7))
    html = signed_in(doctor).get(reverse("admin:diary_sharedpatient_changelist")).content.decode()

    assert int(list_row(html, patient)["spasms_last_7_days"]) == week.count()


def test_the_acr_areas_of_the_last_7_days_leave_out_hands_and_feet(seeded, doctor):
    patient = seeded["pat"]
    today = clinical.patient_today(patient)
    week = Spasm.objects.filter(owner=patient, local_date__gt=today - dt.timedelta(days=7))
    logged = set(week.values_list("body_areas__slug", flat=True))
    summary_url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])

    summary = signed_in(doctor).get(summary_url).context["summary"]

    assert len(summary.acr_areas_last_7_days) == len(logged - {"right-hand", "left-foot"})


def test_too_few_sessions_reads_the_same_for_the_patient_and_the_clinician(frozen, patient, doctor):
    Diary(patient).session(clinical.patient_today(patient), "heat", before=6, after=5)
    sharing.grant(patient, doctor)
    sentence = f"Too few sessions to tell yet: {clinical.MIN_SESSIONS} or more are needed."
    summary_url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])

    insights_page = signed_in(patient).get(reverse("diary:insights")).content.decode()
    summary_page = signed_in(doctor).get(summary_url).content.decode()

    assert sentence in insights_page
    assert sentence in summary_page
