"""In production whitenoise sends static files under names carrying a hash of their
content, with far-future cache headers, and compressed copies beside them."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

A_YEAR = 365 * 24 * 3600


@pytest.fixture
def production_static(tmp_path, settings):
    """Our own static files collected as `make serve` collects them (DEBUG=0)."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=tmp_path,
        STORAGES=storages,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_USE_FINDERS=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield WhiteNoiseMiddleware(lambda request: HttpResponse("not a static file"))


def serve(middleware, url, **headers):
    return middleware(RequestFactory().get(url, **headers))


def test_a_hashed_file_is_cached_for_a_year_and_never_revalidated(production_static):
    url = staticfiles_storage.url("css/unknot.css")

    response = serve(production_static, url)

    assert url != "/static/css/unknot.css"  # the name carries the content's hash
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    max_age = next(int(p.split("=")[1]) for p in cache_control if p.startswith("max-age="))
    assert max_age >= A_YEAR
    assert {"public", "immutable"} <= cache_control


def test_a_browser_that_accepts_gzip_gets_the_compressed_copy(production_static):
    url = staticfiles_storage.url("css/unknot.css")

    response = serve(production_static, url, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
