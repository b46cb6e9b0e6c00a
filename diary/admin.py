from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from diary.models import Invitation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Diary"), {"fields": ("time_zone",)}))


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("code", "note", "created_at", "expires_at", "used_by", "used_at")
    list_filter = (("used_by", admin.EmptyFieldListFilter),)
    search_fields = ("code", "note", "used_by__username")
    readonly_fields = ("created_at", "used_by", "used_at")
    fields = ("code", "note", "expires_at", "created_at", "used_by", "used_at")
