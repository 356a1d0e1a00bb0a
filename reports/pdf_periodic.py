"""Periodic reports as state documents (Decree 30/2020): the agency's own report, to print, sign
and scan; and the coordinator's consolidated “BÁO CÁO” for one report deadline, ready to adjust
and sign.

    report_pdf(report)                         -> bytes
    consolidated_report_pdf(consolidation, …)  -> bytes
"""

import re

from portal.coordinator import current_coordinator
from portal.documents import letter_number, movement_citation, paragraphs
from portal.docx import render_docx
from portal.pdf import render_pdf

from .consolidation import Consolidation
from .selectors_periodic import figure_lines

REPORT_TEMPLATE = "reports/periodic/documents/report.html"
CONSOLIDATED_TEMPLATE = "reports/periodic/documents/consolidated.html"
DEFAULT_COPIES = ("Như trên;", "Lưu: VT.")


def period_phrase(deadline) -> str:
    """“6 tháng năm 2024”, “9 tháng năm 2024”, “năm 2024”, “đột xuất năm 2024”: the deadline's
    title (“Báo cáo 6 tháng”) without its leading “Báo cáo”, then the movement's year."""
    rest = re.sub(r"^\s*báo cáo\s*", "", deadline.title, flags=re.IGNORECASE).strip()
    year = deadline.movement.year
    if not rest or rest.lower() == "năm" or str(year) in rest:
        return rest if str(year) in rest else f"năm {year}"
    return f"{rest} năm {year}"


def report_summary(deadline) -> str:
    return f"Kết quả thực hiện phong trào thi đua “Dân vận khéo” {period_phrase(deadline)}"


def report_context(report) -> dict:
    deadline, agency = report.deadline, report.agency
    movement = deadline.movement
    coordinator = current_coordinator()
    return {
        "title": f"{deadline.title} – {agency.name}",
        "report": report,
        "movement": movement,
        "parent_body": agency.parent.name if agency.parent_id else "",
        "issuing_body": agency.name,
        "number": report.number,
        "symbol": "" if report.number else f"BC-{agency.code}",
        "place": movement.province,
        "issued_on": report.issued_on,
        "doc_type": "BÁO CÁO",
        "summary": report_summary(deadline),
        "addressees": coordinator.name,
        "citation": movement_citation(movement),
        "sections": [(s.area.name, paragraphs(s.results)) for s in report.sections.all()],
        "statuses": list(report.model_statuses.all()),
        "figures": figure_lines(report),
        "difficulties": paragraphs(report.difficulties),
        "proposals": paragraphs(report.proposals),
        "recipients": [f"{coordinator.name};", "Lưu: VT."],
        "sign_title": "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
        "sign_note": "(Ký, ghi rõ họ tên, đóng dấu)",
    }


def report_pdf(report, *, request=None) -> bytes:
    """The agency's report; ``report`` as reports.selectors_periodic.report_of reads it."""
    return render_pdf(REPORT_TEMPLATE, report_context(report), request=request)


def consolidated_context(
    c: Consolidation,
    *,
    number: str = "",
    symbol: str = "BC",
    issued_on=None,
    addressees=(),
    copies=None,
    sign_authority: str = "",
    sign_title: str = "",
    signer_name: str = "",
) -> dict:
    coordinator = current_coordinator()
    movement = c.movement
    return {
        "title": f"Báo cáo tổng hợp – {c.deadline.title} – {movement.year}",
        "c": c,
        "movement": movement,
        "coordinator": coordinator,
        "parent_body": coordinator.parent_name,
        "issuing_body": coordinator.name,
        "number": letter_number(number, symbol),
        "symbol": symbol,
        "place": coordinator.place_name or movement.province,
        "issued_on": issued_on,
        "doc_type": "BÁO CÁO",
        "summary": f"Tổng hợp kết quả thực hiện phong trào thi đua “Dân vận khéo” "
        f"{period_phrase(c.deadline)}",
        "addressees": list(addressees),
        "citation": movement_citation(movement),
        "recipients": list(copies) if copies is not None else list(DEFAULT_COPIES),
        "sign_authority": sign_authority,
        "sign_title": sign_title,
        "signer_name": signer_name,
        "required_count": len(c.standing),
        "areas": [(area.title, area.entries) for area in c.areas],
        # Each indicator's overall value, then its value for each kind, in the groups' order.
        "figure_rows": [
            (summary, [group.aggregates[index] for group in c.groups])
            for index, summary in enumerate(c.summaries)
        ],
    }


def report_docx(report, *, request=None) -> bytes:
    """The agency's report as DOCX, from the same template as the PDF."""
    return render_docx(REPORT_TEMPLATE, report_context(report), request=request)


def consolidated_report_pdf(c: Consolidation, **fields) -> bytes:
    """The coordinator's consolidated report on one report deadline, in the state format."""
    return render_pdf(CONSOLIDATED_TEMPLATE, consolidated_context(c, **fields))


def consolidated_report_docx(c: Consolidation, **fields) -> bytes:
    return render_docx(CONSOLIDATED_TEMPLATE, consolidated_context(c, **fields))
