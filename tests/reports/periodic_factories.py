"""Report deadlines, content areas, indicators and reports built the way agencies build them:
through the services, with the clock passed in."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from movements.models import Deadline, DeadlineKind
from reports.models import ContentArea, Indicator, IndicatorKind
from reports.services import periodic as services

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def at(*parts) -> datetime:
    """A moment on the portal's clock: at(2026, 6, 30, 23, 59)."""
    return datetime(*parts, tzinfo=VN)


def report_deadline(
    movement, title="Báo cáo 6 tháng", due_on=date(2026, 6, 30), *, counts=True, kinds=()
):
    """A report deadline as the plan words it (“chậm nhất là ngày …” when ``counts``)."""
    deadline = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REPORT,
        title=title,
        due_on=due_on,
        due_day_counts=counts,
    )
    deadline.agency_kinds.set(kinds)
    return deadline


def content_area(movement, name, position=0):
    return ContentArea.objects.create(movement=movement, name=name, position=position)


def indicator(movement, name, *, kind=IndicatorKind.NUMBER, unit="", position=0):
    return Indicator.objects.create(
        movement=movement, name=name, kind=kind, unit=unit, position=position
    )


def scan(name="bao-cao-da-ky.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def filled_report(deadline, agency, by, *, figures=None, sections=None, scan_file=True, **fields):
    """A started report with its figures ({indicator: value}), texts ({area: text}) and scan."""
    report = services.start_report(deadline=deadline, agency=agency, by=by)
    services.save_report(
        report=report,
        by=by,
        fields=fields,
        sections={area.pk: text for area, text in (sections or {}).items()},
        figures={ind.pk: value for ind, value in (figures or {}).items()},
    )
    if scan_file:
        services.save_signed_scan(report=report, upload=scan(), by=by)
    return report


def sent_report(deadline, agency, by, *, now, **kwargs):
    report = filled_report(deadline, agency, by, **kwargs)
    return services.submit_report(report=report, by=by, now=now)
