"""The entry schema: which fields of each kind of entry leave the diary, and how.

Each kind (`MEDICATIONS`, `SPASMS`, `DOSES`, `TECHNIQUE_SESSIONS`, `CHECK_INS`,
`SYMPTOM_CHECKS`) names its exported fields once, in file order. Everything else is read from the
model field itself: how the value is written to JSON and CSV, how it is read back
on import, how it reads for a person (the clinician's CSV), and its column
header (the field's verbose name). The JSON records, the patient's CSV, the
import, the FHIR check-in answers and the clinician admin's fields and CSV all
come from here, so adding a field to an entry kind is the model field, its
migration and one line below. `tests/data/test_entry_schema.py` fails for a
model field that is neither exported here nor listed as not exported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cached_property

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from diary.data.ids import entry_id
from diary.models import CheckIn, Dose, Medication, Spasm, Technique, TechniqueSession, Trigger
from diary.models.symptoms import SymptomCheck

# --- plain values --------------------------------------------------------------------


def decimal_text(value: Decimal | None) -> str | None:
    """Decimal('400.000') -> '400'; exact, never a float."""
    if value is None:
        return None
    return f"{value.normalize():f}"


def moment_text(value, zone) -> str:
    """An aware datetime as ISO 8601 with the patient's own UTC offset."""
    return timezone.localtime(value, zone).isoformat()


# --- how each kind of model value travels ------------------------------------------------


def is_text(value) -> bool:
    """A JSON string a database can store: no lone surrogate (which UTF-8 cannot hold)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def is_whole_number(value) -> bool:
    return type(value) is int  # not a bool (True == 1), not a float (1.0 == 1)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
)
_DECIMAL = re.compile(r"[0-9]{1,30}(?:\.[0-9]{1,30})?")


class Value:
    """A model field's value as it is written out and read back.

    `lookups` are the `values()` paths the export reads; `write` turns that row
    into the JSON value (the CSV cell is the same value); `read` turns a JSON
    value back into what the model attribute `attname` takes, asking `context`
    (the import) to look up catalogue items or to refuse the file; `readable` is
    the value for a person, from a model instance.

    `read` checks the JSON type exactly (the model's `full_clean()` then checks
    the value, as it does for the forms): a string where text belongs, a whole
    number where a number belongs, null only where the field may be empty.
    """

    def __init__(self, field):
        self.field = field
        self.name = field.name
        self.attname = field.attname
        self.lookups = (field.name,)

    @property
    def header(self) -> str:
        return capfirst(self.field.verbose_name)

    def write(self, row, zone):
        return row[self.name]

    def read(self, value, context):
        if value is None and self.field.null:
            return None
        if isinstance(self.field, models.IntegerField):
            if not is_whole_number(value):
                context.refuse(_("it must be a whole number, like 3."), self)
            return value
        if isinstance(self.field, models.CharField | models.TextField):
            return self.read_text(value, context)
        raise TypeError(f"The import cannot read a {type(self.field).__name__} yet.")

    def read_text(self, value, context):
        if not is_text(value):
            context.refuse(_("it must be text, in quotes."), self)
        limit = self.field.max_length
        # A TextField's max_length binds its form, not the model: hold the file to it too.
        if limit is not None and len(value) > limit:
            context.refuse(
                _("it is %(length)d characters long; the most it may be is %(limit)d.")
                % {"length": len(value), "limit": limit},
                self,
            )
        return value

    def readable(self, entry, owner):
        value = getattr(entry, self.attname)
        if self.field.choices and value not in (None, ""):
            return entry._get_FIELD_display(self.field)
        return value


class Day(Value):
    def write(self, row, zone):
        return row[self.name].isoformat()

    def read(self, value, context):
        if value is None and self.field.null:
            return None
        if not (is_text(value) and _DAY.fullmatch(value)):
            context.refuse(_("it must be a day written like 2025-03-01."), self)
        try:
            return date.fromisoformat(value)
        except ValueError:
            context.refuse(_("it is not a day of the calendar."), self)


class Moment(Value):
    def write(self, row, zone):
        return moment_text(row[self.name], zone)

    def read(self, value, context):
        if value is None and self.field.null:
            return None
        if not (is_text(value) and _MOMENT.fullmatch(value)):
            context.refuse(
                _(
                    "it must be a date and time with its offset from UTC, "
                    "written like 2025-03-01T14:30:00+01:00."
                ),
                self,
            )
        try:
            # In UTC before anything compares it: year 1 less an offset is out of range.
            return datetime.fromisoformat(value).astimezone(UTC)
        except (ValueError, OverflowError):
            context.refuse(_("it is not a date and time this diary can hold."), self)

    def readable(self, entry, owner):
        moment = getattr(entry, self.attname)
        if moment is None:
            return ""
        return timezone.localtime(moment, owner.zone).isoformat(timespec="minutes")


class DecimalText(Value):
    def write(self, row, zone):
        return decimal_text(row[self.name])

    def read(self, value, context):
        if value is None and self.field.null:
            return None
        # Written as text so no digit is lost to a float; never NaN, Infinity or "".
        if not (is_text(value) and _DECIMAL.fullmatch(value)):
            context.refuse(_('it must be a number written as text, like "1.5".'), self)
        return Decimal(value)

    def readable(self, entry, owner):
        return decimal_text(getattr(entry, self.attname))


class Boolean(Value):
    def read(self, value, context):
        if not isinstance(value, bool):
            context.refuse(
                _("“%(field)s” must be true or false.")
                % {"field": capfirst(self.field.verbose_name)},
                self,
            )
        return value


class Slug(Value):
    """A catalogue item (technique, kind of medicine), named by its stable slug."""

    def __init__(self, field):
        super().__init__(field)
        self.lookups = (f"{field.name}__slug",)

    def write(self, row, zone):
        return row[self.lookups[0]]

    def read(self, value, context):
        if value is None and self.field.null:
            return None
        return context.catalogue_pk(self.field.related_model, value, self)

    def readable(self, entry, owner):
        item = getattr(entry, self.name)
        return item.name if item is not None else None


class SlugList(Value):
    """Catalogue items of a many-to-many field (body areas, triggers), as slugs in
    catalogue order; the export reads them apart, one query per field."""

    def __init__(self, field):
        super().__init__(field)
        self.lookups = ()

    def read(self, value, context):
        items = self.field.related_model._meta.verbose_name_plural
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            context.refuse(
                _("it must be a list of %(items)s, each named in quotes.") % {"items": items},
                self,
            )
        if len(set(value)) != len(value):
            context.refuse(_("it names one of its %(items)s twice.") % {"items": items}, self)
        return [context.catalogue_pk(self.field.related_model, slug, self) for slug in value]

    def readable(self, entry, owner):
        return "; ".join(item.name for item in getattr(entry, self.name).all())


class Name(Value):
    """A medicine of the patient's own list, named by its name (unique per patient)."""

    def __init__(self, field):
        super().__init__(field)
        self.lookups = (f"{field.name}__name",)

    def write(self, row, zone):
        return row[self.lookups[0]]

    def read(self, value, context):
        return context.medicine(value, self)  # a name of the file's list; its row comes later

    def readable(self, entry, owner):
        return getattr(entry, self.name).name


class StableId:
    """The entry's stable id (see diary.data.ids): its client token, or one derived
    from the row. The import keeps it as the new row's client token."""

    name = "id"
    attname = "client_token"
    lookups = ("pk", "client_token")
    field = None

    def __init__(self, model):
        self.model = model

    def write(self, row, zone):
        return entry_id(self.model, row["pk"], row["client_token"])

    def read(self, value, context):
        return context.new_id(value, self)


def value_for(field) -> Value:
    if isinstance(field, models.ManyToManyField):
        return SlugList(field)
    if isinstance(field, models.ForeignKey):
        return Name(field) if field.related_model is Medication else Slug(field)
    if isinstance(field, models.DateTimeField):
        return Moment(field)
    if isinstance(field, models.DateField):
        return Day(field)
    if isinstance(field, models.DecimalField):
        return DecimalText(field)
    if isinstance(field, models.BooleanField):
        return Boolean(field)
    return Value(field)


# --- the kinds --------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of exported row: its section of the file, its model, its fields."""

    section: str  # the JSON list, the CSV file's name, the import's counts
    model: type[models.Model]
    names: tuple[str, ...]  # the exported fields, in file order; "id" is the stable id
    order_by: tuple[str, ...]  # file order
    not_exported: tuple[str, ...]  # the model's other fields, each left out on purpose

    @cached_property
    def values(self) -> tuple[Value | StableId, ...]:
        return tuple(
            StableId(self.model) if name == "id" else value_for(self.model._meta.get_field(name))
            for name in self.names
        )

    @cached_property
    def fields(self) -> tuple[Value, ...]:
        """The exported model fields (all but the stable id)."""
        return tuple(value for value in self.values if isinstance(value, Value))

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(value.name for value in self.fields)

    @property
    def lookups(self) -> tuple[str, ...]:
        return tuple(lookup for value in self.values for lookup in value.lookups)

    @property
    def related(self) -> tuple[str, ...]:
        """Foreign keys a page of readable rows follows (select_related)."""
        return tuple(value.name for value in self.fields if isinstance(value, Slug | Name))

    @property
    def many(self) -> tuple[str, ...]:
        """Many-to-many fields a page of readable rows prefetches."""
        return tuple(value.name for value in self.fields if isinstance(value, SlugList))


# Kept by every dated entry, exported by none:
ENTRY_BOOKKEEPING = (
    "id",  # the row's number on this server; the file carries the stable id instead
    "client_token",  # written as the stable id ("id"), and read back into it
    "owner",  # the file is the patient's own; an import gives it to whoever imports it
    "created_at",  # when the row was saved, not when it happened; an import saves anew
    "updated_at",  # the same
)

# The patient's own triggers and techniques (diary.models.catalogues), before the
# entries that name them. An entry names an own item by its slug, as it names a
# shipped one; the import makes each own item anew for the importer, and points the
# file's entries at it (diary.data.restore).
OWN_CATALOGUE_BOOKKEEPING = (
    "id",  # the row's number on this server; the slug names it in the file
    "owner",  # the file is the patient's own; an import gives them to whoever imports it
    "learn_slug",  # the host's link to a guide page; a patient's own item has none
    "order",  # the host's order; a patient's own items are listed by name
)

OWN_TRIGGERS = Kind(
    "own_triggers",
    Trigger,
    names=("slug", "name", "is_active"),
    order_by=("name", "pk"),
    not_exported=OWN_CATALOGUE_BOOKKEEPING,
)

OWN_TECHNIQUES = Kind(
    "own_techniques",
    Technique,
    names=("slug", "name", "is_active"),
    order_by=("name", "pk"),
    not_exported=OWN_CATALOGUE_BOOKKEEPING,
)

MEDICATIONS = Kind(
    "medications",
    Medication,
    names=(
        "name",
        "medication_class",
        "usual_amount",
        "usual_unit",
        "is_current",
    ),
    order_by=("name",),
    not_exported=(
        "id",  # medicines are recognised by their name, unique per patient
        "owner",  # as for entries
        "created_at",  # as for entries
        # The schedule and its reminder are this server's settings for the patient,
        # not the diary's record (the doses taken are): not carried yet.
        "dose_times",
        "min_hours_apart",
        "remind",
        "reminder_label",
    ),
)

SPASMS = Kind(
    "spasms",
    Spasm,
    names=(
        "id",
        "local_date",
        "started_at",
        "duration_seconds",
        "intensity",
        "kind",
        "activity",
        "body_areas",
        "triggers",
        "note",
    ),
    order_by=("local_date", "started_at", "pk"),
    not_exported=ENTRY_BOOKKEEPING,
)

DOSES = Kind(
    "doses",
    Dose,
    names=(
        "id",
        "local_date",
        "medication",
        "taken_at",
        "amount",
        "unit",
        "note",
    ),
    order_by=("local_date", "taken_at", "pk"),
    not_exported=ENTRY_BOOKKEEPING,
)

TECHNIQUE_SESSIONS = Kind(
    "technique_sessions",
    TechniqueSession,
    names=(
        "id",
        "local_date",
        "technique",
        "started_at",
        "minutes",
        "intensity_before",
        "intensity_after",
        "helped",
        "note",
    ),
    order_by=("local_date", "started_at", "pk"),
    not_exported=ENTRY_BOOKKEEPING,
)

CHECK_INS = Kind(
    "check_ins",
    CheckIn,
    names=(
        "id",
        "local_date",
        "sleep_hours",
        "sleep_quality",
        "stress",
        "fatigue",
        "overall_pain",
        "mood",
        "water_glasses",
        "note",
    ),
    order_by=("local_date", "pk"),
    not_exported=ENTRY_BOOKKEEPING,
)

# The weekly symptom check (diary.models.symptoms): one a day at most, like check-ins.
# A file exported before symptom checks has no such list, and is read as having none.
SYMPTOM_CHECKS = Kind(
    "symptom_checks",
    SymptomCheck,
    names=(
        "id",
        "local_date",
        "fatigue",
        "waking_unrefreshed",
        "thinking",
        "headaches",
        "lower_belly_pain",
        "low_mood",
    ),
    order_by=("local_date", "pk"),
    not_exported=ENTRY_BOOKKEEPING,
)

# In file order: the patient's own triggers and techniques first, as entries name
# them; then medicines, as doses name them.
OWN_CATALOGUE_KINDS = (OWN_TRIGGERS, OWN_TECHNIQUES)
ENTRY_KINDS = (SPASMS, DOSES, TECHNIQUE_SESSIONS, CHECK_INS, SYMPTOM_CHECKS)
# Sections a file made by an older Unknot may lack: read as empty lists.
LATER_SECTIONS = (*OWN_CATALOGUE_KINDS, SYMPTOM_CHECKS)
KINDS = (*OWN_CATALOGUE_KINDS, MEDICATIONS, *ENTRY_KINDS)
KIND_OF = {kind.model: kind for kind in KINDS}
