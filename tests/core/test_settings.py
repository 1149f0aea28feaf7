"""Production mode must be configured on purpose, and then pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k" * 20 + "Zq8-Vx_2mN4pL7rT1yB6cD9fG3hJ5wE0sA"  # 55 chars, varied
GOOD_HASH_KEY = "h" * 20 + "Pw3-Ns_8kL2mQ7rT1yB6cD9fG3hJ5wE0xZ"


def run_manage(*args, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "civic.settings", **env}
    # The browser tests' event-loop switch must not leak into a production check.
    for name in ("PYTEST_XDIST_WORKER", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "civic.example.kz", "CIVIC_IDENTIFIER_HASH_KEY": GOOD_HASH_KEY}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": GOOD_SECRET, "DJANGO_ALLOWED_HOSTS": "civic.example.kz"}, "CIVIC_IDENTIFIER_HASH_KEY"),
        (
            {
                "DJANGO_SECRET_KEY": GOOD_SECRET,
                "DJANGO_ALLOWED_HOSTS": "h.kz",
                "CIVIC_IDENTIFIER_HASH_KEY": GOOD_SECRET,
            },
            "CIVIC_IDENTIFIER_HASH_KEY",
        ),
        ({"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "civic.example.kz"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": GOOD_SECRET}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_SECRET_KEY": GOOD_SECRET, "DJANGO_ALLOWED_HOSTS": "*"}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_real_secret_and_hosts(env, message):
    result = run_manage("check", DJANGO_DEBUG="0", **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_passes_deploy_checks_when_configured_as_documented():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="civic.example.kz",
        CIVIC_IDENTIFIER_HASH_KEY=GOOD_HASH_KEY,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": GOOD_SECRET,
    "DJANGO_ALLOWED_HOSTS": "civic.example.kz",
    "CIVIC_IDENTIFIER_HASH_KEY": GOOD_HASH_KEY,
}


def read_settings(*names, **env):
    """The values of settings ``names`` as the settings module computes them with ``env``."""
    code = "from django.conf import settings; " + "; ".join(f"print(repr(settings.{name}))" for name in names)
    result = run_manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_cookies_are_secure_and_hidden_from_scripts_in_production():
    secure, httponly, device_secure = read_settings(
        "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY", "CIVIC_DEVICE_COOKIE_SECURE", **PRODUCTION
    )

    assert (secure, httponly, device_secure) == ("True", "True", "True")


def test_language_cookie_works_over_plain_http_in_development():
    assert read_settings("LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY", DJANGO_DEBUG="1") == ["False", "True"]


@pytest.mark.django_db
def test_language_cookie_is_httponly(client):
    response = client.get("/ru/")

    assert response.cookies["civic_language"]["httponly"] is True


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["0", "None"]),
        ({"CIVIC_TRUSTED_PROXY_COUNT": "1"}, ["1", "None"]),
        ({"CIVIC_TRUSTED_PROXY_COUNT": "2", "CIVIC_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, ["2", "'X-Real-IP'"]),
    ],
)
def test_client_address_comes_from_the_configured_trusted_proxies(env, expected):
    unset = {"CIVIC_TRUSTED_PROXY_COUNT": "", "CIVIC_TRUSTED_CLIENT_IP_HEADER": ""}  # empty means the default
    values = read_settings(
        "ALLAUTH_TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", **PRODUCTION, **{**unset, **env}
    )

    assert values == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CIVIC_TRUSTED_PROXY_COUNT": "-1"}, "CIVIC_TRUSTED_PROXY_COUNT"),
        ({"CIVIC_TRUSTED_PROXY_COUNT": "1.5"}, "CIVIC_TRUSTED_PROXY_COUNT"),
        ({"CIVIC_TRUSTED_PROXY_COUNT": "one"}, "CIVIC_TRUSTED_PROXY_COUNT"),
        ({"CIVIC_TRUSTED_CLIENT_IP_HEADER": "HTTP_X_REAL_IP"}, "CIVIC_TRUSTED_CLIENT_IP_HEADER"),
        ({"CIVIC_TRUSTED_CLIENT_IP_HEADER": "X-Forwarded-For"}, "CIVIC_TRUSTED_CLIENT_IP_HEADER"),
    ],
)
def test_a_wrong_trusted_proxy_setting_refuses_to_start(env, message):
    result = run_manage("check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
