"""The access log keeps what was opened as keys, so each reader reads it in their own
language: a patient in Spanish sees a German clinician's look in Spanish."""

import datetime

from django.utils import translation

from diary.models import AccessDetail


def test_a_detail_is_stored_as_keys_not_words():
    detail = AccessDetail.entry("spasm", datetime.date(2026, 11, 30))

    assert detail == "entry|spasm|2026-11-30"


def test_a_period_reads_in_the_readers_language():
    detail = AccessDetail.period(90)

    with translation.override("en"):
        english = AccessDetail.text(detail)
    with translation.override("es"):
        spanish = AccessDetail.text(detail)

    assert english == "the last 90 days"
    assert spanish != english and "90" in spanish


def test_an_opened_entry_names_its_day_in_words_in_the_readers_language():
    detail = AccessDetail.entry("spasm", datetime.date(2026, 11, 30))

    with translation.override("de"):
        german = AccessDetail.text(detail)

    assert "November" in german and "2026-11-30" not in german


def test_a_report_names_its_period_in_words():
    detail = AccessDetail.report(datetime.date(2025, 3, 2), datetime.date(2025, 3, 31))

    with translation.override("es"):
        spanish = AccessDetail.text(detail)

    assert "marzo" in spanish


def test_a_detail_written_before_keys_is_shown_as_written():
    # Whatever the language: it was written as words, in one.
    assert AccessDetail.text("spasms, as a CSV file") == "spasms, as a CSV file"
    assert AccessDetail.text("entry|nothing-like-this|x") == "entry|nothing-like-this|x"


def test_a_medicine_keeps_its_name_as_typed_whatever_it_holds():
    detail = AccessDetail.medicine("Drops | night")

    with translation.override("en"):
        assert AccessDetail.text(detail) == "Medicine: Drops | night"
