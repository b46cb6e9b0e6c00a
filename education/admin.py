from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from education.models import Page
from website import languages


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = [
        "title", "language", "section", "order", "is_published", "is_shipped", "updated_at",
    ]  # fmt: skip
    list_filter = ["language", "section", "is_published", "is_shipped"]
    search_fields = ["title", "summary", "key_points", "body"]
    ordering = ["order", "title"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "summary", "section", "order"]}),
        (None, {"fields": ["is_published"]}),
        (_("Content"), {"fields": ["key_points", "evidence", "body"]}),
        (_("Sources and review"), {"fields": ["sources", "reviewed_on"]}),
        (_("Source"), {"fields": ["is_shipped", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["is_shipped", "updated_at"]
        if obj is not None and obj.is_shipped:
            # Updates and the diary's catalogues find a shipped page by its slug.
            readonly.extend(["slug", "language"])
        return readonly

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "language":
            # This server's languages, as a list (the model stores only the code).
            return forms.ChoiceField(
                label=db_field.verbose_name,
                choices=languages.choices(),
                initial=settings.LANGUAGE_CODE,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.is_shipped:
            return {}
        return {"slug": ["title"]}
