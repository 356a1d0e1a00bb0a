"""Admin for periodic reports: review, return with a reason, consolidate per report deadline.

Content areas and indicators are the movement's settings, edited inline on the movement."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from movements.admin import MovementAdmin
from movements.models import Deadline, DeadlineKind
from portal.admin_filters import state_filter
from portal.admin_history import HistoryAdmin, ReadOnlyAdminMixin
from portal.admin_review import ACCEPT, RETURN, ReviewConfirmationMixin
from portal.coordinator import current_coordinator
from portal.forms import DATE_WIDGET
from portal.responses import document_response, xlsx_response

from ..consolidation import consolidate, consolidation_workbook
from ..models import AWAITING_REVIEW_STATES, ContentArea, Indicator, Report
from ..pdf_periodic import DEFAULT_COPIES, consolidated_report_docx, consolidated_report_pdf
from ..selectors_periodic import figure_lines, report_deadlines
from ..services import periodic as services
from ..views.periodic import scan_response


class ContentAreaInline(admin.TabularInline):
    """The content areas of the year's work (seed 002 lists eight); reports answer each."""

    model = ContentArea
    extra = 0
    fields = ("position", "name")


class IndicatorInline(admin.TabularInline):
    """The figures every report of the movement gives; numbers are summed, percentages averaged."""

    model = Indicator
    extra = 0
    fields = ("position", "name", "kind", "unit")


MovementAdmin.stage_inlines.extend([ContentAreaInline, IndicatorInline])


class ConsolidatedReportForm(forms.Form):
    """The coordinator's report; number and date may stay empty for the văn thư to fill."""

    number = forms.CharField(label="Số", max_length=20, required=False)
    symbol = forms.CharField(label="Ký hiệu", max_length=40, initial="BC")
    issued_on = forms.DateField(label="Ngày", required=False, widget=DATE_WIDGET)
    addressees = forms.CharField(
        label="Kính gửi", widget=forms.Textarea(attrs={"rows": 2}), help_text="Mỗi nơi một dòng."
    )
    copies = forms.CharField(
        label="Nơi nhận",
        initial="\n".join(DEFAULT_COPIES),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi nơi một dòng.",
    )
    sign_authority = forms.CharField(label="Thẩm quyền ký", max_length=80, required=False)
    sign_title = forms.CharField(label="Chức vụ người ký", max_length=120)
    signer_name = forms.CharField(label="Họ tên người ký", max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not number.isdigit():
            raise ValidationError("Số văn bản chỉ gồm chữ số, ví dụ 12 hoặc 05.")
        return number

    @staticmethod
    def _lines(value):
        return [line.strip() for line in value.splitlines() if line.strip()]

    def document_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "symbol": data["symbol"].strip(),
            "issued_on": data["issued_on"],
            "addressees": self._lines(data["addressees"]),
            "copies": self._lines(data["copies"]),
            "sign_authority": data["sign_authority"].strip(),
            "sign_title": data["sign_title"].strip(),
            "signer_name": data["signer_name"].strip(),
        }


class ReportDeadlineFilter(admin.SimpleListFilter):
    """Only report deadlines (a movement has many other kinds)."""

    title = "Kỳ báo cáo"
    parameter_name = "deadline__id__exact"

    def lookups(self, request, model_admin):
        return [
            (d.pk, f"{d.title} – {d.movement.year}")
            for d in Deadline.objects.filter(kind=DeadlineKind.REPORT).select_related("movement")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(deadline_id=value)
        return queryset


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, ReviewConfirmationMixin, HistoryAdmin):
    list_display = ("agency", "deadline_title", "state", "submitted_at", "reviewed_at", "scan")
    list_filter = (
        ReportDeadlineFilter,
        "deadline__movement",
        "agency__kind",
        state_filter(AWAITING_REVIEW_STATES),
    )
    search_fields = ("agency__name", "agency__code", "number")
    list_select_related = ("agency", "deadline__movement")
    list_per_page = 50
    actions = ["accept_selected", "return_selected"]
    readonly_fields = ("review_buttons", "content", "scan")
    fieldsets = (
        (None, {"fields": ("review_buttons", "deadline", "agency", "state", "return_reason")}),
        ("Văn bản", {"fields": ("number", "issued_on", "scan")}),
        ("Nội dung báo cáo", {"fields": ("content",)}),
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

    def has_review_permission(self, request):
        return request.user.has_perm("reports.review_report")

    @admin.display(description="Kỳ báo cáo", ordering="deadline__due_on")
    def deadline_title(self, obj):
        return f"{obj.deadline.title} – {obj.deadline.movement.year}"

    @admin.display(description="Bản scan có chữ ký")
    def scan(self, obj):
        if obj is None or not obj.signed_scan:
            return "—"
        return format_html(
            '<a href="{}">Tải PDF</a>', reverse("admin:reports_report_scan", args=[obj.pk])
        )

    @admin.display(description="Nội dung")
    def content(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return render_to_string(
            "admin/reports/report/_content.html",
            {"report": obj, "figures": figure_lines(obj)},
        )

    @admin.display(description="Xử lý")
    def review_buttons(self, obj):
        if obj.state not in AWAITING_REVIEW_STATES:
            return f"Trạng thái hiện tại: {obj.get_state_display()}"
        accept = reverse("admin:reports_report_review", args=[obj.pk, "tiep-nhan"])
        back = reverse("admin:reports_report_review", args=[obj.pk, "tra-lai"])
        return format_html(
            '<a class="button" href="{}">Tiếp nhận</a> <a class="button" href="{}">Trả lại</a>',
            accept,
            back,
        )

    def changelist_view(self, request, extra_context=None):
        extra = {"report_deadlines": []}
        if self.has_view_permission(request):
            chosen = request.GET.get("deadline__id__exact", "")
            deadlines = report_deadlines()
            if chosen.isdigit():
                deadlines = deadlines.filter(pk=chosen)
            extra["report_deadlines"] = list(deadlines)
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/xu-ly/<str:decision>/",
                view(self.review_one_view),
                name="reports_report_review",
            ),
            path("<int:pk>/ban-scan.pdf", view(self.scan_view), name="reports_report_scan"),
            path(
                "tong-hop/<int:deadline_id>/",
                view(self.consolidation_view),
                name="reports_report_consolidation",
            ),
            path(
                "tong-hop/<int:deadline_id>/excel/",
                view(self.workbook_view),
                name="reports_report_consolidation_excel",
            ),
            path(
                "tong-hop/<int:deadline_id>/bao-cao/",
                view(self.document_view),
                name="reports_report_consolidation_pdf",
            ),
            *super().get_urls(),
        ]

    # Review: one confirmation page for the bulk actions and the per-report buttons

    review_noun = "báo cáo"
    review_accept_verb = "Tiếp nhận"
    review_waiting_label = "chờ tiếp nhận"

    def review_line(self, row):
        return f"{row.agency.name} — {row.deadline.title} ({row.get_state_display()})"

    review_slugs = {"tiep-nhan": ACCEPT, "tra-lai": RETURN}
    review_waiting_states = AWAITING_REVIEW_STATES

    def review_rows(self, queryset):
        return list(queryset.select_related("agency", "deadline").order_by("agency__name", "pk"))

    def accept_rows(self, rows, *, by):
        services.accept_reports(reports=rows, by=by)

    def return_rows(self, rows, *, by, reason):
        services.return_reports(reports=rows, by=by, reason=reason)

    @admin.action(description="Tiếp nhận các báo cáo đã chọn", permissions=["review"])
    def accept_selected(self, request, queryset):
        return self.review_selected(
            request, queryset, decision=ACCEPT, action_name="accept_selected"
        )

    @admin.action(description="Trả lại các báo cáo đã chọn (kèm lý do)", permissions=["review"])
    def return_selected(self, request, queryset):
        return self.review_selected(
            request, queryset, decision=RETURN, action_name="return_selected"
        )

    def scan_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return scan_response(get_object_or_404(Report, pk=pk))

    # Consolidation of one report deadline

    def _deadline(self, request, deadline_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(report_deadlines(), pk=deadline_id)

    def _context(self, request, deadline, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "deadline": deadline,
            **extra,
        }

    def consolidation_view(self, request, deadline_id):
        deadline = self._deadline(request, deadline_id)
        c = consolidate(deadline)
        context = self._context(
            request,
            c.deadline,
            title=f"Tổng hợp {deadline.title.lower()} – {deadline.movement.year}",
            c=c,
            figure_rows=[
                (summary, [group.aggregates[index] for group in c.groups])
                for index, summary in enumerate(c.summaries)
            ],
        )
        return TemplateResponse(request, "admin/reports/report/consolidation.html", context)

    def workbook_view(self, request, deadline_id):
        deadline = self._deadline(request, deadline_id)
        filename = f"tong-hop-bao-cao-{deadline.movement.year}-{deadline.pk}.xlsx"
        return xlsx_response(consolidation_workbook(consolidate(deadline)), filename)

    def document_view(self, request, deadline_id):
        deadline = self._deadline(request, deadline_id)
        province = current_coordinator().place_name or deadline.movement.province
        form = ConsolidatedReportForm(
            request.POST or None, initial={"addressees": f"Ủy ban nhân dân tỉnh {province}"}
        )
        if request.method == "POST" and form.is_valid():
            # The second button of the form asks for the DOCX copy of the same report.
            return document_response(
                request.POST.get("fmt", "pdf"),
                lambda: consolidated_report_pdf(consolidate(deadline), **form.document_fields()),
                lambda: consolidated_report_docx(consolidate(deadline), **form.document_fields()),
                f"bao-cao-tong-hop-{deadline.movement.year}-{deadline.pk}",
            )
        context = self._context(
            request,
            deadline,
            title=f"Lập báo cáo tổng hợp: {deadline.title} – {deadline.movement.year}",
            form=form,
        )
        return TemplateResponse(request, "admin/reports/report/document_form.html", context)
