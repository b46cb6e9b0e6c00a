"""Hostile input, generated: every diary form and htmx endpoint is sent random and
malicious values (huge and negative numbers, NaN and infinity, far-past and far-future
dates, a megabyte of text, unicode, HTML and script, SQL-looking text, missing,
repeated and wrongly typed fields). Whatever arrives:

- the answer is never a server error;
- when the answer is not a success, nothing was saved;
- what was saved passes the models' own validation;
- text sent back is escaped, on the answer and on every page that shows the diary.
"""

import io
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from diary.care import sharing
from diary.models import (
    CareShare,
    CheckIn,
    ClinicianNote,
    Dose,
    Medication,
    NoteReply,
    ReviewMark,
    Spasm,
    TechniqueSession,
    User,
)

pytestmark = pytest.mark.django_db

EXAMPLES = hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run and both databases
)

MARKERS = (
    "<script>alert('unknot')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "</textarea><b>bold</b>",
)
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "9" * 40,
    "-" + "9" * 40,
    "2147483648",
    "32768",
    "3.14159265358979",
    "1,5",
    "0x1F",
    "2099-12-31T23:59",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2025-02-30",
    "2025-13-01T10:00",
    "1970-01-01T00:00",
    "24:61",
    *MARKERS,
    "'; DROP TABLE diary_spasm; --",
    "1 OR 1=1",
    "' OR '1'='1' --",
    "%' AND 1=1 --",
    "ü̈ñîçødé 😀 \u202e مرحبا 日本語",
    "\u0000",
    "a\u0000b",
    "\r\n\t",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "../../../etc/passwd",
    "true",
    "[]",
    "{}",
    "null",
    "x" * 2001,
    "€" * 5000,
    "x" * 100_000,
]
# Days at the ends of the calendar: date arithmetic on them overflows if left unchecked.
EDGE_DATES = [
    "0001-01-01",
    "0001-01-02",
    "1899-12-31",
    "9999-12-31",
    "0001-01-01T00:00",
    "0001-01-01 00:30",
    "1900-01-01T00:00",
    "9999-12-31T23:59",
]
NASTY_VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(EDGE_DATES),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
OMIT = object()


@dataclass
class Endpoint:
    url: object  # (world) -> address
    fields: dict  # name -> plausible values (so some examples get deep into the code)
    method: str = "post"
    htmx: bool = False
    anonymous: bool = False
    as_clinician: bool = False
    display_pages: list = field(default_factory=list)


def now_text(**delta):
    return (timezone.localtime() - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def endpoints(world):
    medication = world["medication"].pk
    spasm, today = world["spasm"].pk, timezone.localdate().isoformat()
    entry = {"client_token": [str(uuid.uuid4())], "belongs_to": ["same", "previous"]}
    moments = [now_text(minutes=5), now_text(days=2), "2020-01-01 10:00"]
    scale = [str(n) for n in (0, 5, 10)]
    spasm_fields = {
        **entry,
        "started_at": moments,
        "intensity": scale,
        "body_areas": ["neck", "left-lower-leg"],
        "duration_minutes": ["5", "2.5", "1440"],
        "kind": ["cramp", "knot"],
        "activity": ["rest", "asleep"],
        "triggers": ["emotional-stress", "cold"],
        "note": ["tight calf", MARKERS[0]],
    }
    return {
        "quick spasm": Endpoint(
            lambda w: reverse("diary:quick_spasm"),
            {**entry, "area": ["neck", "left-lower-leg"], "intensity": scale},
            htmx=True,
        ),
        "quick dose": Endpoint(
            lambda w: reverse("diary:quick_dose"),
            {**entry, "medication": [str(medication)]},
            htmx=True,
        ),
        "spasm form": Endpoint(lambda w: reverse("diary:entry_new", args=["spasms"]), spasm_fields),
        "spasm edit": Endpoint(
            lambda w: reverse("diary:entry_edit", args=["spasms", spasm]), spasm_fields
        ),
        "dose form": Endpoint(
            lambda w: reverse("diary:entry_new", args=["doses"]),
            {
                **entry,
                "medication": [str(medication)],
                "dose": ["400 mg", "1 tablet", "99999 mg"],
                "taken_at": moments,
                "note": ["with food", MARKERS[1]],
            },
        ),
        "technique form": Endpoint(
            lambda w: reverse("diary:technique_log"),
            {
                **entry,
                "technique": ["stretching", "heat"],
                "started_at": moments,
                "minutes": ["10", "600"],
                "intensity_before": scale,
                "intensity_after": scale,
                "helped": ["0", "2"],
                "note": ["warm bath", MARKERS[2]],
            },
        ),
        "check-in": Endpoint(
            lambda w: reverse("diary:check_in") + f"?date={today}",
            {
                "client_token": [str(uuid.uuid4())],
                "sleep_hours": ["7.5", "24"],
                "sleep_quality": scale,
                "stress": scale,
                "fatigue": scale,
                "overall_pain": scale,
                "mood": scale,
                "water_glasses": ["6", "40"],
                "note": ["slept badly", MARKERS[3]],
            },
        ),
        "medicines": Endpoint(
            lambda w: reverse("diary:medications"),
            {
                "name": ["Baclofen", "Tizanidine", MARKERS[0]],
                "usual_dose": ["10 mg", "2 tablets"],
                "is_current": ["on", ""],
            },
        ),
        "medicine edit": Endpoint(
            lambda w: reverse("diary:medication_edit", args=[medication]),
            {"name": ["Magnesium glycinate", MARKERS[1]], "usual_dose": ["200 mg"]},
        ),
        "history filter": Endpoint(
            lambda w: reverse("diary:history"),
            {
                "kinds": ["spasms", "doses", "check-ins"],
                "start": ["2020-01-01"],
                "end": [today],
                "area": ["neck"],
                "trigger": ["cold"],
                "page": ["1", "2", "last"],
            },
            method="get",
            htmx=True,
        ),
        "report period": Endpoint(
            lambda w: reverse("diary:report"),
            {"start": [today, "2020-01-01"], "end": [today], "patient": [str(world["patient"].pk)]},
            method="get",
        ),
        "insights period": Endpoint(
            lambda w: reverse("diary:insights"), {"days": ["30", "90", "365", "7"]}, method="get"
        ),
        "profile": Endpoint(
            lambda w: reverse("profile"),
            {
                "email": ["pat@example.org"],
                "time_zone": ["Europe/Paris", "Europe/London"],
                "shown_name": ["Sam Lee", MARKERS[0]],
                "date_of_birth": ["1970-04-03", ""],
            },
        ),
        "note reply": Endpoint(
            lambda w: reverse("diary:note_reply", args=[w["note"].pk]),
            {"text": ["It helped twice.", MARKERS[1]], "back": ["dashboard", "sharing"]},
        ),
        "reminders": Endpoint(
            lambda w: reverse("diary:reminders"),
            {"reminder_enabled": ["on", ""], "reminder_time": ["20:00", "07:30"]},
        ),
        "sharing": Endpoint(
            lambda w: reverse("diary:sharing"),
            {"clinician": [world["doctor"].username], "until": [today, "2099-01-01"]},
        ),
        "delete account": Endpoint(
            lambda w: reverse("diary:delete_account"), {"password": ["not-my-password"]}
        ),
        "clinician review": Endpoint(
            lambda w: reverse("admin:diary_sharedpatient_review", args=[w["patient"].pk]),
            {"period_end": [today, "2024-06-30"], "days": ["30", "90"]},
            as_clinician=True,
        ),
        "clinician note": Endpoint(
            lambda w: reverse("admin:diary_sharedpatient_note", args=[w["patient"].pk]),
            {"text": ["Try heat before bed.", MARKERS[2]], "visible_to_patient": ["on", ""]},
            as_clinician=True,
        ),
        "guide search": Endpoint(
            lambda w: reverse("education:search"),
            {"q": ["stretch", "sleep"]},
            method="get",
            anonymous=True,
        ),
        "signup": Endpoint(
            lambda w: reverse("signup"),
            {
                "username": ["newbie", "new.patient+1"],
                "email": ["new@example.org", ""],
                "password1": ["gentle-stretch-2024"],
                "password2": ["gentle-stretch-2024"],
                "time_zone": ["Europe/Paris", ""],
            },
            anonymous=True,
        ),
    }


DISPLAY_PAGES = [
    ("diary:dashboard", []),
    ("diary:history", []),
    ("diary:medications", []),
    ("diary:sharing", []),
    ("diary:report", []),
    ("diary:insights", []),
    ("profile", []),
]


@pytest.fixture
def world(patient, stranger, doctor, make_spasm, make_medication):
    sharing.grant(patient, doctor)
    return {
        "patient": patient,
        "doctor": doctor,
        "spasm": make_spasm(patient, intensity=4, note="first"),
        "medication": make_medication(patient),
        "strangers_medication": make_medication(stranger, name="Theirs"),
        "note": sharing.add_note(doctor, patient, "Try heat.", visible_to_patient=True),
    }


def snapshot():
    """Every diary row and account, to see whether anything was written."""
    return (
        sorted(Spasm.objects.values_list(), key=repr),
        sorted(Spasm.body_areas.through.objects.values_list(), key=repr),
        sorted(Spasm.triggers.through.objects.values_list(), key=repr),
        sorted(Dose.objects.values_list(), key=repr),
        sorted(TechniqueSession.objects.values_list(), key=repr),
        sorted(CheckIn.objects.values_list(), key=repr),
        sorted(Medication.objects.values_list(), key=repr),
        sorted(CareShare.objects.values_list(), key=repr),
        sorted(ReviewMark.objects.values_list(), key=repr),
        sorted(ClinicianNote.objects.values_list(), key=repr),
        sorted(NoteReply.objects.values_list(), key=repr),
        sorted(User.objects.values_list("pk", "username", "email", "time_zone", "password")),
        sorted(User.objects.values_list("pk", "shown_name", "date_of_birth"), key=repr),
        sorted(User.objects.values_list("pk", "reminder_enabled", "reminder_time")),
    )


def draw_form(data, fields):
    """A form's worth of data: a few fields hostile (missing, a nasty value or repeated),
    the rest plausible, so that examples reach past the first check into saving."""
    hostile_fields = data.draw(
        st.sets(st.sampled_from(sorted(fields)), min_size=1, max_size=3), label="hostile"
    )
    form = {}
    for name, plausible in fields.items():
        if name in hostile_fields:
            choice = data.draw(
                st.one_of(
                    st.just(OMIT),
                    NASTY_VALUE,
                    st.lists(
                        st.one_of(NASTY_VALUE, st.sampled_from(plausible)), min_size=2, max_size=3
                    ),
                ),
                label=name,
            )
        else:
            choice = data.draw(st.sampled_from(plausible), label=name)
        if choice is not OMIT:
            form[name] = choice
    extra = data.draw(st.dictionaries(st.text(min_size=1, max_size=8), NASTY_VALUE, max_size=2))
    for name, value in extra.items():
        form.setdefault(name, value)
    return form


def sent_markers(form):
    values = [v for value in form.values() for v in (value if isinstance(value, list) else [value])]
    return {marker for marker in MARKERS if any(marker in str(value) for value in values)}


def succeeded(endpoint, response, use_htmx):
    """A redirect, or for htmx the dashboard's "Saved." confirmation."""
    if response.status_code == 302:
        return True
    return (
        use_htmx
        and response.status_code == 200
        and b'class="saved" role="status"' in (response.content)
    )


def check_saved_rows_are_valid():
    for model in (Spasm, Dose, TechniqueSession, CheckIn, Medication):
        for row in model.objects.all():
            row.full_clean(validate_unique=False, validate_constraints=False)


ENDPOINT_NAMES = [
    "quick spasm",
    "quick dose",
    "spasm form",
    "spasm edit",
    "dose form",
    "technique form",
    "check-in",
    "medicines",
    "medicine edit",
    "history filter",
    "report period",
    "insights period",
    "profile",
    "note reply",
    "reminders",
    "sharing",
    "delete account",
    "clinician review",
    "clinician note",
    "guide search",
    "signup",
]


def test_every_endpoint_is_tried(world):
    assert sorted(endpoints(world)) == sorted(ENDPOINT_NAMES)


@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_hostile_input_never_breaks_the_server_or_saves_on_error(
    name, world, settings, django_user_model
):
    settings.ENTRIES_PER_MINUTE = 0  # hundreds of posts a minute here, on purpose
    endpoint = endpoints(world)[name]
    patient = world["patient"]

    signed_in = Client()
    signed_in.force_login(patient)
    clinician = Client()
    clinician.force_login(world["doctor"])

    @EXAMPLES
    @given(data=st.data())
    def run(data):
        form = draw_form(data, endpoint.fields)
        use_htmx = endpoint.htmx and data.draw(st.booleans(), label="htmx")
        client = Client() if endpoint.anonymous else signed_in
        if endpoint.as_clinician:
            client = clinician
        headers = {"HX-Request": "true", "HX-Target": "quick-log"} if use_htmx else {}
        before = snapshot()

        response = getattr(client, endpoint.method)(endpoint.url(world), form, headers=headers)

        assert response.status_code < 500
        if not succeeded(endpoint, response, use_htmx):
            assert snapshot() == before, f"{response.status_code} but something was saved"
        body = response.content.decode("utf-8", "replace")
        for marker in sent_markers(form):
            assert marker not in body, f"unescaped: {marker}"

    run()

    check_saved_rows_are_valid()
    assert User.objects.filter(pk=patient.pk).exists()
    for page, args in DISPLAY_PAGES:
        body = signed_in.get(reverse(page, args=args)).content.decode()
        for marker in MARKERS:
            assert marker not in body, f"unescaped on {page}: {marker}"


def looks_like_a_day(values):
    return any(str(value)[:4].isdigit() and str(value)[4:5] == "-" for value in values)


FREE_TEXT = {
    "note",
    "name",
    "usual_dose",
    "dose",
    "clinician",
    "email",
    "username",
    "text",
    "q",
    "shown_name",
}
ONE_MEGABYTE = "x" * 1_000_000


def plausible_form(fields):
    return {name: values[0] for name, values in fields.items()}


# The forms with neither a day nor free text, which the test below has nothing to send.
NO_DAY_OR_TEXT = {"quick spasm", "quick dose", "insights period", "reminders", "delete account"}


@pytest.mark.parametrize("name", [name for name in ENDPOINT_NAMES if name not in NO_DAY_OR_TEXT])
def test_days_at_the_ends_of_the_calendar_and_a_megabyte_of_text(name, world, settings):
    """Beside the random examples, each day field gets every edge day and each free-text
    field a megabyte, once, with everything else plausible."""
    settings.ENTRIES_PER_MINUTE = 0
    endpoint = endpoints(world)[name]
    client = Client()
    if not endpoint.anonymous:
        client.force_login(world["doctor"] if endpoint.as_clinician else world["patient"])
    tries = []
    for field_name, values in endpoint.fields.items():
        if looks_like_a_day(values):
            # With the other fields plausible, and with the day alone.
            tries += [(field_name, edge, alone) for edge in EDGE_DATES for alone in (0, 1)]
        if field_name in FREE_TEXT:
            tries.append((field_name, ONE_MEGABYTE, False))
    assert tries, f"{name} has no day or free-text field: add it to NO_DAY_OR_TEXT"

    for field_name, value, alone in tries:
        form = (
            {field_name: value} if alone else {**plausible_form(endpoint.fields), field_name: value}
        )
        if "client_token" in form:
            form["client_token"] = str(uuid.uuid4())
        before = snapshot()

        response = getattr(client, endpoint.method)(endpoint.url(world), form)

        assert response.status_code < 500, (field_name, value[:20])
        if value is ONE_MEGABYTE:
            assert not succeeded(endpoint, response, False) or endpoint.method == "get"
        if not succeeded(endpoint, response, False):
            assert snapshot() == before, (field_name, value[:20])
    check_saved_rows_are_valid()


def test_a_hostile_import_file_is_refused_whole(patient_client, patient):
    before = snapshot()
    for content in (
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"format": "unknot", "schema_version": 999}',
        b'{"spasms": [{"intensity": "NaN"}]}',
        b"{" * 100_000,
        ('{"note": "' + MARKERS[0] + '"}').encode(),
    ):
        upload = io.BytesIO(content)
        upload.name = "diary.json"

        response = patient_client.post(reverse("diary:import"), {"file": upload})

        assert response.status_code == 400
        assert MARKERS[0] not in response.content.decode()
    assert snapshot() == before


def test_a_shared_clinician_sees_hostile_notes_escaped_in_the_admin(
    client, world, otp_verified, make_spasm
):
    sharing.grant(world["patient"], world["doctor"])
    spasm = make_spasm(world["patient"], note=MARKERS[0])
    sharing.add_reply(world["patient"], world["note"], MARKERS[0])
    otp_verified(client, world["doctor"])

    for url in (
        reverse("admin:diary_spasm_changelist"),
        reverse("admin:diary_spasm_change", args=[spasm.pk]),
        reverse("admin:diary_sharedpatient_summary", args=[world["patient"].pk]),
    ):
        body = client.get(url).content.decode()
        assert MARKERS[0] not in body, url
