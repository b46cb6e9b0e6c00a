import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("diary:export")


def test_it_needs_a_log_in(client):
    assert client.get(URL).status_code == 302


def test_it_offers_every_download_and_the_ways_to_restore_and_delete(patient_client):
    text = patient_client.get(URL).text

    for name in ("export_json", "export_csv", "export_fhir", "report", "import", "delete_account"):
        assert f'href="{reverse("diary:" + name)}"' in text


def test_the_import_and_delete_pages_explain_themselves(patient_client):
    assert "nothing is imported" in patient_client.get(reverse("diary:import")).text
    assert "cannot be undone" in patient_client.get(reverse("diary:delete_account")).text
