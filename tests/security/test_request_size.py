"""A request too big to be a form (or, with a file, a diary import) gets a plain 413
page, before anything is read or saved; too many fields get a plain 400."""

import io

import pytest
from django.urls import reverse

from diary.models import Spasm

pytestmark = pytest.mark.django_db

NEW_SPASM = reverse("diary:entry_new", args=["spasms"])


def test_a_form_body_over_the_limit_is_refused_before_it_is_read(patient_client, settings):
    body = b"note=" + b"x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = patient_client.generic(
        "POST", NEW_SPASM, body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 413
    assert "too much to send at once" in response.content.decode()
    assert "Content-Security-Policy" in response.headers
    assert not Spasm.objects.exists()


def test_a_huge_field_inside_a_smaller_upload_is_refused_too(patient_client, settings):
    huge_note = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = patient_client.post(NEW_SPASM, {"intensity": "5", "note": huge_note})

    assert response.status_code == 413
    assert "too much to send at once" in response.content.decode()
    assert not Spasm.objects.exists()


def test_a_diary_file_over_the_import_limit_is_refused(patient_client, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    upload = io.BytesIO(b"{" + b" " * (2 * 1024 * 1024) + b"}")
    upload.name = "diary.json"

    response = patient_client.post(reverse("diary:import"), {"file": upload})

    assert response.status_code == 413
    assert "up to 1 MB" in response.content.decode()


def test_a_file_under_the_upload_limit_reaches_the_import_form(patient_client, settings):
    settings.IMPORT_INLINE_MAX_BYTES = 4 * 1024 * 1024  # checked in the request, not queued
    upload = io.BytesIO(b"[" + b" " * (3 * 1024 * 1024) + b"]")
    upload.name = "diary.json"

    response = patient_client.post(reverse("diary:import"), {"file": upload})

    assert response.status_code == 400  # the import's own "not a diary file" message
    assert response.context["form"].errors["file"]


def test_the_import_takes_a_bigger_file_than_other_forms(patient_client, settings):
    settings.MAX_UPLOAD_MB = 1
    settings.IMPORT_INLINE_MAX_BYTES = 4 * 1024 * 1024
    upload = io.BytesIO(b"[" + b" " * (2 * 1024 * 1024) + b"]")
    upload.name = "diary.json"

    response = patient_client.post(reverse("diary:import"), {"file": upload})

    assert response.status_code == 400  # read, and refused as not a diary: not a 413
    assert response.context["form"].errors["file"]


def test_too_many_fields_get_a_plain_bad_request_page(patient_client, settings):
    fields = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = patient_client.generic(
        "POST", NEW_SPASM, fields.encode(), content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert "far more answers" in response.content.decode()
    assert not Spasm.objects.exists()


def test_an_ordinary_bad_request_gets_the_plain_page(client, settings):
    settings.ALLOWED_HOSTS = ["unknot.example.org"]

    response = client.get(reverse("home"), HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "We could not read what was sent" in response.content.decode()
