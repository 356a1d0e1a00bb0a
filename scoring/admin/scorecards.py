"""Appraisal of scorecards in the admin: claimed and appraised points side by side."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from portal.admin_filters import state_filter
from portal.admin_history import HistoryAdmin

from .. import services
from ..models import Scorecard, ScorecardState, ScoreEntry
from ..selectors import answers_of
from ..views import _pdf_response


@admin.register(Scorecard)
class ScorecardAdmin(HistoryAdmin):
    list_display = (
        "agency",
        "state",
        "self_total",
        "appraised_total",
        "classification_display",
        "appraise_link",
    )
    list_filter = (
        "movement",
        "agency__kind",
        state_filter((ScorecardState.SUBMITTED,)),
        "band",
        "not_classifiable",
    )
    search_fields = ("agency__name", "agency__code")
    list_select_related = ("agency", "movement", "band")
    list_per_page = 50
    readonly_fields = [f.name for f in Scorecard._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Xếp loại")
    def classification_display(self, obj):
        return obj.classification

    @admin.display(description="Thẩm định")
    def appraise_link(self, obj):
        url = reverse("admin:scoring_scorecard_appraise", args=[obj.pk])
        pdf = reverse("admin:scoring_scorecard_pdf", args=[obj.pk])
        docx = reverse("admin:scoring_scorecard_docx", args=[obj.pk])
        label = "Thẩm định" if obj.state == ScorecardState.SUBMITTED else "Xem"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">PDF</a> · <a href="{}">DOCX</a>',
            url,
            label,
            pdf,
            docx,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/tham-dinh/",
                self.admin_site.admin_view(self.appraise_view),
                name="scoring_scorecard_appraise",
            ),
            path(
                "<int:pk>/ban-cham-diem.pdf",
                self.admin_site.admin_view(self.pdf_view),
                name="scoring_scorecard_pdf",
            ),
            path(
                "<int:pk>/ban-cham-diem.docx",
                self.admin_site.admin_view(self.pdf_view),
                {"fmt": "docx"},
                name="scoring_scorecard_docx",
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request, pk, fmt="pdf"):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            return _pdf_response(get_object_or_404(Scorecard, pk=pk), fmt)
        except ValidationError as error:  # a sample criteria set: no official sheet
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect("admin:scoring_scorecard_appraise", pk)

    def appraise_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        scorecard = get_object_or_404(
            Scorecard.objects.select_related("agency", "movement", "criteria_set", "band"), pk=pk
        )
        can_appraise = request.user.has_perm("scoring.appraise_scorecard")
        errors = []
        if request.method == "POST":
            if not can_appraise:
                raise PermissionDenied
            action = request.POST.get("action")
            try:
                if action == "save":
                    services.appraise(
                        scorecard=scorecard, by=request.user, changes=self._changes(request)
                    )
                    self.message_user(request, "Đã lưu điểm thẩm định.", messages.SUCCESS)
                elif action == "return":
                    services.return_scorecard(
                        scorecard=scorecard, by=request.user, reason=request.POST.get("reason")
                    )
                    self.message_user(request, "Đã trả lại bản chấm điểm.", messages.SUCCESS)
                elif action == "finalise":
                    services.finalise_scorecard(
                        scorecard=scorecard,
                        by=request.user,
                        changes=self._changes(request),
                        note=request.POST.get("note", ""),
                        not_classifiable=request.POST.get("not_classifiable") == "on",
                        not_classifiable_reason=request.POST.get("not_classifiable_reason", ""),
                    )
                    self.message_user(request, "Đã hoàn tất thẩm định.", messages.SUCCESS)
                else:
                    raise Http404
            except ValidationError as error:
                errors = error.messages
            else:
                return redirect("admin:scoring_scorecard_appraise", pk)
        sheet = answers_of(scorecard, whole_tree=True)  # the rows and the totals from one read
        rows = sheet.rows()
        if errors:
            for row in rows:
                key = row.criterion.pk
                row.typed = {
                    "points": request.POST.get(f"appraised-{key}", ""),
                    "note": request.POST.get(f"note-{key}", ""),
                }
        context = {
            **self.admin_site.each_context(request),
            "title": f"Thẩm định: {scorecard.agency} – {scorecard.movement.year}",
            "opts": self.model._meta,
            "scorecard": scorecard,
            "rows": rows,
            "totals": sheet.totals(),
            "errors": errors,
            "can_appraise": can_appraise and scorecard.state == ScorecardState.SUBMITTED,
            "posted": request.POST if errors else {},
            "entry_history": ScoreEntry.history.filter(scorecard_id=scorecard.pk)
            .select_related("history_user", "criterion")
            .order_by("-history_date")[:200],
        }
        return TemplateResponse(request, "admin/scoring/scorecard/appraise.html", context)

    @staticmethod
    def _changes(request):
        changes = {}
        for key, value in request.POST.items():
            if not key.startswith("appraised-"):
                continue
            criterion_id = key.removeprefix("appraised-")
            if criterion_id.isascii() and criterion_id.isdigit() and len(criterion_id) <= 12:
                changes[int(criterion_id)] = (value, request.POST.get(f"note-{criterion_id}", ""))
        return changes
