"""REDIS_URL: one shared cache (and cached sessions) for several app servers."""

import json
import shutil
import subprocess

import pytest

from tests.helpers import manage
from tests.live_server import free_port, port_accepts, wait_until

SHOW_CACHE = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'caches': settings.CACHES, 'sessions': settings.SESSION_ENGINE}))"
)


def settings_with(**env):
    result = manage("shell", "-v", "0", "-c", SHOW_CACHE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_redis_url_the_cache_is_in_memory_and_sessions_in_the_database():
    shown = settings_with()

    assert shown["caches"]["default"]["BACKEND"].endswith("locmem.LocMemCache")
    assert shown["sessions"] == "django.contrib.sessions.backends.db"


def test_redis_url_turns_on_djangos_redis_cache_and_cached_sessions():
    shown = settings_with(REDIS_URL="redis://cache.internal:6379/2")

    cache = shown["caches"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert cache["KEY_PREFIX"] == "unknot"
    assert shown["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_an_empty_redis_url_means_no_redis():
    shown = settings_with(REDIS_URL="")

    assert shown["caches"]["default"]["BACKEND"].endswith("locmem.LocMemCache")


def test_a_redis_url_that_is_not_one_stops_the_server():
    result = manage("check", REDIS_URL="localhost:6379")

    assert result.returncode != 0
    assert "REDIS_URL must start with redis://" in result.stderr


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp_path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_until(lambda: port_accepts(port), 10, lambda: process.poll() is not None):
            pytest.fail("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def test_the_cache_round_trips_through_a_real_redis(redis_url):
    code = (
        "from django.core.cache import cache; "
        "cache.set('greeting', {'ok': 1}, 30); print(cache.get('greeting'))"
    )
    result = manage("shell", "-v", "0", "-c", code, REDIS_URL=redis_url)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'ok': 1}"
