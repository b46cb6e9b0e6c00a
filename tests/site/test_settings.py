"""Production settings come only from the environment and refuse unsafe values."""

from tests.helpers import REAL_KEY, manage


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    result = manage("check", DEBUG="0", SECRET_KEY="django-insecure-development-only")

    assert result.returncode != 0


def test_production_passes_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="0", SECRET_KEY=REAL_KEY)

    assert result.returncode == 0, result.stderr


def test_a_misspelt_boolean_stops_the_server():
    result = manage("check", DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_an_unknown_signup_mode_stops_the_server():
    result = manage("check", SIGNUP="sometimes")

    assert result.returncode != 0
    assert "SIGNUP must be one of" in result.stderr
