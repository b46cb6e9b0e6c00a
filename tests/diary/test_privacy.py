"""Every diary URL that names an object: another patient gets a 404 and changes
nothing; an anonymous visitor is sent to log in. The list of URLs is read from
the URL configuration, so a new one added later is covered (or fails here)."""

from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from diary import sharing
from diary.models import CareShare, CheckIn, Dose, Medication, Spasm, TechniqueSession

pytestmark = pytest.mark.django_db


def diary_patterns_with_ids():
    resolver = get_resolver()
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner.strip(":"))
            elif isinstance(pattern, URLPattern) and "<int:pk>" in str(pattern.pattern):
                found.append((namespace, pattern.name, prefix + str(pattern.pattern)))

    walk(resolver.url_patterns, "", "")
    return [item for item in found if item[0] == "diary"]


@pytest.fixture
def owned_objects(
    patient, clinician, make_spasm, make_medication, make_dose, make_session, make_check_in
):
    medication = make_medication(patient)
    return {
        "share": sharing.grant(patient, clinician),
        "spasms": make_spasm(patient, intensity=3),
        "doses": make_dose(patient, medication),
        "techniques": make_session(patient),
        "check-ins": make_check_in(patient, stress=2),
        "medication": medication,
    }


def urls_for(objects):
    urls = []
    for _namespace, name, route in diary_patterns_with_ids():
        if "<entry_type:entry_type>" in route:
            for kind in ("spasms", "doses", "techniques", "check-ins"):
                urls.append(reverse(f"diary:{name}", args=[kind, objects[kind].pk]))
        elif name.startswith("medication"):
            urls.append(reverse(f"diary:{name}", args=[objects["medication"].pk]))
        elif name.startswith("sharing"):
            urls.append(reverse(f"diary:{name}", args=[objects["share"].pk]))
        else:
            raise AssertionError(f"New URL with an id, add it to this test: {route}")
    return urls


def snapshot():
    return (
        list(Spasm.objects.values_list("pk", "intensity")),
        list(Dose.objects.values_list("pk", "amount")),
        list(TechniqueSession.objects.values_list("pk", "minutes")),
        list(CheckIn.objects.values_list("pk", "stress")),
        list(Medication.objects.values_list("pk", "name")),
        list(CareShare.objects.values_list("pk", "revoked_at")),
    )


def test_the_list_of_doors_is_not_empty():
    names = {name for _ns, name, _route in diary_patterns_with_ids()}

    assert {"entry_edit", "entry_delete", "medication_edit", "medication_delete"} <= names


def test_another_patient_gets_404_for_every_object_url(client, stranger, owned_objects):
    client.force_login(stranger)
    before = snapshot()

    for url in urls_for(owned_objects):
        # 405 for a POST-only door: refused before anything is looked up.
        assert client.get(url).status_code in (404, 405), url
        hostile = {"intensity": "0", "name": "pwned", "stress": "10", "dose": "1 mg"}
        assert client.post(url, hostile).status_code == 404, url

    assert snapshot() == before


def test_an_anonymous_visitor_is_sent_to_log_in(client, owned_objects):
    before = snapshot()

    for url in urls_for(owned_objects):
        for response in (client.get(url), client.post(url, {"intensity": "0"})):
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url

    assert snapshot() == before


def test_the_owner_can_open_every_object_url(patient_client, owned_objects):
    for url in urls_for(owned_objects):
        assert patient_client.get(url).status_code in (200, 405), url


def test_quick_dose_with_another_patients_medicine_changes_nothing(client, stranger, owned_objects):
    client.force_login(stranger)

    client.post(reverse("diary:quick_dose"), {"medication": owned_objects["medication"].pk})

    assert Dose.objects.filter(owner=stranger).count() == 0
    assert Dose.objects.get().amount == Decimal("400")
