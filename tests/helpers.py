"""Plain helpers the tests import: reading rendered HTML, writing guide files, uploads.

Fixtures live in conftest.py files; anything a test imports by name lives here (or
beside the builders in tests/conftest.py), so no test imports from a conftest.
"""

import json
import os
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A secret key production settings accept, for checks that run them.
REAL_KEY = "k" * 20 + "-real-production-secret-key-for-tests-only-0123456789"


def manage(*args, **env):
    """Run manage.py in a new process on the production settings (config.settings), with
    this environment less its secret key, async switch and Redis, plus `env`."""
    unwanted = {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    environment = {key: value for key, value in os.environ.items() if key not in unwanted}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def text_between_tags(html, tag):
    """The text inside every <tag>…</tag>, tags inside it removed."""
    return [
        re.sub(r"<[^>]+>", "", inner).strip()
        for inner in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)
    ]


class _CheckedInputs(HTMLParser):
    def __init__(self, name):
        super().__init__()
        self.name = name
        self.values = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == self.name and "checked" in attrs:
            self.values.add(attrs.get("value"))


def checked_values(html, name):
    """The values of the checkboxes or radio buttons called `name` that are checked."""
    parser = _CheckedInputs(name)
    parser.feed(html)
    return parser.values


def write_page(directory, slug, *, title="A page", order=10, body="Plain words.", **extra):
    """Write one shipped-style Markdown file into directory."""
    key_points = extra.get("key_points", "One point.\nAnother point.")
    headers = [
        f"Title: {title}",
        f"Summary: {extra.get('summary', 'What this page is about.')}",
        f"Section: {extra.get('section', 'Start here')}",
        f"Order: {order}",
        "Key-points: " + "\n    ".join(key_points.splitlines()),
        "Sources: "
        + "\n    ".join(extra.get("sources", "A health service — NHS, 2025").splitlines()),
        f"Reviewed: {extra.get('reviewed', '2026-12-01')}",
    ]
    if "evidence" in extra:
        headers.append(f"Evidence: {extra['evidence']}")
    text = "\n".join(headers) + "\n\n" + textwrap.dedent(body).strip() + "\n"
    (directory / f"{slug}.md").write_text(text, encoding="utf-8")


def downloaded(response) -> bytes:
    """The whole body of a download, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def upload(document, name="diary.json"):
    """A diary file to post to the import form: a dict becomes JSON, bytes go as they are."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")
