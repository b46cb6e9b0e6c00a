"""The catalogues a patient picks from: body areas, triggers, techniques and
medication classes. Shipped as data (migration 0003), editable by the host in
the admin, each linked by slug to the guide page that explains it.

Triggers and techniques may also be a patient's own (`owner` set): diary
content, offered to its owner only, hidden from the host's admin, exported and
imported with the diary. An own item's slug is `own-` and a random part, so it
can never take a shipped item's slug nor another patient's."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diary.shipped_names import shown_name_of
from diary.validators import storable_text


class CatalogueItem(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=80, validators=[storable_text])
    learn_slug = models.SlugField(
        _("guide page"),
        max_length=100,
        blank=True,
        help_text=_("The slug of the guide page that explains this, e.g. stretching."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Untick to stop offering it in forms.")
    )

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The name a person reads: a shipped item's name in the active language
        while the host has not renamed it, else the name as typed (always for a
        patient's own item). Exports keep `name`."""
        if "owner_id" in self.__dict__ and self.owner_id is not None:
            return self.name
        return shown_name_of(self._meta.model_name, self.slug, self.name)

    def learn_url(self):
        return reverse("education:page", args=[self.learn_slug]) if self.learn_slug else ""


class BodyArea(CatalogueItem):
    class Region(models.TextChoices):
        LEFT_UPPER = "left-upper", _("Left upper body")
        RIGHT_UPPER = "right-upper", _("Right upper body")
        LEFT_LOWER = "left-lower", _("Left lower body")
        RIGHT_LOWER = "right-lower", _("Right lower body")
        AXIAL = "axial", _("Neck and trunk")
        HANDS_FEET = "hands-feet", _("Hands and feet")

    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    is_acr_area = models.BooleanField(
        _("one of the 19 ACR areas"),
        default=False,
        help_text=_("Counted in the clinician's 'areas out of 19' (ACR 2016 pain index)."),
    )

    class Meta(CatalogueItem.Meta):
        verbose_name = _("body area")
        verbose_name_plural = _("body areas")


OWN_SLUG_PREFIX = "own-"


def new_own_slug() -> str:
    """A slug for a patient's own item: `own-` and 16 random letters and digits."""
    return OWN_SLUG_PREFIX + secrets.token_hex(8)


def same_name(name: str) -> str:
    """A name as compared for repeats: spaces squeezed, case ignored."""
    return " ".join(name.split()).casefold()


class OwnableQuerySet(models.QuerySet):
    def shipped(self):
        """The host's items, offered to everyone: no patient's own."""
        return self.filter(owner__isnull=True)

    def owned_by(self, user):
        """One patient's own items (offered or not), nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def offered_to(self, user):
        """What a patient may choose: the shipped items still offered, and their own."""
        shipped = models.Q(owner__isnull=True)
        if not user.is_authenticated:
            return self.filter(shipped, is_active=True)
        return self.filter(shipped | models.Q(owner=user), is_active=True)

    def known_to(self, user):
        """Every item a patient's entries may name: all shipped ones, and their own."""
        if not user.is_authenticated:
            return self.shipped()
        return self.filter(models.Q(owner__isnull=True) | models.Q(owner=user))


class OwnableCatalogueItem(CatalogueItem):
    """A catalogue item the host ships, or one a patient made for themselves."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("patient"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="own_%(class)ss",
        help_text=_("Empty for the items the host offers to everyone."),
    )

    objects = OwnableQuerySet.as_manager()

    class Meta(CatalogueItem.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        if self.owner_id is not None and not self.slug:
            self.slug = new_own_slug()
        super().save(*args, **kwargs)

    @property
    def is_own(self) -> bool:
        return self.owner_id is not None


def _one_name_each(model_name):
    return models.UniqueConstraint(
        Lower("name"),
        "owner",
        name=f"{model_name}_own_name_once",
        condition=models.Q(owner__isnull=False),
    )


class Trigger(OwnableCatalogueItem):
    class Meta(OwnableCatalogueItem.Meta):
        verbose_name = _("trigger")
        verbose_name_plural = _("triggers")
        constraints = [_one_name_each("trigger")]


class Technique(OwnableCatalogueItem):
    class Meta(OwnableCatalogueItem.Meta):
        verbose_name = _("technique")
        verbose_name_plural = _("techniques")
        constraints = [_one_name_each("technique")]


class MedicationClass(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("medication class")
        verbose_name_plural = _("medication classes")
