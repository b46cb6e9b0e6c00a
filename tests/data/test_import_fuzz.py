"""Fuzzing the import: a valid export with one value of one record made wrong (every
wrong type and value of issue 15, and random JSON), or a whole file of random JSON or
bytes. The answer is never a 5xx; a refusal saves nothing and names the entry and the
field it is about. Runs on SQLite and PostgreSQL like every test."""

import contextlib
import copy
import json
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.data import json_records
from diary.data.schema import KINDS
from diary.models import CheckIn, Dose, Medication, Spasm, Technique, TechniqueSession, Trigger
from diary.models.symptoms import SymptomCheck
from tests.conftest import TODAY
from tests.helpers import upload

pytestmark = pytest.mark.django_db

URL = reverse("diary:import")
MODELS = (Spasm, Dose, TechniqueSession, CheckIn, Medication, Trigger, Technique)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character at all, lone surrogates and NUL included.
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=30)
TRICKY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "-1",
        "0",
        "2025-03-01",
        "2025-02-30",
        "20250301",
        "2025-03-01T14:30",
        "2025-03-01T14:30:00",
        "2025-03-01T14:30:00+25:00",
        "0001-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-12:00",
        "9999-12-31",
        "1899-12-31",
        "\x00",
        "note\x00",
        "\ud800",
        "\udfff lone",
        "a" * 2001,
        "x" * 100_000,
        "{}",
        "[]",
        "null",
        "00000000-0000-0000-0000-000000000000",
        "heat",
        "neck",
        "<b>bold</b>",
        "=1+1",
    ]
)
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([0, -1, 11, 32767, 32768, 2**31, 2**63, 10**4000]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, ANY_TEXT, TRICKY_TEXT)
RANDOM_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
WRONG_VALUES = st.one_of(
    SCALARS,
    st.lists(TRICKY_TEXT, max_size=3),
    st.lists(ANY_TEXT, max_size=3),
    st.just([]),
    st.just({}),
    RANDOM_JSON,
)

FIELDS = [(kind.section, name) for kind in KINDS for name in kind.names]


def counts(user):
    return {model.__name__: model.objects.owned_by(user).count() for model in MODELS}


def post(client, content):
    """The import's answer; the test client raises any exception a 500 would hide."""
    response = client.post(URL, {"file": upload(content)})
    assert response.status_code < 500
    return response


def resealed(document):
    # Text a checksum cannot cover stays unsealed: the records' check must refuse it first.
    with contextlib.suppress(UnicodeEncodeError, ValueError):
        document["checksum"] = json_records.checksum(document)
    return document


def names_the_entry_and_field(message, section, field):
    pattern = (
        rf"This file has a problem in {section.replace('_', ' ')}, entry \d+"
        rf"( \(id [0-9a-f-]{{36}}\))?, field “{field}”"
    )
    return re.match(pattern, message) is not None


@pytest.fixture
def document(patient, filled):
    # A trigger and a technique of the patient's own, each named by an entry.
    noise = Trigger.objects.create(owner=patient, name="Loud noise")
    humming = Technique.objects.create(owner=patient, name="Humming")
    filled.spasm(TODAY, hour=16, triggers=[noise.slug])
    filled.session(TODAY, humming.slug)
    SymptomCheck.objects.create(
        owner=patient,
        local_date=TODAY,
        fatigue=1,
        waking_unrefreshed=2,
        thinking=0,
        headaches=True,
        lower_belly_pain=False,
        low_mood=False,
    )
    return json_records.export_json(patient)


# An own item's slug is also how entries name it: an entry may be the one refused.
NAMED_BY = {
    ("medications", "name"): ("doses", "medication"),
    ("own_triggers", "slug"): ("spasms", "triggers"),
    ("own_techniques", "slug"): ("technique_sessions", "technique"),
}


@FUZZ
@given(data=st.data(), place=st.sampled_from(FIELDS), value=WRONG_VALUES)
def test_one_wrong_value_is_refused_naming_its_entry_and_field_or_imported(
    patient_client, patient, document, data, place, value
):
    section, field = place
    spoiled = copy.deepcopy(document)
    index = data.draw(st.integers(0, len(spoiled[section]) - 1), label="index")
    spoiled[section][index][field] = value
    before = counts(patient)

    response = post(patient_client, resealed(spoiled))

    if response.status_code == 302:
        return  # a value the schema takes, such as another whole number from 0 to 10
    assert response.status_code == 400
    assert counts(patient) == before
    message = response.context["form"].errors["file"][0]
    # A medicine's name is also how doses name it: a dose may be the one refused.
    assert names_the_entry_and_field(message, section, field) or (
        place in NAMED_BY and names_the_entry_and_field(message, *NAMED_BY[place])
    ), message


@FUZZ
@given(value=RANDOM_JSON)
def test_a_file_of_random_json_is_refused_and_saves_nothing(patient_client, patient, value):
    before = counts(patient)

    response = post(patient_client, json.dumps(value).encode("utf-8", "surrogatepass"))

    assert response.status_code == 400
    assert counts(patient) == before


@FUZZ
@given(
    key=st.sampled_from(["format", "schema_version", "patient", *[k.section for k in KINDS]]),
    value=RANDOM_JSON,
)
def test_a_wrong_top_level_value_is_refused_and_saves_nothing(
    patient_client, patient, document, key, value
):
    spoiled = copy.deepcopy(document)
    spoiled[key] = value
    before = counts(patient)

    response = post(patient_client, resealed(spoiled))

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert counts(patient) == before


@FUZZ
@given(content=st.binary(max_size=200))
def test_a_file_of_random_bytes_is_refused_and_saves_nothing(patient_client, patient, content):
    before = counts(patient)

    response = post(patient_client, content)

    assert response.status_code == 400
    assert counts(patient) == before
