"""The admin's confirmation page for accepting or returning sent rows, all or none.

Registrations (accept, return), award proposals (return), plans and reports use it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

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

    # The per-row buttons' URL words (…/xu-ly/chap-thuan/); plans and reports say “tiep-nhan”.
    review_slugs = {"chap-thuan": ACCEPT, "tra-lai": RETURN}
    review_waiting_states: tuple = ()

    def review_line(self, row) -> str:
        return str(row)

    def review_rows(self, queryset) -> list:
        """The rows the confirmation page lists, in its order."""
        return list(queryset)

    def accept_rows(self, rows, *, by):  # pragma: no cover - each admin names its service
        raise NotImplementedError

    def return_rows(self, rows, *, by, reason):  # pragma: no cover - each admin names its service
        raise NotImplementedError

    def review_selected(self, request, queryset, *, decision, action_name=None):
        """The confirmation page for these rows, then the service: bulk actions and buttons."""

        def perform(rows, reason):
            if decision == ACCEPT:
                self.accept_rows(rows, by=request.user)
                return f"Đã {self.review_accept_verb.lower()} {len(rows)} {self.review_noun}."
            self.return_rows(rows, by=request.user, reason=reason)
            return f"Đã trả lại {len(rows)} {self.review_noun} kèm lý do."

        opts = self.model._meta
        return self.confirm_review(
            request,
            self.review_rows(queryset),
            decision=decision,
            perform=perform,
            waiting_states=self.review_waiting_states,
            action_name=action_name,
            cancel_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        )

    def review_one_view(self, request, pk, decision):
        """One row's accept or return button: the same confirmation, then back to the row."""
        decision = self.review_slugs.get(decision)
        queryset = self.model._default_manager.filter(pk=pk)
        if decision is None or not queryset.exists():
            raise Http404
        response = self.review_selected(request, queryset, decision=decision)
        if response is None:
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", pk)
        return response

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
