"""The admin's confirmation page for accepting or returning sent rows, all or none.

Registrations (accept, return), award proposals (return), plans and reports use it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from .forms import ReturnReasonForm

ACCEPT, RETURN = "accept", "return"


class ReviewConfirmationMixin:
    """``confirm_review`` shows what will change and, on confirmation, calls the service."""

    review_template = "admin/portal/confirm_review.html"
    review_noun = "hồ sơ"
    review_waiting_label = "chờ xử lý"
    # Registrations are “chấp thuận”; plans and reports are “tiếp nhận”.
    review_accept_verb = "Chấp thuận"

    def has_review_permission(self, request):  # pragma: no cover - each admin says who reviews
        raise NotImplementedError

    def review_line(self, row) -> str:
        return str(row)

    def confirm_review(
        self, request, rows, *, decision, perform, waiting_states, action_name=None, cancel_url
    ):
        """``perform(rows, reason)`` is the service call; returns None once it ran (the
        changelist redirects), else the confirmation page."""
        if not self.has_review_permission(request):
            raise PermissionDenied
        confirmed = "confirm" in request.POST
        form = ReturnReasonForm(request.POST if confirmed else None)
        if confirmed and (decision == ACCEPT or form.is_valid()):
            reason = form.cleaned_data["reason"] if decision == RETURN else ""
            try:
                done = perform(rows, reason)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, done, messages.SUCCESS)
            return None
        verb = self.review_accept_verb if decision == ACCEPT else "Trả lại"
        context = {
            **self.admin_site.each_context(request),
            "title": f"Xác nhận {verb.lower()}",
            "opts": self.model._meta,
            "verb": verb,
            "noun": self.review_noun,
            "waiting_label": self.review_waiting_label,
            "decision": decision,
            "lines": [self.review_line(row) for row in rows],
            "not_waiting": [row for row in rows if row.state not in waiting_states],
            "form": form,
            "action_name": action_name,
            "selected_ids": [row.pk for row in rows],
            "cancel_url": cancel_url,
        }
        return TemplateResponse(request, self.review_template, context)
