"""Production settings: with DEBUG off the portal refuses a public SECRET_KEY.
Each check runs `manage.py` in a subprocess with portal.settings and an environment built here."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Settings the tests set themselves, so neither this process nor a local .env decides them.
CONTROLLED = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_COOKIES",
    "USE_X_FORWARDED_PROTO",
)
# Empty values, so a local .env (read without overwriting) cannot fill them in.
UNSET = {
    "SECRET_KEY": "",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
    "SECURE_HSTS_PRELOAD": "false",
    "SECURE_COOKIES": "false",
    "USE_X_FORWARDED_PROTO": "false",
}


def manage(tmp_path, *args, **settings):
    environ = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    environ.update(UNSET)
    environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
        ALLOWED_HOSTS="dvk.example.gov.vn",
    )
    environ.update(settings)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def random_key():
    return secrets.token_urlsafe(50)


def test_without_debug_the_portal_refuses_to_start_without_its_own_key(tmp_path):
    result = manage(tmp_path, "check", DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Chưa đặt SECRET_KEY cho môi trường chạy thật (DEBUG=false)" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "public_key", ["dev-only-insecure-key-change-me", "change-me-to-a-long-random-string"]
)
def test_without_debug_the_keys_in_the_repository_are_refused(tmp_path, public_key):
    result = manage(tmp_path, "check", DEBUG="false", SECRET_KEY=public_key)
    assert result.returncode != 0
    assert "Chưa đặt SECRET_KEY" in result.stderr


def test_without_debug_a_key_of_its_own_starts(tmp_path):
    result = manage(tmp_path, "check", DEBUG="false", SECRET_KEY=random_key())
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_with_debug_on_the_development_key_still_serves_locally(tmp_path):
    result = manage(tmp_path, "check", DEBUG="true")
    assert result.returncode == 0, result.stderr
