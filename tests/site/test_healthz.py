"""/healthz: for a proxy or a monitor, no log-in, no session, no data.

200 with the database and the cache both answering; 503 naming the one that did
not, for a database on a port nothing listens on (a server of its own, started
with that DATABASE_URL) or a cache on one (a settings override)."""

import json

import pytest

from tests.helpers import REAL_KEY, manage
from tests.live_server import free_port

ALL_WELL = {"status": "ok", "database": "ok", "cache": "ok"}

# GET a path in a fresh process, through every middleware, as a proxy on loopback
# would (plain HTTP, Host 127.0.0.1), and print what came back.
PROBE = """
import json
from django.test import Client
answer = Client(HTTP_HOST="127.0.0.1").get({path!r})
print("PROBE " + json.dumps({{
    "status": answer.status_code,
    "body": answer.content.decode(),
    "cookies": sorted(answer.cookies),
}}))
"""


def probe(path, **env):
    result = manage("shell", "-v", "0", "-c", PROBE.format(path=path), **env)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("PROBE "))
    return json.loads(line[len("PROBE ") :])


@pytest.mark.django_db
def test_it_answers_ok_when_the_database_and_the_cache_work(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == ALL_WELL


@pytest.mark.django_db
def test_it_sets_no_cookie_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.cookies == {}
    assert "Set-Cookie" not in response
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "max-age=0" in cache_control


@pytest.mark.django_db
def test_it_tells_a_signed_in_person_nothing_of_theirs(client, patient):
    client.force_login(patient)

    response = client.get("/healthz")

    assert response.json() == ALL_WELL
    assert patient.username not in response.content.decode()


@pytest.mark.django_db
def test_it_answers_head_and_refuses_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_it_is_never_rate_limited(client):
    answers = {client.get("/healthz").status_code for _ in range(60)}

    assert answers == {200}


def test_it_answers_503_naming_the_database_when_the_database_is_down():
    closed = f"postgres://unknot@127.0.0.1:{free_port()}/unknot_nowhere"

    answer = probe("/healthz", DATABASE_URL=closed, DATABASE_CONN_MAX_AGE="0")

    assert answer["status"] == 503
    assert json.loads(answer["body"]) == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
    }
    assert answer["cookies"] == []
    # Where the database was (host, port, name) is the host's business, not the caller's.
    assert "127.0.0.1" not in answer["body"] and "unknot_nowhere" not in answer["body"]


@pytest.mark.django_db
def test_it_answers_503_naming_the_cache_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
    assert "redis" not in response.content.decode().lower()


def test_without_debug_it_answers_over_plain_http_where_pages_redirect_to_https():
    production = {"DEBUG": "0", "SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "127.0.0.1"}
    sqlite = {"DATABASE_URL": "sqlite:///:memory:"}

    health = probe("/healthz", **production, **sqlite)
    home = probe("/", **production, **sqlite)

    assert health["status"] == 200
    assert json.loads(health["body"]) == ALL_WELL
    assert health["cookies"] == []
    assert home["status"] == 301
