"""The symptom check page: six plain questions, saved once, errors beside the field with
the other answers kept, the patient's answers over time, and only the owner's checks."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from diary.models import SymptomCheck
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db

PAGE = reverse("diary:symptom_check")

ANSWERS = {
    "fatigue": "2",
    "waking_unrefreshed": "3",
    "thinking": "1",
    "headaches": "True",
    "lower_belly_pain": "False",
    "low_mood": "True",
}


def form_token(client):
    return client.get(PAGE).context["form"].initial["client_token"]


def test_it_asks_six_questions_in_plain_words_and_names_its_source(patient_client):
    response = patient_client.get(PAGE)

    page = response.content.decode()
    assert [name for name in response.context["form"].fields if name != "client_token"] == [
        "fatigue",
        "waking_unrefreshed",
        "thinking",
        "headaches",
        "lower_belly_pain",
        "low_mood",
    ]
    assert "how often did you wake up still tired?" in page
    assert "Moderate – often, and it got in the way" in page
    assert "Wolfe F, et al. 2016 revisions to the 2010/2011 fibromyalgia" in page


def test_it_needs_a_login(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_it_saves_the_answers_to_the_patients_today(patient_client, patient, frozen_today):
    response = patient_client.post(PAGE, {**ANSWERS, "client_token": form_token(patient_client)})

    assert response.status_code == 302
    saved = SymptomCheck.objects.get(owner=patient)
    assert saved.local_date == TODAY
    assert (saved.fatigue, saved.waking_unrefreshed, saved.thinking) == (2, 3, 1)
    assert (saved.headaches, saved.lower_belly_pain, saved.low_mood) == (True, False, True)


def test_the_same_form_sent_twice_saves_once(patient_client, patient, frozen_today):
    token = form_token(patient_client)
    patient_client.post(PAGE, {**ANSWERS, "client_token": token})
    patient_client.post(PAGE, {**ANSWERS, "client_token": token, "fatigue": "0"})

    assert SymptomCheck.objects.filter(owner=patient).count() == 1


def test_answering_again_the_same_day_changes_that_days_answers(
    patient_client, patient, frozen_today
):
    patient_client.post(PAGE, {**ANSWERS, "client_token": form_token(patient_client)})
    patient_client.post(PAGE, {**ANSWERS, "client_token": str(uuid.uuid4()), "fatigue": "0"})

    assert list(SymptomCheck.objects.filter(owner=patient).values_list("fatigue")) == [(0,)]


def test_a_missing_answer_is_marked_beside_its_question_and_the_rest_kept(patient_client, patient):
    answers = {**ANSWERS, "client_token": form_token(patient_client)}
    del answers["thinking"]

    response = patient_client.post(PAGE, answers)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"thinking": ["Choose one answer."]}
    page = response.content.decode()
    thinking = page[page.index('id="div_id_thinking"') : page.index('id="div_id_headaches"')]
    assert "Choose one answer." in thinking
    kept = page[page.index('id="div_id_waking_unrefreshed"') : page.index('id="div_id_thinking"')]
    assert re.search(r'value="3"[^>]*checked', kept)
    assert not re.search(r'value="[012]"[^>]*checked', kept)
    assert "Choose one answer." not in kept
    assert not SymptomCheck.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("fatigue", "7"), ("fatigue", "-1"), ("headaches", "maybe"), ("low_mood", "1" * 5000)],
)
def test_an_impossible_answer_is_refused_without_a_500(patient_client, field, value):
    response = patient_client.post(
        PAGE, {**ANSWERS, "client_token": form_token(patient_client), field: value}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {field: ["Choose one answer."]}
    assert not SymptomCheck.objects.exists()


def test_the_page_lists_the_patients_answers_over_time(patient_client, patient, frozen_today):
    for days_ago, fatigue in ((14, 1), (7, 2), (0, 3)):
        SymptomCheck.objects.create(
            owner=patient,
            local_date=TODAY - timedelta(days=days_ago),
            fatigue=fatigue,
            waking_unrefreshed=0,
            thinking=0,
            headaches=False,
            lower_belly_pain=False,
            low_mood=False,
        )

    response = patient_client.get(PAGE)

    assert [c.fatigue for c in response.context["trend"].checks] == [1, 2, 3]
    page = response.content.decode()
    assert "Your answers over time" in page
    assert 'id="symptom-trend-chart-title"' in page


def test_a_past_check_opens_with_its_answers_to_change(patient_client, patient, frozen_today):
    day = TODAY - timedelta(days=7)
    SymptomCheck.objects.create(owner=patient, local_date=day, **{**ANSWERS, "headaches": True})

    response = patient_client.get(PAGE + f"?date={day.isoformat()}")
    assert response.context["form"].instance.local_date == day
    patient_client.post(PAGE + f"?date={day.isoformat()}", {**ANSWERS, "fatigue": "0"})

    assert SymptomCheck.objects.get(owner=patient, local_date=day).fatigue == 0


def test_the_owner_can_delete_a_check(patient_client, patient, frozen_today):
    mine = SymptomCheck.objects.create(owner=patient, local_date=TODAY, **ANSWERS)

    response = patient_client.post(reverse("diary:symptom_check_delete", args=[mine.pk]))

    assert response.status_code == 302
    assert not SymptomCheck.objects.exists()


def test_another_patients_check_is_not_found(patient_client, stranger):
    theirs = SymptomCheck.objects.create(owner=stranger, local_date=TODAY, **ANSWERS)
    url = reverse("diary:symptom_check_delete", args=[theirs.pk])

    assert patient_client.get(url).status_code == 404
    assert patient_client.post(url).status_code == 404
    assert SymptomCheck.objects.filter(pk=theirs.pk).exists()


def test_another_patients_check_is_never_shown_or_changed(patient_client, patient, stranger):
    today = patient_client.get(PAGE).context["today"]
    SymptomCheck.objects.create(owner=stranger, local_date=today, **ANSWERS)

    response = patient_client.get(PAGE)
    patient_client.post(PAGE, {**ANSWERS, "client_token": str(uuid.uuid4()), "fatigue": "0"})

    assert response.context["entry"] is None
    assert response.context["trend"].checks == []
    assert SymptomCheck.objects.get(owner=stranger).fatigue == 2


def test_the_dashboard_and_insights_link_to_it(patient_client):
    for name in ("diary:dashboard", "diary:insights"):
        assert f'href="{PAGE}"' in patient_client.get(reverse(name)).content.decode(), name
