"""Award rules: eligibility and the cap, the vote threshold at its edges, completeness,
the exclusive closing moment, return and the decision."""

import re
from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import selectors, services
from awards.models import AwardProposal, AwardSettings, Nominee, ProposalState
from awards.rules import VoteRule
from movements.models import DeadlineKind
from registrations.models import Carrier, State
from tests.factories import MovementFactory, RegistrationFactory, extend

from .factories import (
    ACHIEVEMENT,
    LETTER,
    MEETING,
    PARTICULARS,
    REPORT,
    accepted,
    award_movement,
    complete_proposal,
    moment,
    sent_scorecard,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement():
    return award_movement()


@pytest.fixture
def proposal(movement, agency_a, clerk_a):
    return services.start_proposal(movement=movement, agency=agency_a, by=clerk_a)


# Eligibility


def test_only_the_agencys_accepted_registrations_of_the_movement_are_eligible(
    movement, proposal, agency_a, agency_b, leader_a
):
    mine = accepted(movement, agency_a, leader_a)
    theirs = accepted(movement, agency_b, leader_a)
    submitted = RegistrationFactory(movement=movement, agency=agency_a, state=State.SUBMITTED)
    other_year = accepted(MovementFactory(), agency_a, leader_a)
    assert list(services.eligible_registrations(proposal)) == [mine]
    for registration, message in [
        (theirs, "do chính đơn vị đăng ký"),
        (submitted, "chưa được Sở Nội vụ chấp thuận"),
        (other_year, "do chính đơn vị đăng ký"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.add_nominee(proposal=proposal, registration=registration, by=leader_a)
    services.add_nominee(proposal=proposal, registration=mine, by=leader_a)
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        services.add_nominee(proposal=proposal, registration=mine, by=leader_a)
    assert list(services.eligible_registrations(proposal)) == []


def test_the_number_of_nominees_is_capped_by_the_movement(movement, proposal, agency_a, leader_a):
    for _ in range(3):
        services.add_nominee(
            proposal=proposal, registration=accepted(movement, agency_a, leader_a), by=leader_a
        )
    with pytest.raises(ValidationError, match="tối đa 3 mô hình"):
        services.add_nominee(
            proposal=proposal, registration=accepted(movement, agency_a, leader_a), by=leader_a
        )
    assert Nominee.objects.count() == 3


# The vote threshold


@pytest.mark.parametrize(
    "base, strictly, votes, total, present, passes",
    [
        ("total", True, 5, 9, 6, True),  # 55.6% of 9
        ("total", True, 4, 8, 8, False),  # exactly 50% is not "more than"
        ("total", True, 5, 8, 5, True),
        ("total", False, 4, 8, 8, True),  # "at least 50%": the edge passes
        ("total", False, 3, 8, 8, False),
        ("present", True, 4, 9, 7, True),  # 57.1% of those present
        ("present", True, 3, 9, 6, False),  # exactly 50% of present
        ("present", False, 3, 9, 6, True),
        ("present", True, 4, 9, 6, True),
        ("total", True, 4, 9, 6, False),  # 4 of 9 all members: 44%
    ],
)
def test_vote_threshold_at_its_edges_for_both_bases(base, strictly, votes, total, present, passes):
    rule = VoteRule(threshold=Decimal(50), strictly_above=strictly, base=base)
    assert rule.passes(votes=votes, members_total=total, members_present=present) is passes


def test_a_nominee_below_the_threshold_cannot_be_proposed(movement, agency_a, leader_a):
    proposal = complete_proposal(movement, agency_a, leader_a)
    nominee = proposal.nominees.first()
    services.update_nominee(nominee=nominee, by=leader_a, votes_in_favour=4)  # 4/9
    missing = services.missing_for_submission(proposal)
    assert any("chưa đạt ngưỡng" in item for item in missing)
    with pytest.raises(ValidationError, match="chưa đạt ngưỡng"):
        services.submit_proposal(proposal=proposal, by=leader_a)


def test_votes_needed_for_the_hint(movement, proposal, leader_a):
    services.update_proposal(proposal=proposal, by=leader_a, members_total=9, members_present=8)
    proposal.refresh_from_db()
    assert services.votes_needed(proposal=proposal) == 5


# Completeness


def test_a_complete_proposal_has_nothing_missing_and_is_submitted(movement, agency_a, leader_a):
    proposal = complete_proposal(movement, agency_a, leader_a)
    assert services.missing_for_submission(proposal) == []
    services.submit_proposal(proposal=proposal, by=leader_a)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED and proposal.submitted_by == leader_a
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.update_proposal(proposal=proposal, by=leader_a, meeting_place="Hội trường")


@pytest.mark.parametrize(
    "breaks, expected",
    [
        ("no_nominee", "Chưa chọn mô hình nào"),
        ("meeting", "Biên bản họp: chủ trì"),
        ("letter", "Tờ trình: số tờ trình"),
        ("report", "Báo cáo đánh giá: bài học kinh nghiệm"),
        ("achievement", "báo cáo thành tích còn thiếu kết quả đạt được (có số liệu)"),
        ("situation", "báo cáo thành tích còn thiếu đặc điểm, tình hình của tập thể"),
        ("ballots", "Biên bản họp: số phiếu hợp lệ"),
        ("votes", "chưa nhập số phiếu đồng ý"),
        ("scorecard", "Bản chấm điểm tiêu chí của đơn vị chưa được gửi"),
        ("withdrawn", "không còn ở trạng thái đã chấp thuận"),
    ],
)
def test_every_completeness_rule_is_listed(movement, agency_a, leader_a, breaks, expected):
    proposal = services.start_proposal(movement=movement, agency=agency_a, by=leader_a)
    services.update_proposal(proposal=proposal, by=leader_a, **MEETING, **LETTER, **REPORT)
    nominee = None
    if breaks != "no_nominee":
        registration = accepted(movement, agency_a, leader_a)
        nominee = services.add_nominee(proposal=proposal, registration=registration, by=leader_a)
        services.update_nominee(
            nominee=nominee, by=leader_a, votes_in_favour=8, **ACHIEVEMENT, **PARTICULARS
        )
    if breaks != "scorecard":
        sent_scorecard(movement, agency_a, leader_a)
    if breaks == "meeting":
        services.update_proposal(proposal=proposal, by=leader_a, meeting_chair="")
    elif breaks == "letter":
        services.update_proposal(proposal=proposal, by=leader_a, letter_number="")
    elif breaks == "report":
        services.update_proposal(proposal=proposal, by=leader_a, report_lessons="")
    elif breaks == "achievement":
        services.update_nominee(nominee=nominee, by=leader_a, results="")
    elif breaks == "situation":
        services.update_nominee(nominee=nominee, by=leader_a, situation="")
    elif breaks == "ballots":
        services.update_proposal(proposal=proposal, by=leader_a, ballots_valid=None)
    elif breaks == "votes":
        services.update_nominee(nominee=nominee, by=leader_a, votes_in_favour=None)
    elif breaks == "withdrawn":
        type(nominee.registration).objects.filter(pk=nominee.registration_id).update(
            state=State.WITHDRAWN
        )
    proposal.refresh_from_db()
    missing = services.missing_for_submission(proposal)
    assert any(expected in item for item in missing), missing
    with pytest.raises(ValidationError):
        services.submit_proposal(proposal=proposal, by=leader_a)
    assert AwardProposal.objects.get(pk=proposal.pk).state == ProposalState.DRAFT


def test_present_cannot_exceed_total_and_votes_cannot_exceed_members(movement, proposal, leader_a):
    with pytest.raises(ValidationError, match="có mặt không thể nhiều hơn"):
        services.update_proposal(proposal=proposal, by=leader_a, members_total=5, members_present=6)


def test_before_the_15th_means_the_15th_is_late(agency_a, leader_a):
    """Seed 000: proposals reach Sở Nội vụ “trước ngày 15/12/2025”."""
    movement = award_movement(award_closes_at=moment(2025, 12, 15, 0, 0))
    proposal = complete_proposal(movement, agency_a, leader_a)
    assert services.missing_for_submission(proposal, now=moment(2025, 12, 14, 23, 59)) == []
    late = services.missing_for_submission(proposal, now=moment(2025, 12, 15, 0, 0))
    assert any("hạn cuối 23:59 ngày 14/12/2025" in item for item in late)
    with pytest.raises(ValidationError, match="hết hạn"):
        services.submit_proposal(proposal=proposal, by=leader_a, now=moment(2025, 12, 15, 8, 0))
    services.submit_proposal(proposal=proposal, by=leader_a, now=moment(2025, 12, 14, 23, 59))


def test_an_award_extension_lets_one_agency_submit_late(agency_a, leader_a, reviewer):
    movement = award_movement(award_closes_at=moment(2025, 12, 15, 0, 0))
    extend(movement, DeadlineKind.AWARD, agency_a, date(2025, 12, 19), by=reviewer)
    proposal = complete_proposal(movement, agency_a, leader_a)
    services.submit_proposal(proposal=proposal, by=leader_a, now=moment(2025, 12, 18, 9, 0))
    assert AwardProposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED


# Review and decision


def test_return_needs_a_reason_and_only_submitted_proposals(
    movement, agency_a, agency_b, leader_a, reviewer
):
    sent = complete_proposal(movement, agency_a, leader_a)
    services.submit_proposal(proposal=sent, by=leader_a)
    draft = services.start_proposal(movement=movement, agency=agency_b, by=leader_a)
    with pytest.raises(ValidationError, match="lý do"):
        services.return_proposals(proposals=[sent], by=reviewer, reason=" ")
    with pytest.raises(ValidationError, match="Không có thay đổi nào"):
        services.return_proposals(proposals=[sent, draft], by=reviewer, reason="Bổ sung")
    assert AwardProposal.objects.get(pk=sent.pk).state == ProposalState.SUBMITTED
    services.return_proposals(proposals=[sent], by=reviewer, reason="Bổ sung số liệu")
    sent.refresh_from_db()
    assert (sent.state, sent.return_reason) == (ProposalState.RETURNED, "Bổ sung số liệu")
    services.update_proposal(proposal=sent, by=leader_a, report_results="Có số liệu mới")
    services.submit_proposal(proposal=sent, by=leader_a)


def test_recording_the_decision_commends_the_awarded_nominees(
    movement, agency_a, leader_a, reviewer
):
    from datetime import date

    proposal = complete_proposal(movement, agency_a, leader_a)
    services.submit_proposal(proposal=proposal, by=leader_a)
    first, second = proposal.nominees.order_by("position")
    decision = services.record_decision(
        movement=movement,
        award_kind=movement.award_settings.award_kind,
        number="3001/QĐ-UBND",
        decided_on=date(2026, 1, 20),
        signer="Chủ tịch UBND tỉnh",
        nominees=[first],
        by=reviewer,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.decision == decision and second.decision is None
    assert AwardProposal.objects.get(pk=proposal.pk).state == ProposalState.DECIDED
    assert first.registration.nominations.filter(decision__isnull=False).exists()
    with pytest.raises(ValidationError, match="đã được ghi nhận|chưa có quyết định"):
        services.record_decision(
            movement=movement,
            award_kind=movement.award_settings.award_kind,
            number="3001/QĐ-UBND",
            decided_on=date(2026, 1, 20),
            signer="",
            nominees=[first],
            by=reviewer,
        )


def test_a_decision_only_covers_sent_proposals(movement, agency_a, leader_a, reviewer):
    from datetime import date

    proposal = complete_proposal(movement, agency_a, leader_a)
    with pytest.raises(ValidationError, match="đề nghị đã gửi"):
        services.record_decision(
            movement=movement,
            award_kind=movement.award_settings.award_kind,
            number="1/QĐ-UBND",
            decided_on=date(2026, 1, 20),
            signer="",
            nominees=list(proposal.nominees.all()),
            by=reviewer,
        )
    with pytest.raises(ValidationError, match="số và ngày"):
        services.record_decision(
            movement=movement,
            award_kind=movement.award_settings.award_kind,
            number="",
            decided_on=None,
            signer="",
            nominees=[],
            by=reviewer,
        )


def test_votes_cannot_exceed_the_members_present(movement, agency_a, leader_a):
    proposal = complete_proposal(movement, agency_a, leader_a)  # 9 members, 8 present, 7 votes
    nominee = proposal.nominees.first()
    with pytest.raises(ValidationError, match="nhiều hơn số thành viên có mặt"):
        services.update_nominee(nominee=nominee, by=leader_a, votes_in_favour=9)
    with pytest.raises(ValidationError, match="Hãy sửa số phiếu trước"):
        services.update_proposal(
            proposal=proposal,
            by=leader_a,
            members_total=3,
            members_present=3,
            ballots_issued=3,
            ballots_returned=3,
            ballots_valid=3,
        )
    proposal.refresh_from_db()
    assert (proposal.members_total, proposal.members_present) == (9, 8)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ballots_issued": 9}, "Số phiếu phát ra không thể nhiều hơn số thành viên có mặt (8)"),
        ({"ballots_returned": 9}, "Số phiếu thu về không thể nhiều hơn số phiếu phát ra (8)"),
        ({"ballots_valid": 9}, "Số phiếu hợp lệ không thể nhiều hơn số phiếu thu về (8)"),
        (
            {"meeting_started_at": time(16, 0), "meeting_ended_at": time(15, 0)},
            "Giờ kết thúc phải sau giờ bắt đầu",
        ),
        ({"minutes_number": "03/BB"}, "Chỉ ghi số"),
        ({"report_number": "x"}, "Chỉ ghi số"),
    ],
)
def test_the_minutes_must_add_up(movement, agency_a, leader_a, fields, message):
    proposal = complete_proposal(movement, agency_a, leader_a)  # 8 present, 8/8/8 ballots
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.update_proposal(proposal=proposal, by=leader_a, **fields)
    proposal.refresh_from_db()
    assert (proposal.ballots_issued, proposal.ballots_returned, proposal.ballots_valid) == (8, 8, 8)
    assert proposal.minutes_number == proposal.report_number == ""


def test_votes_cannot_exceed_the_valid_ballots(movement, agency_a, leader_a):
    proposal = complete_proposal(movement, agency_a, leader_a)  # 7 votes each
    with pytest.raises(ValidationError, match="số phiếu hợp lệ mới ít hơn số phiếu đồng ý"):
        services.update_proposal(proposal=proposal, by=leader_a, ballots_valid=6)
    for nominee in proposal.nominees.all():
        services.update_nominee(nominee=nominee, by=leader_a, votes_in_favour=6)
    services.update_proposal(proposal=proposal, by=leader_a, ballots_valid=6)
    with pytest.raises(ValidationError, match="số phiếu hợp lệ"):
        services.update_nominee(nominee=proposal.nominees.first(), by=leader_a, votes_in_favour=7)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024; Giấy khen", "Dòng 1 “2024; Giấy khen” cần đủ 3 phần"),
        ("2024; Giấy khen; QĐ 1\nhai mươi; Bằng khen; QĐ 2", "Dòng 2: năm “hai mươi”"),
        ("2024;;QĐ 1", "cần đủ 3 phần"),
    ],
)
def test_earlier_commendations_are_written_one_per_line(
    movement, agency_a, leader_a, text, message
):
    proposal = complete_proposal(movement, agency_a, leader_a)
    nominee = proposal.nominees.first()
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.update_nominee(nominee=nominee, by=leader_a, earlier_awards=text)
    nominee.refresh_from_db()
    assert nominee.earlier_awards == ""
    services.update_nominee(
        nominee=nominee, by=leader_a, earlier_awards="\n2023; Giấy khen; QĐ số 5\n\n"
    )
    assert services.earlier_awards(Nominee.objects.get(pk=nominee.pk).earlier_awards) == [
        services.EarlierAward("2023", "Giấy khen", "QĐ số 5")
    ]


def test_an_individual_is_asked_for_particulars_not_a_collectives_situation(
    movement, agency_a, leader_a
):
    proposal = complete_proposal(movement, agency_a, leader_a, nominees=0)
    person = accepted(
        movement, agency_a, leader_a, carrier=Carrier.INDIVIDUAL, person_name="Phạm Văn Đức"
    )
    nominee = services.add_nominee(proposal=proposal, registration=person, by=leader_a)
    services.update_nominee(nominee=nominee, by=leader_a, votes_in_favour=8, **ACHIEVEMENT)
    missing = " ".join(services.missing_for_submission(proposal))
    for label in ("ngày sinh", "giới tính", "quê quán", "nơi ở hiện nay", "trình độ chuyên môn"):
        assert label in missing, label
    assert "đặc điểm, tình hình" not in missing
    with pytest.raises(ValidationError, match="Ngày sinh phải trước ngày hôm nay"):
        services.update_nominee(nominee=nominee, by=leader_a, birth_date=date(2999, 1, 1))


def test_the_letter_number_is_digits_and_the_council_has_members(movement, proposal, leader_a):
    with pytest.raises(ValidationError, match="chỉ ghi số"):
        services.update_proposal(proposal=proposal, by=leader_a, letter_number="05/TTr-STP")
    with pytest.raises(ValidationError, match="ít nhất 1 thành viên"):
        services.update_proposal(proposal=proposal, by=leader_a, members_total=0)
    services.update_proposal(
        proposal=proposal, by=leader_a, letter_number="5", letter_symbol="TTr-STP"
    )
    proposal.refresh_from_db()
    assert proposal.letter_reference == "05/TTr-STP"


def test_the_vote_threshold_is_a_percentage(movement):
    settings = AwardSettings(movement=movement, vote_threshold=120)
    with pytest.raises(ValidationError, match="100"):
        settings.full_clean()


# Starting a proposal: the first write, never a read


def test_starting_records_who_and_why_and_happens_once(movement, agency_a, clerk_a, leader_a):
    first = services.start_proposal(movement=movement, agency=agency_a, by=clerk_a)
    again = services.start_proposal(movement=movement, agency=agency_a, by=leader_a)
    assert first.pk == again.pk and AwardProposal.objects.count() == 1
    (record,) = first.history.all()
    assert (record.history_user, record.history_change_reason) == (clerk_a, "Bắt đầu lập đề nghị")


def test_a_movement_without_awards_cannot_start_one(agency_a, clerk_a):
    movement = award_movement(award_kind=None)
    with pytest.raises(ValidationError, match="chưa mở đề nghị khen thưởng"):
        services.start_proposal(movement=movement, agency=agency_a, by=clerk_a)
    assert not AwardProposal.objects.exists()


def test_reading_the_proposal_starts_nothing(movement, agency_a):
    assert selectors.proposal_of(movement=movement, agency=agency_a) is None
    empty = selectors.unstarted_proposal(movement=movement, agency=agency_a)
    assert empty.pk is None and selectors.nominees_of(empty) == []
    assert "Chưa chọn mô hình nào để đề nghị" in services.missing_for_submission(empty)
    assert not AwardProposal.objects.exists()


def test_the_first_save_starts_the_proposal_and_a_refused_one_leaves_nothing(
    movement, agency_a, clerk_a
):
    empty = selectors.unstarted_proposal(movement=movement, agency=agency_a)
    with pytest.raises(ValidationError, match="Số tờ trình chỉ ghi số"):
        services.update_proposal(proposal=empty, by=clerk_a, letter_number="05/TTr")
    assert not AwardProposal.objects.exists()
    saved = services.update_proposal(proposal=empty, by=clerk_a, letter_number="5")
    assert AwardProposal.objects.get() == saved and saved.letter_number == "5"


def test_submitting_a_proposal_never_started_is_refused_and_starts_nothing(
    movement, agency_a, leader_a
):
    empty = selectors.unstarted_proposal(movement=movement, agency=agency_a)
    with pytest.raises(ValidationError, match="Chưa chọn mô hình nào để đề nghị"):
        services.submit_proposal(proposal=empty, by=leader_a)
    assert not AwardProposal.objects.exists()


# The sent dossier is stored after the commit


def stored_files():
    storage = AwardProposal._meta.get_field("dossier").storage
    try:
        return storage.listdir("ho-so-khen-thuong")[1]
    except FileNotFoundError:
        return []


def test_the_dossier_is_stored_only_once_the_submission_commits(
    movement, agency_a, leader_a, django_capture_on_commit_callbacks
):
    proposal = complete_proposal(movement, agency_a, leader_a)
    with django_capture_on_commit_callbacks() as after_commit:
        services.submit_proposal(proposal=proposal, by=leader_a)
        assert AwardProposal.objects.get().state == ProposalState.SUBMITTED
        assert not AwardProposal.objects.get().dossier  # nothing rendered inside
    for callback in after_commit:
        callback()
    stored = AwardProposal.objects.get().dossier
    assert stored.name.endswith(".pdf") and stored.open("rb").read().startswith(b"%PDF")


def test_a_failed_render_keeps_the_submission_and_is_logged(
    client, monkeypatch, caplog, movement, agency_a, leader_a, django_capture_on_commit_callbacks
):
    from awards import pdf

    def broken(proposal, request=None):
        raise OSError("hết dung lượng đĩa")

    proposal = complete_proposal(movement, agency_a, leader_a)
    monkeypatch.setattr(pdf, "dossier_pdf", broken)  # a fault at the render seam
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(proposal=proposal, by=leader_a)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED and not proposal.dossier
    assert f"Could not store the dossier of award proposal {proposal.pk}" in caplog.text
    monkeypatch.undo()
    client.force_login(leader_a)
    response = client.get(reverse("awards:dossier", args=[movement.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")  # live


def test_a_dossier_rendered_for_a_proposal_returned_meanwhile_is_dropped(
    movement, agency_a, leader_a, reviewer, django_capture_on_commit_callbacks
):
    from awards.storage import store_dossier

    proposal = complete_proposal(movement, agency_a, leader_a)
    files = set(stored_files())
    with django_capture_on_commit_callbacks():  # its render has not finished yet
        services.submit_proposal(proposal=proposal, by=leader_a)
    read_when_sent = AwardProposal.objects.select_related("movement", "agency").get()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_proposals(proposals=[proposal], by=reviewer, reason="Bổ sung")
    store_dossier(read_when_sent)  # … and now it finishes, too late
    assert not AwardProposal.objects.get().dossier
    assert set(stored_files()) == files
