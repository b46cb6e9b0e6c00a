"""Numbers, lengths of time, counts and dates that read right in English, Spanish and German
(issue 19): "5 h" and "5,5 h", never "5.0"; "3 min", never "3 min 0 s"; "1 day against 22 days";
dates in words; CSS classes from stable keys, not from translated words."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from diary import spoken
from diary.insights.context import Comparison
from diary.models import CheckIn
from tests.conftest import today_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [(6.0, "6"), (Decimal("5.0"), "5"), (6.54, "6.5"), (6.55, "6.6"), (0, "0"), (-0.04, "0")],
)
def test_a_number_has_no_needless_decimal(value, expected):
    with translation.override("en"):
        assert spoken.number(value) == expected


def test_a_number_takes_the_readers_decimal_mark():
    for language in ("de", "es"):
        with translation.override(language):
            assert spoken.number(Decimal("5.5")) == "5,5"
            assert spoken.number(Decimal("5.0")) == "5"


def test_a_number_can_keep_two_decimals_and_drops_trailing_zeros():
    with translation.override("en"):
        assert spoken.number(1.25, 2) == "1.25"
        assert spoken.number(1.50, 2) == "1.5"


def test_no_number_is_an_empty_string():
    assert spoken.number(None) == ""


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (180, "3 min"),
        (312, "5 min"),
        (3600, "1 h"),
        (3900, "1 h 5 min"),
        (7170, "2 h"),
    ],
)
def test_a_duration_reads_as_people_say_it(seconds, expected):
    with translation.override("en"):
        assert spoken.duration(seconds) == expected


def test_the_check_in_form_shows_hours_slept_without_a_needless_decimal(patient_client, diary):
    today = today_for(diary.owner)
    diary.check_in(today, sleep_hours=Decimal("5.0"))

    page = patient_client.get(reverse("diary:check_in"), {"date": today.isoformat()})

    field = re.search(r'<input[^>]*name="sleep_hours"[^>]*>', page.content.decode()).group(0)
    assert 'value="5"' in field


def test_the_check_in_form_keeps_a_half_hour(patient_client, diary):
    today = today_for(diary.owner)
    diary.check_in(today, sleep_hours=Decimal("5.5"))

    page = patient_client.get(reverse("diary:check_in"), {"date": today.isoformat()})

    field = re.search(r'<input[^>]*name="sleep_hours"[^>]*>', page.content.decode()).group(0)
    assert 'value="5.5"' in field  # a number input needs the dot in every language


def test_the_history_says_slept_5_h_and_5_5_h_in_german(client, patient, diary):
    today = today_for(patient)
    diary.check_in(today, sleep_hours=Decimal("5.0"))
    client.force_login(patient)

    page = client.get(reverse("diary:history")).content.decode()
    assert "slept 5 h" in page
    assert "5.0" not in page

    patient.language = "de"
    patient.save(update_fields=["language"])
    diary.check_in(date.fromordinal(today.toordinal() - 1), sleep_hours=Decimal("6.5"))
    page = client.get(reverse("diary:history")).content.decode()
    assert "6,5" in page


def test_the_spasm_form_shows_its_minutes_without_a_needless_decimal(patient_client, diary):
    spasm = diary.spasm(today_for(diary.owner), duration_seconds=180)

    page = patient_client.get(reverse("diary:entry_edit", args=["spasms", spasm.pk]))

    field = re.search(r'<input[^>]*name="duration_minutes"[^>]*>', page.content.decode()).group(0)
    assert 'value="3"' in field


def comparison(days, other_days):
    return Comparison(
        "sleep",
        "On nights you slept 4 hours or less",
        "after longer nights",
        days,
        2,
        other_days,
        9,
    )


def test_one_day_against_many_is_counted_in_the_singular():
    with translation.override("en"):
        text = render_to_string(
            "diary/includes/chart_context.html", {"context": [comparison(1, 22)]}
        )

    assert "1 day against 22 days" in text
    assert "1 days" not in text


def test_a_comparison_has_no_needless_decimal():
    with translation.override("en"):
        text = render_to_string(
            "diary/includes/chart_context.html", {"context": [comparison(4, 9)]}
        )

    assert "spasms a day: 0.5" in text  # 2 in 4 days
    assert "1.0" not in text  # 9 in 9 days
    assert ", 1." in text


def test_a_check_in_is_named_by_its_date_in_words():
    with translation.override("en"):
        name = str(CheckIn(local_date=date(2026, 11, 30)))
    assert "2026-11-30" not in name
    assert "Nov" in name and "30" in name
    with translation.override("de"):
        assert "2026-11-30" not in str(CheckIn(local_date=date(2026, 11, 30)))


def intensity_classes(page):
    return re.findall(r'class="intensity (intensity--[\w-]+)"', page.content.decode())


def test_the_dashboards_intensity_classes_are_the_same_in_every_language(client, patient):
    client.force_login(patient)
    english = intensity_classes(client.get(reverse("diary:dashboard"), {"area": "neck"}))

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    patient.language = "es"
    patient.save(update_fields=["language"])
    spanish_page = client.get(reverse("diary:dashboard"), {"area": "neck"})
    spanish = intensity_classes(spanish_page)

    assert 'lang="es"' in spanish_page.content.decode()
    assert len(english) == 11
    assert spanish == english
    assert set(english) == {f"intensity--{key}" for key in ("none", "mild", "moderate", "severe")}
