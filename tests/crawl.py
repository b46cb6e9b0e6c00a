"""Every page a member meets, for tests that walk them all (the pseudo-locale check of
untranslated words, the per-language crawl): the public pages, a patient's with a
realistic diary, and a clinician's in the admin. `crawl_diary` builds what they show."""

import random

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from diary.care import sharing
from diary.demo import build_diary
from diary.models import CheckIn, Dose, Medication, Spasm, SymptomCheck, TechniqueSession
from education.content import load_shipped_pages

PUBLIC_PAGES = [
    "/",
    "/privacy/",
    "/offline/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/learn/",
    "/learn/search/?q=cramp",
    "/learn/search/?q=nothing-at-all-like-this",
    "/this-page-does-not-exist/",
]


def crawl_diary(patient, clinician):
    """Sixty days of diary, shared with a clinician in the Clinicians group; the guide."""
    load_shipped_pages()
    build_diary(patient, 60, random.Random(19), now=timezone.now())
    clinician.groups.add(Group.objects.get(name=sharing.CLINICIANS_GROUP))
    sharing.grant(patient, clinician)
    return patient


def guide_pages():
    from education.models import GUIDE_LANGUAGE, Page

    slugs = Page.objects.filter(language=GUIDE_LANGUAGE).values_list("slug", flat=True)
    return [reverse("education:page", args=[slug]) for slug in slugs]


def patient_pages(patient):
    spasm = Spasm.objects.filter(owner=patient).order_by("-started_at").first()
    dose = Dose.objects.filter(owner=patient).first()
    session = TechniqueSession.objects.filter(owner=patient).first()
    check_in = CheckIn.objects.filter(owner=patient).first()
    medication = Medication.objects.filter(owner=patient).first()
    pages = [
        "/diary/",
        "/diary/?area=neck",
        "/diary/?area=neck&area=lower-back",
        "/diary/flare/",
        "/diary/check-in/",
        "/diary/medications/",
        f"/diary/medications/{medication.pk}/",
        f"/diary/medications/{medication.pk}/delete/",
        "/diary/my-triggers-and-techniques/",
        "/diary/techniques/new/?technique=heat",
        "/diary/spasms/new/",
        "/diary/doses/new/",
        "/diary/history/",
        "/diary/history/?kinds=spasms&area=neck",
        f"/diary/spasms/{spasm.pk}/",
        f"/diary/spasms/{spasm.pk}/delete/",
        "/diary/insights/",
        "/diary/insights/?days=90",
        "/diary/insights/?days=365",
        "/diary/report/",
        "/diary/symptom-check/",
        "/diary/export/",
        "/diary/import/",
        "/diary/sharing/",
        "/diary/reminders/",
        "/diary/account/delete/",
        "/accounts/profile/",
        "/accounts/password_change/",
    ]
    if dose is not None:
        pages.append(f"/diary/doses/{dose.pk}/")
    if session is not None:
        pages.append(f"/diary/techniques/{session.pk}/")
    if check_in is not None:
        pages.append(f"/diary/check-ins/{check_in.pk}/")
    symptom_check = SymptomCheck.objects.filter(owner=patient).first()
    if symptom_check is not None:
        pages.append(f"/diary/symptom-check/{symptom_check.pk}/delete/")
    return pages


def clinician_pages(patient):
    summary = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
    spasm = Spasm.objects.filter(owner=patient).first()
    return [
        "/admin/",
        reverse("admin:diary_sharedpatient_changelist"),
        summary,
        summary + "?days=90",
        reverse("admin:diary_spasm_changelist"),
        reverse("admin:diary_spasm_change", args=[spasm.pk]),
        reverse("admin:diary_dose_changelist"),
        reverse("admin:diary_checkin_changelist"),
        reverse("admin:diary_techniquesession_changelist"),
        reverse("admin:diary_medication_changelist"),
        reverse("admin:diary_cliniciannote_changelist"),
        reverse("diary:report") + f"?patient={patient.pk}",
    ]


def render_every_page(patient, clinician, verify_otp):
    """{name: html} of every page of the crawl, each as its reader gets it: the public pages
    and the whole guide to a visitor, the patient's and the clinician's to them, in English,
    and the patient's pages once more in Spanish. `verify_otp` is the `otp_verified` fixture
    (the admin asks staff for their code). `name` says the language and the address."""
    from django.test import Client

    from diary.models import User

    crawl_diary(patient, clinician)
    visitor, patient_client, clinician_client = Client(), Client(), Client()
    patient_client.force_login(patient)
    verify_otp(clinician_client, clinician)
    sets = [
        ("en", visitor, PUBLIC_PAGES + guide_pages()),
        ("en", patient_client, patient_pages(patient)),
        ("en", clinician_client, clinician_pages(patient)),
    ]
    pages = {}
    for language, client, urls in sets:
        pages.update(_render(client, language, urls))
    User.objects.filter(pk=patient.pk).update(language="es")
    pages.update(_render(patient_client, "es", patient_pages(patient)))
    return pages


def _render(client, language, urls):
    pages = {}
    for url in urls:
        response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code in (200, 404), f"{url} answered {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), f"{url} is not a page"
        pages[f"{language} {url}"] = response.content.decode()
    return pages
