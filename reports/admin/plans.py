"""Admin for agencies' plans: review, return with a reason, print. Every write calls
reports/services/plans.py; the plan's content is the agency's, shown read-only."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from portal.admin_filters import state_filter
from portal.admin_history import HistoryAdmin, ReadOnlyAdminMixin
from portal.admin_review import ACCEPT, RETURN, ReviewConfirmationMixin
from portal.responses import document_response

from ..models import AWAITING_REVIEW_STATES, Plan, PlanTask
from ..pdf_plans import plan_docx, plan_filename, plan_pdf, scan_file_response
from ..services import plans as services

# The movement's content areas are edited inline on it (admin/periodic.py), for both.


class PlanTaskInline(admin.TabularInline):
    model = PlanTask
    extra = 0
    fields = ("area", "position", "task", "directs", "carries_out", "timing")
    readonly_fields = fields
    ordering = ("area__position", "position", "pk")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdminMixin, ReviewConfirmationMixin, HistoryAdmin):
    list_display = (
        "agency",
        "deadline",
        "number",
        "issued_on",
        "task_count",
        "state",
        "submitted_at",
        "documents",
    )
    list_filter = (
        "deadline__movement",
        state_filter(AWAITING_REVIEW_STATES),
        "agency__kind",
        ("deadline", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("agency__name", "agency__code", "number", "title")
    list_select_related = ("agency", "deadline__movement")
    list_per_page = 50
    actions = ["accept_selected", "return_selected"]
    inlines = [PlanTaskInline]
    readonly_fields = ("review_buttons", "documents")
    fieldsets = (
        (None, {"fields": ("review_buttons", "documents", "deadline", "agency", "state")}),
        ("Kế hoạch", {"fields": ("number", "issued_on", "title", "targets", "return_reason")}),
        (
            "Quá trình xử lý",
            {
                "fields": (
                    "created_by",
                    "created_at",
                    "submitted_by",
                    "submitted_at",
                    "reviewed_by",
                    "reviewed_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(task_total=Count("tasks"))

    @admin.display(description="Số nhiệm vụ", ordering="task_total")
    def task_count(self, obj):
        return obj.task_total

    @admin.display(description="Văn bản")
    def documents(self, obj):
        links = [
            (reverse("admin:reports_plan_print", args=[obj.pk]), "In kế hoạch (PDF)"),
            (reverse("admin:reports_plan_docx", args=[obj.pk]), "DOCX (để chỉnh sửa)"),
        ]
        if obj.signed_scan:
            links.append((reverse("admin:reports_plan_scan", args=[obj.pk]), "Bản scan có chữ ký"))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    @admin.display(description="Xử lý")
    def review_buttons(self, obj):
        if obj.state not in AWAITING_REVIEW_STATES:
            return f"Trạng thái hiện tại: {obj.get_state_display()}"
        accept = reverse("admin:reports_plan_review", args=[obj.pk, "tiep-nhan"])
        back = reverse("admin:reports_plan_review", args=[obj.pk, "tra-lai"])
        return format_html(
            '<a class="button" href="{}">Tiếp nhận</a> <a class="button" href="{}">Trả lại</a>',
            accept,
            back,
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/xu-ly/<str:decision>/",
                view(self.review_one_view),
                name="reports_plan_review",
            ),
            path("<int:pk>/ke-hoach.pdf", view(self.print_view), name="reports_plan_print"),
            path(
                "<int:pk>/ke-hoach.docx",
                view(self.print_view),
                {"fmt": "docx"},
                name="reports_plan_docx",
            ),
            path("<int:pk>/ban-ky.pdf", view(self.scan_view), name="reports_plan_scan"),
            *super().get_urls(),
        ]

    # One confirmation page serves the bulk actions and the per-plan buttons.
    review_noun = "kế hoạch"
    review_accept_verb = "Tiếp nhận"
    review_waiting_label = "chờ tiếp nhận"

    def review_line(self, row):
        number = f" số {row.number}" if row.number else ""
        return f"{row.agency.name} — kế hoạch{number} ({row.get_state_display()})"

    review_slugs = {"tiep-nhan": ACCEPT, "tra-lai": RETURN}
    review_waiting_states = AWAITING_REVIEW_STATES

    def review_rows(self, queryset):
        return list(queryset.select_related("agency").order_by("agency__name", "pk"))

    def accept_rows(self, rows, *, by):
        services.accept_plans(plans=rows, by=by)

    def return_rows(self, rows, *, by, reason):
        services.return_plans(plans=rows, by=by, reason=reason)

    @admin.action(description="Tiếp nhận các kế hoạch đã chọn", permissions=["review"])
    def accept_selected(self, request, queryset):
        return self.review_selected(
            request, queryset, decision=ACCEPT, action_name="accept_selected"
        )

    @admin.action(description="Trả lại các kế hoạch đã chọn (kèm lý do)", permissions=["review"])
    def return_selected(self, request, queryset):
        return self.review_selected(
            request, queryset, decision=RETURN, action_name="return_selected"
        )

    def has_review_permission(self, request):
        return request.user.has_perm("reports.review_plan")

    def _plan(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Plan.objects.select_related("agency", "deadline__movement"), pk=pk)

    def print_view(self, request, pk, fmt="pdf"):
        plan = self._plan(request, pk)
        name = plan_filename(plan).removesuffix(".pdf")
        return document_response(fmt, lambda: plan_pdf(plan), lambda: plan_docx(plan), name)

    def scan_view(self, request, pk):
        return scan_file_response(self._plan(request, pk))
