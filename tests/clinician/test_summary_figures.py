"""Each figure of the clinician's summary, from a diary with a known answer.

The figures the patient also sees come from diary.insights (tested in tests/insights);
here they are read off `build_summary`, as the clinician's page reads them.
"""

import datetime as dt

import pytest

from diary.care.summary import (
    CheckInTrend,
    build_summary,
    by_week,
    calendar,
    check_ins_by_day,
    half_change,
    patient_notes,
)
from diary.clinical import Period
from diary.insights.days import Day, acr_areas, mark_unusual, spasm_days
from diary.models import CheckIn, Dose, Spasm, TechniqueSession
from tests.conftest import TODAY  # 31 March 2025, a Monday

pytestmark = pytest.mark.django_db


def day(number, month=3):
    return dt.date(2025, month, number)


def spasms_of(patient):
    return Spasm.objects.filter(owner=patient)


def test_spasm_days_counts_each_day_with_its_mean_and_worst(patient, diary):
    diary.spasm(day(30), intensity=4)
    diary.spasm(day(30), intensity=6)
    diary.spasm(day(31), intensity=3)
    diary.spasm(day(1, 4), intensity=9)  # after the period

    days = spasm_days(patient, Period(day(29), TODAY))

    assert [(d.day, d.spasms, d.mean_intensity, d.worst) for d in days] == [
        (day(29), 0, None, None),
        (day(30), 2, 5.0, 6),
        (day(31), 1, 3.0, 3),
    ]


def test_a_day_with_a_severe_spasm_7_or_more_is_unusual():
    days = mark_unusual([Day(day(1), 1, 7.0, 7), Day(day(2), 1, 6.0, 6)])

    assert [d.unusual for d in days] == [True, False]


def test_a_day_with_twice_the_usual_spasms_and_at_least_3_is_unusual():
    # 10 days, 14 spasms: 1.4 a day, so a busy day has 3 or more.
    counts = [1, 1, 1, 1, 1, 1, 1, 2, 3, 2]
    days = mark_unusual([Day(day(n + 1), count, 4.0, 4) for n, count in enumerate(counts)])

    assert [d.day.day for d in days if d.unusual] == [9]


def test_weeks_end_on_the_last_day_and_weigh_intensity_by_spasms():
    days = [Day(day(n)) for n in range(1, 10)]
    days[0] = Day(day(1), 1, 2.0, 2)
    days[8] = Day(day(9), 3, 6.0, 8, unusual=True)
    days[7] = Day(day(8), 1, 2.0, 2)

    weeks = by_week(days)

    assert [(w.first_day, w.last_day) for w in weeks] == [(day(1), day(2)), (day(3), day(9))]
    assert (weeks[1].spasms, weeks[1].mean_intensity, weeks[1].worst) == (4, 5.0, 8)
    assert weeks[1].unusual_days == 1


def test_totals_compare_the_period_with_the_same_number_of_days_before(patient, diary):
    for intensity in (2, 4, 6, 8):
        diary.spasm(day(20), intensity=intensity)
    diary.spasm(day(25), intensity=5)
    diary.spasm(day(5), intensity=3)  # the 10 days before
    diary.spasm(day(6), intensity=5)
    diary.spasm(day(1), intensity=10)  # before both

    totals = build_summary(patient, days=15, today=TODAY).totals

    assert (totals.spasms, totals.mean_intensity, totals.days_with_spasms) == (5, 5.0, 2)
    assert (totals.previous_spasms, totals.previous_mean_intensity) == (2, 4.0)
    assert totals.change_percent == 150
    assert totals.change_signed == "+150%"


def test_the_calendar_runs_monday_to_sunday_and_marks_days(patient, diary):
    period = Period(day(5), day(11))  # Wednesday to Tuesday
    diary.spasm(day(6), intensity=9)
    diary.check_in(day(7), stress=3)
    days = spasm_days(patient, period)

    weeks = calendar(days, {day(7)}, period)

    assert [[cell.day.day for cell in week] for week in weeks] == [
        [3, 4, 5, 6, 7, 8, 9],
        [10, 11, 12, 13, 14, 15, 16],
    ]
    cells = {cell.day: cell for week in weeks for cell in week}
    assert not cells[day(4)].in_period and cells[day(5)].in_period
    assert cells[day(6)].unusual and cells[day(6)].spasms == 1
    assert cells[day(7)].checked_in and not cells[day(6)].checked_in


def test_body_areas_are_ranked_by_spasms_with_their_share(patient, diary):
    diary.spasm(day(30), areas=["neck", "left-hand"])
    diary.spasm(day(30), areas=["neck"])
    diary.spasm(day(31), areas=["lower-back", "neck"])
    diary.spasm(day(31), areas=["left-hand"])

    ranked = build_summary(patient, days=30, today=TODAY).body_areas

    assert [(a.name, a.spasms, a.percent, a.is_acr_area) for a in ranked] == [
        ("Neck", 3, 75, True),
        ("Left hand", 2, 50, False),
        ("Lower back", 1, 25, True),
    ]


def test_it_counts_the_acr_areas_with_spasms_leaving_out_hands_and_feet(patient, diary):
    diary.spasm(day(30), areas=["neck", "left-hand", "right-foot"])
    diary.spasm(day(31), areas=["neck", "left-jaw", "right-lower-leg"])
    diary.spasm(day(20), areas=["chest"])  # outside the 7 days

    week = Period.ending(TODAY, 7)
    areas = acr_areas(patient, week)

    assert sorted(areas) == ["Left jaw", "Neck", "Right calf or shin"]


def test_triggers_are_ranked_by_the_spasms_they_were_noted_on(patient, diary):
    diary.spasm(day(29), triggers=["cold", "poor-sleep"])
    diary.spasm(day(30), triggers=["poor-sleep"])
    diary.spasm(day(31), triggers=["poor-sleep", "dehydration"])
    diary.spasm(day(31))

    ranked = build_summary(patient, days=30, today=TODAY).triggers

    assert [(t.name, t.spasms, t.percent) for t in ranked] == [
        ("Poor sleep", 3, 75),
        ("Not enough to drink", 1, 25),
        ("Cold", 1, 25),
    ]


def test_techniques_show_sessions_and_the_mean_drop_the_most_helpful_first(patient, diary):
    diary.session(day(29), "heat", before=7, after=3, helped=2, minutes=20)
    diary.session(day(30), "heat", before=6, after=4, helped=1, minutes=10)
    diary.session(day(31), "heat")  # no ratings
    diary.session(day(30), "stretching", before=5, after=4)
    diary.session(day(31), "deep-breathing")

    results = build_summary(patient, days=30, today=TODAY).techniques

    # The insights' order: techniques with 3 sessions or more first, the most helpful
    # first; the others after them by name, too few to tell.
    assert [(r.name, r.sessions, r.rated_sessions, r.mean_drop) for r in results] == [
        ("Heat", 3, 2, 3.0),
        ("Deep breathing", 1, 0, None),
        ("Stretching", 1, 1, 1.0),
    ]
    heat = results[0]
    # Helped, as the patient's insights count it: a drop of 2 points or more, or "it helped".
    assert (heat.helped_sessions, heat.minutes, heat.meaningful_drop) == (2, 30, True)
    assert [r.enough for r in results] == [True, False, False]
    assert not results[2].meaningful_drop


def test_doses_are_totalled_per_medicine(patient, diary):
    magnesium = diary.medication("Magnesium")
    relaxant = diary.medication("Tizanidine", kind="muscle-relaxant", amount="2", unit="mg")
    diary.dose(magnesium, day(30), amount="400")
    diary.dose(magnesium, day(31), amount="200")
    diary.dose(magnesium, day(31), amount="400", hour=20)
    diary.dose(relaxant, day(31), amount="2")

    uses = build_summary(patient, days=30, today=TODAY).medications

    assert [(u.medication, u.medication_class, u.doses, u.days, u.total) for u in uses] == [
        ("Magnesium", "Supplement: magnesium", 3, 2, "1000 mg"),
        ("Tizanidine", "Muscle relaxant", 1, 1, "2 mg"),
    ]


def test_sleep_and_stress_trends_compare_the_two_halves_of_the_period(patient, diary):
    for number, (sleep, stress) in enumerate([(3, 8), (4, 7), (7, 7), (8, 6)], start=28):
        diary.check_in(day(number), sleep_quality=sleep, stress=stress)
    period = Period(day(28), TODAY)
    by_day = check_ins_by_day(CheckIn.objects.filter(owner=patient), period)

    sleep = [by_day[d]["sleep_quality"] for d in period.each_day()]
    assert half_change([float(v) for v in sleep]) == (3.5, 7.5)
    assert CheckInTrend("Sleep", 3.5, 7.5, higher_is_better=True).reading == "better"
    assert CheckInTrend("Stress", 7.5, 6.5, higher_is_better=False).reading == "better"
    assert CheckInTrend("Stress", 7.0, 7.5, higher_is_better=False).reading == "steady"
    assert CheckInTrend("Stress", None, 7.5, higher_is_better=False).reading == ""


def test_patient_notes_come_from_every_kind_of_entry_newest_first(patient, diary):
    diary.spasm(day(29), note="Woke with a calf cramp")
    diary.spasm(day(30))
    diary.dose(diary.medication("Magnesium"), day(30), note="Took it late")
    diary.session(day(31), "heat", note="The heat pad helped")
    diary.check_in(day(31), note="Long day at work")
    diary.spasm(day(1), note="Before the period")

    notes = patient_notes(
        Period(day(28), TODAY),
        Spasm.objects.filter(owner=patient),
        Dose.objects.filter(owner=patient),
        TechniqueSession.objects.filter(owner=patient),
        CheckIn.objects.filter(owner=patient),
    )

    assert [(n.day, n.kind, n.text) for n in notes] == [
        (day(31), "Technique session", "The heat pad helped"),
        (day(31), "Daily check-in", "Long day at work"),
        (day(30), "Dose", "Took it late"),
        (day(29), "Spasm", "Woke with a calf cramp"),
    ]


def test_an_empty_diary_gives_an_empty_summary_not_an_error(patient):
    summary = build_summary(patient, days=30, today=TODAY)

    assert summary.totals.spasms == 0
    assert summary.totals.change_percent is None
    assert summary.spasm_chart.is_empty and summary.sleep_stress_chart.is_empty
    assert summary.body_areas == summary.triggers == summary.techniques == []
    # A diary with no entries began today: one day, never 29 empty days before it.
    assert len(summary.days) == 1 and summary.unusual_days == []
    assert summary.period.is_cut and summary.totals.previous_spasms is None


def test_the_summary_puts_the_figures_together_for_the_period(patient, diary):
    for days_ago in (0, 1, 2):
        diary.spasm(TODAY - dt.timedelta(days=days_ago), intensity=8, areas=["neck", "chest"])
    diary.spasm(TODAY - dt.timedelta(days=60), intensity=2, areas=["left-hip"])

    summary = build_summary(patient, days=90, today=TODAY)

    # The diary began 60 days before TODAY: the 90 days are cut to its 61.
    assert summary.period == Period.ending(TODAY, 90, diary_start=TODAY - dt.timedelta(days=60))
    assert summary.period.days == 61
    assert summary.totals.spasms == 4
    assert [d.day for d in summary.unusual_days] == [day(29), day(30), day(31)]
    assert summary.acr_areas_last_7_days == ["Neck", "Chest"]
    assert summary.acr_areas_total == 19
