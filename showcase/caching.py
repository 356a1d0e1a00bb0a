"""The public pages' cache: five minutes per URL, dropped at once when the coordinator publishes,
unpublishes or edits a story (a generation number in the key, so nothing else is flushed)."""

from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.views.decorators.cache import cache_page

TIMEOUT = 5 * 60
GENERATION_KEY = "showcase:generation"


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def bump():
    """Every cached public page is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted: any new value starts afresh
        cache.set(GENERATION_KEY, generation() + 1, None)


def public_page(view):
    """Cached by URL only: the public pages show nobody's session, so one copy serves all."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        cached = cache_page(TIMEOUT, key_prefix=f"showcase.{generation()}")(view)
        return cached(request, *args, **kwargs)

    return wrapped


def _names_changed(sender, instance, created, raw=False, **kwargs):
    # Public pages print agency and field names: a rename shows at once, like a publication.
    if not created and not raw:
        transaction.on_commit(bump)


def connect():
    from movements.models import Field
    from portal.models import Agency

    for model in (Agency, Field):
        post_save.connect(_names_changed, sender=model, dispatch_uid=f"showcase.{model.__name__}")
