"""The coordinating body of this deployment, as pages, e-mails and documents name it."""

from django.utils.functional import SimpleLazyObject

from .models import Coordinator

# Until the row is entered (admin → “Cơ quan thường trực”), pages name the role, not a body.
PLACEHOLDER = {
    "name": "Cơ quan thường trực phong trào",
    "short_name": "cơ quan thường trực",
    "parent_name": "",
    "place_name": "",
}


def current_coordinator() -> Coordinator:
    """The one Coordinator row, or an unsaved placeholder before it is entered."""
    return Coordinator.objects.select_related("agency").first() or Coordinator(**PLACEHOLDER)


def coordinator_symbol(kind: str) -> str:
    """“TTr-SNV”: a document kind with the coordinating agency's code, as its letters are
    numbered; the kind alone while the coordinator names no agency."""
    agency = current_coordinator().agency
    return f"{kind}-{agency.code}" if agency is not None else kind


def coordinator_context(request):
    """Template context processor: {{ coordinator.short_name }} in every page, read lazily."""
    return {"coordinator": SimpleLazyObject(current_coordinator)}
