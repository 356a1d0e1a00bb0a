"""Data versions: one number per scope in the shared cache, moved by every write that changes
what a cached reading was computed from. A reading is stored under the versions it read, so a
write makes it stale at once on every worker, and nothing else is flushed.

The version is read before the reading is computed: a write that lands meanwhile moves it, and
the reading stored under the old number is never served again. ``bump`` moves it at once (a
reading later in the same transaction sees the write) and again after the commit (a reading
another worker made between the two saw the old rows).

Kept only with a cache every process shares (``KEEP_READINGS``, on with CACHE_URL=redis://…):
with a memory cache per gunicorn worker, one worker's write would not reach the others'."""

import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

PREFIX = "data-version:"
# The last reading of each name this process used, beside the shared copy: a hit then costs the
# versions' round trip only, not fetching and unpickling thousands of rows. Callers never
# change a reading they get (it is shared by the requests of this process).
_local: dict[str, tuple[str, object, float]] = {}
# A reading kept this long at most, should a write ever slip past the signals (a raw UPDATE).
TIMEOUT = 15 * 60


def _start() -> int:
    # Random, so a number evicted and set again does not meet readings stored under the old one.
    return secrets.randbelow(2**62) + 2


def read(*scopes: str) -> tuple[int, ...]:
    """The scopes' current numbers, in one cache round trip."""
    keys = [PREFIX + scope for scope in scopes]
    found = cache.get_many(keys)
    missing = {key: _start() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found |= missing
    return tuple(found[key] for key in keys)


def _move(keys):
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _start(), None)


def bump(*scopes: str) -> None:
    """Every reading of these scopes is stale from now on, and again once the write commits."""
    keys = [PREFIX + scope for scope in scopes]
    _move(keys)
    transaction.on_commit(lambda: _move(keys))


def remember(name: str, scopes, compute, *, timeout: int = TIMEOUT, fresh=None, local=True):
    """``compute()``, kept in the cache under ``name`` and the scopes' versions; a kept value
    ``fresh(value)`` finds out of date (time moved past what it computed) is computed again.
    ``local=False`` for the many small readings (one per agency) not worth a copy per worker."""
    if not settings.KEEP_READINGS:
        return compute()
    key = f"reading:{name}:{':'.join(map(str, read(*scopes)))}"
    now = time.monotonic()
    kept = _local.get(name)
    here = kept is not None and kept[0] == key and now < kept[2]
    value = kept[1] if here else cache.get(key)
    if value is None or (fresh is not None and not fresh(value)):
        value = compute()
        cache.set(key, value, timeout)
    if local and (kept is None or kept[1] is not value):
        _local[name] = (key, value, now + timeout)
    return value
