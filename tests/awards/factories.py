"""A proposal ready to submit: accepted models, meeting, letter, report and a sent scorecard."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from awards import services
from awards.models import AwardKind
from registrations.models import State
from scoring import services as scoring
from tests.factories import MovementFactory, RegistrationFactory
from tests.scoring.factories import build_bands, build_sheet, full_answers

VN = ZoneInfo("Asia/Ho_Chi_Minh")

MEETING = {
    "meeting_date": date(2025, 12, 5),
    "meeting_place": "Phòng họp Sở Tư pháp",
    "meeting_chair": "Nguyễn Văn Minh",
    "meeting_secretary": "Trần Thị Lan",
    "members_total": 9,
    "members_present": 8,
    "meeting_started_at": time(14, 0),
    "meeting_ended_at": time(16, 30),
    "members_attending": "Nguyễn Văn Minh, Giám đốc\nTrần Thị Lan, Chánh Văn phòng",
    "ballots_issued": 8,
    "ballots_returned": 8,
    "ballots_valid": 8,
}
LETTER = {
    "letter_number": "5",
    "letter_symbol": "TTr-STP",
    "letter_date": date(2025, 12, 10),
    "letter_recipients": "Ủy ban nhân dân tỉnh (qua Sở Nội vụ)",
    "signer_authority": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Lê Thị Hồng",
}
REPORT = {
    "report_results": "Triển khai 6 mô hình, 100% cán bộ tham gia.",
    "report_limitations": "Một số mô hình chưa lan tỏa.",
    "report_lessons": "Lãnh đạo sát sao, phân công rõ ràng.",
    "report_proposals": "Đề nghị tỉnh tổ chức tập huấn.",
}
ACHIEVEMENT = {
    "summary": "Tiếp nhận hồ sơ tại nhà cho người cao tuổi.",
    "actions": "Lập tổ công tác, lịch trực hằng tuần.",
    "results": "312 hồ sơ được tiếp nhận tại nhà, 100% đúng hạn.",
    "effectiveness": "Người dân hài lòng; 3 xã học tập.",
    "replicability": "Nhân rộng ra toàn tỉnh.",
}
# Section I of the report: a collective's situation and an individual's particulars (each
# carrier's form reads its own; both are filled so any carrier is complete).
PARTICULARS = {
    "situation": "Phòng có 12 công chức; tiếp nhận hồ sơ hành chính tư pháp.",
    "birth_date": date(1980, 5, 12),
    "gender": "nam",
    "hometown": "Xã Phú Quới, tỉnh Vĩnh Long",
    "residence": "Phường 1, tỉnh Vĩnh Long",
    "qualification": "Cử nhân Luật",
    "duties": "Tiếp nhận, trả kết quả hồ sơ tư pháp.",
}


def award_kind():
    return AwardKind.objects.get_or_create(
        code="bang-khen", defaults={"name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"}
    )[0]


def award_movement(**overrides):
    """Open, awards closing in the future; threshold more than 50% of all members."""
    scheme, bands = build_bands()
    fields = {
        "criteria_set": build_sheet(),
        "band_scheme": scheme,
        "award_kind": award_kind(),
        "award_closes_at": timezone.now() + timedelta(days=20),
        "max_nominees": 3,
    }
    fields.update(overrides)
    return MovementFactory(**fields)


def accepted(movement, agency, by, **fields):
    return RegistrationFactory(
        movement=movement, agency=agency, created_by=by, state=State.ACCEPTED, **fields
    )


def sent_scorecard(movement, agency, by):
    card = scoring.start_scorecard(movement=movement, agency=agency, by=None)
    scoring.save_self_scores(scorecard=card, by=by, answers=full_answers(card.criteria_set))
    return scoring.submit_scorecard(scorecard=card, by=by)


def complete_proposal(movement, agency, by, *, nominees=2):
    """Everything filled in: ready for the leader to submit."""
    proposal = services.start_proposal(movement=movement, agency=agency, by=by)
    services.update_proposal(proposal=proposal, by=by, **MEETING, **LETTER, **REPORT)
    for i in range(nominees):
        nominee = services.add_nominee(
            proposal=proposal,
            registration=accepted(movement, agency, by, name=f"Mô hình tiêu biểu số {i + 1}"),
            by=by,
        )
        services.update_nominee(
            nominee=nominee, by=by, votes_in_favour=7, **ACHIEVEMENT, **PARTICULARS
        )
    sent_scorecard(movement, agency, by)
    proposal.refresh_from_db()
    return proposal


def moment(*args):
    return datetime(*args, tzinfo=VN)
