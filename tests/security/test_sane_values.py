"""Every value a patient gives is checked once, where it is read, with a message beside
the field: days from 1900 to tomorrow in the patient's own zone (checked before any
time-zone arithmetic), text without a NUL or half a character, numbers in their range.
The models hold the same rules, so the diary import (which runs every record through
`full_clean()`) refuses what the forms refuse. A query-string value that cannot be what
the page reads (a slug, an id, a page number) is ignored, never a 500."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DataError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from diary.models import CheckIn, Dose, Medication, Spasm, TechniqueSession
from diary.validators import FORBIDDEN_CHARACTERS_MESSAGE, SANE_DAYS_MESSAGE
from website.middleware import BadValueMiddleware

pytestmark = pytest.mark.django_db

EAST = "Pacific/Kiritimati"  # UTC+14: the first to reach a new day
WEST = "Pacific/Pago_Pago"  # UTC-11


def spasm_form(started_at, **extra):
    return {
        "client_token": str(uuid.uuid4()),
        "started_at": started_at,
        "intensity": "5",
        "belongs_to": "same",
        **extra,
    }


def field_errors(response, name):
    form = response.context["form"]
    return [str(error) for error in form.errors.get(name, [])]


@pytest.fixture
def east_patient(patient):
    patient.time_zone = EAST
    patient.save()
    return patient


@pytest.fixture
def west_patient(patient):
    patient.time_zone = WEST
    patient.save()
    return patient


# --- Days and moments -----------------------------------------------------------------


@pytest.mark.parametrize("zone", [EAST, WEST, "UTC"])
@pytest.mark.parametrize("belongs_to", ["same", "previous"])
def test_a_spasm_in_year_1_is_refused_beside_the_field(client, patient, zone, belongs_to):
    patient.time_zone = zone
    patient.save()
    client.force_login(patient)

    response = client.post(
        reverse("diary:entry_new", args=["spasms"]),
        spasm_form("0001-01-01 00:00", belongs_to=belongs_to),
    )

    assert response.status_code == 200
    assert field_errors(response, "started_at") == [str(SANE_DAYS_MESSAGE)]
    assert not Spasm.objects.exists()


@pytest.mark.parametrize("zone", [EAST, WEST])
@pytest.mark.parametrize("moment", ["9999-12-31T23:59", "1899-12-31T23:59"])
def test_a_moment_outside_1900_to_tomorrow_is_refused(client, patient, zone, moment):
    patient.time_zone = zone
    patient.save()
    client.force_login(patient)

    response = client.post(reverse("diary:entry_new", args=["spasms"]), spasm_form(moment))

    assert field_errors(response, "started_at") == [str(SANE_DAYS_MESSAGE)]
    assert not Spasm.objects.exists()


def test_the_first_moment_of_1900_is_kept_far_east_of_utc(client, east_patient):
    client.force_login(east_patient)

    response = client.post(
        reverse("diary:entry_new", args=["spasms"]), spasm_form("1900-01-01 00:00")
    )

    assert response.status_code == 302
    spasm = Spasm.objects.get()
    assert spasm.local_date == dt.date(1900, 1, 1)
    assert timezone.localtime(spasm.started_at, east_patient.zone).year == 1900


@pytest.mark.parametrize("url_name", ["diary:technique_log"])
def test_a_technique_session_in_year_1_is_refused(client, east_patient, url_name):
    client.force_login(east_patient)

    response = client.post(
        reverse(url_name),
        {
            "client_token": str(uuid.uuid4()),
            "technique": "stretching",
            "started_at": "0001-01-01T00:00",
            "belongs_to": "previous",
        },
    )

    assert field_errors(response, "started_at") == [str(SANE_DAYS_MESSAGE)]
    assert not TechniqueSession.objects.exists()


def test_a_dose_in_year_9999_is_refused_west_of_utc(client, west_patient, make_medication):
    medication = make_medication(west_patient)
    client.force_login(west_patient)

    response = client.post(
        reverse("diary:entry_new", args=["doses"]),
        {
            "client_token": str(uuid.uuid4()),
            "medication": medication.pk,
            "dose": "400 mg",
            "taken_at": "9999-12-31 23:59",
        },
    )

    assert field_errors(response, "taken_at") == [str(SANE_DAYS_MESSAGE)]
    assert not Dose.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_a_history_filter_day_outside_the_range_is_refused(patient_client, day):
    response = patient_client.get(reverse("diary:history"), {"start": day})

    assert response.status_code == 200
    assert field_errors(response, "start") == [str(SANE_DAYS_MESSAGE)]


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+14:00", "1899-06-01T12:00:00-11:00"])
def test_the_model_refuses_a_moment_before_1900_before_any_zone_arithmetic(patient, value):
    from django.utils.dateparse import parse_datetime

    spasm = Spasm(owner=patient, started_at=parse_datetime(value), intensity=3)
    spasm.local_date = dt.date(2020, 1, 1)

    with pytest.raises(ValidationError) as refused:
        spasm.full_clean()

    assert list(refused.value.message_dict) == ["started_at"]


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_the_model_refuses_a_diary_day_outside_the_range(patient, day):
    check_in = CheckIn(owner=patient, local_date=day, mood=5)

    with pytest.raises(ValidationError) as refused:
        check_in.full_clean()

    assert refused.value.message_dict["local_date"] == [str(SANE_DAYS_MESSAGE)]


# --- Text -----------------------------------------------------------------------------


@pytest.mark.parametrize("note", ["tight\x00calf", "\x00"])
def test_a_note_with_a_nul_is_refused_beside_the_field(patient_client, note):
    response = patient_client.post(
        reverse("diary:entry_new", args=["spasms"]),
        spasm_form(timezone.localtime().strftime("%Y-%m-%d %H:%M"), note=note),
    )

    assert field_errors(response, "note") == [str(FORBIDDEN_CHARACTERS_MESSAGE)]
    assert not Spasm.objects.exists()


def test_a_medicine_name_with_a_nul_is_refused_beside_the_field(patient_client):
    response = patient_client.post(reverse("diary:medications"), {"name": "Mag\x00nesium"})

    assert field_errors(response, "name") == [str(FORBIDDEN_CHARACTERS_MESSAGE)]
    assert not Medication.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("note", "half a character: \ud800"),
        ("note", "nul \x00"),
        ("note", "x" * 2001),
    ],
)
def test_the_model_refuses_text_the_form_refuses(patient, field, value):
    spasm = Spasm(owner=patient, intensity=3, local_date=dt.date(2020, 1, 1))
    setattr(spasm, field, value)

    with pytest.raises(ValidationError) as refused:
        spasm.full_clean()

    assert field in refused.value.message_dict


@pytest.mark.parametrize(
    "model, values, field",
    [
        (CheckIn, {"water_glasses": 41}, "water_glasses"),
        (CheckIn, {"sleep_hours": Decimal("24.5")}, "sleep_hours"),
        (TechniqueSession, {"minutes": 601}, "minutes"),
    ],
)
def test_the_model_refuses_numbers_the_form_refuses(patient, model, values, field):
    row = model(owner=patient, local_date=dt.date(2020, 1, 1), **values)

    with pytest.raises(ValidationError) as refused:
        row.full_clean(exclude=["technique"])

    assert field in refused.value.message_dict


def test_the_model_refuses_a_medicine_amount_out_of_range(patient):
    medication = Medication(owner=patient, name="Magnesium", usual_amount=Decimal("0"))

    with pytest.raises(ValidationError) as refused:
        medication.full_clean()

    assert "usual_amount" in refused.value.message_dict


# --- Query strings --------------------------------------------------------------------

# As a browser would send them, percent-encoded: a NUL, a huge number, digits that are
# not ASCII, a lone surrogate in UTF-8's shape, 5,000 characters.
HOSTILE_QUERY_VALUES = [
    "%00",
    "a%00b",
    "9" * 40,
    "-1",
    "%C2%B2",
    "%D9%A3",
    "%ED%A0%80",
    "x" * 5000,
    "0001-01-01",
    "9999-12-31",
]


@pytest.mark.parametrize("value", HOSTILE_QUERY_VALUES)
def test_the_guide_search_answers_any_query(client, value):
    response = client.get(reverse("education:search") + f"?q={value}")

    assert response.status_code == 200


@pytest.mark.parametrize("value", HOSTILE_QUERY_VALUES)
@pytest.mark.parametrize(
    "url, parameter",
    [
        (("diary:entry_new", "spasms"), "area"),
        (("diary:entry_new", "techniques"), "technique"),
        (("diary:entry_new", "doses"), "medication"),
        (("diary:dashboard",), "area"),
        (("diary:dashboard",), "saved"),
        (("diary:check_in",), "date"),
        (("diary:history",), "page"),
        (("diary:history",), "area"),
        (("diary:history",), "trigger"),
        (("diary:history",), "kinds"),
        (("diary:history",), "start"),
    ],
)
def test_a_diary_page_answers_any_query_value(
    patient_client, patient, make_medication, url, parameter, value
):
    make_medication(patient)
    name, *args = url

    response = patient_client.get(reverse(name, args=args) + f"?{parameter}={value}")

    assert response.status_code == 200


def test_a_huge_page_number_shows_the_last_page(patient_client, patient, make_spasm):
    make_spasm(patient, note="the only one")

    response = patient_client.get(reverse("diary:history"), {"page": "9" * 40})

    assert response.status_code == 200
    assert "the only one" in response.content.decode()


CLINICIAN_LISTS = [
    ("spasm", "started_at"),
    ("dose", "taken_at"),
    ("techniquesession", "started_at"),
    ("checkin", "local_date"),
    ("reviewmark", "reviewed_at"),
]


@pytest.mark.parametrize("model, field", CLINICIAN_LISTS)
@pytest.mark.parametrize(
    "query",
    [
        {"__year": "99999999"},
        {"__year": "9999", "__month": "12"},
        {"__year": "9999"},
        {"__year": "2025", "__month": "99999999999"},
        {"__year": "2025", "__month": "2", "__day": "31"},
        {"__year": "0"},
        {"__year": "\x00"},
    ],
)
def test_a_date_outside_the_calendar_in_a_clinician_list_is_the_admins_error_page(
    client, doctor, otp_verified, model, field, query
):
    otp_verified(client, doctor)
    url = reverse(f"admin:diary_{model}_changelist")

    response = client.get(url, {field + part: value for part, value in query.items()})

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_a_sane_date_in_a_clinician_list_still_filters(client, doctor, otp_verified):
    otp_verified(client, doctor)
    url = reverse("admin:diary_spasm_changelist")

    response = client.get(url, {"started_at__year": "2025", "started_at__month": "3"})

    assert response.status_code == 200


LONG_USERNAME = {"username": "u" * 300, "password": "whatever-it-is"}


def test_a_300_character_username_at_log_in_is_never_a_500(client, db):
    response = client.post(reverse("login"), LONG_USERNAME)

    assert response.status_code < 500


def test_a_300_character_username_at_log_in_is_a_form_error(client, db):
    response = client.post(reverse("login"), LONG_USERNAME)

    assert response.status_code == 200
    assert response.context["form"].errors


# --- The last resort -----------------------------------------------------------------


@pytest.mark.parametrize(
    "exception",
    [
        DataError("value too long for type character varying(150)"),
        OverflowError("date value out of range"),
        ValueError("year 0 is out of range"),
        UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
    ],
)
def test_a_bad_value_no_check_stopped_is_a_plain_400(exception, caplog):
    request = RequestFactory().get("/diary/")
    request.user = get_user_model()()

    response = BadValueMiddleware(lambda r: None).process_exception(request, exception)

    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    assert "reached /diary/ unchecked" in caplog.text


def test_any_other_error_is_left_to_be_the_error_it_is():
    request = RequestFactory().get("/diary/")

    answer = BadValueMiddleware(lambda r: None).process_exception(request, ValueError("a bug"))

    assert answer is None


def test_a_report_for_a_patient_id_that_is_not_plain_digits_is_not_found(patient_client):
    response = patient_client.get(reverse("diary:report"), {"patient": "²"})

    assert response.status_code == 404
