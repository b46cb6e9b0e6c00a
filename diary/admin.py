from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from diary.care import (
    clinician_admin,  # noqa: F401  (registers the clinician's admin)
    sharing,
)
from diary.care.clinician_admin import NotForClinicians
from diary.models import BodyArea, Invitation, MedicationClass, Technique, Trigger, User
from diary.models.catalogues import OWN_SLUG_PREFIX


@admin.register(User)
class UserAdmin(NotForClinicians, DjangoUserAdmin):
    # The date of birth is left out: it is for the clinicians a member shares with.
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Diary"), {"fields": ("time_zone", "shown_name")}),
        (_("As a clinician"), {"fields": ("listed_for_patients", "practice")}),
    )
    actions = ["make_clinicians"]

    @admin.action(description=_("Make the selected users clinicians"), permissions=["change"])
    def make_clinicians(self, request, queryset):
        """Staff, in the Clinicians group: they can read diaries shared with them."""
        group = Group.objects.get(name=sharing.CLINICIANS_GROUP)
        users = list(queryset)
        for user in users:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(group)
        message = ngettext(
            "%(count)d user is now a clinician.", "%(count)d users are now clinicians.", len(users)
        )
        self.message_user(request, message % {"count": len(users)})


@admin.register(Invitation)
class InvitationAdmin(NotForClinicians, admin.ModelAdmin):
    list_display = ("code", "note", "created_at", "expires_at", "used_by", "used_at")
    list_filter = (("used_by", admin.EmptyFieldListFilter),)
    search_fields = ("code", "note", "used_by__username")
    readonly_fields = ("created_at", "used_by", "used_at")
    fields = ("code", "note", "expires_at", "created_at", "used_by", "used_at")


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(NotForClinicians, DjangoGroupAdmin):
    pass


class CatalogueAdmin(NotForClinicians, admin.ModelAdmin):
    """The host edits what patients pick from; slugs stay stable because code and
    exports refer to them, so they are set once when an item is added."""

    list_display = ("name", "slug", "learn_slug", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj is not None else ()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields


@admin.register(BodyArea)
class BodyAreaAdmin(CatalogueAdmin):
    list_display = (*CatalogueAdmin.list_display, "region", "is_acr_area")
    list_filter = ("is_active", "region", "is_acr_area")


class ShippedItemForm(forms.ModelForm):
    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug.startswith(OWN_SLUG_PREFIX):
            raise ValidationError(_("Slugs starting with “own-” are kept for members' own items."))
        return slug


class ShippedCatalogueAdmin(CatalogueAdmin):
    """Triggers and techniques: the host sees and edits the shipped items only. A
    patient's own items are diary content, theirs alone, never listed here."""

    form = ShippedItemForm

    def get_queryset(self, request):
        return super().get_queryset(request).shipped()


admin.site.register(Trigger, ShippedCatalogueAdmin)
admin.site.register(Technique, ShippedCatalogueAdmin)
admin.site.register(MedicationClass, CatalogueAdmin)
