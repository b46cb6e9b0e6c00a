"""The catalogues a patient picks from: body areas, triggers, techniques and
medication classes. Shipped as data (migration 0003), editable by the host in
the admin, each linked by slug to the guide page that explains it."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
        return self.name

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


class Trigger(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("trigger")
        verbose_name_plural = _("triggers")


class Technique(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("technique")
        verbose_name_plural = _("techniques")


class MedicationClass(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("medication class")
        verbose_name_plural = _("medication classes")
