"""A patient's own triggers and techniques: add one, rename it, remove it.

An own item is offered to its owner only (diary.daily.usage). Its name must not
repeat one the patient already has, of their own or of the shipped list
(compared without regard to case). Adding again the name of one they removed
brings that one back, with the entries that name it. Removing one that entries
name hides it (they keep naming it); one no entry names is deleted.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from diary.daily.entry_form_base import OwnedForm
from diary.models import Technique, Trigger
from diary.models.catalogues import same_name

# Enough for anyone's list, and a bound on what the spasm and technique forms show.
MAX_OWN_ITEMS = 100


class OwnItemForm(OwnedForm):
    """Add an own trigger or technique, or rename one (see the two forms below)."""

    kind = ""  # the stable key the page posts: "trigger" or "technique"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = self._meta.model
        self.restored = None  # a removed item of the same name, brought back by `save`
        name = self.fields["name"]
        if self.instance.pk is None:
            name.label = self.add_label
        else:
            name.label = _("Name of “%(name)s”") % {"name": self.instance.name}
        name.widget.attrs.update({"autocomplete": "off"})
        name.error_messages["required"] = _("Write a name, like “Loud noise”.")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Write a name, like “Loud noise”."))
        wanted = same_name(name)
        own = list(self.model.objects.owned_by(self.owner).exclude(pk=self.instance.pk))
        for item in own:
            if same_name(item.name) != wanted:
                continue
            if item.is_active or self.instance.pk is not None:
                raise ValidationError(
                    _("“%(name)s” is already on your list.") % {"name": item.name}
                )
            self.restored = item  # one they removed: adding it again brings it back
        adding = self.instance.pk is None and self.restored is None
        offered = sum(item.is_active for item in own)
        if adding and offered >= MAX_OWN_ITEMS:
            raise ValidationError(
                _(
                    "You have %(count)d of your own, the most there can be. "
                    "Remove one you no longer use first."
                )
                % {"count": offered}
            )
        for item in self.model.objects.shipped().filter(is_active=True):
            if same_name(item.name) == wanted:
                raise ValidationError(
                    _("“%(name)s” is already on everyone's list: you can choose it now.")
                    % {"name": item.name}
                )
        return name

    def save(self, commit=True):
        if self.restored is not None:
            self.restored.name = self.cleaned_data["name"]
            self.restored.is_active = True
            self.restored.save(update_fields=["name", "is_active"])
            return self.restored
        return super().save(commit=commit)

    def save_or_explain(self):
        """Save; if the same name was saved a moment ago (from another device, a race
        clean_name could not see), say so beside the name instead."""
        try:
            with transaction.atomic():
                return self.save()
        except IntegrityError:
            self.add_error(
                "name",
                _("“%(name)s” is already on your list.") % {"name": self.cleaned_data["name"]},
            )
            return None


class OwnTriggerForm(OwnItemForm):
    kind = "trigger"
    heading = _("My triggers")
    add_label = _("Name of the new trigger")
    add_heading = _("Add a trigger")
    add_button = _("Add this trigger")
    none_yet = _("You have not added a trigger of your own yet.")

    class Meta:
        model = Trigger
        fields = ("name",)


class OwnTechniqueForm(OwnItemForm):
    kind = "technique"
    heading = _("My techniques")
    add_label = _("Name of the new technique")
    add_heading = _("Add a technique")
    add_button = _("Add this technique")
    none_yet = _("You have not added a technique of your own yet.")

    class Meta:
        model = Technique
        fields = ("name",)


# The form of each kind of own item, by the stable key the page posts.
OWN_KINDS = {form.kind: form for form in (OwnTriggerForm, OwnTechniqueForm)}


def is_named_by_entries(item) -> bool:
    """Whether any entry names this own item (only its owner's entries can)."""
    if isinstance(item, Trigger):
        return item.spasm_set.exists()
    return item.techniquesession_set.exists()


def remove_own_item(item) -> bool:
    """Remove an own item from what its owner is offered; True if entries keep it.

    Entries that name it keep naming it (it is hidden, nothing is lost); one no
    entry names is deleted."""
    with transaction.atomic():
        if is_named_by_entries(item):
            item.is_active = False
            item.save(update_fields=["is_active"])
            return True
        item.delete()
        return False
