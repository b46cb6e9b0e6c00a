"""Every page carries a strict Content Security Policy and the other protective headers,
and no template could need a looser policy: no inline script, style or event handler."""

import json
import re

import pytest
from django.urls import reverse

from tests.helpers import REAL_KEY, ROOT, manage

pytestmark = pytest.mark.django_db

TEMPLATES = ROOT / "templates"
STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def policy(response):
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return dict(directives)


def assert_strict(response):
    directives = policy(response)
    for name, value in STRICT.items():
        assert directives.get(name) == value, (name, directives)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_pages_carry_the_strict_policy(client):
    for url in (reverse("home"), reverse("login"), reverse("education:index"), "/nowhere/"):
        assert_strict(client.get(url))


def test_diary_pages_and_htmx_fragments_carry_the_strict_policy(patient_client):
    for url in (reverse("diary:dashboard"), reverse("diary:history"), reverse("diary:sharing")):
        assert_strict(patient_client.get(url))
    fragment = patient_client.get(reverse("diary:history"), headers={"HX-Request": "true"})
    assert_strict(fragment)


def test_the_admin_runs_under_the_same_policy(client, host, otp_verified):
    assert_strict(client.get(reverse("admin:login")))
    otp_verified(client, host)

    for url in (reverse("admin:index"), reverse("admin:diary_spasm_changelist")):
        response = client.get(url)
        assert response.status_code == 200
        assert_strict(response)


def test_the_page_tells_htmx_not_to_add_styles_or_evaluate_code(client):
    html = client.get(reverse("home")).content.decode()

    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html).group(1)
    assert json.loads(config) == {"includeIndicatorStyles": False, "allowEval": False}


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"'{]", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']\s*javascript:", re.IGNORECASE)


def test_no_template_has_inline_script_style_or_event_handlers():
    problems = []
    files = sorted(path for path in TEMPLATES.rglob("*") if path.is_file())
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("<style> element", STYLE_ELEMENT),
            ("style= attribute", STYLE_ATTRIBUTE),
            ("on...= event handler", EVENT_HANDLER),
            ("javascript: URL", JAVASCRIPT_URL),
        ):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(ROOT)}:{line}: {name}")

    assert problems == [], "The CSP forbids these; move them to static/:\n" + "\n".join(problems)


def test_the_template_scan_would_catch_each_kind_of_inline_code():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/unknot.js" defer></script>')
    assert STYLE_ELEMENT.search("<style>p{}</style>")
    assert STYLE_ATTRIBUTE.search('<p style="color:red">')
    assert EVENT_HANDLER.search('<button onclick="go()">')
    assert not EVENT_HANDLER.search('<button data-once="x">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')


PRODUCTION_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_HTTPONLY",
    "SECURE_PROXY_SSL_HEADER", "STAFF_2FA", "X_FRAME_OPTIONS")}))
"""


def test_production_turns_on_https_only_cookies_and_hsts():
    result = manage("shell", "-c", PRODUCTION_SETTINGS, DEBUG="0", SECRET_KEY=REAL_KEY)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])

    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["STAFF_2FA"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_over_https_the_browser_is_told_to_stay_on_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get(reverse("home"), secure=True)

    assert response.headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains")
