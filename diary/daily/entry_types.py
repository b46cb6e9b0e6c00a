"""The kinds of diary entry, and what the generic new/edit/delete views need
to know about each: its model, its form, and the words used for it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from diary.daily.entry_forms import CheckInForm, DoseForm, SpasmForm, TechniqueSessionForm
from diary.models import CheckIn, Dose, Spasm, TechniqueSession


@dataclass(frozen=True)
class EntryType:
    slug: str  # used in URLs and the history filter
    model: type
    form: type
    name: str
    new_title: str
    edit_title: str

    @property
    def noun(self):
        """The kind as a word inside a sentence ("this spasm"): the model's name, which
        each language writes its own way (German nouns keep their capital)."""
        return self.model._meta.verbose_name


ENTRY_TYPES = {
    entry_type.slug: entry_type
    for entry_type in (
        EntryType("spasms", Spasm, SpasmForm, _("Spasm"), _("Log a spasm"), _("Edit spasm")),
        EntryType("doses", Dose, DoseForm, _("Dose"), _("Log a dose"), _("Edit dose")),
        EntryType(
            "techniques",
            TechniqueSession,
            TechniqueSessionForm,
            _("Technique"),
            _("Log a technique"),
            _("Edit technique"),
        ),
        EntryType(
            "check-ins",
            CheckIn,
            CheckInForm,
            _("Check-in"),
            _("Daily check-in"),
            _("Edit check-in"),
        ),
    )
}


class EntryTypeConverter:
    regex = "|".join(ENTRY_TYPES)

    def to_python(self, value):
        return ENTRY_TYPES[value]

    def to_url(self, value):
        return value.slug if isinstance(value, EntryType) else value
