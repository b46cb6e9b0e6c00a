"""Every door, from a list: every URL in the URL configuration that names an object is
tried by another patient, by a clinician without a share, by an anonymous visitor and
(for the admin) by a clinician with a share who has not typed their second factor.
Each is refused, GET and POST alike, and no row anywhere changes.

The list is read from the URL configuration, admin included. A new URL that takes an
argument this file does not know fails `test_every_url_with_an_argument_is_known`:
add it to DIARY_DOORS, ADMIN_DOORS, NOT_OBJECT_IDS or PUBLIC_BY_DESIGN below.
"""

import re
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from diary.care import sharing
from diary.models import (
    AccessLog,
    BodyArea,
    Invitation,
    MedicationClass,
    Technique,
    Trigger,
)
from education.models import Page

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# Arguments that are not an object's id: a kind of entry, an admin app's label, the
# admin's catch-all for unknown addresses.
NOT_OBJECT_IDS = {
    "diary:entry_new": "the kind of entry to log (spasms, doses, ...), not an object",
    "admin:app_list": "an app's label in the admin, not an object",
    "admin:<catch-all>": "the admin's catch-all: any unknown address under /admin/",
}
# Doors that are open to everyone on purpose.
PUBLIC_BY_DESIGN = {
    "education:page": "the guide's pages are public so a group can share links to them",
}
# A door with its own secret: the link in a password-reset email (tested separately).
OWN_SECRET = {"password_reset_confirm": "reset links carry a one-time token"}


@dataclass
class Door:
    name: str
    route: str
    params: tuple

    @property
    def is_admin(self):
        return self.name.startswith("admin:")


def all_patterns():
    """(view name, full route, parameter names) for every URL pattern, all namespaces."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                regex = pattern.pattern.regex
                params = tuple(regex.groupindex) or tuple(
                    match["name"] for match in PARAMETER.finditer(str(pattern.pattern))
                )
                label = pattern.name or ("<catch-all>" if "(?P<url>" in route else "")
                name = f"{namespace}:{label}" if namespace else label
                found.append(Door(name, route, params))

    walk(get_resolver().url_patterns, "", "")
    return found


def doors_with_arguments():
    return [door for door in all_patterns() if door.params]


def fill(route, values):
    """Put values into a route's <converter:name> parameters: a concrete address."""
    return "/" + PARAMETER.sub(lambda match: str(values[match["name"]]), route)


def admin_model(door):
    """The model whose admin pages `door` belongs to: /admin/<app>/<model>/<id>/..."""
    parts = door.route.split("/")
    if len(parts) > 3 and parts[0] == "admin":
        try:
            return apps.get_model(parts[1], parts[2])
        except LookupError:
            return None
    return None


# The world: a patient with one of everything, shared with one clinician only -------------


@pytest.fixture
def world(
    patient,
    doctor,
    make_clinician,
    host,
    make_spasm,
    make_medication,
    make_dose,
    make_session,
    make_check_in,
):
    medication = make_medication(patient)
    other_doctor = make_clinician("dr_no_share")
    share = sharing.grant(patient, doctor)
    sharing.log_access(doctor, [patient], AccessLog.Action.SUMMARY, "the last 30 days")
    objects = {
        "diary.spasm": make_spasm(patient, intensity=3, note="private"),
        "diary.dose": make_dose(patient, medication),
        "diary.medication": medication,
        "diary.techniquesession": make_session(patient),
        "diary.checkin": make_check_in(patient, stress=2),
        "diary.sharedpatient": patient,
        "diary.user": patient,
        "diary.careshare": share,
        "diary.accesslog": AccessLog.objects.get(patient=patient),
        "diary.cliniciannote": sharing.add_note(doctor, patient, "Discussed stretching."),
        "diary.reviewmark": sharing.mark_reviewed(doctor, patient, timezone.localdate()),
        "diary.invitation": Invitation.objects.create(note="for Sam"),
        "auth.group": Group.objects.get(name=sharing.CLINICIANS_GROUP),
        "diary.bodyarea": BodyArea.objects.get(slug="neck"),
        "diary.trigger": Trigger.objects.first(),
        "diary.technique": Technique.objects.get(slug="stretching"),
        "diary.medicationclass": MedicationClass.objects.get(slug="magnesium"),
        "education.page": Page.objects.create(
            slug="our-group", title="Our group", summary="s", section="s", key_points="k", body="b"
        ),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=doctor, name="phone"),
        "axes.accessattempt": AccessAttempt.objects.create(
            username="pat",
            ip_address="127.0.0.1",
            user_agent="x",
            http_accept="x",
            path_info="/accounts/login/",
            get_data="",
            post_data="",
            failures_since_start=1,
        ),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            username="pat",
            ip_address="127.0.0.1",
            user_agent="x",
            http_accept="x",
            path_info="/accounts/login/",
        ),
        "axes.accesslog": AxesAccessLog.objects.create(
            username="pat",
            ip_address="127.0.0.1",
            user_agent="x",
            http_accept="x",
            path_info="/accounts/login/",
        ),
    }
    return {
        "objects": objects,
        "patient": patient,
        "doctor": doctor,
        "other_doctor": other_doctor,
        "host": host,
    }


ENTRY_KINDS = {
    "spasms": "diary.spasm",
    "doses": "diary.dose",
    "techniques": "diary.techniquesession",
    "check-ins": "diary.checkin",
}
# Diary doors: view name -> the objects each is tried with, as {parameter: value} dicts.
DIARY_DOORS = {
    "diary:entry_edit": lambda o: [
        {"entry_type": kind, "pk": o[label].pk} for kind, label in ENTRY_KINDS.items()
    ],
    "diary:entry_delete": lambda o: [
        {"entry_type": kind, "pk": o[label].pk} for kind, label in ENTRY_KINDS.items()
    ],
    "diary:medication_edit": lambda o: [{"pk": o["diary.medication"].pk}],
    "diary:medication_delete": lambda o: [{"pk": o["diary.medication"].pk}],
    "diary:sharing_revoke": lambda o: [{"pk": o["diary.careshare"].pk}],
}
# Admin doors that are not /admin/<app>/<model>/<id>/...: view name -> values.
ADMIN_DOORS = {
    # "View on site" of the one model with a page of its own (entries have none: 404).
    "admin:view_on_site": lambda o: [
        {
            "content_type_id": ContentType.objects.get_for_model(Page).pk,
            "object_id": o["education.page"].pk,
        }
    ],
}
# Addresses that take an object's id in the query string, which the URL configuration
# cannot list: tried by hand.
QUERY_DOORS = {
    "diary:report": lambda o: [f"{reverse('diary:report')}?patient={o['diary.user'].pk}"],
}


def door_urls(door, objects):
    """Concrete addresses for a door, or None if this file does not know how to build it."""
    if door.name in DIARY_DOORS:
        return [fill(door.route, values) for values in DIARY_DOORS[door.name](objects)]
    if door.name in ADMIN_DOORS:
        return [fill(door.route, values) for values in ADMIN_DOORS[door.name](objects)]
    model = admin_model(door)
    if model is not None and len(door.params) == 1 and model._meta.label_lower in objects:
        pk = objects[model._meta.label_lower].pk
        return [fill(door.route, {door.params[0]: pk})]
    return None


def every_door(objects):
    doors = []
    for door in doors_with_arguments():
        if door.name in NOT_OBJECT_IDS or door.name in PUBLIC_BY_DESIGN or door.name in OWN_SECRET:
            continue
        urls = door_urls(door, objects)
        assert urls, f"A new URL takes an argument: {door.name} /{door.route}. Add it here."
        doors.extend((door, url) for url in urls)
    for build in QUERY_DOORS.values():
        doors.extend((Door("query", url, ("patient",)), url) for url in build(objects))
    return doors


# What "unchanged" means: every row of every table, except log-in bookkeeping -------------

SKIPPED = {Session, ContentType, Permission}


def snapshot():
    rows = {}
    for model in apps.get_models():
        if model in SKIPPED or model._meta.proxy:
            continue
        rows[model._meta.label] = sorted(model.objects.values_list(), key=repr)
    return rows


HOSTILE_POST = {
    "post": "yes",  # the admin's "yes, delete it"
    "intensity": "0",
    "note": "pwned",
    "name": "pwned",
    "stress": "10",
    "dose": "1 mg",
    "text": "pwned",
    "visible_to_patient": "on",
    "period_end": "2020-01-01",
    "password1": "pwned-pwned-42",
    "password2": "pwned-pwned-42",
    "username": "pwned",
    "is_staff": "on",
    "is_superuser": "on",
    "_save": "Save",
}


def refused_by_the_diary(response):
    return response.status_code in (404, 405)


def sent_to_log_in(response, login_url):
    return response.status_code == 302 and response.url.startswith(login_url)


def refused_by_the_admin(response):
    # 302: to the log-in page, or "no such object" back to the admin's index;
    # 403: not for you; 404: not found. Never the page itself.
    return response.status_code in (302, 403, 404)


def walk(client, doors, expectation):
    failures = []
    for door, url in doors:
        for method in ("get", "post"):
            data = HOSTILE_POST if method == "post" else None
            response = getattr(client, method)(url, data)
            if not expectation(door, response):
                failures.append(f"{method.upper()} {url} -> {response.status_code}")
    return failures


# The tests ------------------------------------------------------------------------------


def test_every_url_with_an_argument_is_known(world):
    doors = every_door(world["objects"])

    names = {door.name for door, _url in doors}
    assert {"diary:entry_edit", "diary:medication_delete", "diary:sharing_revoke"} <= names
    assert {"admin:diary_spasm_change", "admin:diary_sharedpatient_summary"} <= names
    assert {"admin:diary_sharedpatient_note", "admin:otp_totp_totpdevice_config"} <= names
    assert len(doors) > 100


def test_an_unknown_door_fails_the_walk(world):
    unknown = Door("diary:new_door", "diary/things/<int:pk>/", ("pk",))

    assert door_urls(unknown, world["objects"]) is None


def test_the_owner_and_the_host_can_open_the_doors(client, world, otp_verified):
    """The objects are real: refusals below are the lock, not a missing object."""
    doors = every_door(world["objects"])
    client.force_login(world["patient"])
    for door, url in doors:
        if not door.is_admin:
            assert client.get(url).status_code in (200, 405), url

    client.logout()
    otp_verified(client, world["host"])
    doctor = Client()
    otp_verified(doctor, world["doctor"])  # a clinician's own notes are theirs alone
    for door, url in doors:
        if door.is_admin:
            responses = [client.get(url), doctor.get(url)]
            # 200; 302 to the page itself or a summary; 403 for a read-only delete. Never
            # for both the admin's "no such object" trip back to its index.
            assert all(r.status_code in (200, 302, 403) for r in responses), url
            found = [
                not (r.status_code == 302 and r.url == reverse("admin:index")) for r in responses
            ]
            assert any(found), f"{url}: no such object"


def test_another_patient_is_refused_everywhere_and_changes_nothing(client, world, stranger):
    client.force_login(stranger)
    before = snapshot()

    def expectation(door, response):
        if door.is_admin:
            return sent_to_log_in(response, reverse("admin:login"))
        return refused_by_the_diary(response)

    assert walk(client, every_door(world["objects"]), expectation) == []
    assert snapshot() == before


def test_a_clinician_without_a_share_is_refused_everywhere_and_changes_nothing(client, world):
    client.force_login(world["other_doctor"])
    before = snapshot()

    def expectation(door, response):
        if door.is_admin:
            return refused_by_the_admin(response)
        return refused_by_the_diary(response)

    assert walk(client, every_door(world["objects"]), expectation) == []
    assert snapshot() == before  # not even an access-log row


def test_an_anonymous_visitor_is_sent_to_log_in_and_changes_nothing(client, world):
    before = snapshot()

    def expectation(door, response):
        login = reverse("admin:login") if door.is_admin else reverse("login")
        return sent_to_log_in(response, login)

    assert walk(client, every_door(world["objects"]), expectation) == []
    assert snapshot() == before


def test_a_clinician_with_a_share_but_no_second_factor_gets_no_admin_door(client, world, settings):
    settings.STAFF_2FA = True
    client.force_login(world["doctor"])
    before = snapshot()
    admin_doors = [(door, url) for door, url in every_door(world["objects"]) if door.is_admin]

    def expectation(door, response):
        return sent_to_log_in(response, reverse("admin:login"))

    assert walk(client, admin_doors, expectation) == []
    assert snapshot() == before


def test_the_public_doors_are_public_and_hide_unpublished_pages(client, world):
    page = world["objects"]["education.page"]
    assert client.get(reverse("education:page", args=[page.slug])).status_code == 200

    page.is_published = False
    page.save()

    assert client.get(reverse("education:page", args=[page.slug])).status_code == 404


def test_a_password_reset_link_without_its_token_changes_nothing(client, world):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    patient = world["patient"]
    uid = urlsafe_base64_encode(force_bytes(patient.pk))
    url = reverse("password_reset_confirm", args=[uid, "set-password"])
    password_hash = patient.password

    page = client.get(url)
    client.post(url, {"new_password1": "pwned-pwned-42", "new_password2": "pwned-pwned-42"})

    assert 'name="new_password1"' not in page.content.decode()
    patient.refresh_from_db()
    assert patient.password == password_hash
