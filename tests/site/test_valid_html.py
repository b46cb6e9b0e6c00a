"""Every page is valid HTML: the Nu HTML Checker (npm `vnu-jar`, run with Java) finds no
error on any page of the crawl (tests/crawl.py), in English and in Spanish.

The pages are rendered with the test client, written to a folder and checked in one run
of the checker. Outside CI the test is skipped when Java or the checker is missing
(`npm ci` installs it from package-lock.json); in CI (CI set, as `.ci/run` does) it
fails instead, so the CI run proves it."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.crawl import render_every_page

VNU_JAR = Path(settings.BASE_DIR, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")


def checker():
    """The command that runs the checker, or why it cannot run here."""
    java = shutil.which("java")
    if java is None:
        return None, "Java is missing (Debian: apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return None, f"the Nu HTML Checker is missing ({VNU_JAR}): run `npm ci`"
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"], ""


def file_name(name):
    """A file name for a page's name: its language and its address, in safe characters."""
    return re.sub(r"[^A-Za-z0-9=&.-]+", "_", name).strip("_") + ".html"


def errors_in(folder):
    """Every error the checker finds in the .html files of `folder`: (file, line, message,
    extract)."""
    command, reason = checker()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the Nu HTML Checker, but {reason}")
        pytest.skip(reason)
    run = subprocess.run([*command, str(folder)], capture_output=True, text=True, timeout=600)
    # The checker writes its report to standard error, as JSON (after any line of Java's).
    output = run.stderr or run.stdout
    assert "{" in output, f"the checker did not report (exit {run.returncode}):\n{output}"
    report = json.loads(output[output.index("{") :])
    return [
        (
            Path(message.get("url", "")).name,
            message.get("lastLine", "?"),
            message["message"],
            " ".join(message.get("extract", "").split())[:200],
        )
        for message in report["messages"]
        if message["type"] == "error"
        or (message["type"] == "non-document-error")
        or message.get("subType") == "fatal"
    ]


def describe(errors):
    return "\n".join(
        f"{name}:{line}: {message}\n    {extract}" for name, line, message, extract in errors
    )


def write_pages(folder, pages):
    for name, html in pages.items():
        (folder / file_name(name)).write_text(html, encoding="utf-8")


def test_the_checker_finds_an_error(tmp_path):
    write_pages(
        tmp_path,
        {"en /broken/": '<!doctype html><html lang="en"><title>x</title><body hx-boost="true">'},
    )

    errors = errors_in(tmp_path)

    assert [(name, message) for name, _line, message, _extract in errors] == [
        ("en_broken.html", "Attribute “hx-boost” not allowed on element “body” at this point.")
    ]


@pytest.mark.django_db
def test_every_page_of_the_crawl_is_valid_html(tmp_path, patient, clinician, otp_verified):
    command, reason = checker()
    if command is None and not os.environ.get("CI"):
        pytest.skip(reason)
    pages = render_every_page(patient, clinician, otp_verified)
    write_pages(tmp_path, pages)

    errors = errors_in(tmp_path)

    assert len(pages) > 50
    assert not errors, f"{len(errors)} errors in the HTML:\n" + describe(errors)
