"""The names of the catalogue items Unknot ships, in the reader's language.

The catalogues are shipped as data (migrations 0003 and 0010) with English
names stored in `name`. Each shipped item is listed here by slug with its
English name marked for translation, so a Spanish or German member reads it in
their language. A name the host typed or changed in the admin, and a patient's
own trigger or technique, are shown exactly as typed: only a shipped slug whose
stored name is still the English one below is translated.

Exports keep the stored names (they must import back): translate only what a
person reads on a page."""

from functools import cache

from django.utils import translation
from django.utils.translation import pgettext_lazy

BODY_AREAS = {
    "neck": pgettext_lazy("body area", "Neck"),
    "left-jaw": pgettext_lazy("body area", "Left jaw"),
    "right-jaw": pgettext_lazy("body area", "Right jaw"),
    "left-shoulder-girdle": pgettext_lazy("body area", "Left shoulder"),
    "right-shoulder-girdle": pgettext_lazy("body area", "Right shoulder"),
    "upper-back": pgettext_lazy("body area", "Upper back"),
    "lower-back": pgettext_lazy("body area", "Lower back"),
    "chest": pgettext_lazy("body area", "Chest"),
    "abdomen": pgettext_lazy("body area", "Belly"),
    "left-upper-arm": pgettext_lazy("body area", "Left upper arm"),
    "right-upper-arm": pgettext_lazy("body area", "Right upper arm"),
    "left-lower-arm": pgettext_lazy("body area", "Left forearm"),
    "right-lower-arm": pgettext_lazy("body area", "Right forearm"),
    "left-hand": pgettext_lazy("body area", "Left hand"),
    "right-hand": pgettext_lazy("body area", "Right hand"),
    "left-hip": pgettext_lazy("body area", "Left hip or buttock"),
    "right-hip": pgettext_lazy("body area", "Right hip or buttock"),
    "left-upper-leg": pgettext_lazy("body area", "Left thigh"),
    "right-upper-leg": pgettext_lazy("body area", "Right thigh"),
    "left-lower-leg": pgettext_lazy("body area", "Left calf or shin"),
    "right-lower-leg": pgettext_lazy("body area", "Right calf or shin"),
    "left-foot": pgettext_lazy("body area", "Left foot"),
    "right-foot": pgettext_lazy("body area", "Right foot"),
}

TRIGGERS = {
    "emotional-stress": pgettext_lazy("trigger", "Stress or worry"),
    "poor-posture": pgettext_lazy("trigger", "Awkward posture"),
    "physical-exertion": pgettext_lazy("trigger", "Overdoing it"),
    "sitting-or-standing-long": pgettext_lazy("trigger", "Sitting or standing too long"),
    "poor-sleep": pgettext_lazy("trigger", "Poor sleep"),
    "dehydration": pgettext_lazy("trigger", "Not enough to drink"),
    "cold": pgettext_lazy("trigger", "Cold"),
    "medication-change": pgettext_lazy("trigger", "Missed or changed medicine"),
}

TECHNIQUES = {
    "stretching": pgettext_lazy("technique", "Stretching"),
    "deep-breathing": pgettext_lazy("technique", "Deep breathing"),
    "heat": pgettext_lazy("technique", "Heat"),
    "rest": pgettext_lazy("technique", "Rest"),
    "massage": pgettext_lazy("technique", "Gentle massage"),
    "myofascial-release": pgettext_lazy("technique", "Myofascial release"),
    "mindfulness": pgettext_lazy("technique", "Mindfulness"),
    "yoga": pgettext_lazy("technique", "Yoga"),
    "tai-chi": pgettext_lazy("technique", "Tai chi"),
    "water-aerobics": pgettext_lazy("technique", "Water aerobics"),
    "physical-therapy": pgettext_lazy("technique", "Physical therapy exercises"),
    "cbt-skills": pgettext_lazy("technique", "CBT skills"),
    "hydration": pgettext_lazy("technique", "Drinking water"),
    "strengthening": pgettext_lazy("technique", "Strengthening exercise"),
}

MEDICATION_CLASSES = {
    "muscle-relaxant": pgettext_lazy("medication class", "Muscle relaxant"),
    "anticonvulsant": pgettext_lazy("medication class", "Anticonvulsant (nerve calming)"),
    "antidepressant": pgettext_lazy("medication class", "Antidepressant"),
    "pain-reliever": pgettext_lazy("medication class", "Pain reliever"),
    "sleep-aid": pgettext_lazy("medication class", "Sleep medicine"),
    "diuretic": pgettext_lazy("medication class", "Diuretic (water tablet)"),
    "magnesium": pgettext_lazy("medication class", "Supplement: magnesium"),
    "calcium": pgettext_lazy("medication class", "Supplement: calcium"),
    "potassium": pgettext_lazy("medication class", "Supplement: potassium"),
    "vitamin-d": pgettext_lazy("medication class", "Supplement: vitamin D"),
    "other": pgettext_lazy("medication class", "Other"),
}

# By the catalogue model's `_meta.model_name`.
SHIPPED = {
    "bodyarea": BODY_AREAS,
    "trigger": TRIGGERS,
    "technique": TECHNIQUES,
    "medicationclass": MEDICATION_CLASSES,
}


@cache
def english(kind: str, slug: str) -> str | None:
    """The English name a shipped item was shipped with, or None for any other slug."""
    name = SHIPPED[kind].get(slug)
    if name is None:
        return None
    with translation.override(None):
        return str(name)


def shown_name_of(kind: str, slug: str | None, name: str) -> str:
    """The name a person reads for a catalogue item, from its `kind` (the model's
    `_meta.model_name`: bodyarea, trigger, technique, medicationclass), `slug` and
    stored `name`: the shipped name in the active language while the host has not
    renamed it, else `name` exactly as typed. A patient's own item never takes a
    shipped slug (theirs start with `own-`), so it is always shown as typed."""
    if slug is None or name != english(kind, slug):
        return name
    return str(SHIPPED[kind][slug])


def medication_class_name(slug: str | None, name: str | None) -> str:
    """A medicine's class as the reader reads it, or "" when it has none."""
    return shown_name_of("medicationclass", slug, name) if name else ""
