"""The score sheet is the agency's document (issue 11): dated the day the agency sent it and
signed by its sender (in a dossier, the proposal's signer and date), the coordinator's appraisal
in its own column named from the database, the set named as issued; a sample set never gives an
official sheet nor a dossier; a group the level above scores is not self-scored."""

import importlib
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services as awards
from awards.pdf import document_pdf
from scoring import services
from scoring.models import CriteriaSet, Criterion, CriterionKind, ScoreEntry
from scoring.pdf import score_sheet_pdf
from scoring.selectors import scorecard_totals
from tests.awards.factories import award_movement, complete_proposal
from tests.factories import MovementFactory, edit_coordinator
from tests.scoring.factories import build_bands, build_sheet, full_answers, leaf
from tests.scoring.test_pdf import _poppler, flat, pdftotext, row

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SENT = datetime(2025, 12, 1, 9, 0, tzinfo=HCM)
APPRAISED = datetime(2025, 12, 20, 15, 0, tzinfo=HCM)
PLACEHOLDERS = ("thay bằng", "mẫu")


def raw_text(pdf, tmp_path):
    """Content order: a wrapped header cell reads whole."""
    return flat(_poppler("pdftotext", pdf, tmp_path, "-raw"))


@pytest.fixture
def sheet():
    criteria_set = build_sheet()
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(
        title="Bộ tiêu chí đánh giá công tác dân vận chính quyền",
        issuer="Ủy ban nhân dân tỉnh Vĩnh Long và Ban Dân vận Tỉnh ủy",
        issued_on=date(2023, 5, 31),
    )
    criteria_set.refresh_from_db()
    return criteria_set


@pytest.fixture
def scoring_movement(sheet):
    scheme, _ = build_bands()
    return MovementFactory(year=2025, province="Vĩnh Long", criteria_set=sheet, band_scheme=scheme)


def sent(movement, agency, clerk, leader, answers=None):
    scorecard = services.start_scorecard(movement=movement, agency=agency, by=clerk)
    services.save_self_scores(
        scorecard=scorecard, by=clerk, answers=answers or full_answers(scorecard.criteria_set)
    )
    return services.submit_scorecard(scorecard=scorecard, by=leader, now=SENT)


@pytest.fixture
def leader(leader_a):
    leader_a.full_name, leader_a.position = "Trần Văn Bình", "Giám đốc"
    leader_a.save()
    return leader_a


@pytest.fixture
def appraised(scoring_movement, agency_a, clerk_a, leader, reviewer):
    scorecard = sent(scoring_movement, agency_a, clerk_a, leader)
    return services.finalise_scorecard(scorecard=scorecard, by=reviewer, now=APPRAISED)


# The agency's document


def test_the_sheet_is_dated_when_sent_and_signed_by_the_leader_who_sent_it(appraised, tmp_path):
    text = flat(pdftotext(score_sheet_pdf(appraised), tmp_path))
    assert "Vĩnh Long, ngày 01 tháng 12 năm 2025" in text
    assert "ngày 20 tháng 12 năm 2025" not in text  # never the moment it was appraised
    assert "GIÁM ĐỐC" in text and "Trần Văn Bình" in text
    assert "(Ký, ghi rõ họ tên, đóng dấu)" not in text  # a named signer signs, no blank form


def test_the_appraisal_column_names_the_coordinator_of_the_database(appraised, tmp_path):
    edit_coordinator(
        name="Ban Xây dựng Đảng Đảng ủy phường Bình Định", short_name="Ban Xây dựng Đảng"
    )
    raw = raw_text(score_sheet_pdf(appraised), tmp_path)
    assert "Điểm tự chấm Điểm thẩm định của Ban Xây dựng Đảng Ghi chú" in raw
    assert "Sở Nội vụ" not in raw


def test_the_set_is_named_as_issued_and_no_placeholder_prints(appraised, tmp_path):
    text = flat(pdftotext(score_sheet_pdf(appraised), tmp_path))
    assert (
        "Theo Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU ngày 31/5/2023 của Ủy ban nhân dân tỉnh "
        "Vĩnh Long và Ban Dân vận Tỉnh ủy" in text
    )
    for word in PLACEHOLDERS:
        assert word not in text.lower(), word


def test_inside_a_dossier_the_sheet_is_signed_and_dated_as_the_proposal(
    agency_a, leader_a, reviewer, tmp_path
):
    movement = award_movement()
    proposal = complete_proposal(movement, agency_a, leader_a)
    scorecard = movement.scorecards.get(agency=agency_a)
    services.finalise_scorecard(scorecard=scorecard, by=reviewer, now=APPRAISED)
    text = flat(pdftotext(document_pdf(proposal, "ban-cham-diem"), tmp_path))
    assert "ngày 10 tháng 12 năm 2025" in text  # the proposal's letter date
    assert "ngày 20 tháng 12 năm 2025" not in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text and "Lê Thị Hồng" in text


# A sample set never gives an official sheet


@pytest.fixture
def sample_card(scoring_movement, sheet, agency_a, clerk_a, leader):
    scorecard = sent(scoring_movement, agency_a, clerk_a, leader)
    CriteriaSet.objects.filter(pk=sheet.pk).update(is_sample=True)
    return scorecard


def test_the_service_refuses_a_sheet_from_a_sample_set(sample_card):
    with pytest.raises(ValidationError, match="bộ tiêu chí mẫu"):
        score_sheet_pdf(sample_card)


def test_the_download_says_why_and_gives_no_pdf(client, clerk_a, sample_card):
    client.force_login(clerk_a)
    url = reverse("scoring:pdf", args=[sample_card.movement_id])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Content-Type"] != "application/pdf"
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "là bộ tiêu chí mẫu, không phải văn bản đã ban hành" in message
    assert "Sở Nội vụ" in message  # the coordinator's name, from the database
    page = client.get(reverse("scoring:scorecard", args=[sample_card.movement_id]))
    assert url not in page.content.decode()  # no download offered
    assert 'id="sheet-refusal"' in page.content.decode()


def test_another_agency_cannot_reach_the_sheet_at_all(client, clerk_b, sample_card):
    client.force_login(clerk_b)
    response = client.get(reverse("scoring:pdf", args=[sample_card.movement_id]))
    assert response.status_code == 404  # agency B has no scorecard; A's is never served


def test_the_admin_download_refuses_too(client, reviewer, sample_card):
    client.force_login(reviewer)
    response = client.get(reverse("admin:scoring_scorecard_pdf", args=[sample_card.pk]))
    assert response.status_code == 302
    assert response["Content-Type"] != "application/pdf"
    assert any("bộ tiêu chí mẫu" in str(m) for m in get_messages(response.wsgi_request))


def test_a_dossier_scored_against_a_sample_set_cannot_be_submitted(agency_a, leader_a, tmp_path):
    movement = award_movement()
    proposal = complete_proposal(movement, agency_a, leader_a)
    assert awards.missing_for_submission(proposal) == []
    CriteriaSet.objects.filter(pk=movement.scoring_settings.criteria_set_id).update(is_sample=True)
    missing = awards.missing_for_submission(proposal)
    assert any("bộ tiêu chí mẫu" in line for line in missing)
    with pytest.raises(ValidationError, match="bộ tiêu chí mẫu"):
        awards.submit_proposal(proposal=proposal, by=leader_a)
    proposal.refresh_from_db()
    assert proposal.state != "submitted" and not proposal.dossier
    # The draft dossier's preview prints why in the sheet's place, never the sheet itself.
    text = flat(pdftotext(document_pdf(proposal, "ban-cham-diem"), tmp_path, layout=False))
    assert "là bộ tiêu chí mẫu, không phải văn bản đã ban hành" in text
    assert "Tổng điểm tự chấm" not in text


def test_the_sample_fixture_is_flagged_and_the_data_step_marks_an_old_one():
    migration = importlib.import_module("scoring.migrations.0004_sample_sets_and_superior_groups")
    old = CriteriaSet.objects.create(
        code="01/HDLT-UBND-BDVTU",
        title="Bộ tiêu chí mẫu — thay bằng bộ tiêu chí chính thức qua nhập Excel",
        province="Vĩnh Long",
        year_from=2023,
        max_total=Decimal("100"),
    )
    official = CriteriaSet.objects.create(
        code="3225/QĐ-UBND", title="Bộ tiêu chí Đồng Nai", province="Đồng Nai", year_from=2018,
        max_total=Decimal("100"),
    )  # fmt: skip
    group = Criterion.objects.create(
        criteria_set=official, code="9", text="Do cấp trên xem xét, cho điểm", max_points=10
    )
    child = Criterion.objects.create(
        criteria_set=official, parent=group, code="9.1", text="Đánh giá chung", max_points=10
    )
    migration.mark_samples_and_superior_groups(apps, None)
    old.refresh_from_db()
    assert old.is_sample and "thay bằng" not in old.title
    assert not CriteriaSet.objects.get(pk=official.pk).is_sample
    assert (
        Criterion.objects.filter(pk__in=[group.pk, child.pk], scored_by_superior=True).count() == 2
    )


# A group the level above scores


@pytest.fixture
def superior_sheet(sheet):
    """Group 2 (“Đối thoại…”, 8 points) is scored by the level above."""
    Criterion.objects.filter(criteria_set=sheet, code="2").update(scored_by_superior=True)
    services.validate_tree(sheet)  # the group's flag passes to its criteria
    return sheet


def agency_answers(sheet):
    answers = full_answers(sheet)
    del answers[leaf(sheet, "2.1").pk]
    return answers


def test_the_flag_of_the_group_passes_to_its_criteria(superior_sheet):
    assert leaf(superior_sheet, "2.1").scored_by_superior
    assert not leaf(superior_sheet, "1.1").scored_by_superior


def test_the_service_refuses_a_self_score_for_it(
    scoring_movement, superior_sheet, agency_a, clerk_a
):
    scorecard = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=clerk_a)
    target = leaf(superior_sheet, "2.1")
    with pytest.raises(ValidationError, match="do cấp trên xem xét, cho điểm"):
        services.save_self_scores(
            scorecard=scorecard, by=clerk_a, answers={target.pk: {"points": "8"}}
        )
    assert not ScoreEntry.objects.filter(scorecard=scorecard, criterion=target).exists()


def test_the_page_shows_it_read_only_with_the_note(
    client, clerk_a, scoring_movement, superior_sheet
):
    client.force_login(clerk_a)
    page = client.get(reverse("scoring:scorecard", args=[scoring_movement.pk])).content.decode()
    target, other = leaf(superior_sheet, "2.1"), leaf(superior_sheet, "1.1")
    assert f'name="points-{other.pk}"' in page
    assert f'name="points-{target.pk}"' not in page
    assert "Do cấp trên xem xét, cho điểm" in page
    # A crafted save is refused with the reason, and nothing is stored.
    response = client.post(
        reverse("scoring:save_one", args=[scoring_movement.pk, target.pk]),
        {f"points-{target.pk}": "8"},
    )
    assert "do cấp trên xem xét, cho điểm" in response.content.decode()
    assert not ScoreEntry.objects.filter(criterion=target).exists()


def test_only_the_appraisal_counts_and_the_sheet_prints_a_dash(
    scoring_movement, superior_sheet, agency_a, clerk_a, leader, reviewer, tmp_path
):
    # The agency sends without scoring group 2: it is not the agency's to answer.
    scorecard = sent(scoring_movement, agency_a, clerk_a, leader, agency_answers(superior_sheet))
    assert scorecard_totals(scorecard).self_total == Decimal("12")  # 20 − 8
    target = leaf(superior_sheet, "2.1")
    # The level above gives its points; no note needed, there is no claim to differ from.
    services.appraise(scorecard=scorecard, by=reviewer, changes={target.pk: ("6", "")})
    scorecard = services.finalise_scorecard(scorecard=scorecard, by=reviewer, now=APPRAISED)
    assert (scorecard.self_total, scorecard.appraised_total) == (Decimal("12"), Decimal("18"))
    layout = pdftotext(score_sheet_pdf(scorecard), tmp_path)
    assert row(layout, "2.1").split()[-2:] == ["—", "6"]
    assert row(layout, "2").split()[-2:] == ["—", "6"]
    assert row(layout, "1.1").split()[-2:] == ["4", "4"]
    assert "Tổng điểm tự chấm: 12 điểm. Tổng điểm thẩm định: 18 điểm." in flat(layout)


def test_a_bonus_group_can_be_the_superiors_too(scoring_movement, sheet):
    # Kinds and the flag are independent: a bonus the level above gives keeps its kind.
    Criterion.objects.filter(criteria_set=sheet, code="3").update(scored_by_superior=True)
    services.validate_tree(sheet)
    bonus = leaf(sheet, "3.1")
    assert bonus.scored_by_superior and bonus.kind == CriterionKind.BONUS
