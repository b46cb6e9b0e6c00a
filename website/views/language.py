"""The language chooser in every page's footer: a plain form, no JavaScript needed."""

from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from website import languages


@require_POST
def choose_language(request):
    """Switch the site's language and go back to the page the member was on. A signed-in
    member's choice is kept on their profile too, so it follows them to every device
    and their emails are written in it."""
    chosen = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and chosen in dict(languages.choices()) and user.language != chosen:
        user.language = chosen
        user.save(update_fields=["language"])
    # Django's view checks the language, keeps it in a cookie and redirects only to
    # an address on this site.
    return set_language(request)
