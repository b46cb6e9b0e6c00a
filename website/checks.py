"""Start-up checks of what a host configures: every language of settings.LANGUAGES can
write Unknot's dates (config/formats/<language>/formats.py)."""

from django.conf import settings
from django.core import checks
from django.utils.formats import get_format_modules

from config.formats import UNKNOT_FORMATS


@checks.register()
def every_language_writes_our_dates(app_configs, **kwargs):
    problems = []
    for code, _name in settings.LANGUAGES:
        modules = get_format_modules(code)
        missing = [
            name for name in UNKNOT_FORMATS if not any(hasattr(module, name) for module in modules)
        ]
        if missing:
            problems.append(
                checks.Error(
                    f"The language {code!r} has no {', '.join(missing)}.",
                    hint=f"Add config/formats/{code}/formats.py (copy config/formats/en).",
                    id="unknot.E001",
                )
            )
    return problems
