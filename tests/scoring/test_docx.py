"""The score sheet's DOCX copy: its criteria table (header repeated, groups and totals) read back
with python-docx; served to the agency and the appraisers only, like the PDF."""

import pytest
from django.urls import reverse

from portal.coordinator import current_coordinator
from scoring import services
from tests.docx_text import DOCX_TYPE, blocks, in_order, open_docx, row_texts, run_with, tables
from tests.factories import MovementFactory, UserFactory

from .factories import build_bands, build_sheet, full_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring_movement():
    scheme, _ = build_bands()
    return MovementFactory(criteria_set=build_sheet(), band_scheme=scheme)


@pytest.fixture
def card(scoring_movement, agency_a, clerk_a, reviewer):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    services.save_self_scores(scorecard=card, by=clerk_a, answers=full_answers(card.criteria_set))
    services.submit_scorecard(scorecard=card, by=clerk_a)
    return services.finalise_scorecard(scorecard=card, by=reviewer)


def test_the_score_sheet_docx_has_the_criteria_table_and_totals(client, clerk_a, card):
    client.force_login(clerk_a)
    url = reverse("scoring:docx", args=[card.movement_id])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    document = open_docx(response.content)
    in_order(
        blocks(document),
        [
            "SỞ TƯ PHÁP",
            "BẢN CHẤM ĐIỂM TIÊU CHÍ",
            "Mã",
            "Tổng cộng",
            "Tổng điểm tự chấm:",
            "Xếp loại:",
        ],
    )
    criteria = tables(document)[1]
    assert row_texts(criteria.rows[0]) == [
        "Mã",
        "Nội dung tiêu chí",
        "Điểm tối đa",
        "Điểm tự chấm",
        f"Điểm thẩm định của {current_coordinator().short_name}",
        "Ghi chú",
    ]
    assert "w:tblHeader" in criteria.rows[0]._tr.xml
    total = row_texts(criteria.rows[-1])
    assert total[1] == "Tổng cộng" and total[3] == "20"
    assert run_with(document, "Tổng cộng").bold
    # A criterion under its group is indented as the CSS pads it (10 pt, 3 pt of it the cell's).
    group = next(row for row in criteria.rows[1:] if row_texts(row)[0] == "1")
    leaf = next(row for row in criteria.rows[1:] if row_texts(row)[0] == "1.2.a")
    assert group.cells[1].paragraphs[0].paragraph_format.left_indent is None
    assert leaf.cells[1].paragraphs[0].paragraph_format.left_indent.pt == 7
    # The table spans the width between the margins (210 - 30 - 15 mm), code column 14 mm.
    widths = [cell.width.mm for cell in criteria.rows[0].cells]
    assert round(sum(widths)) == 165 and round(widths[0]) == 14
    page = client.get(reverse("scoring:scorecard", args=[card.movement_id])).content.decode()
    assert url in page and "Tải DOCX (để chỉnh sửa)" in page


def test_the_score_sheet_docx_is_denied_as_the_pdf_is(
    client, clerk_b, reviewer, card, agency_a, scoring_movement
):
    url = reverse("scoring:docx", args=[scoring_movement.pk])
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404  # B has no scorecard; A's is never served
    client.force_login(UserFactory(agency=agency_a))
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    admin_url = reverse("admin:scoring_scorecard_docx", args=[card.pk])
    client.force_login(reviewer)
    assert "BẢN CHẤM ĐIỂM TIÊU CHÍ" in blocks(open_docx(client.get(admin_url).content))
    appraisal = reverse("admin:scoring_scorecard_appraise", args=[card.pk])
    assert admin_url in client.get(appraisal).content.decode()
    client.force_login(clerk_b)
    assert client.get(admin_url).status_code == 302
