"""The demo generator (diary/demo/) is for `manage.py seed_demo` only: serving pages never
loads it. Each check runs in a fresh interpreter, so nothing a test imported first counts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOADED_DEMO_MODULES = """
demo = sorted(name for name in sys.modules if name.split(".")[:2] == ["diary", "demo"])
print(",".join(demo) or "none")
"""


def run_python(code):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_app_its_urls_and_its_views_do_not_load_the_demo_generator():
    code = (
        """
import importlib, pkgutil, sys
import django
django.setup()
import config.urls, config.wsgi
import diary, website
from django.urls import get_resolver
get_resolver().url_patterns
# Every module of the app but the demo itself and the commands (seed_demo uses it).
def load_all(package):
    for found in pkgutil.iter_modules(package.__path__):
        if found.name in ("demo", "management", "migrations"):
            continue
        module = importlib.import_module(f"{package.__name__}.{found.name}")
        if found.ispkg:
            load_all(module)
load_all(diary)
load_all(website)
"""
        + LOADED_DEMO_MODULES
    )

    assert run_python(code) == "none"


def test_the_seed_demo_command_is_what_loads_it():
    code = (
        """
import sys
import django
django.setup()
from django.core.management import load_command_class
load_command_class("diary", "seed_demo")
"""
        + LOADED_DEMO_MODULES
    )

    assert "diary.demo" in run_python(code).split(",")
