"""The translation catalogues in locale/: complete, faithful to their placeholders, and
shipped compiled (.mo) exactly as their .po says, so what a reader sees is what the
translators wrote. `make messages` re-extracts and compiles them."""

import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
CATALOGUE_IDS = [f"{path.parts[-3]}-{path.stem}" for path in CATALOGUES]

# Python's %(name)s and %s (with a conversion like d or .1f), and str.format's {name}.
PLACEHOLDER = re.compile(
    r"%\([\w]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{[\w.]*\}"
)


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def entries(catalogue):
    """{(context, msgid, plural msgid): translation, or the tuple of plural forms} for
    every translated entry of a polib catalogue (.po or .mo), the header left out."""
    found = {}
    for entry in catalogue:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
            if all(forms):
                found[key] = forms
        elif entry.msgstr:
            found[key] = entry.msgstr
    return found


def test_every_language_but_english_has_both_catalogues():
    shipped = {(path.parts[-3], path.name) for path in CATALOGUES}

    for language in TRANSLATED_LANGUAGES:
        assert (language, "django.po") in shipped
        assert (language, "djangojs.po") in shipped


@pytest.mark.parametrize("path", CATALOGUES, ids=CATALOGUE_IDS)
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))

    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=CATALOGUE_IDS)
def test_every_translation_keeps_the_placeholders_of_its_english(path):
    wrong = []
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            for n, form in entry.msgstr_plural.items():
                # The singular form may drop the count ("one entry"), never add one.
                allowed = {
                    tuple(placeholders(entry.msgid_plural)),
                    tuple(placeholders(entry.msgid)),
                }
                if tuple(placeholders(form)) not in allowed:
                    wrong.append((entry.msgid, n, form))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))

    assert wrong == []


@pytest.mark.parametrize("path", CATALOGUES, ids=CATALOGUE_IDS)
def test_the_shipped_mo_file_says_what_its_po_file_says(path):
    compiled = path.with_suffix(".mo")

    assert compiled.exists(), f"{compiled.name} is missing: run make messages"
    assert entries(polib.mofile(str(compiled))) == entries(polib.pofile(str(path)))


def javascript_catalogue(client, language):
    """The {msgid: translation} the page's scripts get from /jsi18n/."""
    script = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE=language)
    found = re.search(r"const newcatalog = (\{.*?\});\n", script.content.decode(), re.S)
    return json.loads(found.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_scripts_get_the_kept_entries_words_in_the_readers_language(client, language):
    catalogue = javascript_catalogue(client, language)
    wanted = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "djangojs.po"))

    missing = [entry.msgid for entry in wanted if entry.msgid and not catalogue.get(entry.msgid)]
    assert missing == []
    assert catalogue["See them"] != "See them"
    assert len(catalogue["%(count)s entry waiting to send."]) >= 2
