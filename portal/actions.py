"""A page's button calls a service and says the outcome in one message, success or refusal."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def perform(request, action, *, done: str) -> bool:
    """Run ``action()``; flash ``done`` when it succeeds, the service's Vietnamese refusal when
    it does not. Returns whether it succeeded."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True
