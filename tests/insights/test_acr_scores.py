"""The ACR 2016 scores (Wolfe et al. 2016): the WPI from the diary's body areas, the SSS
from the symptom check, their total; for clinicians, and never a verdict anywhere."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from diary.care import sharing
from diary.clinical import WPI_AREA_OF, WPI_AREAS, Period
from diary.insights.acr import (
    acr_history,
    acr_scores,
    sss_of,
    symptom_check_trend,
    with_acr_scores,
    wpi_area_keys,
)
from diary.models import BodyArea, SymptomCheck, User
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db

# Tiredness 2, waking up still tired 3, trouble thinking 1, headaches yes, low belly
# pain no, feeling low yes: 2 + 3 + 1 + 1 + 0 + 1 = 8.
ANSWERS = {
    "fatigue": 2,
    "waking_unrefreshed": 3,
    "thinking": 1,
    "headaches": True,
    "lower_belly_pain": False,
    "low_mood": True,
}


def check(owner, day=TODAY, **answers):
    return SymptomCheck.objects.create(
        owner=owner, local_date=day, client_token=uuid.uuid4(), **{**ANSWERS, **answers}
    )


# --- the mapping ------------------------------------------------------------------------


def test_the_wpi_has_19_areas_and_every_shipped_acr_area_maps_to_one():
    shipped = set(BodyArea.objects.filter(is_acr_area=True).values_list("slug", flat=True))

    assert len(WPI_AREAS) == 19
    assert shipped == set(WPI_AREA_OF)
    assert set(WPI_AREA_OF.values()) == set(WPI_AREAS)


def test_hands_and_feet_are_not_wpi_areas():
    not_counted = set(BodyArea.objects.filter(region="hands-feet").values_list("slug", flat=True))

    assert not_counted == {"left-hand", "right-hand", "left-foot", "right-foot"}
    assert not not_counted & set(WPI_AREA_OF)


# --- the WPI ----------------------------------------------------------------------------


def test_both_hands_and_both_feet_count_nothing(patient, diary, frozen_today):
    diary.spasm(TODAY, areas=["left-hand", "right-hand", "left-foot", "right-foot"])
    check(patient)

    assert acr_scores(patient, TODAY).wpi == 0


def test_the_left_and_right_shoulder_count_two(patient, diary, frozen_today):
    diary.spasm(TODAY, areas=["left-shoulder-girdle", "right-shoulder-girdle", "left-hand"])
    check(patient)

    scores = acr_scores(patient, TODAY)
    assert scores.wpi == 2
    assert scores.wpi_areas == ("Left shoulder girdle", "Right shoulder girdle")


def test_an_area_logged_many_times_in_the_week_counts_once(patient, diary, frozen_today):
    for days_ago in (0, 2, 5):
        diary.spasm(TODAY - timedelta(days=days_ago), areas=["neck"])
    diary.spasm(TODAY, areas=["neck", "lower-back"])
    check(patient)

    assert acr_scores(patient, TODAY).wpi == 2


def test_an_area_logged_8_days_ago_does_not_count_but_6_days_ago_does(patient, diary, frozen_today):
    diary.spasm(TODAY - timedelta(days=8), areas=["chest"])
    diary.spasm(TODAY - timedelta(days=7), areas=["abdomen"])
    diary.spasm(TODAY - timedelta(days=6), areas=["neck"])
    check(patient)

    scores = acr_scores(patient, TODAY)
    assert (scores.wpi, scores.wpi_areas) == (1, ("Neck",))


def test_an_area_before_the_diarys_start_does_not_count(patient, diary):
    diary.spasm(TODAY - timedelta(days=4), areas=["neck"])
    diary.spasm(TODAY - timedelta(days=1), areas=["chest"])
    week = Period.ending(TODAY, 7, diary_start=TODAY - timedelta(days=2))

    assert wpi_area_keys(patient, week) == ("chest",)


def test_a_week_wholly_before_the_diary_counts_nothing(patient, diary):
    diary.spasm(TODAY, areas=["neck"])
    week = Period.ending(TODAY - timedelta(days=10), 7, diary_start=TODAY)

    assert wpi_area_keys(patient, week) == ()


def test_another_patients_areas_never_count(patient, stranger, frozen_today):
    from tests.conftest import Diary

    Diary(stranger).spasm(TODAY, areas=["neck", "chest"])
    Diary(patient).spasm(TODAY, areas=["left-hand"])
    check(patient)

    assert acr_scores(patient, TODAY).wpi == 0


# --- the SSS and the total --------------------------------------------------------------


def test_the_sss_sums_the_six_answers(patient):
    assert sss_of(check(patient)) == 8


def test_the_sss_is_0_for_all_none_and_no_and_12_for_all_severe_and_yes(patient):
    none = {"fatigue": 0, "waking_unrefreshed": 0, "thinking": 0}
    nothing = check(patient, TODAY - timedelta(days=1), headaches=False, low_mood=False, **none)
    everything = check(patient, fatigue=3, waking_unrefreshed=3, thinking=3, lower_belly_pain=True)

    assert (sss_of(nothing), sss_of(everything)) == (0, 12)


def test_the_total_is_wpi_plus_sss(patient, diary, frozen_today):
    diary.spasm(TODAY - timedelta(days=1), areas=["left-shoulder-girdle", "right-shoulder-girdle"])
    check(patient)

    scores = acr_scores(patient, TODAY)
    assert (scores.wpi, scores.sss, scores.total, scores.checked_on) == (2, 8, 10, TODAY)


def test_there_are_no_scores_without_a_symptom_check(patient, diary, frozen_today):
    diary.spasm(TODAY, areas=["neck"])

    assert acr_scores(patient, TODAY) is None


def test_the_scores_are_those_of_the_latest_check_and_the_week_it_closes(
    patient, diary, frozen_today
):
    diary.spasm(TODAY - timedelta(days=12), areas=["neck", "chest"])
    diary.spasm(TODAY, areas=["abdomen"])
    check(patient, TODAY - timedelta(days=10), thinking=3)  # SSS 10, WPI 2 (neck, chest)
    check(patient, TODAY - timedelta(days=3))  # SSS 8, WPI 0: nothing in its week

    scores = acr_scores(patient, TODAY)
    assert (scores.checked_on, scores.wpi, scores.sss) == (TODAY - timedelta(days=3), 0, 8)
    earlier = acr_scores(patient, TODAY - timedelta(days=5))
    assert (earlier.wpi, earlier.sss, earlier.total) == (2, 10, 12)


def test_the_history_scores_each_check_of_the_period_oldest_first(patient, diary, frozen_today):
    diary.spasm(TODAY - timedelta(days=21), areas=["neck"])  # the day before the week
    diary.spasm(TODAY - timedelta(days=15), areas=["chest", "left-foot"])
    diary.spasm(TODAY - timedelta(days=2), areas=["left-hip", "right-hip", "neck"])
    check(patient, TODAY - timedelta(days=40))  # outside the 30 days
    check(patient, TODAY - timedelta(days=14), low_mood=False)  # its week: the chest
    check(patient, TODAY, fatigue=0)

    history = acr_history(patient, Period.ending(TODAY, 30, TODAY - timedelta(days=60)))

    assert [(s.checked_on, s.wpi, s.sss, s.total) for s in history] == [
        (TODAY - timedelta(days=14), 1, 7, 8),
        (TODAY, 3, 6, 9),
    ]


def test_the_history_costs_the_same_queries_for_two_checks_or_fifty(
    patient, diary, frozen_today, django_assert_max_num_queries
):
    period = Period.ending(TODAY, 365, TODAY - timedelta(days=400))
    check(patient, TODAY)
    check(patient, TODAY - timedelta(days=7))
    diary.spasm(TODAY, areas=["neck"])
    with django_assert_max_num_queries(2):
        acr_history(patient, period)
    for week in range(2, 50):
        check(patient, TODAY - timedelta(days=7 * week))
        diary.spasm(TODAY - timedelta(days=7 * week), areas=["chest", "neck"])
    with django_assert_max_num_queries(2):
        assert len(acr_history(patient, period)) == 50


def test_the_patients_list_annotation_agrees_with_acr_scores(
    patient, stranger, diary, frozen_today
):
    diary.spasm(TODAY - timedelta(days=6), areas=["left-shoulder-girdle", "neck"])
    diary.spasm(TODAY - timedelta(days=7), areas=["chest"])  # before the week
    diary.spasm(TODAY - timedelta(days=1), areas=["right-shoulder-girdle", "left-hand"])
    check(patient, TODAY - timedelta(days=20), fatigue=0)
    check(patient)

    rows = with_acr_scores(User.objects.filter(pk__in=[patient.pk, stranger.pk]))
    found = {user.username: (user.acr_wpi, user.acr_sss, user.acr_total) for user in rows}

    scores = acr_scores(patient, TODAY)
    assert found == {"pat": (3, 8, 11), "stranger": (None, None, None)}
    assert (scores.wpi, scores.sss, scores.total) == (3, 8, 11)


def test_the_patients_trend_has_their_answers_and_no_score(patient, frozen_today):
    check(patient, TODAY - timedelta(days=7), fatigue=1)
    check(patient, TODAY, fatigue=3)

    trend = symptom_check_trend(patient, Period.ending(TODAY, 30))

    assert [c.fatigue for c in trend.checks] == [1, 3]
    assert [line.name for line in trend.chart.lines] == [
        "Tiredness",
        "Waking up still tired",
        "Trouble thinking",
    ]


# --- never a verdict ----------------------------------------------------------------------

# Words that would read the scores as a diagnosis. The source's title ("diagnostic
# criteria") is cited on the pages, so the scan looks for verdicts, not that word.
VERDICTS = re.compile(
    r"meets? (the )?(acr )?criteria|criteria (are |were )?(not )?met|\bnot met\b"
    r"|fibromyalgia (is )?(likely|probable|possible|confirmed)|(likely|probable) fibromyalgia"
    r"|you have fibromyalgia|consistent with fibromyalgia|suggests fibromyalgia"
    r"|positive for|diagnosis of fibromyalgia|≥|&ge;|threshold|cut-?off score",
    re.IGNORECASE,
)


@pytest.fixture
def high_scores(patient, diary, frozen_today):
    """A diary whose latest check scores WPI 19 and SSS 12: the strongest case for a
    page that might be tempted to interpret it."""
    diary.spasm(TODAY, areas=list(WPI_AREAS))
    check(patient, TODAY - timedelta(days=7))
    check(patient, fatigue=3, waking_unrefreshed=3, thinking=3, lower_belly_pain=True)
    return patient


def text_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_no_patient_page_says_whether_criteria_are_met(client, high_scores):
    client.force_login(high_scores)
    for name in ("diary:symptom_check", "diary:insights", "diary:dashboard", "diary:report"):
        page = text_of(client.get(reverse(name)))
        assert not VERDICTS.search(page), (name, VERDICTS.search(page))


def test_the_patients_own_pages_show_answers_not_scores(client, high_scores):
    client.force_login(high_scores)
    page = text_of(client.get(reverse("diary:symptom_check")))

    assert "Severe" in page
    assert "WPI" not in page and "SSS" not in page and "Symptom Severity" not in page


def test_no_clinician_page_says_whether_criteria_are_met(client, high_scores, doctor):
    sharing.grant(high_scores, doctor)
    client.force_login(doctor)
    summary = reverse("admin:diary_sharedpatient_summary", args=[high_scores.pk])
    pages = {
        "summary": summary + "?days=30",
        "patients": reverse("admin:diary_sharedpatient_changelist"),
        "report": reverse("diary:report") + f"?patient={high_scores.pk}",
    }
    for name, url in pages.items():
        page = text_of(client.get(url))
        assert "31" in page, name  # the total of 19 + 12 is shown ...
        assert not VERDICTS.search(page), (name, VERDICTS.search(page))  # ... never read


def test_the_clinician_summary_shows_the_scores_with_their_date_and_trend(
    client, high_scores, doctor
):
    sharing.grant(high_scores, doctor)
    client.force_login(doctor)
    url = reverse("admin:diary_sharedpatient_summary", args=[high_scores.pk]) + "?days=30"

    response = client.get(url)

    acr = response.context["summary"].acr
    assert (acr.latest.wpi, acr.latest.sss, acr.latest.total) == (19, 12, 31)
    assert [s.total for s in acr.history] == [0 + 8, 19 + 12]
    page = response.content.decode()
    assert "Widespread Pain Index (WPI)" in page
    assert "Semin Arthritis Rheum 2016;46:319–329" in page


def test_a_seeded_demo_diary_has_a_weekly_check_and_scores_for_the_clinician(
    client, patient, doctor
):
    import random

    from django.utils import timezone

    from diary.clinical import patient_today
    from diary.demo import build_diary

    counts = build_diary(patient, 75, random.Random(3), now=timezone.now())
    sharing.grant(patient, doctor)
    client.force_login(doctor)
    url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk]) + "?days=90"

    acr = client.get(url).context["summary"].acr

    assert counts["symptom_checks"] == 11  # today and every 7th day before, in 75 days
    assert acr.latest.checked_on == patient_today(patient)
    assert len(acr.history) == 11 and acr.has_trend
    assert acr.latest.total == acr.latest.wpi + acr.latest.sss
    assert 0 < acr.latest.wpi <= 19
