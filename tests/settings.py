"""Test settings: the real ones, with a fast password hasher and no outgoing mail."""

import os

# The suite runs with DEBUG off, like production, so it needs a key of its own (not a real one).
os.environ.setdefault("SECRET_KEY", "tests-only-key-never-used-outside-the-test-suite")

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test process its own memory cache, whatever a local .env says: a shared Redis would let
# one pytest-xdist worker's cache.clear() and cached rows reach another's tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One process per test worker: its memory cache is the shared one, so readings are kept.
KEEP_READINGS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The plain storage above: files come from the apps, whatever STATICFILES_BACKEND says.
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory, so threads lock like real requests do (race tests).
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"dan-van-kheo-test-{os.getpid()}.sqlite3")  # noqa: F405
    }
