"""Sharing a diary with clinicians: who may see whom, and the record of every look.

`patients_visible_to` is the one door for clinicians, as `EntryQuerySet.owned_by`
is for patients: every admin page, search, export and summary a clinician opens
reads patients (and their entries) through it. It asks the database on every
call, so a revoked or expired share closes the door on the very next request.

The flags (`with_flags`) are annotations computed in SQL, one per patient, so the
admin can show, sort and filter by them without a query per row.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from diary.models import (
    AccessLog,
    CareShare,
    CheckIn,
    ClinicianNote,
    Dose,
    ReviewMark,
    Spasm,
    TechniqueSession,
)
from website.twofactor import second_factor_passed

CLINICIANS_GROUP = "Clinicians"

# The flags, in the words a clinician reads them.
SEVERE_INTENSITY = 8  # "intensity 8 or more ..."
SEVERE_RUN_DAYS = 3  # "... on three days running"
SEVERE_RUN_WINDOW_DAYS = 30  # a run that started within this many days
RECENT_DAYS = 7  # "spasms per day in the last 7 days ..."
BASELINE_DAYS = 28  # "... against the previous 4 weeks"
MIN_SPASMS_FOR_RISE = 3  # one or two spasms after a quiet month are not a rise
QUIET_DAYS = 7  # "no entries for 7 days"

ENTRY_MODELS = (Spasm, Dose, TechniqueSession, CheckIn)


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

    A superuser sees everyone (and is logged like anyone). Any other staff member
    sees only the patients with an active share to them: not revoked, not expired.
    Nobody else sees anyone.
    """
    if queryset is None:
        queryset = get_user_model().objects.all()
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return queryset.none()
    if not second_factor_passed(user):  # staff who have not typed their code yet
        return queryset.none()
    if user.is_superuser:
        return queryset
    shared = CareShare.objects.active().filter(clinician=user).values("patient_id")
    return queryset.filter(pk__in=shared)


def entries_visible_to(user, queryset):
    """Diary rows (anything with an `owner`) of the patients `user` may read."""
    return queryset.filter(owner__in=patients_visible_to(user).values("pk"))


# The access log --------------------------------------------------------------


def display_name(user):
    return user.get_full_name() or user.get_username()


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
    """The notes clinicians chose to show this patient, newest first.

    They stay after the share ends: they were written for the patient.
    """
    notes = ClinicianNote.objects.filter(patient=patient, visible_to_patient=True)
    return notes.select_related("clinician").order_by("-created_at", "-pk")


def with_last_review(queryset, clinician):
    """Annotate `reviewed_up_to`: the last day `clinician` marked as reviewed."""
    marks = (
        ReviewMark.objects.filter(clinician=clinician, patient=OuterRef("pk"))
        .order_by("-period_end")
        .values("period_end")[:1]
    )
    return queryset.annotate(reviewed_up_to=Subquery(marks, output_field=DateField()))


# Flags -------------------------------------------------------------------------


def count_for_owner(queryset):
    """A correlated COUNT(*) of `queryset` rows owned by the outer patient, 0 if none."""
    counted = (
        queryset.filter(owner=OuterRef("pk")).order_by().values("owner").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n")), 0)


def with_flags(queryset, now=None):
    """Annotate each patient with three flags, all computed in SQL.

    - `flag_severe_run`: intensity 8 or more on three of their days running,
      the run starting within the last 30 days;
    - `flag_rising`: spasms per day in the last 7 days at least double the rate of
      the 4 weeks before (and at least 3 spasms);
    - `flag_quiet`: nothing logged for 7 days.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    severe = Spasm.objects.filter(intensity__gte=SEVERE_INTENSITY)

    def severe_days_later(days):
        later = ExpressionWrapper(
            OuterRef("local_date") + timedelta(days=days), output_field=DateField()
        )
        return severe.filter(owner=OuterRef("owner"), local_date=later)

    runs = severe.filter(
        owner=OuterRef("pk"),
        local_date__gte=today - timedelta(days=SEVERE_RUN_WINDOW_DAYS - 1),
    )
    for days in range(1, SEVERE_RUN_DAYS):
        runs = runs.filter(Exists(severe_days_later(days)))

    recent_start = now - timedelta(days=RECENT_DAYS)
    baseline_start = recent_start - timedelta(days=BASELINE_DAYS)
    quiet_since = now - timedelta(days=QUIET_DAYS)
    logged_lately = Q()
    for model in ENTRY_MODELS:
        logged_lately |= Q(
            Exists(model.objects.filter(owner=OuterRef("pk"), created_at__gte=quiet_since))
        )

    return queryset.annotate(
        flag_severe_run=Exists(runs),
        spasms_recent=count_for_owner(Spasm.objects.filter(started_at__gte=recent_start)),
        spasms_baseline=count_for_owner(
            Spasm.objects.filter(started_at__gte=baseline_start, started_at__lt=recent_start)
        ),
        # Per day, recent / 7 >= 2 * baseline / 28, kept in whole numbers.
        flag_rising=ExpressionWrapper(
            Q(spasms_recent__gte=MIN_SPASMS_FOR_RISE)
            & Q(
                LessThanOrEqual(
                    F("spasms_baseline") * 2 * RECENT_DAYS, F("spasms_recent") * BASELINE_DAYS
                )
            ),
            output_field=BooleanField(),
        ),
        flag_quiet=ExpressionWrapper(~logged_lately, output_field=BooleanField()),
    )
