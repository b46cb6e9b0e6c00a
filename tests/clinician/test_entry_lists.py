"""Read-only entry lists in the admin: only shared patients' rows, in filters and search too."""

import pytest
from django.urls import reverse

from diary.care import sharing
from diary.models import AccessLog
from tests.conftest import Diary, bulk_diary, count_queries, today_for

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:diary_{model}_changelist")


def rows(response):
    return list(response.context["cl"].result_list)


@pytest.fixture
def two_diaries(patient, stranger, diary, stranger_diary, shared):
    """The patient shares with the doctor; the stranger does not. Both log everything."""
    made = {}
    for person, book in ((patient, diary), (stranger, stranger_diary)):
        today = today_for(person)
        medication = book.medication(f"{person.username}-pill")
        made[person.username] = {
            "spasm": book.spasm(today, note=f"{person.username} spasm note"),
            "dose": book.dose(medication, today),
            "medication": medication,
            "techniquesession": book.session(today, "heat", before=5, after=3),
            "checkin": book.check_in(today, stress=4, note=f"{person.username} day"),
        }
    return made


MODELS = ["spasm", "dose", "medication", "techniquesession", "checkin"]


@pytest.mark.parametrize("model", MODELS)
def test_each_list_shows_only_shared_patients_rows(doctor_client, two_diaries, model):
    response = doctor_client.get(changelist(model))

    assert rows(response) == [two_diaries["pat"][model]]


@pytest.mark.parametrize("model", MODELS)
def test_typing_the_id_of_an_unshared_entry_finds_nothing(doctor_client, two_diaries, model):
    theirs = two_diaries["stranger"][model]

    response = doctor_client.get(reverse(f"admin:diary_{model}_change", args=[theirs.pk]))

    assert response.status_code == 404
    assert "This patient no longer shares their diary with you" in response.content.decode()
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("model", MODELS)
def test_opening_a_shared_entry_is_logged(doctor_client, two_diaries, patient, model):
    mine = two_diaries["pat"][model]

    response = doctor_client.get(reverse(f"admin:diary_{model}_change", args=[mine.pk]))

    assert response.status_code == 200
    visit = AccessLog.objects.get()
    assert (visit.patient, visit.action) == (patient, AccessLog.Action.ENTRY)


def test_opening_a_list_is_logged_for_the_patients_on_it(doctor_client, two_diaries, patient):
    doctor_client.get(changelist("spasm"))

    visit = AccessLog.objects.get()
    assert (visit.patient, visit.action, visit.detail_text()) == (
        patient,
        AccessLog.Action.LIST,
        "spasms",
    )


def test_search_never_finds_unshared_rows(doctor_client, two_diaries):
    assert rows(doctor_client.get(changelist("spasm"), {"q": "stranger"})) == []
    assert rows(doctor_client.get(changelist("spasm"), {"q": "pat spasm"})) == [
        two_diaries["pat"]["spasm"]
    ]


def test_filters_offer_only_shared_patients_and_their_medicines(doctor_client, two_diaries):
    page = doctor_client.get(changelist("dose")).content.decode()

    assert "pat-pill" in page
    assert "stranger" not in page


def test_filtering_by_an_unshared_patients_id_never_shows_their_rows(
    doctor_client, two_diaries, stranger
):
    response = doctor_client.get(changelist("spasm"), {"owner__id__exact": stranger.pk})

    # Not the list without its filter either: the shared patient's rows stay off it too.
    assert response.status_code == 404 and "cl" not in response.context
    assert "This patient no longer shares their diary with you" in response.content.decode()
    assert "stranger" not in response.content.decode()


def test_lists_have_a_date_hierarchy_filters_search_and_a_csv_link(doctor_client, two_diaries):
    response = doctor_client.get(changelist("spasm"), {"intensity": "moderate"})

    changes = response.context["cl"]
    assert changes.date_hierarchy == "started_at"
    assert changes.has_filters and changes.search_fields
    assert f"{reverse('admin:diary_spasm_export')}?intensity=moderate" in response.content.decode()
    assert "Add spasm" not in response.content.decode()


def test_the_intensity_filter_uses_the_usual_bands(doctor_client, patient, shared, diary):
    today = today_for(patient)
    none, mild, moderate, severe = (diary.spasm(today, intensity=n) for n in (0, 2, 5, 7))

    bands = (("none", none), ("mild", mild), ("moderate", moderate), ("severe", severe))
    for band, spasm in bands:
        assert rows(doctor_client.get(changelist("spasm"), {"intensity": band})) == [spasm]


def test_the_spasm_list_costs_the_same_queries_for_a_small_and_a_large_diary(
    doctor_client, patient, doctor, make_user, shared, django_assert_max_num_queries
):
    Diary(patient).spasm(today_for(patient), areas=["neck"], triggers=["cold"])
    doctor_client.get(changelist("spasm"))
    small = count_queries(doctor_client, changelist("spasm"))

    for number in range(5):
        person = make_user(f"patient{number}")
        sharing.grant(person, doctor)
        bulk_diary(person, today_for(person), 60, 3)

    with django_assert_max_num_queries(small):
        response = doctor_client.get(changelist("spasm"))
    assert len(rows(response)) == 50
    assert small <= 16, small
