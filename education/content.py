"""The guide's shipped content: Markdown files in education/content/, one per page,
loaded into the database by `manage.py load_education`. Translations are in
education/content/<language code>/, page for page under the same file names.

Each file starts with Python-Markdown `meta` headers (Title, Summary, Section, Order,
Key-points, Evidence, Sources, Reviewed; one per line, continued by indented lines),
then a blank line and the Markdown body. The file name, without `.md`, is the page's
slug. Sources (one per line) and Reviewed (a date, YYYY-MM-DD) belong on every page;
a test holds the shipped pages to it.

Loading never overwrites a host's work: a shipped page is updated only when its
fields still match the shipped version last loaded (a checksum kept on the page),
and a host's own pages are never touched. A shipped page whose file is gone is
hidden and handed to the host.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from django.conf import settings
from django.db import models, transaction

from education.models import GUIDE_LANGUAGE, Page

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# The fields a shipped file sets, and that a host's edit can change.
CONTENT_FIELDS = (
    "title", "summary", "section", "order", "key_points", "evidence", "body",
    "sources", "reviewed_on", "is_published",
)  # fmt: skip


class ContentError(ValueError):
    """A shipped Markdown file is missing a header or has a bad one."""


@dataclass
class LoadResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # a newer version was not applied: the host edited
    unchanged: list = field(default_factory=list)
    hidden: list = field(default_factory=list)  # its file was removed from Unknot

    def counts(self):
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "kept": len(self.kept),
            "unchanged": len(self.unchanged),
            "hidden": len(self.hidden),
        }


def _normalise(text):
    # A browser sends a textarea back with \r\n: saving a page in the admin
    # without changing it must not count as an edit.
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _canonical(name, value):
    if name in ("order", "is_published"):
        return value
    if name == "reviewed_on":
        return value.isoformat() if value else ""
    return _normalise(value)


def checksum(fields):
    """A fingerprint of a page's content fields, blind to line endings and
    trailing spaces."""
    canonical = {name: _canonical(name, fields[name]) for name in CONTENT_FIELDS}
    data = json.dumps(canonical, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def page_checksum(page):
    return checksum({name: getattr(page, name) for name in CONTENT_FIELDS})


def parse_page(text, slug):
    """One Markdown file's text to the fields of its page (slug included)."""
    md = markdown.Markdown(extensions=["meta"])
    body_lines = md.preprocessors["meta"].run(text.splitlines())
    meta = md.Meta

    def header(name):
        values = meta.get(name.lower())
        if not values or not "".join(values).strip():
            raise ContentError(f"{slug}.md has no {name}: header")
        return values

    def lines(name):
        return [line.strip() for line in meta.get(name.lower(), []) if line.strip()]

    title = " ".join(header("Title")).strip()
    summary = " ".join(header("Summary")).strip()
    section = " ".join(header("Section")).strip()
    order = header("Order")[0].strip()
    if not order.lstrip("-").isdigit():
        raise ContentError(f"{slug}.md: Order must be a whole number, not {order!r}")
    key_points = "\n".join(line.strip() for line in header("Key-points") if line.strip())
    body = "\n".join(body_lines).strip()
    if not body:
        raise ContentError(f"{slug}.md has no text after its headers")
    reviewed = " ".join(lines("Reviewed"))
    try:
        reviewed_on = datetime.date.fromisoformat(reviewed) if reviewed else None
    except ValueError as error:
        message = f"{slug}.md: Reviewed must be a date like 2026-12-01, not {reviewed!r}"
        raise ContentError(message) from error
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "section": section,
        "order": int(order),
        "key_points": key_points,
        "evidence": " ".join(lines("Evidence")),
        "body": body + "\n",
        "sources": "\n".join(lines("Sources")),
        "reviewed_on": reviewed_on,
        "is_published": True,
    }


def parse_page_file(path):
    path = Path(path)
    return parse_page(path.read_text(encoding="utf-8"), slug=path.stem)


def read_shipped_pages(directory=CONTENT_DIR, language=GUIDE_LANGUAGE):
    """Every page in the directory, in file-name order, as pages in `language`."""
    return [
        {**parse_page_file(path), "language": language}
        for path in sorted(Path(directory).glob("*.md"))
    ]


def read_shipped_guide(directory=CONTENT_DIR):
    """The English pages (the directory itself) and each translation of this server's
    languages (its subdirectory named by the language code: es/, de/)."""
    pages = read_shipped_pages(directory)
    for code, _name in settings.LANGUAGES:
        if code != GUIDE_LANGUAGE and (Path(directory) / code).is_dir():
            pages.extend(read_shipped_pages(Path(directory) / code, language=code))
    return pages


@transaction.atomic
def load_shipped_pages(directory=CONTENT_DIR):
    """Create missing shipped pages and bring unedited ones up to date.

    A shipped page the host edited since it was last loaded is kept as the host
    left it; so is any page of the host's own that uses a shipped slug. A shipped
    page whose file is no longer shipped is hidden and becomes the host's: it is
    never deleted, and if the host publishes it again it stays.
    """
    shipped = read_shipped_guide(directory)
    shipped_keys = {(fields["slug"], fields["language"]) for fields in shipped}
    # One query for the pages of these files and the shipped pages whose file is gone.
    existing = {
        (page.slug, page.language): page
        for page in Page.objects.filter(
            models.Q(slug__in={slug for slug, _language in shipped_keys})
            | models.Q(is_shipped=True)
        )
    }
    result = LoadResult()
    new_pages = []
    for fields in shipped:
        key = (fields["slug"], fields["language"])
        slug = name_of(key)
        new_checksum = checksum(fields)
        page = existing.get(key)
        if page is None:
            new_pages.append(Page(**fields, is_shipped=True, shipped_checksum=new_checksum))
            result.created.append(slug)
            continue
        current_checksum = page_checksum(page)
        if current_checksum == new_checksum:
            if page.is_shipped and page.shipped_checksum != new_checksum:
                # The host's edit matches the new version exactly: nothing is lost.
                page.shipped_checksum = new_checksum
                page.save(update_fields=["shipped_checksum"])
            result.unchanged.append(slug)
        elif not page.is_shipped:
            result.kept.append(slug)
        elif current_checksum == page.shipped_checksum:
            for name, value in fields.items():
                setattr(page, name, value)
            page.shipped_checksum = new_checksum
            page.save()
            result.updated.append(slug)
        elif new_checksum == page.shipped_checksum:
            result.unchanged.append(slug)  # the host's edit; nothing newer was shipped
        else:
            result.kept.append(slug)
    Page.objects.bulk_create(new_pages)
    gone = [key for key in existing if key not in shipped_keys and existing[key].is_shipped]
    result.hidden = sorted(name_of(key) for key in gone)
    if gone:
        Page.objects.filter(pk__in=[existing[key].pk for key in gone]).update(
            is_published=False, is_shipped=False, shipped_checksum=""
        )
    return result


def name_of(key):
    """How a load names a page: its slug, and its language unless English ("sleep (es)")."""
    slug, language = key
    return slug if language == GUIDE_LANGUAGE else f"{slug} ({language})"
