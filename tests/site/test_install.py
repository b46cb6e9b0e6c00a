"""The manifest, the service worker and the offline page, as the server sends them.
(Chromium installing the site and going offline is in tests/browser.)"""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_manifest_opens_the_diary_standalone(client):
    response = client.get("/manifest.webmanifest")

    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == reverse("diary:dashboard")
    assert manifest["display"] == "standalone"
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_the_manifest_uses_the_sites_name(client, settings):
    settings.SITE_NAME = "Calm Muscles Group"

    manifest = json.loads(client.get("/manifest.webmanifest").content)

    assert manifest["name"] == "Calm Muscles Group"
    assert manifest["short_name"] == "Calm Muscles"


def test_the_service_worker_is_served_from_the_root_with_what_it_keeps(client):
    response = client.get("/sw.js")

    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    text = response.content.decode()
    assert 'const OFFLINE_URL = "/offline/";' in text
    assert '"/static/css/unknot.css"' in text
    assert 'self.addEventListener("fetch"' in text


def test_an_unchanged_service_worker_is_not_sent_again(client):
    etag = client.get("/sw.js")["ETag"]

    assert client.get("/sw.js", headers={"If-None-Match": etag}).status_code == 304


def test_the_worker_changes_version_when_a_file_it_keeps_changes(client, settings, tmp_path):
    settings.DEBUG = True  # built on each request, not once per process
    before = client.get("/sw.js")["ETag"]
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "unknot.css").write_text("body { color: red; }")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]

    assert client.get("/sw.js")["ETag"] != before


def test_the_offline_page_says_so_and_shows_nobodys_name(patient_client, patient):
    response = patient_client.get("/offline/")

    text = response.content.decode()
    assert "<h1>You're offline</h1>" in text
    assert patient.username not in text
    assert "Log out" not in text


def test_every_page_links_the_manifest_and_the_worker(client):
    text = client.get(reverse("home")).content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in text
    assert 'data-service-worker="/sw.js"' in text
    assert '<meta name="theme-color" content="#1f5f8b"' in text
