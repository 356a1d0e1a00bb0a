"""Production settings: with DEBUG off the portal refuses a public SECRET_KEY, and the production
block of .env.example passes `manage.py check --deploy` with no warning (CI runs the same check).
Each check runs `manage.py` in a subprocess with portal.settings and an environment built here."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# Settings the tests set themselves, so neither this process nor a local .env decides them.
CONTROLLED = (
    # The browser journeys' conftest sets it for Playwright's sync API; a server never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
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
    "STATICFILES_BACKEND",
    "WHITENOISE_USE_FINDERS",
    "MEDIA_STORAGE",
    "SESSION_ENGINE",
    "CACHE_URL",
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


def production_block() -> dict[str, str]:
    """The commented KEY=value lines of .env.example's production block, as CI reads them."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    block = text.split("# --- Production", 1)[1].split("\n\n", 1)[0]
    return dict(re.findall(r"^# ([A-Z_]+)=(\S+)$", block, flags=re.MULTILINE))


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


def test_the_documented_production_block_sets_https():
    assert production_block() == {
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
        "SECURE_COOKIES": "true",
        "USE_X_FORWARDED_PROTO": "true",
    }


def test_check_deploy_reports_nothing_with_the_documented_production_settings(tmp_path):
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=random_key(),
        **production_block(),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_without_hsts_so_ci_can_fail(tmp_path):
    settings = production_block()
    del settings["SECURE_HSTS_SECONDS"]  # back to UNSET: 0
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=random_key(),
        **settings,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_the_proxy_header_is_trusted_only_when_asked(tmp_path):
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    asked = manage(
        tmp_path, "shell", "--no-imports", "-c", code, DEBUG="true", USE_X_FORWARDED_PROTO="true"
    )
    default = manage(tmp_path, "shell", "--no-imports", "-c", code, DEBUG="true")
    assert asked.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", asked.stderr
    assert default.stdout.strip() == "None", default.stderr


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_ssl_redirect_spares_the_healthcheck_only(client):
    # The container's healthcheck asks over plain http from inside the container.
    assert client.get(reverse("healthz")).status_code == 200
    redirected = client.get(reverse("login"))
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")


@pytest.mark.parametrize(
    ("backend", "finders"),
    [
        # Local and tests: served straight from the apps, no collectstatic.
        ("django.contrib.staticfiles.storage.StaticFilesStorage", "True"),
        # Production (Dockerfile, docker-compose): only the collected, hashed files.
        ("whitenoise.storage.CompressedManifestStaticFilesStorage", "False"),
    ],
)
def test_static_files_come_from_the_apps_only_without_the_manifest(tmp_path, backend, finders):
    code = "from django.conf import settings; print(settings.WHITENOISE_USE_FINDERS)"
    result = manage(
        tmp_path, "shell", "--no-imports", "-c", code, DEBUG="true", STATICFILES_BACKEND=backend
    )
    assert result.stdout.strip() == finders, result.stderr


def test_the_manifest_storage_keeps_its_urls(tmp_path):
    code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    result = manage(
        tmp_path,
        *("shell", "--no-imports", "-c", code),
        DEBUG="true",
        STATICFILES_BACKEND="whitenoise.storage.CompressedManifestStaticFilesStorage",
    )
    assert result.stdout.strip() == "portal.static_storage.KeptUrlsManifestStorage", result.stderr


def test_kept_database_connections_are_checked_before_use(tmp_path):
    code = "from django.db import connection; print(connection.settings_dict['CONN_HEALTH_CHECKS'])"
    result = manage(tmp_path, "shell", "--no-imports", "-c", code, DEBUG="true", CONN_MAX_AGE="60")
    assert result.stdout.strip() == "True", result.stderr


def test_uploads_go_to_private_s3_storage_when_chosen(tmp_path):
    """Several web machines share the uploads through S3-compatible storage, chosen by the
    environment; the files stay private (signed, short-lived links)."""
    code = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location, s.default_acl, "
        "s.querystring_auth, s.file_overwrite)"
    )
    result = manage(
        tmp_path,
        *("shell", "--no-imports", "-c", code),
        DEBUG="true",
        MEDIA_STORAGE="s3",
        S3_BUCKET="dvk-tep-dinh-kem",
        S3_ENDPOINT_URL="https://s3.example.gov.vn",
    )
    assert result.stdout.split() == [
        "S3Storage",
        "dvk-tep-dinh-kem",
        "https://s3.example.gov.vn",
        "media",
        "private",
        "True",
        "False",
    ], result.stderr
    local_code = code.split("print(")[0] + "print(type(s).__name__)"
    local = manage(tmp_path, "shell", "--no-imports", "-c", local_code, DEBUG="true")
    assert local.stdout.strip() == "FileSystemStorage", local.stderr


def test_sessions_and_cache_follow_the_environment(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    )
    result = manage(
        tmp_path,
        *("shell", "--no-imports", "-c", code),
        DEBUG="true",
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.split() == [
        "django.contrib.sessions.backends.cached_db",
        "portal.cache.PortalRedisCache",
        "redis://127.0.0.1:6379/1",
    ], result.stderr
