"""Values fuzzed where they are read, for patients at the ends of the world's clocks
(Pacific/Kiritimati, UTC+14, and Pacific/Pago_Pago, UTC-11):

- every query parameter the diary and the guide read gets NULs, a lone surrogate (as
  the bytes a browser would send), huge and negative numbers, non-ASCII digits and
  days in years 1 and 9999: never a server error;
- every moment of every dated form gets any date-time from year 1 to 9999, with "last
  night" or not: never a server error; refused with nothing saved, or saved on a day
  from 1900 to tomorrow that every page showing it (the patient's history, the spasm's
  own edit page, a clinician's list west of UTC) can still read;
- every free-text field of every diary form gets text with a NUL or a lone surrogate:
  refused beside the field, nothing saved.

(tests/security/test_hostile_input.py sends random whole forms; this suite goes deep on
the values the issue found breaking.)
"""

import datetime as dt
import urllib.parse
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from diary.care import sharing
from diary.models import CheckIn, Dose, Medication, Spasm, TechniqueSession
from diary.validators import EARLIEST_DAY, FORBIDDEN_CHARACTERS_MESSAGE, latest_sane_day

pytestmark = pytest.mark.django_db

EXAMPLES = hypothesis_settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run and both databases
)
ZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"]

# Percent-encoded, as they arrive from a browser or a hand-edited link.
RAW_QUERY_VALUES = [
    "%00",
    "neck%00",
    "%ED%A0%80",  # a lone surrogate in UTF-8's shape
    "%C2%B2",  # a superscript two: str.isdigit() says yes, int() says no
    "%D9%A3",  # an Arabic-Indic three
    "9" * 40,
    "-" + "9" * 20,
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "NaN",
    "0001-01-01",
    "0001-01-01T00:00",
    "9999-12-31",
    "10000-01-01",
    "x" * 3000,
]
QUERY_VALUE = st.one_of(
    st.sampled_from(RAW_QUERY_VALUES),
    st.text(max_size=30).map(lambda text: urllib.parse.quote(text, safe="")),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.dates().map(dt.date.isoformat),
)

# Every ?parameter the diary and the guide read, on the page that reads it.
QUERY_PARAMETERS = [
    (("education:search",), ["q"]),
    (("diary:dashboard",), ["area", "saved"]),
    (("diary:entry_new", "spasms"), ["area", "next"]),
    (("diary:entry_new", "techniques"), ["technique"]),
    (("diary:entry_new", "doses"), ["medication"]),
    (("diary:check_in",), ["date", "next"]),
    (("diary:history",), ["page", "kinds", "start", "end", "area", "trigger"]),
    (("diary:insights",), ["days", "patient"]),
    (("diary:report",), ["start", "end", "patient"]),
    (("diary:sharing",), ["page"]),
]


# Parameters whose page has no check of its own yet, so the last resort (a plain 400)
# answers. None: every page checks its own.
LAST_RESORT_KNOWN = set()


@pytest.fixture
def signed_in(patient, make_medication, make_spasm):
    make_medication(patient)
    make_spasm(patient)
    client = Client()
    client.force_login(patient)
    return client


@pytest.mark.parametrize(
    "url, parameters", QUERY_PARAMETERS, ids=[url[-1] for url, _ in QUERY_PARAMETERS]
)
def test_any_query_value_is_answered_without_a_server_error(
    signed_in, patient, url, parameters, caplog
):
    name, *args = url
    address = reverse(name, args=args)

    @EXAMPLES
    @given(
        zone=st.sampled_from(ZONES),
        query=st.dictionaries(st.sampled_from(parameters), QUERY_VALUE, min_size=1),
    )
    def run(zone, query):
        patient.time_zone = zone
        patient.save(update_fields=["time_zone"])
        query_string = "&".join(f"{key}={value}" for key, value in query.items())

        response = signed_in.get(f"{address}?{query_string}")

        assert response.status_code < 500, query_string[:200]
        if not {(name, key) for key in query} & LAST_RESORT_KNOWN:
            assert "unchecked" not in caplog.text, query_string[:200]  # checked at its source
        caplog.clear()

    run()


def moment_text(moment, style):
    return moment.strftime("%Y-%m-%dT%H:%M" if style else "%Y-%m-%d %H:%M").rjust(16, "0")


# Any minute from year 1 to 9999, with the ends and the edges of the sane range
# drawn often.
ANY_MOMENT = st.one_of(
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59)),
    st.sampled_from(
        [
            dt.datetime(1, 1, 1),
            dt.datetime(1, 1, 1, 3, 30),
            dt.datetime(1899, 12, 31, 23, 59),
            dt.datetime(1900, 1, 1),
            dt.datetime(1900, 1, 1, 2, 0),
            dt.datetime(9999, 12, 31, 23, 59),
        ]
    ),
    st.integers(min_value=-3, max_value=3).map(
        lambda days: dt.datetime.now().replace(second=0, microsecond=0) + dt.timedelta(days=days)
    ),
)


def dated_forms(medication):
    def entry(**fields):
        return {"client_token": str(uuid.uuid4()), **fields}

    return {
        "spasm": (
            Spasm,
            reverse("diary:entry_new", args=["spasms"]),
            "started_at",
            lambda: entry(intensity="4", body_areas="neck"),
        ),
        "dose": (
            Dose,
            reverse("diary:entry_new", args=["doses"]),
            "taken_at",
            lambda: entry(medication=str(medication.pk), dose="400 mg"),
        ),
        "technique": (
            TechniqueSession,
            reverse("diary:technique_log"),
            "started_at",
            lambda: entry(technique="stretching", minutes="10"),
        ),
    }


@pytest.mark.parametrize("kind", ["spasm", "dose", "technique"])
def test_any_moment_in_any_zone_is_refused_or_kept_readable(
    kind, patient, doctor, otp_verified, make_medication, settings
):
    settings.ENTRIES_PER_MINUTE = 0
    medication = make_medication(patient)
    model, address, field, plausible = dated_forms(medication)[kind]
    sharing.grant(patient, doctor)
    signed_in = Client()
    signed_in.force_login(patient)
    doctor.time_zone = "Pacific/Pago_Pago"  # a clinician west of UTC reads the list
    doctor.save()
    clinician = Client()
    otp_verified(clinician, doctor)
    clinician_list = reverse(f"admin:diary_{model._meta.model_name}_changelist")

    @EXAMPLES
    @given(
        zone=st.sampled_from(ZONES),
        moment=ANY_MOMENT,
        style=st.booleans(),
        belongs_to=st.sampled_from(["same", "previous", ""]),
    )
    def run(zone, moment, style, belongs_to):
        patient.time_zone = zone
        patient.save(update_fields=["time_zone"])
        model.objects.all().delete()
        form = {**plausible(), field: moment_text(moment, style), "belongs_to": belongs_to}

        response = signed_in.post(address, form)

        assert response.status_code < 500, form[field]
        saved = list(model.objects.all())
        if response.status_code != 302:
            assert saved == [], f"{response.status_code} but saved"
            return
        (row,) = saved
        assert EARLIEST_DAY <= row.local_date <= latest_sane_day(patient.zone)
        row.full_clean(validate_unique=False, validate_constraints=False)
        pages = [reverse("diary:history"), clinician_list]
        if kind == "spasm":
            pages.append(reverse("diary:entry_edit", args=["spasms", row.pk]))
        for page in pages:
            reader = clinician if page == clinician_list else signed_in
            assert reader.get(page).status_code == 200, page

    run()


# Every free-text field of every diary form, with the rest of the form plausible.
TEXT_FIELDS = {
    "spasm note": (
        Spasm,
        ("diary:entry_new", "spasms"),
        "note",
        {"intensity": "4", "started_at": "2024-05-01 10:00"},
    ),
    "dose note": (Dose, ("diary:entry_new", "doses"), "note", {"dose": "400 mg"}),
    "dose amount": (Dose, ("diary:entry_new", "doses"), "dose", {}),
    "technique note": (
        TechniqueSession,
        ("diary:technique_log",),
        "note",
        {"technique": "stretching", "started_at": "2024-05-01 10:00"},
    ),
    "check-in note": (CheckIn, ("diary:check_in",), "note", {"mood": "5"}),
    "medicine name": (Medication, ("diary:medications",), "name", {}),
    "medicine usual amount": (Medication, ("diary:medications",), "usual_dose", {"name": "Zinc"}),
}
# A NUL, alone or beside the bytes of a lone surrogate (which Django reads as U+FFFD).
UNSTORABLE = st.tuples(
    st.text(max_size=10),
    st.sampled_from(["%00", "%00%ED%A0%80", "%ED%BF%BF%00"]),
    st.text(max_size=10),
).map(lambda parts: urllib.parse.quote(parts[0]) + parts[1] + urllib.parse.quote(parts[2]))


@pytest.mark.parametrize("name", sorted(TEXT_FIELDS))
def test_text_with_a_nul_or_half_a_character_is_refused_beside_the_field(
    name, patient, make_medication, settings
):
    settings.ENTRIES_PER_MINUTE = 0
    medication = make_medication(patient)
    model, url, field, plausible = TEXT_FIELDS[name]
    urlname, *args = url
    address = reverse(urlname, args=args)
    signed_in = Client()
    signed_in.force_login(patient)
    rows_before = model.objects.count()

    @EXAMPLES
    @given(text=UNSTORABLE)
    def run(text):
        form = {"client_token": str(uuid.uuid4()), "medication": str(medication.pk), **plausible}
        body = urllib.parse.urlencode(form) + f"&{field}={text}"

        response = signed_in.post(address, body, content_type="application/x-www-form-urlencoded")

        assert response.status_code == 200
        errors = response.context["form"].errors.get(field, [])
        assert str(FORBIDDEN_CHARACTERS_MESSAGE) in errors
        assert model.objects.count() == rows_before

    run()
