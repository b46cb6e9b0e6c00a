from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The site-wide pieces: home, the installable app, limits, sessions, the admin site.

    It has no models, so it adds no tables and needs no migrations.
    """

    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from website import checks  # noqa: F401  (registers the start-up checks)
