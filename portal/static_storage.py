"""The production static files' storage: WhiteNoise's hashed, compressed manifest, each file's
URL worked out once per process. The manifest changes only when collectstatic runs (at image
build; in this process it empties the kept URLs), and an admin page asks for some twenty URLs,
each a manifest lookup, a path clean and a URL join."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class KeptUrlsManifestStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def post_process(self, *args, **kwargs):
        # collectstatic run in this process rewrites the manifest: the kept URLs go with it.
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()

    def url(self, name, force=False):
        # DEBUG in the key: Django's storage answers the unhashed name under DEBUG.
        key = (name, force, settings.DEBUG)
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = super().url(name, force)
        return url
