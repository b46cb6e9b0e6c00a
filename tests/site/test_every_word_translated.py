"""No English word reaches a member who reads another language: every word a page shows
comes through the translation catalogue.

The pages are rendered in a pseudo-language, `en-xa`, whose catalogue wraps every
string of ours and of Django's in ⟦ ⟧ (it is built here from locale/ and Django's own
catalogues). Whatever is left outside the marks once the member's own words (notes,
medicine names, their username) are set aside is a word nobody can translate: a string
not marked for translation, or marked but missing from locale/ (run `make messages`).
Content in another language carries its own `lang` (the guide's English fallback, the
language names in the chooser) and is not a translator's job.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.db.models import Q

from diary.models import (
    CheckIn,
    Dose,
    Medication,
    Spasm,
    Technique,
    TechniqueSession,
    Trigger,
    User,
)  # fmt: skip
from tests.crawl import PUBLIC_PAGES, clinician_pages, crawl_diary, guide_pages, patient_pages

PSEUDO = "en-xa"
OPEN, CLOSE = "⟦", "⟧"
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "aria-roledescription")
SKIPPED_ELEMENTS = {"script", "style", "template"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# Words that are the same in every language.
EVERYWHERE = {"Unknot", "WPI", "SSS", "ACR", "FHIR", "CSV", "JSON", "PDF", "UTC"}


def pseudo(text):
    if text == "yes,no" or text == "yes,no,maybe":  # the yesno filter splits on commas
        return ",".join(f"{OPEN}{part}{CLOSE}" for part in text.split(","))
    return f"{OPEN}{text}{CLOSE}"


def source_catalogues():
    """Ours (locale/es has every msgid), and those of Django and the apps it runs."""
    ours = sorted(Path(settings.BASE_DIR, "locale", "es", "LC_MESSAGES").glob("*.po"))
    packages = Path(django.__file__).parent.parent
    theirs = [
        *packages.glob("django/conf/locale/en/LC_MESSAGES/*.po"),
        *packages.glob("django/contrib/*/locale/en/LC_MESSAGES/*.po"),
        *packages.glob("axes/locale/de/LC_MESSAGES/*.po"),
        *packages.glob("django_otp/locale/de/LC_MESSAGES/*.po"),
        *packages.glob("django_otp/plugins/*/locale/de/LC_MESSAGES/*.po"),
    ]
    return ours + theirs


@pytest.fixture(scope="session")
def pseudo_locale_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("pseudo-locale")
    target = root / "en_XA" / "LC_MESSAGES"
    target.mkdir(parents=True)
    for domain in ("django", "djangojs"):
        catalogue = polib.POFile()
        catalogue.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
        seen = set()
        for path in source_catalogues():
            if (path.stem == "djangojs") != (domain == "djangojs"):
                continue
            for entry in polib.pofile(str(path)):
                key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
                if entry.obsolete or not entry.msgid or key in seen:
                    continue
                seen.add(key)
                if entry.msgid_plural:
                    plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
                    catalogue.append(
                        polib.POEntry(
                            msgctxt=entry.msgctxt,
                            msgid=entry.msgid,
                            msgid_plural=entry.msgid_plural,
                            msgstr_plural=plural,
                        )
                    )
                else:
                    catalogue.append(
                        polib.POEntry(
                            msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=pseudo(entry.msgid)
                        )
                    )
        catalogue.save_as_mofile(str(target / f"{domain}.mo"))
    return root


@pytest.fixture
def in_pseudo_language(settings, pseudo_locale_dir):
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, pseudo("Pseudo"))]
    settings.LOCALE_PATHS = [pseudo_locale_dir, *settings.LOCALE_PATHS]
    settings.LANGUAGE_CODE = "en"
    return PSEUDO


class UnmarkedText(HTMLParser):
    """The text and the readable attributes of a page, less what is in another language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, skipped)
        self.text = []
        self.attributes = []
        self.title = ""

    @property
    def skipping(self):
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (
            tag in SKIPPED_ELEMENTS
            or ("lang" in attrs and attrs["lang"] != PSEUDO and tag != "html")
            # Places of time zones are named by Babel's CLDR data, in the reader's
            # language where it has one (tests/accounts/test_time_zone_choices.py).
            or (tag == "select" and attrs.get("name") == "time_zone")
        )
        if not self.skipping and not skipped:
            for name in ATTRIBUTES:
                if attrs.get(name):
                    self.attributes.append(attrs[name])
            if tag == "meta" and attrs.get("name") == "description":
                self.attributes.append(attrs.get("content") or "")
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
                self.attributes.append(attrs.get("value") or "")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.skipping:
            self.text.append(data)
        if self.stack and self.stack[-1][0] == "title":
            self.title += data


def leftover_words(text, own_words):
    """The words of `text` outside every ⟦ ⟧, once the member's own words are removed."""
    for word in own_words:
        text = text.replace(word, " ")
    previous = None
    while previous != text:
        previous = text
        text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    words = re.findall(r"[^\W\d_]{2,}", text)
    return [word for word in words if word not in EVERYWHERE]


def untranslated(html, own_words):
    parser = UnmarkedText()
    parser.feed(html)
    found = []
    text = "".join(parser.text)
    if 'class="learn-fallback' in html:
        # A guide page shown in English (and saying so) has its English title.
        text = text.replace(parser.title, " ", 1)
    if leftover_words(text, own_words):
        # Report each piece of text with its neighbourhood, to be found in a template.
        for piece in re.split(r"\n\s*\n", text):
            words = leftover_words(piece, own_words)
            if words:
                found.append(f"{' '.join(words)}   in: {' '.join(piece.split())[:120]}")
    for value in parser.attributes:
        if leftover_words(value, own_words):
            found.append(f"[attribute] {value[:160]}")
    return found


def own_words(*users):
    """Everything the members typed themselves, which no catalogue translates."""
    words = set()
    for user in users:
        words |= {user.username, user.get_full_name(), user.shown_name, user.email}
    owners = Q(owner__in=users)
    for field in ("name", "usual_unit", "reminder_label"):
        words |= set(Medication.objects.filter(owners).values_list(field, flat=True))
    words |= set(Dose.objects.filter(owners).values_list("unit", flat=True))
    words |= set(Trigger.objects.filter(owners).values_list("name", flat=True))
    words |= set(Technique.objects.filter(owners).values_list("name", flat=True))
    for model in (Spasm, Dose, TechniqueSession, CheckIn):
        words |= set(model.objects.filter(owners).values_list("note", flat=True))
    words |= {settings.SITE_NAME}
    # Longest first, so a short name inside a longer note does not split it.
    return sorted((word for word in words if word and len(word) >= 2), key=len, reverse=True)


def walk(client, urls, own):
    problems = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), f"{url} answered {response.status_code}"
        html = response.content.decode()
        assert f'<html lang="{PSEUDO}"' in html, f"{url} does not say its language"
        found = untranslated(html, own)
        if found:
            problems[url] = found
    return problems


def report(problems):
    return "\n".join(
        f"{url}:\n" + "\n".join(f"    {line}" for line in lines) for url, lines in problems.items()
    )


def test_the_checker_finds_a_word_outside_the_marks():
    html = '<html lang="en-xa"><body><p>⟦Saved.⟧ Stretch</p><p lang="en">Fine</p></body></html>'

    assert untranslated(html, own_words_none()) == ["Stretch   in: ⟦Saved.⟧ Stretch"]


def test_the_checker_accepts_marked_words_and_the_members_own():
    html = '<html lang="en-xa"><p title="⟦Open⟧">⟦Spasm in ⟦Neck⟧⟧ · Ibuprofen</p></html>'

    assert untranslated(html, ["Ibuprofen"]) == []


def own_words_none():
    return []


@pytest.mark.django_db
def test_every_public_page_is_all_translated(client, in_pseudo_language, shipped_pages):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = PSEUDO

    problems = walk(client, PUBLIC_PAGES + guide_pages()[:3], own_words())

    assert not problems, "Words outside the catalogue:\n" + report(problems)


@pytest.mark.django_db
def test_every_patient_page_is_all_translated(client, in_pseudo_language, patient, clinician):
    crawl_diary(patient, clinician)
    User.objects.filter(pk=patient.pk).update(language=PSEUDO)
    client.force_login(patient)

    problems = walk(client, patient_pages(patient), own_words(patient, clinician))

    assert not problems, "Words outside the catalogue:\n" + report(problems)


@pytest.mark.django_db
def test_every_clinician_page_is_all_translated(
    client, in_pseudo_language, patient, clinician, otp_verified
):
    crawl_diary(patient, clinician)
    User.objects.filter(pk=clinician.pk).update(language=PSEUDO)
    otp_verified(client, clinician)

    problems = walk(client, clinician_pages(patient), own_words(patient, clinician))

    assert not problems, "Words outside the catalogue:\n" + report(problems)
