"""Scoring in a real browser: the clerk fills the sheet with live totals, the leader is stopped by
what is missing and then submits, Sở Nội vụ lowers one score with a note and finalises, and the
agency sees the result."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from scoring.models import Scorecard, ScorecardState, ScoreEntry
from tests.browser.conftest import PASSWORD, TIMEOUT_MS, guard
from tests.scoring.factories import build_scoring_movement, leaf

pytestmark = pytest.mark.browser

LOWERING_NOTE = "Chỉ tổ chức 2/4 cuộc đối thoại định kỳ; biên bản quý III, IV không có."
REVIEWER_NOTE = "Đề nghị đơn vị duy trì đối thoại định kỳ hằng quý."


@pytest.fixture
def scoring_movement(db):
    return build_scoring_movement()


def points_input(page, criterion):
    return page.locator(f"input[name='points-{criterion.pk}']")


def autosave(page, criterion, value):
    """Type the points and leave the field, as a clerk does; htmx saves the row on change."""
    field = points_input(page, criterion)
    field.fill(value)
    field.press("Tab")
    expect(page.locator(f"#status-{criterion.pk}")).to_have_text(re.compile(r"\S"))


PLAN_PDF = b"%PDF-1.4 Ke hoach tuyen truyen so 05/KH-STP"


def pdf_file(name, content):
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def stored_file(card, criterion):
    entry = ScoreEntry.objects.filter(scorecard=card, criterion=criterion).first()
    if entry is None or not entry.evidence_file:
        return None
    with entry.evidence_file.open("rb") as handle:
        return handle.read()


@pytest.mark.django_db(transaction=True)
def test_clerk_scores_leader_submits_reviewer_lowers_and_agency_sees_the_result(
    login, scoring_movement, agency_a, clerk_a, leader_a, reviewer
):
    sheet = scoring_movement.scoring_settings.criteria_set
    c = {code: leaf(sheet, code) for code in ("1.1", "1.2.a", "1.2.b", "2.1", "3.1", "4.1")}
    url = f"/cham-diem/{scoring_movement.pk}/"

    # The clerk fills part of the sheet; the total and the expected band follow without reload.
    clerk = login(clerk_a.username)
    clerk.goto(url)
    total, band = clerk.locator("#self-total"), clerk.locator("#live-band")
    expect(total).to_have_text("0")
    expect(band).to_have_text("Yếu")
    expect(clerk.locator(".meta .badge")).to_have_text("Chưa bắt đầu")
    # Opening the sheet stores nothing; the first autosave below starts the scorecard.
    assert not Scorecard.objects.filter(movement=scoring_movement).exists()
    clerk.evaluate("window.__sameDocument = true")  # gone if the page were reloaded

    autosave(clerk, c["1.1"], "4")
    expect(clerk.locator(f"#status-{c['1.1'].pk}")).to_have_text("Đã lưu")
    expect(total).to_have_text("4")
    expect(clerk.locator(".meta .badge")).to_have_text("Đang chấm")
    assert Scorecard.objects.filter(movement=scoring_movement).count() == 1
    autosave(clerk, c["1.2.a"], "3")
    expect(total).to_have_text("7")
    expect(band).to_have_text("Yếu")

    # A point above the maximum is refused on the row; the total stays.
    autosave(clerk, c["2.1"], "9")
    expect(clerk.locator(f"#status-{c['2.1'].pk}")).to_contain_text("điểm phải từ 0 đến 8")
    expect(total).to_have_text("7")
    assert clerk.evaluate("window.__sameDocument") is True

    # The “save” button sends the whole form: 1.2.b is given points (not yet its evidence).
    points_input(clerk, c["1.2.b"]).fill("3")
    clerk.locator(f"textarea[name='explanation-{c['1.1'].pk}']").fill(
        "Kế hoạch tuyên truyền số 05/KH-STP ngày 10/01/2026."
    )
    points_input(clerk, c["2.1"]).fill("")
    clerk.get_by_role("button", name="Lưu bản chấm điểm").click()
    expect(clerk.get_by_role("alert")).to_contain_text("Đã lưu bản chấm điểm.")
    expect(total).to_have_text("10")
    expect(band).to_have_text("Trung bình")
    expect(clerk.locator("#missing")).to_contain_text("2.1 (chưa chấm điểm)")
    # Clerks prepare; only the leader sends.
    expect(clerk.get_by_role("button", name="Gửi Sở Nội vụ thẩm định")).to_have_count(0)

    card = Scorecard.objects.get(movement=scoring_movement, agency=agency_a)
    saved = dict(card.entries.values_list("criterion__code", "self_points"))
    assert saved["1.1"] == 4 and saved["1.2.a"] == 3 and saved["1.2.b"] == 3
    assert saved.get("2.1") is None
    assert card.entries.get(criterion=c["1.1"]).explanation.startswith("Kế hoạch tuyên truyền")
    assert card.state == ScorecardState.DRAFT

    # Evidence: a chosen file uploads at once, with no press of “save”, and its row says so.
    clerk.evaluate("window.__sameDocument = true")  # the save above loaded a new page
    plan = clerk.locator(f"input[name='evidence_file-{c['1.1'].pk}']")
    plan.set_input_files(files=[pdf_file("ke-hoach-05.pdf", PLAN_PDF)])
    plan_status = clerk.locator(f"#evidence-status-{c['1.1'].pk}")
    expect(plan_status).to_have_text(re.compile(r"^Đã tải lên: ke-hoach-05(_\w+)?\.pdf$"))
    expect(clerk.locator(f"#evidence-progress-{c['1.1'].pk}")).to_be_hidden()
    expect(plan).to_have_value("")  # sent: the “save” button will not send it again
    assert clerk.evaluate("window.__sameDocument") is True
    assert stored_file(card, c["1.1"]) == PLAN_PDF
    # A file of the wrong type is refused on its row and nothing is stored.
    clerk.locator(f"input[name='evidence_file-{c['1.2.a'].pk}']").set_input_files(
        files=[{"name": "bang-diem.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}]
    )
    expect(clerk.locator(f"#evidence-status-{c['1.2.a'].pk}")).to_contain_text(
        "Tiêu chí 1.2.a: tệp minh chứng chỉ nhận PDF, DOCX, XLSX, JPG, PNG."
    )
    assert stored_file(card, c["1.2.a"]) is None

    # A bad point elsewhere, sent with the whole form, is refused; the uploaded file stays.
    points_input(clerk, c["3.1"]).fill("5")
    clerk.get_by_role("button", name="Lưu bản chấm điểm").click()
    expect(clerk.locator(".errors")).to_contain_text("Tiêu chí 3.1: điểm phải từ 0 đến 2")
    expect(points_input(clerk, c["3.1"])).to_have_value("5")
    expect(plan_status).to_contain_text("Tệp đã nộp: ke-hoach-05")
    assert stored_file(card, c["1.1"]) == PLAN_PDF
    assert card.entries.filter(criterion=c["3.1"], self_points__isnull=False).count() == 0
    clerk.goto(url)

    # The leader tries to submit and is told exactly what is missing; nothing changes.
    leader = login(leader_a.username)
    leader.goto(url)
    expect(leader.locator("#self-total")).to_have_text("10")
    leader.get_by_role("button", name="Gửi Sở Nội vụ thẩm định").click()
    refusal = leader.locator(".msg.error")
    expect(refusal).to_contain_text("Chưa thể gửi bản chấm điểm. Còn thiếu:")
    expect(refusal).to_contain_text("1.2.b (thiếu minh chứng)")
    expect(refusal).to_contain_text("2.1 (chưa chấm điểm)")
    expect(refusal).to_contain_text("3.1 (chưa chấm điểm)")
    expect(refusal).to_contain_text("4.1 (chưa chấm điểm)")
    expect(refusal).not_to_contain_text("1.1 (")
    card.refresh_from_db()
    assert card.state == ScorecardState.DRAFT
    assert card.submitted_at is None

    # The clerk completes the rest, including the evidence that 1.2.b requires.
    clerk.reload()
    evidence = clerk.locator(f"textarea[name='evidence_note-{c['1.2.b'].pk}']")
    evidence.fill("Biên bản 6 buổi tuyên truyền tại khu dân cư, lưu tại Văn phòng Sở.")
    evidence.press("Tab")
    expect(clerk.locator(f"#status-{c['1.2.b'].pk}")).to_have_text("Đã lưu")
    autosave(clerk, c["2.1"], "8")
    expect(total).to_have_text("18")
    expect(band).to_have_text("Tốt")
    autosave(clerk, c["3.1"], "2")
    expect(total).to_have_text("20")
    autosave(clerk, c["4.1"], "-1")  # a deduction is typed as a negative number
    expect(total).to_have_text("19")
    expect(band).to_have_text("Tốt")
    # Autosave redraws the list of what is missing too: once complete, it is gone.
    expect(clerk.locator("#missing")).to_have_count(0)
    expect(total).to_have_text("19")

    # The leader submits; the sheet is locked for the agency.
    leader.reload()
    leader.get_by_role("button", name="Gửi Sở Nội vụ thẩm định").click()
    expect(leader.get_by_role("alert")).to_contain_text(
        "Đã gửi bản chấm điểm đến Sở Nội vụ để thẩm định."
    )
    expect(leader.locator(".meta .badge")).to_have_text("Đã gửi thẩm định")
    expect(leader.locator("input.points")).to_have_count(0)
    expect(leader.get_by_role("button", name="Gửi Sở Nội vụ thẩm định")).to_have_count(0)

    card.refresh_from_db()
    assert card.state == ScorecardState.SUBMITTED
    assert card.submitted_by == leader_a
    assert card.submitted_at is not None
    assert card.self_total == Decimal("19")
    assert card.entries.get(criterion=c["1.2.b"]).evidence_note.startswith("Biên bản 6 buổi")
    assert card.entries.get(criterion=c["4.1"]).self_points == Decimal("-1")

    # Sở Nội vụ lowers 2.1 from 8 to 4; without a note the change is refused.
    desk = login(reviewer.username, admin=True)
    desk.goto(f"/admin/scoring/scorecard/{card.pk}/tham-dinh/")
    expect(desk.locator("#state")).to_have_text("Đã gửi thẩm định")
    expect(desk.locator("#self-total")).to_have_text("19")
    expect(desk.locator(f"#row-{c['1.2.b'].pk}")).to_contain_text("Biên bản 6 buổi tuyên truyền")
    appraised = desk.locator(f"input[name='appraised-{c['2.1'].pk}']")
    expect(appraised).to_have_value("8")
    appraised.fill("4")
    desk.locator("button[name=action][value=finalise]").click()
    expect(desk.locator(".errornote[role=alert]")).to_contain_text(
        "Tiêu chí 2.1: thay đổi điểm phải ghi rõ lý do."
    )
    expect(appraised).to_have_value("4")
    card.refresh_from_db()
    assert card.state == ScorecardState.SUBMITTED

    desk.locator(f"textarea[name='note-{c['2.1'].pk}']").fill(LOWERING_NOTE)
    desk.locator("#id_note").fill(REVIEWER_NOTE)
    desk.get_by_role("button", name="Hoàn tất thẩm định").click()
    expect(desk).to_have_url(re.compile(rf"/admin/scoring/scorecard/{card.pk}/tham-dinh/$"))
    expect(desk.locator(".messagelist")).to_contain_text("Đã hoàn tất thẩm định.")
    expect(desk.locator("#state")).to_have_text("Đã thẩm định xong")
    expect(desk.locator("#appraised-total")).to_have_text("15")
    expect(desk.locator("#band")).to_have_text("Khá")
    expect(desk.locator("button[name=action]")).to_have_count(0)

    card.refresh_from_db()
    assert card.state == ScorecardState.FINALISED
    assert card.self_total == Decimal("19")
    assert card.appraised_total == Decimal("15")
    assert card.appraised_total < card.self_total
    assert card.band is not None and card.band.name == "Khá"
    assert card.finalised_by == reviewer
    assert card.finalised_at is not None
    assert card.reviewer_note == REVIEWER_NOTE
    lowered = ScoreEntry.objects.get(scorecard=card, criterion=c["2.1"])
    assert (lowered.self_points, lowered.appraised_points) == (Decimal("8"), Decimal("4"))
    assert lowered.appraisal_note == LOWERING_NOTE
    assert not card.entries.exclude(criterion=c["2.1"]).filter(appraised_points__isnull=False)
    assert card.history.filter(history_change_reason="Thẩm định xong").exists()

    # The clerk sees the appraised result, the band and the reviewer's note for 2.1.
    clerk.reload()
    result = clerk.locator("#result")
    expect(result).to_contain_text("Kết quả thẩm định: 15 điểm — Khá")
    expect(result).to_contain_text(REVIEWER_NOTE)
    expect(clerk.locator("#appraised-total")).to_have_text("15")
    expect(clerk.locator("#self-total")).to_have_text("19")
    row = clerk.locator(f"#row-{c['2.1'].pk}")
    expect(row.locator("td.changed")).to_contain_text("4")
    expect(row).to_contain_text(LOWERING_NOTE)
    expect(clerk.locator("input.points")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_save_button_sends_the_files_and_a_bad_value_keeps_them(
    browser, live_server, scoring_movement, agency_a, clerk_a
):
    sheet = scoring_movement.scoring_settings.criteria_set
    c12b, c21 = leaf(sheet, "1.2.b"), leaf(sheet, "2.1")
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    errors = []
    try:
        # Without JavaScript only Chromium's console reports a CSP violation; the guard hears it.
        guard(context, clerk_a.username, errors)
        page = context.new_page()
        page.goto("/dang-nhap/")
        page.locator("input[name=username]").fill(clerk_a.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"/cham-diem/{scoring_movement.pk}/")

        page.locator(f"input[name='evidence_file-{c12b.pk}']").set_input_files(
            files=[pdf_file("bien-ban-6-buoi.pdf", PLAN_PDF)]
        )
        points_input(page, c12b).fill("3")
        points_input(page, c21).fill("9")
        page.get_by_role("button", name="Lưu bản chấm điểm").click()

        expect(page.locator(".errors")).to_contain_text("Tiêu chí 2.1: điểm phải từ 0 đến 8")
        expect(points_input(page, c21)).to_have_value("9")
        expect(page.locator("#saved-files")).to_contain_text("1.2.b – bien-ban-6-buoi.pdf")
        expect(page.locator(f"#evidence-status-{c12b.pk}")).to_contain_text(
            "Đã tải lên: bien-ban-6-buoi"
        )
        card = Scorecard.objects.get(movement=scoring_movement, agency=agency_a)
        assert stored_file(card, c12b) == PLAN_PDF
        assert not card.entries.filter(self_points__isnull=False).exists()
    finally:
        context.close()
    assert not errors
