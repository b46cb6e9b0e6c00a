"""The guide's pages. Most are shipped in education/content/ as Markdown and loaded
by `manage.py load_education`; a host can edit those and add the group's own."""

import math
import re

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from education import help_numbers

# Adults read about 228 words a minute aloud-free in English, 218 in Spanish and 179 in
# German (Trauzettel-Klosinski et al., IReST, 2012); our readers may be tired, so slower.
WORDS_PER_MINUTE = {"en": 200, "es": 190, "de": 160}

# Only what the guide's Markdown produces. Anything else a page's body contains
# (scripts, styles, event handlers, inline HTML a host pasted) is removed.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li",
    "strong", "em", "a", "blockquote", "code",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
# Headings keep their ids ("## Call now {#emergency}") so the diary can link a tier.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h2": {"id"}, "h3": {"id"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
MARKDOWN_EXTENSIONS = ["sane_lists", "tables", "attr_list"]

# The language the shipped guide is written in first; education/content/<code>/ holds
# its translations, page for page, under the same addresses.
GUIDE_LANGUAGE = "en"

# Addresses under /learn/ that are not pages, so no page may take their slug.
RESERVED_SLUGS = {"search"}


def validate_language(code):
    if code not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("“%(code)s” is not a language of this server. Use one of: %(codes)s."),
            params={"code": code, "codes": ", ".join(dict(settings.LANGUAGES))},
        )


def validate_not_reserved(slug):
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the guide itself. Choose another address."),
            params={"slug": slug},
        )


def render_markdown(text):
    """Markdown to HTML that is safe to show as is: rendered by Python-Markdown,
    then cleaned by nh3 down to the few tags a guide page needs. The host's
    numbers go in last, escaped, so nothing a page says can alter them."""
    html = markdown.markdown(
        help_numbers.protect(text), extensions=MARKDOWN_EXTENSIONS, output_format="html"
    )
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,  # no target= is allowed, so links need no rel="noopener"
    )
    return help_numbers.fill_html(html)


def count_words(text):
    # Link targets are not read, so they are not counted.
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[\w’'-]+", text))


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search(self, query):
        """Pages whose title, summary, key points or body contain the query."""
        return self.filter(
            models.Q(title__icontains=query)
            | models.Q(summary__icontains=query)
            | models.Q(key_points__icontains=query)
            | models.Q(body__icontains=query)
        )

    def read_in(self, language, with_bodies=False):
        """The guide as a reader of `language` sees it: each address once, in order, in
        their language where the page is translated, else in English (the language
        every shipped page is written in first), else in the host's language (a page
        of the group's own). One query; the bodies (for reading times) only when asked."""
        rank = {}
        for code in (language, GUIDE_LANGUAGE, settings.LANGUAGE_CODE):
            rank.setdefault(code, len(rank))
        chosen = {}
        pages = self.published().filter(language__in=rank).defer("sources", "evidence")
        if not with_bodies:
            pages = pages.defer("body", "key_points")
        for page in pages:
            best = chosen.get(page.slug)
            if best is None or rank[page.language] < rank[best.language]:
                chosen[page.slug] = page
        return sorted(chosen.values(), key=lambda page: (page.order, page.title))


def by_section(pages):
    """[(section, [pages])], sections in the order of their first page."""
    sections = {}
    for page in pages:
        sections.setdefault(page.section, []).append(page)
    return list(sections.items())


def neighbours(pages, page):
    """(the page before, the page after) this one in a reader's guide, or None."""
    slugs = [other.slug for other in pages]
    if page.slug not in slugs:
        return None, None
    at = slugs.index(page.slug)
    return (pages[at - 1] if at > 0 else None), (pages[at + 1] if at + 1 < len(pages) else None)


class Page(models.Model):
    slug = models.SlugField(
        _("address"),
        max_length=100,
        validators=[validate_not_reserved],
        help_text=_(
            "The page's address: /learn/<address>/. Diary items link to it. A translation "
            "of a page has the same address."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        default=GUIDE_LANGUAGE,
        validators=[validate_language],
        help_text=_(
            "A language code of this server, like en, es or de. Readers of another language "
            "see the page in English when it has no translation."
        ),
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the list of pages.")
    )
    section = models.CharField(
        _("section"), max_length=80, help_text=_("Pages with the same section are listed together.")
    )
    order = models.IntegerField(
        _("order"), default=1000, help_text=_("Lower numbers come first in the guide.")
    )
    key_points = models.TextField(
        _("key points"), help_text=_("Short sentences, one per line, shown in a box at the top.")
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown: ## for headings, - for lists. Write {{EMERGENCY_NUMBER}} and "
            "{{CRISIS_LINE}} where a number to call belongs: they show this server's numbers."
        ),
    )
    evidence = models.CharField(
        _("how sure are we?"),
        max_length=300,
        blank=True,
        help_text=_(
            "For a technique: one line on how strong the evidence is and what studies measured."
        ),
    )
    sources = models.TextField(
        _("sources"),
        max_length=3000,
        help_text=_("Where the facts come from: one per line, the title and who published it."),
    )
    reviewed_on = models.DateField(
        _("reviewed"),
        null=True,  # pages written before review dates existed have none yet
        help_text=_("When the page was last checked against its sources."),
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Untick to hide the page from everyone.")
    )
    is_shipped = models.BooleanField(
        _("shipped with Unknot"),
        default=False,
        editable=False,
        help_text=_("Came from education/content/. Your own pages are never changed by updates."),
    )
    shipped_checksum = models.CharField(
        _("checksum of the shipped version last loaded"),
        max_length=64,
        blank=True,
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="one_page_per_language")
        ]
        verbose_name = _("guide page")
        verbose_name_plural = _("guide pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:page", args=[self.slug])

    def rendered_body(self):
        """The body as sanitised HTML, safe to mark safe in a template."""
        return render_markdown(self.body)

    def summary_text(self):
        return help_numbers.fill_text(self.summary)

    def key_point_list(self):
        points = [line.strip() for line in self.key_points.splitlines() if line.strip()]
        return [help_numbers.fill_text(point) for point in points]

    def source_list(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    def reading_minutes(self):
        words = count_words(self.body) + count_words(self.key_points)
        return max(1, math.ceil(words / WORDS_PER_MINUTE.get(self.language, 200)))
