"""Production's static storage (portal/static_storage.py) answers every URL as WhiteNoise's
manifest storage does, the kept answers included."""

import json

import pytest
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from portal.static_storage import KeptUrlsManifestStorage


@pytest.fixture
def static_root(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps(
            {
                "version": "1.1",
                "hash": "abc",
                "paths": {"css/portal.css": "css/portal.1a2b3c.css", "js/tờ khai.js": "js/x.9f.js"},
            }
        )
    )
    return tmp_path


@override_settings(DEBUG=False, STATIC_URL="/static/")
def test_urls_are_the_manifests_hashed_names(static_root):
    kept = KeptUrlsManifestStorage(location=static_root, base_url="/static/")
    plain = CompressedManifestStaticFilesStorage(location=static_root, base_url="/static/")
    for name in ("css/portal.css", "js/tờ khai.js", "css/portal.css"):
        assert kept.url(name) == plain.url(name)
    assert kept.url("css/portal.css") == "/static/css/portal.1a2b3c.css"
    # A file missing from the manifest is an error every time, never a kept answer.
    for _ in range(2):
        with pytest.raises(ValueError):
            kept.url("css/missing.css")


def test_debug_answers_the_unhashed_name(static_root):
    kept = KeptUrlsManifestStorage(location=static_root, base_url="/static/")
    with override_settings(DEBUG=False):
        assert kept.url("css/portal.css") == "/static/css/portal.1a2b3c.css"
    with override_settings(DEBUG=True):
        assert kept.url("css/portal.css") == "/static/css/portal.css"


def test_collectstatic_in_the_process_drops_the_kept_urls(tmp_path):
    """A file changed and collected again in a running process gets its new hashed URL."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    source = tmp_path / "source"
    (source / "css").mkdir(parents=True)
    stylesheet = source / "css" / "portal.css"
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=str(tmp_path / "collected"),
        STATICFILES_DIRS=[str(source)],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "portal.static_storage.KeptUrlsManifestStorage"},
        },
    ):
        stylesheet.write_text("body { color: black; }")
        call_command("collectstatic", interactive=False, verbosity=0)
        first = staticfiles_storage.url("css/portal.css")
        stylesheet.write_text("body { color: navy; }")
        call_command("collectstatic", interactive=False, verbosity=0)
        second = staticfiles_storage.url("css/portal.css")
    assert first != second
    assert (tmp_path / "collected" / second.removeprefix("/static/")).read_text() == (
        "body { color: navy; }"
    )
