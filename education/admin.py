from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from education.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "order", "is_published", "is_shipped", "updated_at"]
    list_filter = ["section", "is_published", "is_shipped"]
    search_fields = ["title", "summary", "key_points", "body"]
    ordering = ["order", "title"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "section", "order", "is_published"]}),
        (_("Content"), {"fields": ["key_points", "evidence", "body"]}),
        (_("Sources and review"), {"fields": ["sources", "reviewed_on"]}),
        (_("Source"), {"fields": ["is_shipped", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["is_shipped", "updated_at"]
        if obj is not None and obj.is_shipped:
            # Updates and the diary's catalogues find a shipped page by its slug.
            readonly.append("slug")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.is_shipped:
            return {}
        return {"slug": ["title"]}
