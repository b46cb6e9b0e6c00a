import re
from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import TODAY, Diary

pytestmark = pytest.mark.django_db

URL = reverse("diary:insights")


def test_it_needs_a_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_last_30_days_by_default(patient_client, patient, frozen_today):
    Diary(patient).spasm(date(2024, 1, 1))
    response = patient_client.get(URL)

    assert response.context["days"] == 30
    assert response.context["period"].first == date(2025, 3, 2)
    assert response.context["period"].last == TODAY


@pytest.mark.parametrize(("query", "days"), [("90", 90), ("365", 365), ("12", 30), ("x", 30)])
def test_it_takes_90_or_365_days_and_nothing_else(
    patient_client, patient, frozen_today, query, days
):
    Diary(patient).spasm(date(2024, 1, 1))
    response = patient_client.get(URL, {"days": query})

    assert response.context["days"] == days
    assert response.context["period"].days == days


def test_an_empty_diary_says_there_is_not_enough_data_yet(patient_client, frozen_today):
    response = patient_client.get(URL)

    assert response.status_code == 200
    assert "Not enough data yet" in response.text
    assert '<svg class="chart__svg"' not in response.text


def full_diary(diary):
    magnesium = diary.medication("Magnesium")
    for offset in range(6):
        day = date(2025, 3, 20 + offset)
        diary.spasm(day, hour=2 + offset, intensity=6, areas=["neck"], triggers=["cold"])
        diary.check_in(day, sleep_hours=3 if offset < 3 else 8, stress=8, water_glasses=2)
        diary.session(day, "heat", before=7, after=3)
        diary.dose(magnesium, day)


def test_it_shows_every_figure_for_a_full_diary(patient_client, diary, frozen_today):
    full_diary(diary)

    response = patient_client.get(URL)
    text = response.text

    assert response.status_code == 200
    for heading in (
        "Spasms per day",
        "How bad they were",
        "Time of day",
        "Day of the week",
        "Where",
        "Triggers",
        "What you tried",
        "Sleep, stress and water",
        "Medicines taken",
    ):
        assert heading in text
    assert "On nights you slept 4 hours or less, spasms a day: 1;" in text
    assert "Heat" in text and "6 of 6 (100%)" in text
    assert 'class="body-map__area level-4"' in text
    assert 'aria-label="Neck: 6 spasms"' in text


def test_each_chart_has_a_data_table_with_a_caption(patient_client, diary, frozen_today):
    full_diary(diary)

    text = patient_client.get(URL).text

    charts = re.findall(r'<svg class="chart__svg"', text)
    assert len(charts) == 6  # 4 of spasms, and the check-ins' hours slept and stress
    assert text.count("<caption>") >= len(charts) + 3  # + areas, triggers, techniques...


def test_it_has_no_inline_styles_or_scripts(patient_client, diary, frozen_today):
    full_diary(diary)

    text = patient_client.get(URL).text
    main = text[text.index("<main") : text.index("</main>")]

    assert "style=" not in main
    assert "<script" not in main
    assert "http://" not in main.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_it_never_shows_someone_elses_entries(patient_client, stranger, frozen_today):
    other = Diary(stranger)
    for hour in range(6):
        other.spasm(TODAY, hour=hour, areas=["neck"], triggers=["cold"])

    response = patient_client.get(URL)

    assert response.context["summary"].spasms == 0
    assert not response.context["body_areas"].enough
