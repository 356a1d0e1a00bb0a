"""The province's consolidated list of proposed awardees, as Excel and inside the coordinator's own
Tờ trình to UBND tỉnh. Both read the same rows (collectives first, then individuals)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook

from portal.coordinator import coordinator_symbol, current_coordinator
from portal.documents import cite_document, document_date, letter_number, movement_citation
from portal.docx import render_docx
from portal.excel import ReportSheet, counted
from portal.pdf import render_pdf
from registrations.models import Carrier

from .rules import vote_rule_for
from .selectors import award_settings_for, proposed_awardees

HEADERS = [
    "STT",
    "Tên tập thể / Họ và tên cá nhân",
    "Chức vụ",
    "Đơn vị công tác / Cơ quan đề nghị",
    "Tên mô hình",
    "Lĩnh vực",
    "Số phiếu đồng ý",
    "Tổng số thành viên",
    "Tỷ lệ (%)",
    "Hình thức đề nghị",
    "Quyết định (số, ngày)",
]
WIDTHS = [6, 32, 20, 34, 40, 22, 10, 10, 9, 30, 26]
SECTIONS = {Carrier.COLLECTIVE: ("I", "TẬP THỂ"), Carrier.INDIVIDUAL: ("II", "CÁ NHÂN")}
LETTER_TEMPLATE = "awards/documents/provincial_letter.html"
DEFAULT_AWARD = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
DEFAULT_COPIES = (
    "Như trên;",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy (để biết);",
    "Giám đốc, các Phó Giám đốc Sở;",
    "Lưu: VT, TĐKT.",
)


@dataclass
class AwardeeRow:
    number: int
    nominee: object
    carrier: str
    name: str
    position: str
    workplace: str
    model_name: str
    field: str
    votes: int | None
    members_total: int | None
    share: Decimal | None
    award: str
    decision: str


@dataclass
class AwardeeSection:
    numeral: str
    title: str
    rows: list


def _workplace(registration, agency) -> str:
    if registration.carrier == Carrier.COLLECTIVE or not registration.person_workplace:
        return agency.name
    if agency.name.lower() in registration.person_workplace.lower():
        return registration.person_workplace
    return f"{registration.person_workplace}, {agency.name}"


def decision_label(decision) -> str:
    """“Số 3120/QĐ-UBND ngày 20/12/2025”: the column “Quyết định (số, ngày)”."""
    return f"Số {decision.number} ngày {document_date(decision.decided_on)}" if decision else ""


def awardee_sections(movement) -> list[AwardeeSection]:
    """Every nominee of the proposals sent to the coordinator, numbered within its section."""
    sections = {carrier: [] for carrier in SECTIONS}
    rule = vote_rule_for(movement)
    for nominee in proposed_awardees(movement=movement):
        registration, proposal = nominee.registration, nominee.proposal
        rows = sections.setdefault(registration.carrier, [])
        rows.append(
            AwardeeRow(
                number=len(rows) + 1,
                nominee=nominee,
                carrier=registration.carrier,
                name=registration.carrier_name,
                position=(
                    registration.person_position
                    if registration.carrier == Carrier.INDIVIDUAL
                    else ""
                ),
                workplace=_workplace(registration, proposal.agency),
                model_name=registration.name,
                field=registration.field.name if registration.field_id else "",
                votes=nominee.votes_in_favour,
                members_total=proposal.members_total,
                share=rule.share(
                    votes=nominee.votes_in_favour,
                    members_total=proposal.members_total,
                    members_present=proposal.members_present,
                ),
                award=proposal.award_kind.name,
                decision=decision_label(nominee.decision),
            )
        )
    return [
        AwardeeSection(numeral=SECTIONS[c][0], title=SECTIONS[c][1], rows=rows)
        for c, rows in sections.items()
        if rows
    ]


def awardees_workbook(movement) -> bytes:
    """The list as a provincial list lays it out: “I. TẬP THỂ (02)”, its rows, “II. CÁ NHÂN
    (01)”, … Typed text stays text (“=…” is no formula)."""
    workbook = Workbook(write_only=True)
    sheet = ReportSheet(
        workbook,
        "Danh sách đề nghị",
        title=f"Danh sách tập thể, cá nhân đề nghị khen thưởng năm {movement.year}",
        movement=movement,
        headers=HEADERS,
        widths=WIDTHS,
    )
    for section in awardee_sections(movement):
        sheet.append([section.numeral, counted(section.title, len(section.rows))], bold=True)
        for row in section.rows:
            sheet.append(
                [
                    row.number,
                    row.name,
                    row.position,
                    row.workplace,
                    row.model_name,
                    row.field,
                    row.votes,
                    row.members_total,
                    float(row.share) if row.share is not None else None,
                    row.award,
                    row.decision,
                ],
                formats={8: "0.00"},
            )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The coordinator's Tờ trình to UBND tỉnh


def movement_basis(movement) -> str:
    """“Căn cứ Quyết định số 553/QĐ-UBND ngày 02/4/2025 của Chủ tịch … về việc …;”."""
    citation = movement_citation(movement)
    return f"Căn cứ {citation};" if citation else ""


def default_legal_bases(movement) -> list[str]:
    """The movement's award settings (the law in force by default), then the movement's plan."""
    laws = award_settings_for(movement).legal_basis_lines
    return [*laws, *filter(None, [movement_basis(movement)])]


def provincial_letter_context(
    movement,
    *,
    number: str = "",
    symbol: str | None = None,
    issued_on: date | None = None,
    addressees: str = "Ủy ban nhân dân tỉnh",
    legal_bases=None,
    copies=None,
    sign_authority: str = "",
    sign_title: str = "",
    signer_name: str = "",
) -> dict:
    sections = awardee_sections(movement)
    rows = [row for section in sections for row in section.rows]
    award_kind = award_settings_for(movement).award_kind
    award = award_kind.name if award_kind else DEFAULT_AWARD
    symbol = symbol if symbol is not None else coordinator_symbol("TTr")
    reference = letter_number(number, symbol)
    coordinator = current_coordinator()
    return {
        "title": f"Tờ trình đề nghị khen thưởng phong trào “Dân vận khéo” năm {movement.year}",
        "movement": movement,
        "parent_body": coordinator.parent_name,
        "issuing_body": coordinator.name,
        "number": reference,
        "symbol": symbol,
        "place": coordinator.place_name or movement.province,
        "issued_on": issued_on,
        "doc_type": "TỜ TRÌNH",
        "coordinator": coordinator,
        "summary": (
            f"Về việc đề nghị tặng {award} cho các tập thể, cá nhân có thành tích trong phong "
            f"trào thi đua “Dân vận khéo” năm {movement.year}"
        ),
        "bookmark": f"Tờ trình đề nghị khen thưởng năm {movement.year}",
        "award": award,
        "legal_bases": list(legal_bases)
        if legal_bases is not None
        else default_legal_bases(movement),
        "addressees": addressees,
        "recipients": list(copies) if copies is not None else list(DEFAULT_COPIES),
        "sign_authority": sign_authority,
        "sign_title": sign_title,
        "signer_name": signer_name,
        "sections": sections,
        "collectives": sum(1 for row in rows if row.carrier == Carrier.COLLECTIVE),
        "individuals": sum(1 for row in rows if row.carrier == Carrier.INDIVIDUAL),
        "agencies": len({row.nominee.proposal.agency_id for row in rows}),
        "total": len(rows),
        "reference": reference,
        # “(Kèm theo Tờ trình số 12/TTr-SNV ngày 15/12/2025 của <coordinator>)”, blanks if unnumbered.
        "letter_title": cite_document(
            kind="Tờ trình",
            number=number,
            symbol=symbol,
            issued_on=issued_on,
            issuer=coordinator.short_name,
            blanks=True,
        ),
    }


def provincial_letter_pdf(movement, **fields) -> bytes:
    """The coordinator's Tờ trình to UBND tỉnh with the consolidated list as a landscape annex."""
    return render_pdf(LETTER_TEMPLATE, provincial_letter_context(movement, **fields))


def provincial_letter_docx(movement, **fields) -> bytes:
    return render_docx(LETTER_TEMPLATE, provincial_letter_context(movement, **fields))
