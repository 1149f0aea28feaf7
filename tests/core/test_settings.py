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
