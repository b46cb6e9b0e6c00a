"""A version per diary, raised by every write to it, and figures cached under it.

Every write to a patient's diary — an entry of any kind saved or deleted, a spasm's
areas or triggers changed, a medication or an own trigger or technique saved or
deleted, an import (`bump` is called after its bulk inserts), and a change to the
account (a new name, which clinicians read, or time zone, which says what the patient's
today is) — raises that patient's `DiaryVersion` by one, in the same transaction as
the write. Costly figures (the
insights page's, the report's, the clinician's summary) are cached under a key that
holds the version, so a figure computed before a write is never found after it:
nothing is ever invalidated, old keys just stop being asked for and expire.

What is cached is the figures' rendered HTML (`cached_fragment`), so a repeated view
runs neither their queries nor their templates. The version is read before the
figures are computed, so a fragment cached under a version never holds older rows
than that version had. The key also holds the period (and a chosen week), the
language and time zone (words, names and times inside the figures) and who looks (the
patient or a clinician: "you" or "the patient").

A clinician's patients list shows many diaries at once: `cached_for_clinician` keys it
by `diary.care.sharing.shared_diaries_state` (their shares, the sum of those diaries'
versions, their review marks) instead of one diary's version.

The receivers below are the one place that knows what a write is; they are
connected by `diary.apps.DiaryConfig.ready`.
"""

import contextlib
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from diary.models import (
    ENTRY_MODELS,
    DiaryVersion,
    Medication,
    Spasm,
    Technique,
    Trigger,
)

# Long enough to be reused between a patient's visits; old versions' keys expire.
CACHE_SECONDS = getattr(settings, "FIGURE_CACHE_SECONDS", 24 * 60 * 60)
KEY_VERSION = 2  # raise when what is cached changes shape


def version_of(owner) -> int:
    """The diary's version: 0 until its first write."""
    owner_id = getattr(owner, "pk", owner)
    found = DiaryVersion.objects.filter(owner_id=owner_id).values_list("version", flat=True)
    return found.first() or 0


def bump(owner_id) -> None:
    """Raise the diary's version by one, making its row at the first write (one
    statement, so two first writes at once both count)."""
    if owner_id is None:
        return
    table = connection.ops.quote_name(DiaryVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (owner_id, version) VALUES (%s, 1) "
            f"ON CONFLICT (owner_id) DO UPDATE SET version = {table}.version + 1",
            [owner_id],
        )


def cached_fragment(owner, name: str, parts, viewer: str, render, version=None) -> SafeString:
    """`render()`, a page's figures as HTML, or what it returned last time for this diary
    at this version, these `parts` (the period, a chosen week), this language and time
    zone, and this kind of viewer ("patient", "clinician"). Keeping the HTML, not the
    figures, spares each repeated view both the queries and the template. A caller that
    has read the `version` already passes it."""
    owner_id = getattr(owner, "pk", owner)
    if version is None:
        version = version_of(owner_id)
    return _cached_html(f"{name}:{owner_id}:{version}", (viewer, *parts), render)


def cached_for_clinician(clinician, name: str, state, parts, render) -> SafeString | None:
    """`render()`, a page made of several shared diaries, or what it returned last time
    for this clinician, this `state` of what they may see (sharing.shared_diaries_state)
    and these `parts`. A `render()` that returns None (an error page) is not kept."""
    return _cached_html(f"{name}:clinician-{clinician.pk}", (*state, *parts), render)


def _cached_html(head: str, parts, render) -> SafeString | None:
    language = translation.get_language() or settings.LANGUAGE_CODE
    zone = timezone.get_current_timezone_name()
    # Hashed: a part may be a long address, and a key stays short and plain.
    asked = ":".join(str(part) for part in (language, zone, *parts))
    digest = hashlib.blake2b(asked.encode(), digest_size=16).hexdigest()
    key = f"figures:{KEY_VERSION}:{head}:{digest}"
    found = cache.get(key)
    if found is None:
        found = render()
        if found is None:
            return None
        found = str(found)
        cache.set(key, found, CACHE_SECONDS)
    # Our own template's output, escaped when it was rendered.
    return SafeString(found)


# The writes ------------------------------------------------------------------


def _saved(sender, instance, raw=False, **kwargs):
    bump(instance.owner_id)


def _deleted(sender, instance, origin=None, **kwargs):
    # One bump per diary per delete() call, however many rows it takes with it;
    # none when the whole account goes (its version row goes too).
    if _whole_account(origin):
        return
    done = getattr(origin, "_diary_versions_bumped", None)
    if done is None:
        done = set()
        with contextlib.suppress(AttributeError):
            origin._diary_versions_bumped = done
    if instance.owner_id not in done:
        done.add(instance.owner_id)
        bump(instance.owner_id)


def _whole_account(origin) -> bool:
    user_model = DiaryVersion._meta.get_field("owner").related_model
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, user_model)


def _ownable_saved(sender, instance, **kwargs):
    if instance.owner_id is not None:
        bump(instance.owner_id)


def _ownable_deleted(sender, instance, **kwargs):
    if instance.owner_id is not None:
        _deleted(sender, instance, **kwargs)


def _account_saved(sender, instance, created=False, update_fields=None, **kwargs):
    # The name a clinician reads and the zone that says which day is the patient's
    # today live on the account; a log-in only stamps `last_login`.
    if created or (update_fields and set(update_fields) <= {"last_login"}):
        return
    bump(instance.pk)


def _spasm_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        bump(instance.owner_id)
        return
    spasms = Spasm.objects.filter(pk__in=pk_set or ())
    for owner_id in set(spasms.values_list("owner_id", flat=True)):
        bump(owner_id)


def connect():
    for model in (*ENTRY_MODELS, Medication):
        post_save.connect(_saved, sender=model, dispatch_uid=f"diary-version-save-{model}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"diary-version-del-{model}")
    for model in (Trigger, Technique):
        post_save.connect(_ownable_saved, sender=model, dispatch_uid=f"diary-version-save-{model}")
        post_delete.connect(
            _ownable_deleted, sender=model, dispatch_uid=f"diary-version-del-{model}"
        )
    post_save.connect(
        _account_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="diary-version-account"
    )
    for through in (Spasm.body_areas.through, Spasm.triggers.through):
        m2m_changed.connect(
            _spasm_tags_changed, sender=through, dispatch_uid=f"diary-version-m2m-{through}"
        )
