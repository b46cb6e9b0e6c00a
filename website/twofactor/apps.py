from django.contrib.admin.apps import AdminConfig


class UnknotAdminConfig(AdminConfig):
    """Django's admin app, whose `admin.site` asks staff for their second factor."""

    default_site = "website.twofactor.site.UnknotAdminSite"
