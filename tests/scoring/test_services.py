"""Scoring rules: bounds per kind, submission blocking, appraisal notes, bands at their edges,
the override, and the frozen criteria set."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from scoring import services
from scoring.models import Criterion, ScorecardState, ScoreEntry
from scoring.selectors import band_for, scorecard_totals
from tests.factories import MovementFactory

from .factories import build_bands, build_sheet, full_answers, leaf

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet():
    return build_sheet()


@pytest.fixture
def bands():
    return build_bands()


@pytest.fixture
def scoring_movement(sheet, bands):
    scheme, by_name = bands
    return MovementFactory(criteria_set=sheet, band_scheme=scheme, target_band=by_name["Khá"])


@pytest.fixture
def scorecard(scoring_movement, agency_a):
    return services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)


def submitted_card(scorecard, clerk, leader, **points):
    services.save_self_scores(
        scorecard=scorecard, by=clerk, answers=full_answers(scorecard.criteria_set, **points)
    )
    return services.submit_scorecard(scorecard=scorecard, by=leader)


# The tree


def test_a_group_maximum_must_equal_the_sum_of_its_children(sheet):
    Criterion.objects.filter(criteria_set=sheet, code="1.1").update(max_points=5)
    with pytest.raises(
        ValidationError, match="Nhóm 1: điểm tối đa 10 nhưng tổng các tiêu chí con là 11"
    ):
        services.validate_tree(sheet)


def test_the_set_total_counts_scoring_and_bonus_groups_not_deductions(sheet):
    sheet.max_total = Decimal("25")
    sheet.save()
    with pytest.raises(ValidationError, match="cộng lại là 20"):
        services.validate_tree(sheet)


def test_children_must_share_their_groups_kind(sheet):
    Criterion.objects.filter(criteria_set=sheet, code="3.1").update(kind="ordinary")
    with pytest.raises(ValidationError, match="cùng loại với nhóm 3"):
        services.validate_tree(sheet)


def test_only_leaves_are_scored(sheet):
    assert set(
        Criterion.objects.filter(criteria_set=sheet, is_leaf=True).values_list("code", flat=True)
    ) == {
        "1.1",
        "1.2.a",
        "1.2.b",
        "2.1",
        "3.1",
        "4.1",
    }


# Self-scoring


@pytest.mark.parametrize(
    "code, raw, ok",
    [
        ("1.1", "0", True),
        ("1.1", "4", True),
        ("1.1", "4,01", False),
        ("1.1", "-1", False),
        ("1.1", "3,5", True),
        ("1.1", "3.25", True),
        ("1.1", "3.255", False),
        ("1.1", "bốn", False),
        ("4.1", "-5", True),
        ("4.1", "0", True),
        ("4.1", "1", False),
        ("4.1", "-5,5", False),
        ("3.1", "2", True),
        ("3.1", "2,5", False),
    ],
)
def test_points_stay_within_the_bounds_of_their_kind(scorecard, clerk_a, code, raw, ok):
    criterion = leaf(scorecard.criteria_set, code)
    answers = {criterion.pk: {"points": raw}}
    if ok:
        services.save_self_scores(scorecard=scorecard, by=clerk_a, answers=answers)
        entry = ScoreEntry.objects.get(scorecard=scorecard, criterion=criterion)
        assert entry.self_points == Decimal(raw.replace(",", "."))
    else:
        with pytest.raises(ValidationError, match=f"Tiêu chí {code}"):
            services.save_self_scores(scorecard=scorecard, by=clerk_a, answers=answers)
        assert not ScoreEntry.objects.filter(scorecard=scorecard).exists()


def test_one_bad_answer_saves_none_of_the_others(scorecard, clerk_a):
    answers = full_answers(scorecard.criteria_set, **{"2_1": "9"})
    with pytest.raises(ValidationError):
        services.save_self_scores(scorecard=scorecard, by=clerk_a, answers=answers)
    assert not ScoreEntry.objects.filter(scorecard=scorecard).exists()


def test_totals_are_summed_by_the_database(scorecard, clerk_a):
    services.save_self_scores(
        scorecard=scorecard,
        by=clerk_a,
        answers=full_answers(scorecard.criteria_set, **{"1_1": "3,5", "4_1": "-2"}),
    )
    totals = scorecard_totals(scorecard)
    assert totals.self_total == Decimal("17.5")  # 3.5 + 3 + 3 + 8 + 2 − 2
    assert (totals.answered, totals.leaves) == (6, 6)


def test_an_unanswered_leaf_blocks_submission_and_is_listed(scorecard, clerk_a, leader_a):
    answers = full_answers(scorecard.criteria_set)
    del answers[leaf(scorecard.criteria_set, "2.1").pk]
    services.save_self_scores(scorecard=scorecard, by=clerk_a, answers=answers)
    with pytest.raises(ValidationError, match=r"Còn thiếu: 2\.1 \(chưa chấm điểm\)"):
        services.submit_scorecard(scorecard=scorecard, by=leader_a)
    scorecard.refresh_from_db()
    assert scorecard.state == ScorecardState.DRAFT


def test_required_evidence_blocks_submission(scorecard, clerk_a, leader_a):
    answers = full_answers(scorecard.criteria_set)
    answers[leaf(scorecard.criteria_set, "1.2.b").pk]["evidence_note"] = ""
    services.save_self_scores(scorecard=scorecard, by=clerk_a, answers=answers)
    with pytest.raises(ValidationError, match=r"1\.2\.b \(thiếu minh chứng\)"):
        services.submit_scorecard(scorecard=scorecard, by=leader_a)


def test_after_submission_the_agency_cannot_change_it_until_returned(
    scorecard, clerk_a, leader_a, reviewer
):
    submitted_card(scorecard, clerk_a, leader_a)
    one = {leaf(scorecard.criteria_set, "1.1").pk: {"points": "1"}}
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.save_self_scores(scorecard=scorecard, by=clerk_a, answers=one)
    services.return_scorecard(scorecard=scorecard, by=reviewer, reason="Bổ sung minh chứng 2.1")
    services.save_self_scores(scorecard=scorecard, by=clerk_a, answers=one)
    assert ScoreEntry.objects.get(criterion__code="1.1", scorecard=scorecard).self_points == 1


def test_evidence_files_are_limited_in_type_and_size(scorecard, clerk_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    criterion = leaf(scorecard.criteria_set, "1.1")
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError, match="PDF, DOCX, XLSX"):
        services.save_self_scores(
            scorecard=scorecard,
            by=clerk_a,
            answers={criterion.pk: {"points": "1", "evidence_file": bad}},
        )
    big = SimpleUploadedFile("bien-ban.pdf", b"x" * (services.EVIDENCE_MAX_BYTES + 1))
    with pytest.raises(ValidationError, match="10 MB"):
        services.save_self_scores(
            scorecard=scorecard,
            by=clerk_a,
            answers={criterion.pk: {"points": "1", "evidence_file": big}},
        )


# Appraisal, bands, override


def test_changing_a_score_requires_a_note(scorecard, clerk_a, leader_a, reviewer):
    submitted_card(scorecard, clerk_a, leader_a)
    criterion = leaf(scorecard.criteria_set, "2.1")
    with pytest.raises(ValidationError, match="2.1: thay đổi điểm phải ghi rõ lý do"):
        services.appraise(scorecard=scorecard, by=reviewer, changes={criterion.pk: ("5", "")})
    services.appraise(
        scorecard=scorecard, by=reviewer, changes={criterion.pk: ("5", "Chỉ đối thoại 2/4 quý")}
    )
    entry = ScoreEntry.objects.get(scorecard=scorecard, criterion=criterion)
    assert (entry.self_points, entry.appraised_points) == (8, 5)
    assert entry.history.first().history_user == reviewer


def test_finalising_stores_totals_band_who_and_when(scorecard, clerk_a, leader_a, reviewer):
    submitted_card(scorecard, clerk_a, leader_a)
    criterion = leaf(scorecard.criteria_set, "2.1")
    services.appraise(scorecard=scorecard, by=reviewer, changes={criterion.pk: ("5", "Thiếu")})
    services.finalise_scorecard(scorecard=scorecard, by=reviewer, note="Cần chú trọng đối thoại")
    scorecard.refresh_from_db()
    assert (scorecard.self_total, scorecard.appraised_total) == (20, 17)
    assert scorecard.band.name == "Tốt"
    assert scorecard.finalised_by == reviewer and scorecard.finalised_at is not None
    assert scorecard.state == ScorecardState.FINALISED
    assert scorecard.history.first().history_change_reason == "Thẩm định xong"


@pytest.mark.parametrize(
    "total, band",
    [
        ("16", "Tốt"),
        ("15.99", "Khá"),
        ("13", "Khá"),
        ("12.99", "Trung bình"),
        ("10", "Trung bình"),
        ("9.99", "Yếu"),
        ("0", "Yếu"),
    ],
)
def test_bands_at_their_edges(bands, total, band):
    scheme, _ = bands
    assert band_for(scheme=scheme, total=Decimal(total)).name == band


def test_an_appraiser_lowering_a_score_can_move_the_band(scorecard, clerk_a, leader_a, reviewer):
    """DOMAIN.md: 87 → 78 moved a commune from “Tốt” to “Khá”; here 16 → 15."""
    submitted_card(scorecard, clerk_a, leader_a, **{"3_1": "0", "4_1": "-2", "1_1": "4"})  # 16
    criterion = leaf(scorecard.criteria_set, "1.1")
    services.appraise(
        scorecard=scorecard, by=reviewer, changes={criterion.pk: ("3", "Kế hoạch chậm")}
    )
    services.finalise_scorecard(scorecard=scorecard, by=reviewer)
    scorecard.refresh_from_db()
    assert (scorecard.self_total, scorecard.appraised_total) == (16, 15)
    assert scorecard.band.name == "Khá"


def test_not_classifiable_is_an_override_with_a_reason(scorecard, clerk_a, leader_a, reviewer):
    submitted_card(scorecard, clerk_a, leader_a)
    with pytest.raises(ValidationError, match="lý do"):
        services.finalise_scorecard(scorecard=scorecard, by=reviewer, not_classifiable=True)
    services.finalise_scorecard(
        scorecard=scorecard,
        by=reviewer,
        not_classifiable=True,
        not_classifiable_reason="Đơn vị bị kỷ luật trong năm",
    )
    scorecard.refresh_from_db()
    assert scorecard.band is None
    assert scorecard.classification == "Không đủ điều kiện xếp loại"


def test_only_submitted_scorecards_can_be_appraised(scorecard, clerk_a, leader_a, reviewer):
    with pytest.raises(ValidationError, match="chỉ thẩm định bản đã gửi"):
        services.finalise_scorecard(scorecard=scorecard, by=reviewer)
    with pytest.raises(ValidationError, match="chỉ thẩm định bản đã gửi"):
        services.return_scorecard(scorecard=scorecard, by=reviewer, reason="Bổ sung")
    submitted_card(scorecard, clerk_a, leader_a)
    with pytest.raises(ValidationError, match="lý do"):
        services.return_scorecard(scorecard=scorecard, by=reviewer, reason=" ")
    scorecard.refresh_from_db()
    assert scorecard.state == ScorecardState.SUBMITTED


# Versions


def test_a_set_used_by_a_finalised_scorecard_is_frozen_and_can_be_copied(
    scorecard, clerk_a, leader_a, reviewer
):
    sheet = scorecard.criteria_set
    services.check_set_editable(sheet)  # not yet frozen
    submitted_card(scorecard, clerk_a, leader_a)
    services.finalise_scorecard(scorecard=scorecard, by=reviewer)
    with pytest.raises(ValidationError, match="phiên bản mới"):
        services.check_set_editable(sheet)
    copy = services.copy_criteria_set(criteria_set=sheet)
    assert copy.version == 2 and copy.based_on == sheet
    assert list(
        copy.criteria.order_by("position").values_list("code", "parent__code", "is_leaf")
    ) == list(sheet.criteria.order_by("position").values_list("code", "parent__code", "is_leaf"))
    services.validate_tree(copy)
    services.check_set_editable(copy)


def test_a_movement_without_criteria_has_no_scorecard(agency_a):
    with pytest.raises(ValidationError, match="chưa có bộ tiêu chí"):
        services.start_scorecard(movement=MovementFactory(), agency=agency_a, by=None)


# Evidence files, stored as soon as they are chosen


def stored_as(entry, name) -> bool:
    """The storage adds a suffix when the name is taken (“bien-ban_Ab12Cd3.pdf”)."""
    import re

    stem, ext = name.rsplit(".", 1)
    base = entry.evidence_file.name.rsplit("/", 1)[-1]
    return re.fullmatch(rf"{re.escape(stem)}(_\w+)?\.{ext}", base) is not None


def pdf(name="bien-ban.pdf", content=b"%PDF-1.4 bien ban"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_evidence_file_is_stored_on_its_own_with_who_and_why(scorecard, clerk_a):
    criterion = leaf(scorecard.criteria_set, "1.2.b")
    entry = services.save_evidence_file(
        scorecard=scorecard, criterion=criterion, upload=pdf(), by=clerk_a
    )
    entry = ScoreEntry.objects.get(pk=entry.pk)
    assert stored_as(entry, "bien-ban.pdf")
    with entry.evidence_file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 bien ban"
    assert entry.self_points is None  # points are another matter, saved apart
    record = entry.history.first()
    assert (record.history_user, record.history_change_reason) == (
        clerk_a,
        "Tải lên tệp minh chứng",
    )
    # The file counts as the evidence that 1.2.b requires.
    assert not any(item.startswith("1.2.b (thiếu") for item in services.missing_answers(scorecard))


def test_an_evidence_file_keeps_the_points_already_given(scorecard, clerk_a):
    criterion = leaf(scorecard.criteria_set, "1.1")
    services.save_self_scores(
        scorecard=scorecard, by=clerk_a, answers={criterion.pk: {"points": "3", "explanation": "x"}}
    )
    services.save_evidence_file(scorecard=scorecard, criterion=criterion, upload=pdf(), by=clerk_a)
    entry = ScoreEntry.objects.get(scorecard=scorecard, criterion=criterion)
    assert (entry.self_points, entry.explanation) == (3, "x")
    assert entry.evidence_file


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: pdf("virus.exe", b"MZ"), "Tiêu chí 1.1: tệp minh chứng chỉ nhận PDF, DOCX"),
        (
            lambda: pdf("bien-ban.pdf", b"x" * (services.EVIDENCE_MAX_BYTES + 1)),
            "Tiêu chí 1.1: tệp minh chứng không quá 10 MB",
        ),
        (lambda: None, "Tiêu chí 1.1: chưa chọn tệp minh chứng"),
    ],
)
def test_a_wrong_evidence_file_is_refused_and_nothing_stored(scorecard, clerk_a, upload, message):
    criterion = leaf(scorecard.criteria_set, "1.1")
    with pytest.raises(ValidationError, match=message):
        services.save_evidence_file(
            scorecard=scorecard, criterion=criterion, upload=upload(), by=clerk_a
        )
    assert not ScoreEntry.objects.filter(scorecard=scorecard).exists()


def test_a_refused_file_leaves_the_one_stored_before(scorecard, clerk_a):
    criterion = leaf(scorecard.criteria_set, "1.1")
    services.save_evidence_file(scorecard=scorecard, criterion=criterion, upload=pdf(), by=clerk_a)
    with pytest.raises(ValidationError):
        services.save_evidence_file(
            scorecard=scorecard, criterion=criterion, upload=pdf("x.exe", b"MZ"), by=clerk_a
        )
    assert stored_as(
        ScoreEntry.objects.get(scorecard=scorecard, criterion=criterion), "bien-ban.pdf"
    )


def test_no_evidence_file_once_the_scorecard_is_sent(scorecard, clerk_a, leader_a):
    submitted_card(scorecard, clerk_a, leader_a)
    criterion = leaf(scorecard.criteria_set, "1.1")
    with pytest.raises(ValidationError, match="Đã gửi thẩm định.*không thể sửa"):
        services.save_evidence_file(
            scorecard=scorecard, criterion=criterion, upload=pdf(), by=clerk_a
        )
    assert not ScoreEntry.objects.get(scorecard=scorecard, criterion=criterion).evidence_file


def test_no_evidence_file_for_a_criterion_of_another_sheet_or_a_group(scorecard, clerk_a):
    other = leaf(services.copy_criteria_set(criteria_set=scorecard.criteria_set), "1.1")
    group = leaf(scorecard.criteria_set, "1")
    for criterion in (other, group):
        with pytest.raises(ValidationError, match="không thuộc bộ tiêu chí"):
            services.save_evidence_file(
                scorecard=scorecard, criterion=criterion, upload=pdf(), by=clerk_a
            )
    assert not ScoreEntry.objects.exists()
