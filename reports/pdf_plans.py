"""The agency's plan as a “KẾ HOẠCH” in the state format (Decree 30/2020): its header, number,
place and date in words, title, the tasks table grouped by content area, the targets, “Nơi
nhận” and the signature. Read in a fixed handful of queries, whatever the number of tasks."""

from portal.coordinator import current_coordinator
from portal.documents import movement_citation, paragraphs
from portal.docx import render_docx
from portal.pdf import render_pdf
from portal.responses import stored_file_response

from .models import Plan
from .selectors_plans import task_groups

TEMPLATE = "reports/plans/document.html"


def default_title(plan: Plan) -> str:
    return f"Thực hiện công tác dân vận chính quyền năm {plan.deadline.movement.year}"


def plan_context(plan: Plan) -> dict:
    plan = Plan.objects.select_related("deadline__movement", "agency__parent", "submitted_by").get(
        pk=plan.pk
    )
    movement, agency = plan.deadline.movement, plan.agency
    coordinator = current_coordinator()
    signer = plan.submitted_by
    citation = movement_citation(movement)
    summary = plan.title or default_title(plan)
    return {
        "plan": plan,
        "movement": movement,
        "agency": agency,
        "title": f"Kế hoạch – {agency.name}",
        "parent_body": agency.parent.name if agency.parent_id else f"UBND tỉnh {movement.province}",
        "issuing_body": agency.name,
        "number": plan.number,
        "symbol": "KH",
        "place": movement.province,
        "issued_on": plan.issued_on,
        "doc_type": "KẾ HOẠCH",
        "summary": summary,
        # “ban hành Kế hoạch thực hiện …”: the title inside a sentence, proper nouns kept.
        "summary_in_text": summary[:1].lower() + summary[1:],
        "basis": f"Thực hiện {citation}" if citation else "",
        "groups": task_groups(plan),
        "targets": paragraphs(plan.targets),
        "recipients": [f"{coordinator.name} (để theo dõi);", "Lưu: VT."],
        "sign_authority": [],
        "sign_title": (signer.position if signer and signer.position else "Thủ trưởng cơ quan"),
        "sign_note": "" if signer else "(Ký, ghi rõ họ tên, đóng dấu)",
        "signer_name": signer.get_full_name() if signer else "",
    }


def plan_pdf(plan: Plan) -> bytes:
    return render_pdf(TEMPLATE, plan_context(plan))


def plan_docx(plan: Plan) -> bytes:
    return render_docx(TEMPLATE, plan_context(plan))


def plan_filename(plan: Plan) -> str:
    return f"ke-hoach-{plan.agency.code}-{plan.deadline.movement.year}.pdf"


def scan_file_response(plan):
    """The signed scan, served only through a page that checked who asks (never a public URL)."""
    return stored_file_response(plan.signed_scan, f"ke-hoach-ban-ky-{plan.agency.code}.pdf")
