"""The agency's report pages. Thin: scope to the user's agency, call a service, show the outcome.

Every page is keyed by the report deadline; the report is always the user's own agency's, so
another agency's report, scan or PDF is never reachable from here.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from portal.access import agency_member_required, require_perm
from portal.actions import perform
from portal.coordinator import current_coordinator
from portal.forms import add_service_error
from portal.history import recent_entries
from portal.responses import document_response, stored_file_response

from ..forms_periodic import ReportForm, SignedScanForm
from ..models import Report
from ..pdf_periodic import report_docx, report_pdf
from ..selectors_periodic import figure_lines, report_deadlines, report_items, report_of
from ..services import periodic as services

VIEW_DENIED = "Bạn không có quyền xem báo cáo."


def get_deadline_for_user(user, deadline_id):
    """A report deadline that binds the user's agency, else 404."""
    return get_object_or_404(report_deadlines(agency=user.agency), pk=deadline_id)


def get_report_for_user(user, deadline_id) -> Report:
    """The user's own agency's report for this deadline; 404 while it has none."""
    deadline = get_deadline_for_user(user, deadline_id)
    report = report_of(deadline=deadline, agency=user.agency)
    if report is None:
        raise Http404("Đơn vị chưa lập báo cáo cho thời hạn này.")
    return report


@agency_member_required
def report_list(request):
    require_perm(request.user, "reports.view_report", VIEW_DENIED)
    return render(
        request, "reports/periodic/list.html", {"items": report_items(agency=request.user.agency)}
    )


@agency_member_required
def report_detail(request, deadline_id):
    """The report: read-only once sent; editable by the clerk while a draft or returned.
    Opening it starts nothing (the POST of “Bắt đầu lập báo cáo” does)."""
    require_perm(request.user, "reports.view_report", VIEW_DENIED)
    deadline = get_deadline_for_user(request.user, deadline_id)
    agency = request.user.agency
    report = report_of(deadline=deadline, agency=agency)
    window = services.report_window(deadline, agency)
    if report is None:
        if request.method == "POST":
            raise Http404("Đơn vị chưa lập báo cáo cho thời hạn này.")
        context = {
            "deadline": deadline,
            "window": window,
            "previous": services.previous_report(deadline=deadline, agency=agency),
        }
        return render(request, "reports/periodic/start.html", context)
    form = None
    can_edit = report.is_editable and request.user.has_perm("reports.change_report")
    if can_edit:
        form = ReportForm(request.POST or None, report=report, figure_lines=figure_lines(report))
        if request.method == "POST" and form.is_valid():
            try:
                services.save_report(report=report, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Đã lưu báo cáo.")
                return redirect("reports:report_detail", deadline_id=deadline.pk)
    elif request.method == "POST":
        refusal = (
            "Bạn không có quyền sửa báo cáo."
            if report.is_editable
            else f"Báo cáo đang ở trạng thái “{report.get_state_display()}”, không thể sửa."
        )
        messages.error(request, refusal)
        return redirect("reports:report_detail", deadline_id=deadline.pk)
    context = {
        "deadline": deadline,
        "report": report,
        "window": window,
        "form": form,
        "scan_form": SignedScanForm() if can_edit else None,
        "figures": figure_lines(report),
        "missing": services.missing_to_submit(report) if report.is_editable else [],
        "history": recent_entries(report.history, 20),
    }
    return render(request, "reports/periodic/detail.html", context)


@require_POST
@agency_member_required
def report_start(request, deadline_id):
    require_perm(request.user, "reports.add_report", "Bạn không có quyền lập báo cáo.")
    deadline = get_deadline_for_user(request.user, deadline_id)
    perform(
        request,
        lambda: services.start_report(
            deadline=deadline, agency=request.user.agency, by=request.user
        ),
        done=f"Đã bắt đầu lập {deadline.title[:1].lower()}{deadline.title[1:]}.",
    )
    return redirect("reports:report_detail", deadline_id=deadline.pk)


@require_POST
@agency_member_required
def report_scan_upload(request, deadline_id):
    require_perm(request.user, "reports.change_report", "Bạn không có quyền sửa báo cáo.")
    report = get_report_for_user(request.user, deadline_id)
    form = SignedScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Vui lòng chọn tệp PDF bản scan có chữ ký.")
    else:
        perform(
            request,
            lambda: services.save_signed_scan(
                report=report, upload=form.cleaned_data["signed_scan"], by=request.user
            ),
            done="Đã tải lên bản scan có chữ ký.",
        )
    return redirect("reports:report_detail", deadline_id=deadline_id)


@agency_member_required
def report_scan(request, deadline_id):
    """The signed scan, served only to its own agency (the admin has its own link)."""
    require_perm(request.user, "reports.view_report", VIEW_DENIED)
    report = get_report_for_user(request.user, deadline_id)
    return scan_response(report)


def scan_response(report: Report):
    name = report.signed_scan.name.rsplit("/", 1)[-1]
    return stored_file_response(
        report.signed_scan, name, as_attachment=True, missing="Báo cáo chưa có bản scan có chữ ký."
    )


@require_POST
@agency_member_required
def report_submit(request, deadline_id):
    require_perm(
        request.user,
        "reports.submit_report",
        "Chỉ lãnh đạo đơn vị được gửi báo cáo.",
    )
    report = get_report_for_user(request.user, deadline_id)
    perform(
        request,
        lambda: services.submit_report(report=report, by=request.user),
        done=f"Đã gửi báo cáo đến {current_coordinator().short_name}.",
    )
    return redirect("reports:report_detail", deadline_id=deadline_id)


@agency_member_required
def report_document(request, deadline_id, fmt="pdf"):
    """The report in the state format, to print, sign and scan (or as DOCX, to adjust first)."""
    require_perm(request.user, "reports.view_report", VIEW_DENIED)
    report = get_report_for_user(request.user, deadline_id)
    return document_response(
        fmt,
        lambda: report_pdf(report, request=request),
        lambda: report_docx(report, request=request),
        f"bao-cao-{report.agency.code}-{report.deadline_id}",
    )


urlpatterns = [
    path("bao-cao/", report_list, name="report_list"),
    path("bao-cao/<int:deadline_id>/", report_detail, name="report_detail"),
    path("bao-cao/<int:deadline_id>/bat-dau/", report_start, name="report_start"),
    path("bao-cao/<int:deadline_id>/gui/", report_submit, name="report_submit"),
    path("bao-cao/<int:deadline_id>/ban-scan/", report_scan_upload, name="report_scan_upload"),
    path("bao-cao/<int:deadline_id>/ban-scan.pdf", report_scan, name="report_scan"),
    path("bao-cao/<int:deadline_id>/bao-cao.pdf", report_document, name="report_pdf"),
    path(
        "bao-cao/<int:deadline_id>/bao-cao.docx",
        report_document,
        {"fmt": "docx"},
        name="report_docx",
    ),
]
