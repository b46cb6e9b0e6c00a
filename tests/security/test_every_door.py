"""Every door, from a list: every URL in the URL configuration that names an object is
tried by another patient, by a clinician without a share, by the host (a superuser)
without a share, by an anonymous visitor and (for the admin) by a clinician with a share
who has not typed their second factor. Each is refused, GET and POST alike, and no row
anywhere changes. The host still runs the instance: accounts, invitations, catalogues.

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
from django.contrib import admin
from django.contrib.admin.models import LogEntry
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
    ImportJob,
    Invitation,
    MedicationClass,
    PushSubscription,
    SymptomCheck,
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

# Words found only in the patient's diary and a clinician's note about it: a page that
# shows any of them to someone without a share has leaked.
SPASM_NOTE = "Woke me at 3am, neck locked"
MEDICINE = "Zorvaquine"
NOTE = "Discussed stretching after the bad week."
DIARY_TEXT = (SPASM_NOTE, MEDICINE, NOTE)
# The models whose rows are a diary (or what a clinician wrote about one): read only
# through a share, by the host too.
DIARY_CONTENT = {
    "diary.spasm",
    "diary.dose",
    "diary.medication",
    "diary.techniquesession",
    "diary.checkin",
    "diary.symptomcheck",
    "diary.sharedpatient",
    "diary.cliniciannote",
    "diary.reviewmark",
}


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
    medication = make_medication(patient, name=MEDICINE)
    other_doctor = make_clinician("dr_no_share")
    share = sharing.grant(patient, doctor)
    sharing.log_access(doctor, [patient], AccessLog.Action.SUMMARY, "the last 30 days")
    objects = {
        "diary.spasm": make_spasm(patient, intensity=3, note=SPASM_NOTE),
        "diary.dose": make_dose(patient, medication),
        "diary.medication": medication,
        "diary.importjob": ImportJob.objects.create(owner=patient, status="done"),
        "diary.techniquesession": make_session(patient),
        "diary.checkin": make_check_in(patient, stress=2),
        "diary.symptomcheck": SymptomCheck.objects.create(
            owner=patient,
            local_date=timezone.localdate(),
            fatigue=1,
            waking_unrefreshed=1,
            thinking=1,
            headaches=False,
            lower_belly_pain=False,
            low_mood=False,
        ),
        "diary.pushsubscription": PushSubscription.objects.create(
            owner=patient, endpoint="https://push.example.net/x", p256dh="x", auth="x", name="Phone"
        ),
        "diary.sharedpatient": patient,
        "diary.user": patient,
        "diary.careshare": share,
        "diary.accesslog": AccessLog.objects.get(patient=patient),
        "diary.cliniciannote": sharing.add_note(doctor, patient, NOTE),
        # A note shown to the patient: the one kind a patient can reply to.
        "feedback note": sharing.add_note(doctor, patient, "Try heat.", visible_to_patient=True),
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
    "diary:import_progress": lambda o: [{"pk": o["diary.importjob"].pk}],
    "diary:medication_delete": lambda o: [{"pk": o["diary.medication"].pk}],
    "diary:sharing_revoke": lambda o: [{"pk": o["diary.careshare"].pk}],
    "diary:note_reply": lambda o: [{"pk": o["feedback note"].pk}],
    "diary:symptom_check_delete": lambda o: [{"pk": o["diary.symptomcheck"].pk}],
    "diary:push_rename": lambda o: [{"pk": o["diary.pushsubscription"].pk}],
    "diary:push_remove": lambda o: [{"pk": o["diary.pushsubscription"].pk}],
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


def is_diary_door(door):
    """A door to a diary: every patient-side page, and the admin's pages of DIARY_CONTENT."""
    if not door.is_admin:
        return True
    model = admin_model(door)
    return model is not None and model._meta.label_lower in DIARY_CONTENT


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
    assert "diary:note_reply" in names
    assert {"admin:diary_spasm_change", "admin:diary_sharedpatient_summary"} <= names
    assert {"admin:diary_sharedpatient_note", "admin:otp_totp_totpdevice_config"} <= names
    assert len(doors) > 100


def test_an_unknown_door_fails_the_walk(world):
    unknown = Door("diary:new_door", "diary/things/<int:pk>/", ("pk",))

    assert door_urls(unknown, world["objects"]) is None


def test_the_owner_the_shared_clinician_and_the_host_can_open_the_doors(
    client, world, otp_verified
):
    """The objects are real: refusals below are the lock, not a missing object. The
    host opens the host's pages, the clinician with the share the diary's."""
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
            opener = doctor if is_diary_door(door) else client
            response = opener.get(url)
            # 200; 302 to the page itself or a summary; 403 for a read-only delete. Never
            # the admin's "no such object" trip back to its index.
            assert response.status_code in (200, 302, 403), url
            assert not (response.status_code == 302 and response.url == reverse("admin:index"))


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


# The host without a share: the server's keeper, not a reader of diaries -------------------


def body(response):
    """A response's text, a streamed CSV's too (read once, kept on the response)."""
    if not response.streaming:
        return response.content.decode(errors="replace")
    if not hasattr(response, "streamed_text"):
        response.streamed_text = b"".join(response.streaming_content).decode(errors="replace")
    return response.streamed_text


def leaked(response):
    return [text for text in DIARY_TEXT if text in body(response)]


def test_a_host_without_a_share_is_refused_every_diary_door_and_changes_nothing(
    client, world, otp_verified
):
    otp_verified(client, world["host"])
    doors = [(door, url) for door, url in every_door(world["objects"]) if is_diary_door(door)]
    before = snapshot()

    def expectation(door, response):
        if leaked(response):
            return False
        if door.is_admin:
            return refused_by_the_admin(response)
        return refused_by_the_diary(response)

    assert len([door for door, _url in doors if door.is_admin]) > 30
    assert walk(client, doors, expectation) == []
    assert snapshot() == before  # not even an access-log row


def diary_admins():
    return [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.label_lower in DIARY_CONTENT
    ]


def test_a_host_without_a_share_finds_no_diary_row_in_any_list_search_or_export(
    client, world, otp_verified
):
    otp_verified(client, world["host"])
    before = AccessLog.objects.count()
    pages = []
    for model_admin in diary_admins():
        info = f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}"
        changelist = reverse(f"{info}_changelist")
        pages += [client.get(changelist), client.get(changelist, {"q": "neck"})]
        assert pages[-1].context["cl"].result_count == 0, changelist
        if model_admin.actions and "download_selected" in model_admin.actions:
            obj = world["objects"][model_admin.opts.label_lower]
            chosen = {"action": "download_selected", "_selected_action": [obj.pk]}
            pages.append(client.post(changelist, chosen))
            export = client.get(reverse(f"{info}_export"))
            assert body(export).count("\n") == 1, "a CSV of its header only"
            pages.append(export)
    pages.append(client.get(reverse("admin:index")))

    assert [leaked(page) for page in pages if leaked(page)] == []
    assert AccessLog.objects.count() == before


def test_a_host_without_a_share_still_runs_the_instance_and_sees_no_diary_text(
    client, world, otp_verified
):
    objects, patient = world["objects"], world["patient"]
    sharing.log_access(world["doctor"], [patient], AccessLog.Action.ENTRY, f"Medicine: {MEDICINE}")
    medicine_look = AccessLog.objects.get(detail__contains=MEDICINE)
    otp_verified(client, world["host"])
    pages = [
        reverse("admin:diary_user_changelist"),
        reverse("admin:diary_user_change", args=[patient.pk]),
        reverse("admin:diary_user_delete", args=[patient.pk]),  # lists what goes with it
        reverse("admin:diary_invitation_changelist"),
        reverse("admin:diary_invitation_add"),
        reverse("admin:diary_invitation_change", args=[objects["diary.invitation"].pk]),
        reverse("admin:auth_group_changelist"),
        reverse("admin:diary_technique_changelist"),
        reverse("admin:diary_careshare_changelist"),
        reverse("admin:diary_careshare_change", args=[objects["diary.careshare"].pk]),
        reverse("admin:diary_accesslog_changelist"),
        reverse("admin:diary_accesslog_change", args=[medicine_look.pk]),
        reverse("admin:instance_stats"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaked(response) == [], url

    made = client.post(
        reverse("admin:diary_invitation_add"), {"note": "for Alex", "code": "KQ7M-4TXP"}
    )
    assert made.status_code == 302
    assert Invitation.objects.filter(note="for Alex").exists()


def test_the_delete_page_of_an_account_counts_its_entries_and_lists_none(
    client, world, otp_verified
):
    otp_verified(client, world["host"])

    page = client.get(reverse("admin:diary_user_delete", args=[world["patient"].pk]))

    summary = {str(kind): count for kind, count in page.context["model_count"]}
    assert summary["spasms"] == 1
    assert len(page.context["deleted_objects"]) == 1  # the account itself, not its rows
    assert world["patient"].username in page.context["deleted_objects"][0]


# Autocomplete: no admin declares it, so it answers nothing of a diary ---------------------


def diary_relations():
    """(model name, field name) of every relation on a diary model with an admin."""
    return [
        (model._meta.model_name, field.name)
        for model in admin.site._registry
        if model._meta.app_label == "diary"
        for field in model._meta.get_fields()
        if (field.many_to_one or field.many_to_many) and not field.auto_created
    ]


@pytest.mark.parametrize("persona", ["doctor", "host"])
def test_autocomplete_is_closed_for_every_diary_model(client, world, otp_verified, persona):
    otp_verified(client, world[persona])
    before = snapshot()
    url = reverse("admin:autocomplete")
    relations = diary_relations()

    answers = {
        (model, field): client.get(
            url, {"app_label": "diary", "model_name": model, "field_name": field, "term": ""}
        )
        for model, field in relations
    }

    assert ("dose", "medication") in answers  # the issue's own example
    assert {key: r.status_code for key, r in answers.items() if r.status_code != 403} == {}
    assert [leaked(response) for response in answers.values() if leaked(response)] == []
    assert snapshot() == before


def test_autocomplete_answers_no_field_that_an_admin_does_not_declare(client, world, otp_verified):
    otp_verified(client, world["host"])

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "otp_totp", "model_name": "totpdevice", "field_name": "user", "term": "p"},
    )

    # Django itself would list the matching usernames: the user admin has search fields.
    assert response.status_code == 403
    assert '"results"' not in response.content.decode()


# Nothing left behind: "Recent actions" after a revoke --------------------------------------


def test_recent_actions_keep_no_note_text_after_the_share_is_revoked(client, world, otp_verified):
    doctor, patient = world["doctor"], world["patient"]
    otp_verified(client, doctor)
    note = world["objects"]["diary.cliniciannote"]
    second = sharing.add_note(doctor, patient, f"Second: {SPASM_NOTE}")
    # As a browser does: each save lands on the page that shows its "saved" message.
    changed = client.post(
        reverse("admin:diary_cliniciannote_change", args=[note.pk]),
        {"text": f"{NOTE} Again.", "visible_to_patient": "on"},
        follow=True,
    )
    deleted = client.post(
        reverse("admin:diary_cliniciannote_delete", args=[second.pk]), {"post": "yes"}, follow=True
    )
    assert [r.redirect_chain[0][1] for r in (changed, deleted)] == [302, 302]
    sharing.revoke(world["objects"]["diary.careshare"])

    home = client.get(reverse("admin:index"), follow=True)
    logged = LogEntry.objects.filter(user=doctor)

    assert logged.count() == 2  # the edit and the deletion were logged...
    for entry in logged:  # ...by kind and id only
        assert not [text for text in DIARY_TEXT if text in entry.object_repr], entry.object_repr
        assert not [text for text in DIARY_TEXT if text in entry.change_message]
    assert home.status_code == 200
    assert leaked(home) == []


# Stale links: a revoked share says so, and never falls back to other rows ------------------

NO_LONGER = "This patient no longer shares their diary with you"
ENTRY_LISTS = ["spasm", "dose", "medication", "techniquesession", "checkin"]


@pytest.fixture
def revoked(world, stranger, make_spasm):
    """The doctor's share with the patient is revoked; the stranger shares with them still."""
    sharing.grant(stranger, world["doctor"])
    make_spasm(stranger, note="The strangers own spasm")
    sharing.revoke(world["objects"]["diary.careshare"])
    return world


def test_an_old_filtered_link_says_the_patient_no_longer_shares(client, revoked, otp_verified):
    otp_verified(client, revoked["doctor"])
    before = AccessLog.objects.count()
    query = {"owner__id__exact": revoked["patient"].pk}

    for model in ENTRY_LISTS:
        page = client.get(reverse(f"admin:diary_{model}_changelist"), query)
        csv = client.get(reverse(f"admin:diary_{model}_export"), query)

        assert page.status_code == 404 and NO_LONGER in page.content.decode(), model
        assert "The strangers own spasm" not in page.content.decode()
        assert csv.status_code == 404 and not csv["Content-Type"].startswith("text/csv")
    assert AccessLog.objects.count() == before


def test_a_filtered_link_to_a_patient_who_still_shares_still_works(
    client, revoked, stranger, otp_verified
):
    otp_verified(client, revoked["doctor"])

    page = client.get(reverse("admin:diary_spasm_changelist"), {"owner__id__exact": stranger.pk})

    assert page.status_code == 200
    assert "The strangers own spasm" in page.content.decode()


def test_a_revoked_entry_says_the_patient_no_longer_shares(client, revoked, otp_verified):
    otp_verified(client, revoked["doctor"])
    spasm = revoked["objects"]["diary.spasm"]

    page = client.get(reverse("admin:diary_spasm_change", args=[spasm.pk]))

    assert page.status_code == 404
    assert NO_LONGER in page.content.decode()
    assert "Perhaps it was deleted" not in page.content.decode()
    assert leaked(page) == []


def test_an_id_never_shared_gets_the_same_answer_as_a_revoked_one(
    client, revoked, make_user, make_spasm, otp_verified
):
    """Telling "never shared" or "no such id" apart from "no longer shared" would say
    which ids are accounts and entries: all three get the one neutral answer."""
    otp_verified(client, revoked["doctor"])
    never = make_spasm(make_user("never_shared"))
    missing = never.pk + 1000

    answers = [
        client.get(reverse("admin:diary_spasm_change", args=[pk]))
        for pk in (revoked["objects"]["diary.spasm"].pk, never.pk, missing)
    ]

    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert {(answer.templates[0].name, answer.context["title"]) for answer in answers} == {
        ("admin/diary/no_longer_shared.html", NO_LONGER)
    }
