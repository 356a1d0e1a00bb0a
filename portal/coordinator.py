"""The coordinating body of this deployment, as pages, e-mails and documents name it."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.functional import SimpleLazyObject

from .models import Agency, Coordinator

# Until the row is entered (admin → “Cơ quan thường trực”), pages name the role, not a body.
PLACEHOLDER = {
    "name": "Cơ quan thường trực phong trào",
    "short_name": "cơ quan thường trực",
    "parent_name": "",
    "place_name": "",
}


CACHE_KEY = "portal:coordinator"
# Read by every page (menu, admin header, documents); an edit drops it at once (forget()), and
# the timeout bounds how long another worker's own memory cache may lag behind.
CACHE_SECONDS = 60


def current_coordinator() -> Coordinator:
    """The one Coordinator row, or an unsaved placeholder before it is entered."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = Coordinator.objects.select_related("agency").first() or Coordinator(**PLACEHOLDER)
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def forget(**kwargs):
    # Now, for this transaction's own reads; after commit, for a read that raced the edit.
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def _agency_changed(sender, instance, **kwargs):
    # Only the coordinator's own agency: its code numbers the documents.
    cached = cache.get(CACHE_KEY)
    if cached is not None and cached.agency_id == instance.pk:
        forget()


def connect():
    post_save.connect(forget, sender=Coordinator, dispatch_uid="coordinator.saved")
    post_delete.connect(forget, sender=Coordinator, dispatch_uid="coordinator.deleted")
    post_save.connect(_agency_changed, sender=Agency, dispatch_uid="coordinator.agency")


def coordinator_symbol(kind: str) -> str:
    """“TTr-SNV”: a document kind with the coordinating agency's code, as its letters are
    numbered; the kind alone while the coordinator names no agency."""
    agency = current_coordinator().agency
    return f"{kind}-{agency.code}" if agency is not None else kind


def coordinator_context(request):
    """Template context processor: {{ coordinator.short_name }} in every page, read lazily."""
    return {"coordinator": SimpleLazyObject(current_coordinator)}
