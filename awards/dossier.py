"""The award dossier (hồ sơ đề nghị khen thưởng, seed 000 IV.2) in the state format (Decree
30/2020), as data for its documents: a cover listing the contents, the Tờ trình with the list of
proposed awardees (landscape), the minutes of the evaluation meeting with the vote table, the
report on the year's work, the agency's criteria score sheet (from scoring) and one achievement
report per nominee. Rendered by awards.pdf and awards.docx, stored by awards.storage.

    dossier_parts(proposal)              -> [(template, context), ...] in the dossier's order
    dossier_html(proposal)               -> the dossier's HTML (the bench times WeasyPrint on it)
    Dossier(proposal).part("to-trinh")   -> (template, context): one document (see DOCUMENTS)

Everything is read up front in a fixed handful of queries, whatever the number of nominees.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404

from portal.documents import (
    cite_document,
    counted,
    criteria_set_citation,
    document_date,
    letter_number,
    movement_citation,
    paragraphs,
    percent,
    two_digits,
)
from portal.pdf import render_documents_html
from registrations.models import Carrier
from scoring.models import Scorecard, ScorecardState
from scoring.pdf import TEMPLATE as SCORE_SHEET_TEMPLATE
from scoring.pdf import score_sheet_context
from scoring.rules import sample_set_refusal
from scoring.selectors import scoring_settings_for

from .models import AwardProposal, Nominee
from .rules import VoteRule
from .selectors import award_settings_for
from .services import EarlierAward, earlier_awards, vote_passes, votes_needed

COVER = "awards/documents/cover.html"
LETTER = "awards/documents/letter.html"
MINUTES = "awards/documents/minutes.html"
REPORT = "awards/documents/report.html"
MISSING = "awards/documents/missing.html"
ACHIEVEMENT = "awards/documents/achievement.html"

# The names of the documents one can download alone; an achievement report is
# "thanh-tich-<nominee pk>".
DOCUMENTS = {
    "bia": "Bìa hồ sơ",
    "to-trinh": "Tờ trình và danh sách đề nghị khen thưởng",
    "bien-ban": "Biên bản họp bình xét",
    "bao-cao": "Báo cáo đánh giá kết quả",
    "ban-cham-diem": "Bản chấm điểm tiêu chí",
}
ACHIEVEMENT_PREFIX = "thanh-tich-"

# Seed 000 IV.2: “Hồ sơ khen thưởng lập thành 02 bộ”.
DOSSIER_SETS = 2
SENT_SCORECARD_STATES = (ScorecardState.SUBMITTED, ScorecardState.FINALISED)

# The dossier's data, read once


@dataclass
class NomineeLine:
    """One nominee as every document shows it."""

    nominee: Nominee
    number: int  # 1, 2, … within its group (collectives, then individuals)
    votes: int | None
    base: int | None
    share: Decimal | None
    passes: bool

    @property
    def registration(self):
        return self.nominee.registration

    @property
    def pk(self):
        return self.nominee.pk

    @property
    def is_collective(self):
        return self.registration.carrier == Carrier.COLLECTIVE

    @property
    def carrier_name(self):
        return self.registration.carrier_name or "…"

    @property
    def votes_text(self):
        """“8/9 (88,89%)”."""
        if self.votes is None:
            return "Chưa bỏ phiếu"
        text = f"{self.votes}/{self.base or '…'}"
        return f"{text} ({percent(self.share)})" if self.share is not None else text

    @property
    def result(self):
        return "Đạt" if self.passes else "Không đạt"

    @property
    def document_name(self):
        return f"{ACHIEVEMENT_PREFIX}{self.pk}"

    @property
    def bookmark(self):
        return f"Báo cáo thành tích – {self.carrier_name}"


class Dossier:
    """A proposal with everything its documents show, read in a fixed number of queries."""

    def __init__(self, proposal):
        self.proposal = (
            AwardProposal.objects.select_related(
                "movement__scoring_settings__criteria_set",
                "movement__award_settings",
                "agency__parent",
                "award_kind",
            )
            .prefetch_related(
                Prefetch(
                    "nominees",
                    queryset=Nominee.objects.select_related("registration__field").order_by(
                        "position", "pk"
                    ),
                )
            )
            .get(pk=proposal.pk)
        )
        self.movement = self.proposal.movement
        self.agency = self.proposal.agency

    # The agency, its symbol and the signer

    @cached_property
    def symbol_suffix(self) -> str:
        """“STP” from the letter's “TTr-STP”: the agency's part of every symbol it issues."""
        symbol = self.proposal.letter_symbol.strip()
        if "-" in symbol:
            return symbol.split("-", 1)[1]
        return self.agency.code

    def symbol(self, kind: str) -> str:
        return f"{kind}-{self.symbol_suffix}"

    def reference(self, number: str, kind: str) -> str:
        """“03/BB-STP” once numbered; empty leaves “Số:      /BB-STP” to fill in by hand."""
        return letter_number(number, self.symbol(kind)) if number else ""

    @cached_property
    def base_context(self) -> dict:
        movement, agency = self.movement, self.agency
        return {
            "proposal": self.proposal,
            "movement": movement,
            "agency": agency,
            "award_kind": self.proposal.award_kind,
            "parent_body": agency.parent.name
            if agency.parent_id
            else f"UBND tỉnh {movement.province}",
            "issuing_body": agency.name,
            "place": movement.province,
            "issued_on": self.proposal.letter_date,
        }

    @cached_property
    def signature(self) -> dict:
        return {
            "sign_authority": paragraphs(self.proposal.signer_authority),
            "sign_title": self.proposal.signer_title,
            "signer_name": self.proposal.signer_name,
        }

    @cached_property
    def addressees(self) -> list[str]:
        return paragraphs(self.proposal.letter_recipients)

    @cached_property
    def recipient_in_text(self) -> str:
        """Whom the body addresses: the first addressee without “(qua <coordinator>)”."""
        first = self.addressees[0] if self.addressees else "Ủy ban nhân dân tỉnh"
        return re.sub(r"\s*\([^)]*\)\s*$", "", first) or first

    # Nominees and votes

    @cached_property
    def vote_rule(self) -> VoteRule:
        return VoteRule.of(award_settings_for(self.movement))

    @cached_property
    def vote_base(self) -> int | None:
        return self.vote_rule.base_count(
            members_total=self.proposal.members_total,
            members_present=self.proposal.members_present,
        )

    @cached_property
    def nominees(self) -> list[NomineeLine]:
        """Collectives first, then individuals, each in the proposal's order."""
        proposal = self.proposal
        rows = list(proposal.nominees.all())
        ordered = [n for n in rows if n.registration.carrier == Carrier.COLLECTIVE]
        ordered += [n for n in rows if n.registration.carrier != Carrier.COLLECTIVE]
        result, counters = [], {}
        for nominee in ordered:
            carrier = nominee.registration.carrier
            counters[carrier] = counters.get(carrier, 0) + 1
            result.append(
                NomineeLine(
                    nominee=nominee,
                    number=counters[carrier],
                    votes=nominee.votes_in_favour,
                    base=self.vote_base,
                    share=self.vote_rule.share(
                        votes=nominee.votes_in_favour,
                        members_total=proposal.members_total,
                        members_present=proposal.members_present,
                    ),
                    passes=vote_passes(
                        votes=nominee.votes_in_favour, proposal=proposal, rule=self.vote_rule
                    ),
                )
            )
        return result

    @cached_property
    def collectives(self) -> list[NomineeLine]:
        return [n for n in self.nominees if n.is_collective]

    @cached_property
    def individuals(self) -> list[NomineeLine]:
        return [n for n in self.nominees if not n.is_collective]

    @cached_property
    def counts_text(self) -> str:
        """“02 tập thể và 01 cá nhân”; “không có tập thể, cá nhân nào” for none."""
        return counted(
            len(self.collectives), len(self.individuals), none="không có tập thể, cá nhân nào"
        )

    @cached_property
    def threshold_text(self) -> str:
        """The movement's pass rule in words: “trên 50% tổng số thành viên Hội đồng”."""
        return self.vote_rule.sentence

    @cached_property
    def votes_needed(self) -> int | None:
        return votes_needed(proposal=self.proposal, rule=self.vote_rule)

    # The documents read for the cover and the legal bases

    @cached_property
    def scorecard(self) -> Scorecard | None:
        """The agency's sent (or appraised) scorecard in this movement, if any."""
        return (
            Scorecard.objects.filter(
                movement_id=self.movement.pk,
                agency_id=self.agency.pk,
                state__in=SENT_SCORECARD_STATES,
            )
            .only("pk", "state")
            .first()
        )

    @cached_property
    def criteria_basis(self) -> str:
        """“Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU ngày 31/5/2023 …” if the set names it."""
        return criteria_set_citation(scoring_settings_for(self.movement).criteria_set)

    def letter_citation(self, subject: str = "") -> str:
        """“Tờ trình số 05/TTr-STP ngày 10/12/2025 của Sở Tư pháp”; blanks while unnumbered."""
        proposal = self.proposal
        return cite_document(
            kind="Tờ trình",
            number=proposal.letter_number,
            symbol=proposal.letter_symbol,
            issued_on=proposal.letter_date,
            issuer=self.agency.name,
            subject=subject,
            blanks=True,
        )

    @cached_property
    def letter_title(self) -> str:
        return self.letter_citation()

    @cached_property
    def minutes_title(self) -> str:
        """“Biên bản họp bình xét ngày 05/12/2025 của Sở Tư pháp”."""
        return cite_document(
            kind="Biên bản họp bình xét",
            issued_on=self.proposal.meeting_date,
            issuer=self.agency.name,
        )

    @cached_property
    def report_summary(self) -> str:
        return (
            "Đánh giá kết quả thực hiện công tác dân vận chính quyền và mô hình "
            f"“Dân vận khéo” năm {self.movement.year}"
        )

    @cached_property
    def legal_bases(self) -> list[str]:
        movement, proposal = self.movement, self.proposal
        bases = [
            f"Căn cứ {text}" for text in (movement_citation(movement), self.criteria_basis) if text
        ]
        bases.append(
            f"Căn cứ kết quả họp bình xét ngày {document_date(proposal.meeting_date)} "
            f"của {self.agency.name}"
        )
        return [f"{text};" for text in bases[:-1]] + [f"{bases[-1]}."]

    # The parts

    def cover(self):
        proposal = self.proposal
        contents = [
            (
                self.letter_citation(f"về việc đề nghị tặng {proposal.award_kind.name}")
                + f", kèm theo Danh sách đề nghị khen thưởng ({self.counts_text}).",
                [],
            ),
            (f"{self.minutes_title}.", []),
            (f"Báo cáo {self.report_summary[0].lower()}{self.report_summary[1:]}.", []),
        ]
        sheet = f"Bản chấm điểm tiêu chí năm {self.movement.year}"
        if self.criteria_basis:
            sheet += f" theo {self.criteria_basis}"
        if self.scorecard is None:
            sheet += " (đơn vị chưa gửi bản chấm điểm)"
        contents.append((f"{sheet}.", []))
        reports = f"{two_digits(len(self.nominees))} bản" if self.nominees else "chưa có"
        contents.append(
            (
                f"Báo cáo thành tích của các tập thể, cá nhân được đề nghị ({reports})"
                + (":" if self.nominees else "."),
                [
                    f"{line.carrier_name} – mô hình “{line.registration.name}”."
                    for line in self.nominees
                ],
            )
        )
        return COVER, {
            **self.base_context,
            "title": f"Hồ sơ đề nghị khen thưởng – {self.agency.name} – năm {self.movement.year}",
            "doc_type": "HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG",
            "summary": f"Đề nghị tặng {proposal.award_kind.name}",
            "bookmark": "Bìa hồ sơ – Thành phần hồ sơ",
            "contents": contents,
            "counts_text": self.counts_text,
            "sets": two_digits(DOSSIER_SETS),
        }

    def letter(self):
        proposal = self.proposal
        return LETTER, {
            **self.base_context,
            **self.signature,
            "title": " ".join(filter(None, ["Tờ trình", proposal.letter_reference]))
            + f" – {self.agency.name}",
            "number": proposal.letter_reference,
            "symbol": proposal.letter_symbol,
            "doc_type": "TỜ TRÌNH",
            "summary": (
                f"Về việc đề nghị tặng {proposal.award_kind.name} cho tập thể, cá nhân có mô hình "
                f"“Dân vận khéo” tiêu biểu năm {self.movement.year}"
            ),
            "legal_bases": self.legal_bases,
            "addressees": self.addressees,
            "recipient_in_text": self.recipient_in_text,
            "recipients": ["Như trên;", f"Lưu: VT, {self.symbol_suffix}."],
            "letter_title": self.letter_title,
            "meeting_on": document_date(proposal.meeting_date),
            "counts_text": self.counts_text,
            "collectives": self.collectives,
            "individuals": self.individuals,
            "base_label": self.vote_rule.base_words,
        }

    def minutes(self):
        proposal = self.proposal
        absent = None
        if proposal.members_total is not None and proposal.members_present is not None:
            absent = proposal.members_total - proposal.members_present
        passed = [n for n in self.nominees if n.passes]
        return MINUTES, {
            **self.base_context,
            "title": f"Biên bản họp bình xét – {self.agency.name} – năm {self.movement.year}",
            "number": self.reference(proposal.minutes_number, "BB"),
            "symbol": self.symbol("BB"),
            "attending": paragraphs(proposal.members_attending),
            "absentees": paragraphs(proposal.members_absent),
            "recipients": [
                "Hồ sơ đề nghị khen thưởng;",
                "Thành viên Hội đồng;",
                f"Lưu: VT, {self.symbol_suffix}.",
            ],
            "issued_on": proposal.meeting_date,
            "doc_type": "BIÊN BẢN",
            "summary": (
                f"Họp bình xét đề nghị tặng {proposal.award_kind.name} cho tập thể, cá nhân có "
                f"mô hình “Dân vận khéo” tiêu biểu năm {self.movement.year}"
            ),
            "absent": absent,
            "counts_text": self.counts_text,
            "nominees": self.nominees,
            "passed": passed,
            "passed_text": two_digits(len(passed)),
            "threshold_text": self.threshold_text,
            "votes_needed": self.votes_needed,
            "vote_base": self.vote_base,
            "base_label": self.vote_rule.base_words,
        }

    def report(self):
        proposal = self.proposal
        sections = [
            ("I", "KẾT QUẢ ĐẠT ĐƯỢC", proposal.report_results),
            ("II", "HẠN CHẾ, NGUYÊN NHÂN", proposal.report_limitations),
            ("III", "BÀI HỌC KINH NGHIỆM", proposal.report_lessons),
            ("IV", "ĐỀ XUẤT, KIẾN NGHỊ", proposal.report_proposals),
        ]
        return REPORT, {
            **self.base_context,
            **self.signature,
            "title": f"Báo cáo đánh giá kết quả – {self.agency.name} – năm {self.movement.year}",
            "number": self.reference(proposal.report_number, "BC"),
            "symbol": self.symbol("BC"),
            "doc_type": "BÁO CÁO",
            "summary": self.report_summary,
            "addressees": self.addressees,
            "recipients": ["Như trên;", f"Lưu: VT, {self.symbol_suffix}."],
            "sections": [(n, heading, paragraphs(text)) for n, heading, text in sections],
        }

    def score_sheet(self):
        # A sample criteria set never prints as an official sheet (scoring.rules); the dossier
        # says why in its place.
        refusal = sample_set_refusal(scoring_settings_for(self.movement).criteria_set)
        if self.scorecard is not None and not refusal:
            return SCORE_SHEET_TEMPLATE, score_sheet_context(
                self.scorecard, issued_on=self.proposal.letter_date, signature=self.signature
            )
        return MISSING, {
            **self.base_context,
            "title": f"Bản chấm điểm tiêu chí – {self.agency.name} – năm {self.movement.year}",
            "issued_on": None,
            "doc_type": "BẢN CHẤM ĐIỂM TIÊU CHÍ",
            "summary": f"Đánh giá công tác dân vận chính quyền năm {self.movement.year}",
            "bookmark": f"Bản chấm điểm tiêu chí năm {self.movement.year} (chưa có)",
            "criteria_basis": self.criteria_basis,
            "refusal": refusal,
        }

    def achievement(self, line: NomineeLine):
        """The achievement report as the decree's forms lay it out: I. the collective's
        situation or the individual's particulars, II. the achievements in the movement,
        III. the commendations already received."""
        nominee, registration = line.nominee, line.registration
        achievements = [
            ("1", "Tóm tắt mô hình", nominee.summary),
            ("2", "Những việc đã làm", nominee.actions),
            ("3", "Kết quả đạt được", nominee.results),
            ("4", "Hiệu quả, sức lan tỏa", nominee.effectiveness),
            ("5", "Khả năng nhân rộng", nominee.replicability),
        ]
        settings = award_settings_for(self.movement)
        try:
            awards_before = earlier_awards(nominee.earlier_awards)
        except ValidationError:  # saved before the rule: printed as written, one per line
            awards_before = [
                EarlierAward("", text, "") for text in paragraphs(nominee.earlier_awards)
            ]
        return ACHIEVEMENT, {
            **self.base_context,
            **self.signature,
            "title": f"Báo cáo thành tích – {line.carrier_name}",
            "doc_type": "BÁO CÁO THÀNH TÍCH",
            "summary": (
                f"Đề nghị tặng {self.proposal.award_kind.name} cho "
                f"{'tập thể' if line.is_collective else 'cá nhân'} có mô hình “Dân vận khéo” "
                f"tiêu biểu năm {self.movement.year}"
            ),
            "form_label": settings.collective_form
            if line.is_collective
            else settings.individual_form,
            "bookmark": line.bookmark,
            "line": line,
            "nominee": nominee,
            "registration": registration,
            "situation": paragraphs(nominee.situation),
            "duties": paragraphs(nominee.duties),
            "achievements": [(n, heading, paragraphs(text)) for n, heading, text in achievements],
            "earlier_awards": awards_before,
        }

    def parts(self) -> list[tuple[str, dict]]:
        return [
            self.cover(),
            self.letter(),
            self.minutes(),
            self.report(),
            self.score_sheet(),
            *(self.achievement(line) for line in self.nominees),
        ]

    def part(self, name: str) -> tuple[str, dict]:
        builders = {
            "bia": self.cover,
            "to-trinh": self.letter,
            "bien-ban": self.minutes,
            "bao-cao": self.report,
            "ban-cham-diem": self.score_sheet,
        }
        if name in builders:
            return builders[name]()
        if name.startswith(ACHIEVEMENT_PREFIX):
            for line in self.nominees:
                if line.document_name == name:
                    return self.achievement(line)
        raise Http404(f"Hồ sơ không có văn bản “{name}”.")

    @property
    def title(self) -> str:
        return f"Hồ sơ đề nghị khen thưởng – {self.agency.name} – năm {self.movement.year}"


# The public helpers


def dossier_parts(proposal) -> list[tuple[str, dict]]:
    """Every document of the dossier, in order: cover, Tờ trình with the list, minutes, report,
    score sheet (or a page saying it is missing), one achievement report per nominee."""
    return Dossier(proposal).parts()


def dossier_html(proposal, request=None) -> str:
    dossier = Dossier(proposal)
    return render_documents_html(dossier.parts(), title=dossier.title, request=request)
