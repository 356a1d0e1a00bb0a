"""“Bản chấm điểm tiêu chí” as a PDF in the state format (Decree 30/2020), for the agency to sign
and for the award dossier. A fixed handful of queries, whatever the size of the sheet.

It is the agency's document: dated the day the agency sent it and signed by whoever sent it
(inside a dossier, the proposal's signer and the letter's date), with the coordinator's
appraisal in its own column. A sample criteria set never gives one (scoring.rules)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from portal.documents import criteria_set_citation
from portal.docx import render_docx
from portal.pdf import render_pdf

from .models import CriterionKind, Scorecard, ScorecardState
from .rules import SUPERIOR_NOTE, check_official_sheet
from .selectors import answers_of, band_for, scoring_settings_for
from .selectors import final_points as leaf_final
from .selectors import self_points as leaf_self

TEMPLATE = "scoring/score_sheet.html"
KIND_MARKS = {CriterionKind.BONUS: "Điểm thưởng", CriterionKind.DEDUCTION: "Điểm trừ"}


@dataclass
class SheetLine:
    code: str
    text: str
    depth: int
    is_group: bool
    kind: str
    kind_mark: str
    max_points: Decimal
    self_points: Decimal | None
    appraised_points: Decimal | None
    note: str
    superior: bool = False  # scored by the level above: no self-score column

    @property
    def changed(self):
        return (
            not self.is_group
            and self.appraised_points is not None
            and self.appraised_points != self.self_points
        )


def _lines(rows, *, appraised) -> list[SheetLine]:
    lines = []
    for row in rows:
        criterion, entry = row.criterion, row.entry
        is_group = not criterion.is_leaf
        if is_group:
            self_points, final = row.group_self, row.group_appraised
        else:
            self_points, final = leaf_self(criterion, entry), leaf_final(criterion, entry)
        superior = criterion.scored_by_superior
        if superior:
            self_points = None
        mark = KIND_MARKS.get(criterion.kind, "")
        # A group whose own text already says “Điểm thưởng” needs no mark beside it.
        if mark and (criterion.parent_id is not None or mark.lower() in criterion.text.lower()):
            mark = ""
        if superior and criterion.parent_id is None and "cấp trên" not in criterion.text.lower():
            mark = SUPERIOR_NOTE
        lines.append(
            SheetLine(
                code=criterion.code,
                text=criterion.text,
                depth=criterion.depth,
                is_group=is_group,
                kind=criterion.kind,
                kind_mark=mark,
                max_points=(
                    -criterion.max_points
                    if criterion.kind == CriterionKind.DEDUCTION
                    else criterion.max_points
                ),
                self_points=self_points,
                appraised_points=final if appraised else None,
                note=(entry.appraisal_note if entry and appraised else ""),
                superior=superior,
            )
        )
    return lines


def score_sheet_context(scorecard, *, issued_on=None, signer_name="", signature=None) -> dict:
    """The sheet's context. ``issued_on`` defaults to the day the agency sent the scorecard,
    never the day it was appraised; ``signature`` ({sign_authority, sign_title, signer_name}, as
    an award dossier's) defaults to the leader who sent it."""
    scorecard = Scorecard.objects.select_related(
        "movement", "agency__parent", "criteria_set", "band", "submitted_by"
    ).get(pk=scorecard.pk)
    movement, agency, criteria_set = scorecard.movement, scorecard.agency, scorecard.criteria_set
    appraised = scorecard.state == ScorecardState.FINALISED
    sheet = answers_of(scorecard, whole_tree=True)  # the rows and the totals from one read
    totals = sheet.totals()
    lines = _lines(sheet.rows(), appraised=appraised)
    if appraised:
        classification = scorecard.classification
        self_classified = ""
    else:
        band = band_for(scheme=scoring_settings_for(movement).band_scheme, total=totals.self_total)
        classification = ""
        self_classified = band.name if band else ""
    if issued_on is None and scorecard.submitted_at:
        issued_on = timezone.localdate(scorecard.submitted_at)
    sender = scorecard.submitted_by
    if signature is None:
        signature = {
            "sign_authority": [],
            "sign_title": (sender.position if sender else "") or "Thủ trưởng cơ quan",
            "signer_name": signer_name or (sender.get_full_name() if sender else ""),
        }
    return {
        "title": f"Bản chấm điểm tiêu chí – {agency.name} – năm {movement.year}",
        "scorecard": scorecard,
        "movement": movement,
        "agency": agency,
        "criteria_set": criteria_set,
        # The set as issued: “Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU ngày 31/5/2023 của …”.
        "criteria_basis": criteria_set_citation(criteria_set),
        "parent_body": agency.parent.name if agency.parent_id else f"UBND tỉnh {movement.province}",
        "issuing_body": agency.name,
        "place": movement.province,
        "issued_on": issued_on,
        "doc_type": "BẢN CHẤM ĐIỂM TIÊU CHÍ",
        "summary": f"Đánh giá công tác dân vận chính quyền năm {movement.year}",
        "bookmark": f"Bản chấm điểm tiêu chí năm {movement.year}",
        "lines": lines,
        "totals": totals,
        "max_total": criteria_set.max_total,
        "appraised": appraised,
        "classification": classification,
        "self_classified": self_classified,
        **signature,
        # A form without a named signer asks for the name and the seal.
        "sign_note": "" if signature.get("signer_name") else "(Ký, ghi rõ họ tên, đóng dấu)",
    }


def score_sheet_pdf(scorecard, *, issued_on=None, signer_name="", request=None) -> bytes:
    """The sheet with max, self and (once finalised) appraised points, totals and the band.
    Refused (ValidationError) for a sample criteria set: no official sheet comes from it."""
    context = score_sheet_context(scorecard, issued_on=issued_on, signer_name=signer_name)
    check_official_sheet(context["criteria_set"])
    return render_pdf(TEMPLATE, context, request=request)


def score_sheet_docx(scorecard, *, issued_on=None, signer_name="", request=None) -> bytes:
    """The same sheet as DOCX, to adjust before signing."""
    context = score_sheet_context(scorecard, issued_on=issued_on, signer_name=signer_name)
    return render_docx(TEMPLATE, context, request=request)
