"""Sharing a diary with clinicians: who may see whom, and the record of every look.

`patients_visible_to` is the one door for clinicians, as `EntryQuerySet.owned_by`
is for patients: every admin page, search, export and summary a clinician opens
reads patients (and their entries) through it. It asks the database on every
call, so a revoked or expired share closes the door on the very next request.

The flags and the patients list's figures are in `diary.care.overview`.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DateField,
    Max,
    OuterRef,
    Subquery,
    Sum,
)
from django.utils import timezone

from diary.models import (
    AccessLog,
    CareShare,
    ClinicianNote,
    NoteReply,
    ReviewMark,
)
from website.twofactor import second_factor_passed

CLINICIANS_GROUP = "Clinicians"


# Who is a clinician ------------------------------------------------------------


def clinicians():
    """Everyone a patient may share with: active staff in the Clinicians group."""
    return get_user_model().objects.filter(
        is_active=True, is_staff=True, groups__name=CLINICIANS_GROUP
    )


def is_clinician(user):
    return clinicians().filter(pk=user.pk).exists()


def in_clinicians_group(user):
    """Is `user` in the Clinicians group? Asked once per request (cached on the user)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_in_clinicians_group"):
        user._in_clinicians_group = user.groups.filter(name=CLINICIANS_GROUP).exists()
    return user._in_clinicians_group


def listed_clinicians():
    """The clinicians who chose to be offered to patients, by name: one query."""
    listed = clinicians().filter(listed_for_patients=True)
    return sorted(listed, key=lambda clinician: display_name(clinician).casefold())


def find_clinician(username_or_email):
    """The clinician with this username or email, or None.

    None also when the account exists but is not a clinician's, so the caller
    cannot tell a patient whether someone else has an account here.
    """
    text = (username_or_email or "").strip()
    if not text:
        return None
    by_name = clinicians().filter(username__iexact=text)
    if by_name.count() == 1:
        return by_name.get()
    if "@" in text:
        by_email = clinicians().filter(email__iexact=text)
        if by_email.count() == 1:
            return by_email.get()
    return None


# Granting and revoking ----------------------------------------------------------


def end_of_day(day, zone):
    """The moment a share "until <day>" ends: midnight after that day, in the patient's zone."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def grant(patient, clinician, until=None):
    """Open the patient's diary to the clinician, until a day (inclusive) or until revoked.

    Granting again to someone who already has access changes the end day. A share
    that ran out is closed (as revoked when it ended) and a new one is opened.
    """
    if patient.pk == clinician.pk:
        raise ValueError("A patient cannot share with themselves.")
    expires_at = end_of_day(until, patient.zone) if until else None
    open_share = CareShare.objects.filter(
        patient=patient, clinician=clinician, revoked_at__isnull=True
    ).first()
    if open_share is not None:
        if open_share.is_active:
            open_share.expires_at = expires_at
            open_share.save(update_fields=["expires_at"])
            return open_share
        open_share.revoked_at = open_share.expires_at
        open_share.save(update_fields=["revoked_at"])
    return CareShare.objects.create(patient=patient, clinician=clinician, expires_at=expires_at)


def revoke(share):
    """Close a share now. The clinician's next request no longer finds the patient."""
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
    return share


def shares_of(patient):
    """A patient's shares, open ones first, with the clinician fetched alongside."""
    return CareShare.objects.filter(patient=patient).select_related("clinician")


# The one door for clinicians -----------------------------------------------------


def patients_visible_to(user, queryset=None):
    """The patients whose diaries `user` may read right now.

    Staff who typed their second factor see the patients with an active share to
    them: not revoked, not expired. Nobody else sees anyone. A superuser is no
    exception: the host runs the server, not the diaries; a host who must help a
    member is given a share by that member, like any clinician.
    """
    if queryset is None:
        queryset = get_user_model().objects.all()
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return queryset.none()
    if not second_factor_passed(user):  # staff who have not typed their code yet
        return queryset.none()
    shared = CareShare.objects.active().filter(clinician=user).values("patient_id")
    return queryset.filter(pk__in=shared)


def shared_diaries_state(clinician) -> tuple:
    """Two small queries that change whenever anything the clinician's patients list
    shows could: their active shares (count, sum and last id: ids only grow and a closed
    share never opens again, so two sets of shares never agree on all three), the sum of
    those diaries' versions (any write, name or time zone change raises one) and the
    review marks they made (only ever added: count and last id)."""
    visible = patients_visible_to(clinician).values("pk")
    shares = CareShare.objects.active().filter(clinician=clinician, patient__in=visible)
    shared = shares.aggregate(
        n=Count("pk"),
        ids=Sum("pk"),
        last=Max("pk"),
        versions=Sum("patient__diary_version__version"),
    )
    marks = ReviewMark.objects.filter(clinician=clinician).aggregate(n=Count("pk"), last=Max("pk"))
    return (*shared.values(), *marks.values())


def entries_visible_to(user, queryset):
    """Diary rows (anything with an `owner`) of the patients `user` may read."""
    return queryset.filter(owner__in=patients_visible_to(user).values("pk"))


# The access log --------------------------------------------------------------


def display_name(user):
    """The name a person chose to show; else their full name; else their username."""
    return user.shown_name.strip() or user.get_full_name() or user.get_username()


def display_name_with_username(user):
    """The chosen name with the username beside it, "Sam Lee (sam42)"; or the username."""
    name, username = display_name(user), user.get_username()
    return username if name == username else f"{name} ({username})"


def log_access(user, patients, action, detail=""):
    """Write one access-log row per patient (users or ids) in a single query."""
    patient_ids = {getattr(patient, "pk", patient) for patient in patients}
    now = timezone.now()
    name = display_name(user)
    AccessLog.objects.bulk_create(
        AccessLog(
            patient_id=patient_id,
            clinician=user,
            clinician_name=name,
            at=now,
            action=action,
            detail=detail[:200],
        )
        for patient_id in sorted(patient_ids)
    )


def access_log_for(patient):
    """Who looked at this patient's diary, newest first."""
    return AccessLog.objects.filter(patient=patient).order_by("-at", "-pk")


# Reviews and notes -----------------------------------------------------------


def mark_reviewed(clinician, patient, period_end):
    return ReviewMark.objects.create(clinician=clinician, patient=patient, period_end=period_end)


def add_note(clinician, patient, text, visible_to_patient=False):
    return ClinicianNote.objects.create(
        clinician=clinician, patient=patient, text=text, visible_to_patient=visible_to_patient
    )


def feedback_for(patient):
    """The notes clinicians chose to show this patient, newest first, with their replies.

    They stay after the share ends: they were written for the patient.
    """
    notes = ClinicianNote.objects.filter(patient=patient, visible_to_patient=True)
    notes = notes.select_related("clinician").prefetch_related("replies")
    return notes.order_by("-created_at", "-pk")


def can_reply_to(note):
    """A note can be answered while the clinician who wrote it still has an account."""
    return note.clinician_id is not None


def add_reply(patient, note, text):
    """The patient's answer to a note shown to them; the note's clinician reads it on
    the summary (a summary read, logged as one)."""
    if note.patient_id != patient.pk or not note.visible_to_patient:
        raise ValueError("A patient can only reply to a note shown to them.")
    return NoteReply.objects.create(note=note, author=patient, text=text)


def with_last_review(queryset, clinician):
    """Annotate `reviewed_up_to`: the last day `clinician` marked as reviewed."""
    marks = (
        ReviewMark.objects.filter(clinician=clinician, patient=OuterRef("pk"))
        .order_by("-period_end")
        .values("period_end")[:1]
    )
    return queryset.annotate(reviewed_up_to=Subquery(marks, output_field=DateField()))
