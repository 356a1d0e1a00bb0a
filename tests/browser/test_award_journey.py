"""Award proposal in a real browser: the clerk builds it with two nominees and the meeting's
votes while the completeness list shrinks to nothing, the leader submits and downloads the
dossier PDF, Sở Nội vụ returns it with a reason from the admin, the leader resubmits, and the
reviewer records the decision, after which the clerk sees the model commended."""

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from awards.models import AwardDecision, AwardProposal, Nominee, ProposalState
from registrations.models import Carrier, Registration
from tests.awards.factories import (
    ACHIEVEMENT,
    LETTER,
    MEETING,
    PARTICULARS,
    REPORT,
    accepted,
    award_movement,
    sent_scorecard,
)

pytestmark = pytest.mark.browser

COLLECTIVE_MODEL = "Một cửa lưu động tại nhà"
COLLECTIVE_NAME = "Phòng Hành chính tư pháp"
INDIVIDUAL_MODEL = "Tư vấn pháp luật miễn phí"
INDIVIDUAL_NAME = "Phạm Thị Thu"
MEETING_SECTIONS = ("meeting", "letter", "report")
SAVED_AT = re.compile(r"^Đã lưu lúc \d\d:\d\d$")
RETURN_REASON = "Biên bản họp thiếu chữ ký của thư ký; đề nghị bổ sung."
DECISION_NUMBER = "3120/QĐ-UBND"


def expect_missing(page, count):
    if count:
        expect(page.locator("#missing > li")).to_have_count(count)
        expect(page.locator("#completeness h2")).to_have_text(
            f"Còn {count} mục cần hoàn thành trước khi gửi"
        )
    else:
        expect(page.locator("#missing")).to_have_count(0)
        expect(page.locator("#complete")).to_contain_text("Hồ sơ đã đủ")


def saved(page, message="Đã lưu."):
    expect(page.get_by_role("alert")).to_contain_text(message)


def fill_section(page, section, values: dict):
    """Type every value of a section by its label, then press the section's own “Lưu”: it
    saves in place and says when."""
    card = page.locator(f"section#{section}")
    for label, value in values.items():
        card.get_by_label(label, exact=True).fill(value)
    card.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(f"#status-{section}")).to_have_text(SAVED_AT)


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ho-so.pdf"
        path.write_bytes(content)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


@pytest.mark.django_db(transaction=True)
def test_clerk_builds_leader_submits_reviewer_returns_then_records_the_decision(
    login, agency_a, clerk_a, leader_a, reviewer, field
):
    movement = award_movement()
    collective = accepted(
        movement,
        agency_a,
        clerk_a,
        name=COLLECTIVE_MODEL,
        collective_name=COLLECTIVE_NAME,
        field=field,
    )
    individual = accepted(
        movement,
        agency_a,
        clerk_a,
        name=INDIVIDUAL_MODEL,
        carrier=Carrier.INDIVIDUAL,
        collective_name="",
        person_name=INDIVIDUAL_NAME,
        person_position="Chuyên viên",
        person_workplace="Phòng Phổ biến, giáo dục pháp luật",
        field=field,
    )
    sent_scorecard(movement, agency_a, clerk_a)
    url = f"/khen-thuong/{movement.pk}/"

    # The clerk opens the proposal: nothing chosen, every section empty. The scorecard is sent
    # and Tờ trình's “Kính gửi” has its default, so neither is listed.
    clerk = login(clerk_a.username)
    clerk.goto(url)
    expect(clerk.get_by_role("heading", level=1)).to_contain_text("Đề nghị")
    expect(clerk.locator("#state")).to_have_text("Chưa lập")  # looking starts nothing
    assert not AwardProposal.objects.filter(movement=movement).exists()
    missing = clerk.locator("#missing")
    expect(missing).to_contain_text("Chưa chọn mô hình nào để đề nghị")
    expect(missing).to_contain_text("Biên bản họp: ngày họp bình xét")
    expect(missing).not_to_contain_text("Bản chấm điểm tiêu chí")
    expect(missing).not_to_contain_text("kính gửi")
    expect_missing(clerk, 23)  # 1 nominee + 12 meeting + 6 letter + 4 report
    # Clerks prepare; only the leader sends.
    expect(clerk.get_by_role("button", name="Gửi đề nghị đến Sở Nội vụ")).to_have_count(0)

    # Two nominees from the agency's accepted models. Each brings its own missing items
    # (achievement report partly prefilled from the registration, no votes yet).
    picker = clerk.locator("select[name=registration]")
    for registration, count in ((collective, 24), (individual, 26)):
        picker.select_option(str(registration.pk))
        clerk.get_by_role("button", name="Thêm vào danh sách").click()
        saved(clerk, "Đã thêm mô hình vào danh sách đề nghị.")
        expect(clerk.locator(f"#nominees tr:has-text('{registration.name}')")).to_have_count(1)
        expect_missing(clerk, count)
    expect(clerk.locator("#nominees h2")).to_contain_text("(2/3)")
    expect(clerk.locator("#state")).to_have_text("Đang chuẩn bị")  # the first nominee started it
    expect(picker.locator("option")).to_have_count(1)  # only the empty choice is left
    expect(missing).not_to_contain_text("Chưa chọn mô hình nào")

    proposal = AwardProposal.objects.get(movement=movement, agency=agency_a)
    nominees = list(proposal.nominees.order_by("position"))
    assert [n.registration_id for n in nominees] == [collective.pk, individual.pk]
    assert [n.position for n in nominees] == [1, 2]

    # Biên bản họp bình xét: council of 9, 8 present.
    fill_section(
        clerk,
        "meeting",
        {
            "Ngày họp bình xét": "05/12/2025",
            "Địa điểm họp": MEETING["meeting_place"],
            "Chủ trì": MEETING["meeting_chair"],
            "Thư ký": MEETING["meeting_secretary"],
            "Tổng số thành viên hội đồng": "9",
            "Số thành viên có mặt": "8",
            "Bắt đầu lúc": "14:00",
            "Kết thúc lúc": "16:30",
            "Danh sách thành viên có mặt": MEETING["members_attending"],
            "Số phiếu phát ra": "8",
            "Số phiếu thu về": "8",
            "Số phiếu hợp lệ": "8",
        },
    )
    expect_missing(clerk, 14)
    expect(missing).not_to_contain_text("Biên bản họp")
    # More than 50% of all 9 members: 5 votes at least.
    expect(clerk.locator("section#meeting .note")).to_contain_text("cần ít nhất 5 phiếu")

    # Tờ trình.
    fill_section(
        clerk,
        "letter",
        {
            "Số tờ trình": LETTER["letter_number"],
            "Ký hiệu": LETTER["letter_symbol"],
            "Ngày tờ trình": "10/12/2025",
            "Thẩm quyền ký": LETTER["signer_authority"],
            "Chức vụ người ký": LETTER["signer_title"],
            "Họ tên người ký": LETTER["signer_name"],
        },
    )
    expect_missing(clerk, 8)
    expect(missing).not_to_contain_text("Tờ trình")

    # Báo cáo đánh giá kết quả.
    fill_section(
        clerk,
        "report",
        {
            "Kết quả đạt được": REPORT["report_results"],
            "Hạn chế, nguyên nhân": REPORT["report_limitations"],
            "Bài học kinh nghiệm": REPORT["report_lessons"],
            "Đề xuất, kiến nghị": REPORT["report_proposals"],
        },
    )
    expect_missing(clerk, 4)  # two lines per nominee: achievement report and votes

    proposal.refresh_from_db()
    assert proposal.meeting_date.isoformat() == "2025-12-05"
    assert (proposal.members_total, proposal.members_present) == (9, 8)
    assert proposal.meeting_chair == MEETING["meeting_chair"]
    assert proposal.letter_date.isoformat() == "2025-12-10"
    assert proposal.letter_reference == "05/TTr-STP"
    assert proposal.signer_name == LETTER["signer_name"]
    assert proposal.report_lessons == REPORT["report_lessons"]
    assert proposal.state == ProposalState.DRAFT

    # Each nominee: votes and the achievement report, on its own page.
    for registration, remaining in ((collective, 2), (individual, 0)):
        row = clerk.locator(f"#nominees tr:has-text('{registration.name}')")
        row.get_by_role("link", name="Nhập báo cáo, số phiếu").click()
        expect(clerk.get_by_role("heading", level=1)).to_have_text(
            f"Báo cáo thành tích: {registration.name}"
        )
        expect(clerk.locator(".meta")).to_contain_text("cần ít nhất 5 phiếu đồng ý")
        clerk.get_by_label("Số phiếu đồng ý").fill("7")
        if registration == collective:
            clerk.get_by_label("Đặc điểm, tình hình của tập thể").fill(PARTICULARS["situation"])
        else:
            clerk.get_by_label("Ngày sinh").fill("12/05/1980")
            clerk.get_by_label("Giới tính").select_option(label="Nam")
            clerk.get_by_label("Quê quán").fill(PARTICULARS["hometown"])
            clerk.get_by_label("Nơi ở hiện nay").fill(PARTICULARS["residence"])
            clerk.get_by_label("Trình độ chuyên môn, nghiệp vụ").fill(PARTICULARS["qualification"])
            clerk.get_by_label("Quyền hạn, nhiệm vụ được giao").fill(PARTICULARS["duties"])
        clerk.get_by_label("Tóm tắt mô hình").fill(ACHIEVEMENT["summary"])
        clerk.get_by_label("Những việc đã làm").fill(ACHIEVEMENT["actions"])
        clerk.get_by_label("Kết quả đạt được (có số liệu)").fill(ACHIEVEMENT["results"])
        clerk.get_by_label("Hiệu quả, sức lan tỏa").fill(ACHIEVEMENT["effectiveness"])
        clerk.get_by_label("Khả năng nhân rộng").fill(ACHIEVEMENT["replicability"])
        clerk.get_by_role("button", name="Lưu báo cáo thành tích").click()
        expect(clerk).to_have_url(re.compile(rf"{url}$"))
        saved(clerk, f"Đã lưu báo cáo thành tích “{registration.name}")
        row = clerk.locator(f"#nominees tr:has-text('{registration.name}')")
        expect(row).to_contain_text("7/9")
        expect(row).to_contain_text("Đạt")
        expect(row).to_contain_text("Đã đủ")
        expect_missing(clerk, remaining)

    for nominee in Nominee.objects.filter(proposal=proposal):
        assert nominee.votes_in_favour == 7
        assert nominee.actions == ACHIEVEMENT["actions"]
        assert nominee.results == ACHIEVEMENT["results"]
        assert nominee.decision is None

    # The leader submits.
    leader = login(leader_a.username)
    leader.goto(url)
    expect(leader.locator("#complete")).to_contain_text("Hồ sơ đã đủ")
    leader.get_by_role("button", name="Gửi đề nghị đến Sở Nội vụ").click()
    saved(leader, "Đã gửi đề nghị khen thưởng đến Sở Nội vụ.")
    expect(leader.locator("#state")).to_have_text("Đã gửi")
    expect(leader.locator("#completeness")).to_have_count(0)
    expect(leader.get_by_role("button", name="Gửi đề nghị đến Sở Nội vụ")).to_have_count(0)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.submitted_by == leader_a
    assert proposal.submitted_at is not None

    # … and downloads the whole dossier from the link on the page.
    href = leader.get_by_role("link", name="Tải toàn bộ hồ sơ").get_attribute("href")
    assert href == f"{url}ho-so.pdf"
    response = leader.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    text = pdf_text(body)
    assert "TỜ TRÌNH" in text
    for name in (COLLECTIVE_MODEL, COLLECTIVE_NAME, INDIVIDUAL_MODEL, INDIVIDUAL_NAME):
        assert name in text, name

    # Sở Nội vụ returns it with a reason through the changelist's bulk action.
    desk = login(reviewer.username, admin=True)
    desk.goto("/admin/awards/awardproposal/")
    desk.locator(f"input[name=_selected_action][value='{proposal.pk}']").check()
    desk.locator("select[name=action]").select_option("return_selected")
    desk.locator("button[name=index]").click()
    expect(desk.locator("#confirm-list")).to_contain_text(agency_a.name)
    desk.locator("#id_reason").fill(RETURN_REASON)
    desk.get_by_role("button", name="Đồng ý trả lại").click()
    expect(desk.locator(".messagelist")).to_contain_text(
        "Đã trả lại 1 đề nghị khen thưởng kèm lý do."
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RETURNED
    assert proposal.return_reason == RETURN_REASON
    assert proposal.reviewed_by == reviewer

    # The leader reads the reason and sends it again.
    leader.goto(url)
    expect(leader.locator("#state")).to_have_text("Bị trả lại")
    expect(leader.locator("#return-reason")).to_contain_text(RETURN_REASON)
    expect(leader.locator("#complete")).to_contain_text("Hồ sơ đã đủ")
    leader.get_by_role("button", name="Gửi đề nghị đến Sở Nội vụ").click()
    saved(leader, "Đã gửi đề nghị khen thưởng đến Sở Nội vụ.")
    expect(leader.locator("#state")).to_have_text("Đã gửi")
    expect(leader.locator("#return-reason")).to_have_count(0)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.return_reason == ""

    # The decision arrives: the reviewer records it for the collective only.
    awarded = Nominee.objects.get(registration=collective)
    other = Nominee.objects.get(registration=individual)
    desk.goto(f"/admin/awards/awardproposal/tong-hop/{movement.pk}/quyet-dinh/")
    expect(desk.locator("#candidates tbody tr")).to_have_count(2)
    desk.locator("#id_number").fill(DECISION_NUMBER)
    desk.locator("#id_decided_on").fill("25/12/2025")
    desk.locator("#id_signer").fill("Chủ tịch UBND tỉnh")
    desk.locator(f"#nominee-{awarded.pk}").check()
    desk.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(desk).to_have_url(re.compile(rf"/admin/awards/awardproposal/tong-hop/{movement.pk}/$"))
    expect(desk.locator(".messagelist")).to_contain_text(
        f"Đã ghi nhận Quyết định số {DECISION_NUMBER} ngày 25/12/2025: 1 tập thể, cá nhân"
    )
    expect(desk.locator(f"#awardees #nominee-{awarded.pk}")).to_contain_text(
        f"Đã khen thưởng: Số {DECISION_NUMBER} ngày 25/12/2025"
    )

    decision = AwardDecision.objects.get(movement=movement, number=DECISION_NUMBER)
    assert decision.decided_on.isoformat() == "2025-12-25"
    assert decision.recorded_by == reviewer
    awarded.refresh_from_db()
    other.refresh_from_db()
    assert awarded.decision == decision
    assert other.decision is None
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECIDED

    # The clerk's list of models shows the awarded one as commended, and only that one.
    clerk.goto("/mo-hinh/")
    commended_row = clerk.locator("tbody tr", has=clerk.get_by_role("link", name=COLLECTIVE_MODEL))
    other_row = clerk.locator("tbody tr", has=clerk.get_by_role("link", name=INDIVIDUAL_MODEL))
    expect(commended_row).to_contain_text("Được khen thưởng")
    expect(other_row).not_to_contain_text("Được khen thưởng")
    assert set(
        Registration.objects.filter(nominations__decision__isnull=False).values_list(
            "pk", flat=True
        )
    ) == {collective.pk}


@pytest.mark.django_db(transaction=True)
def test_sections_save_in_place_and_unsaved_text_is_never_dropped_unasked(
    login, agency_a, clerk_a, leader_a, field
):
    movement = award_movement()
    registration = accepted(movement, agency_a, leader_a, name=COLLECTIVE_MODEL, field=field)
    url = f"/khen-thuong/{movement.pk}/"
    clerk = login(clerk_a.username)
    dialogs = []

    def stay(dialog):
        dialogs.append((dialog.type, dialog.message))
        dialog.dismiss()

    clerk.goto(url)
    clerk.evaluate("window.samePage = true")  # gone if anything reloads the page
    meeting, letter, report = (clerk.locator(f"section#{name}") for name in MEETING_SECTIONS)

    # Text typed in the letter stays while the meeting section saves on its own.
    letter.get_by_label("Họ tên người ký", exact=True).fill(LETTER["signer_name"])
    expect(letter.locator(".dirty-note")).to_be_visible()
    meeting.get_by_label("Địa điểm họp", exact=True).fill(MEETING["meeting_place"])
    meeting.get_by_label("Tổng số thành viên hội đồng", exact=True).fill("9")
    meeting.get_by_role("button", name="Lưu", exact=True).click()
    expect(clerk.locator("#status-meeting")).to_have_text(SAVED_AT)
    expect(meeting.locator(".dirty-note")).to_be_hidden()
    expect(clerk.locator("#state")).to_have_text("Đang chuẩn bị")  # the first save started it
    expect(clerk.locator("#missing")).not_to_contain_text("địa điểm họp")
    expect(clerk.locator("section#meeting .note")).to_contain_text("cần ít nhất 5 phiếu")
    expect(letter.get_by_label("Họ tên người ký", exact=True)).to_have_value(LETTER["signer_name"])
    expect(letter.locator(".dirty-note")).to_be_visible()
    assert clerk.evaluate("window.samePage") is True
    proposal = AwardProposal.objects.get(movement=movement, agency=agency_a)
    assert (proposal.meeting_place, proposal.members_total, proposal.signer_name) == (
        MEETING["meeting_place"],
        9,
        "",
    )

    # A refused save says why in its own section and keeps every value typed.
    letter.get_by_label("Số tờ trình", exact=True).fill("05/TTr")
    letter.get_by_role("button", name="Lưu", exact=True).click()
    expect(clerk.locator("#status-letter")).to_have_text(
        "Chưa lưu được, vui lòng sửa các ô được đánh dấu."
    )
    expect(letter).to_contain_text("Số tờ trình chỉ ghi số")
    expect(letter.get_by_label("Số tờ trình", exact=True)).to_have_value("05/TTr")
    expect(letter.get_by_label("Họ tên người ký", exact=True)).to_have_value(LETTER["signer_name"])
    expect(letter.locator(".dirty-note")).to_be_visible()
    assert clerk.evaluate("window.samePage") is True

    # Following a link away asks; staying keeps everything.
    clerk.on("dialog", stay)
    clerk.get_by_role("link", name="Đề nghị khen thưởng", exact=True).click()
    assert dialogs == [("confirm", "Phần Tờ trình có nội dung chưa lưu. Rời trang?")]
    assert clerk.url.endswith(url)
    expect(letter.get_by_label("Số tờ trình", exact=True)).to_have_value("05/TTr")

    # So does adding a nominee (a post that reloads the page).
    clerk.locator("select[name=registration]").select_option(str(registration.pk))
    clerk.get_by_role("button", name="Thêm vào danh sách").click()
    assert dialogs[-1] == ("confirm", "Phần Tờ trình có nội dung chưa lưu. Rời trang?")
    assert not Nominee.objects.exists()

    # Closing the tab asks too (the browser words that question itself).
    letter.get_by_label("Ký hiệu", exact=True).click()
    clerk.keyboard.type("TTr-STP")
    clerk.close(run_before_unload=True)
    expect(letter.get_by_label("Ký hiệu", exact=True)).to_have_value("TTr-STP")
    assert dialogs[-1][0] == "beforeunload"
    assert not clerk.is_closed()

    # Text typed while a save is on its way is put back, still marked unsaved.
    held = []
    clerk.route(
        re.compile(rf"{url}$"),
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    letter.get_by_label("Số tờ trình", exact=True).fill("5")
    letter.get_by_role("button", name="Lưu", exact=True).click()
    for _ in range(100):
        if held:
            break
        clerk.wait_for_timeout(50)
    letter.get_by_label("Chức vụ người ký", exact=True).fill(LETTER["signer_title"])
    held[0].continue_()
    expect(clerk.locator("#status-letter")).to_have_text(SAVED_AT)
    expect(letter.get_by_label("Chức vụ người ký", exact=True)).to_have_value(
        LETTER["signer_title"]
    )
    expect(letter.locator(".dirty-note")).to_be_visible()
    clerk.unroute(re.compile(rf"{url}$"))
    proposal.refresh_from_db()
    assert (proposal.letter_number, proposal.letter_symbol, proposal.signer_title) == (
        "5",
        "TTr-STP",
        "",
    )
    letter.get_by_role("button", name="Lưu", exact=True).click()
    expect(clerk.locator("#status-letter")).to_have_text(SAVED_AT)
    expect(letter.locator(".dirty-note")).to_be_hidden()
    assert clerk.evaluate("window.samePage") is True
    proposal.refresh_from_db()
    assert proposal.signer_title == LETTER["signer_title"]

    # Everything saved: links go without a question.
    asked = len(dialogs)
    clerk.locator("select[name=registration]").select_option(str(registration.pk))
    clerk.get_by_role("button", name="Thêm vào danh sách").click()
    saved(clerk, "Đã thêm mô hình vào danh sách đề nghị.")
    assert len(dialogs) == asked

    # The nominee's achievement report has the same guard.
    clerk.get_by_role("link", name="Nhập báo cáo, số phiếu").click()
    expect(clerk.get_by_role("heading", level=1)).to_contain_text(COLLECTIVE_MODEL)
    clerk.get_by_label("Những việc đã làm").fill(ACHIEVEMENT["actions"])
    clerk.get_by_role("link", name="Quay lại").click()
    assert dialogs[-1] == ("confirm", "Phần Báo cáo thành tích có nội dung chưa lưu. Rời trang?")
    expect(clerk.get_by_label("Những việc đã làm")).to_have_value(ACHIEVEMENT["actions"])
    clerk.get_by_role("button", name="Lưu báo cáo thành tích").click()  # its own save: no question
    saved(clerk, "Đã lưu báo cáo thành tích")
    assert len([d for d in dialogs if "Báo cáo thành tích" in d[1]]) == 1
    assert Nominee.objects.get().actions == ACHIEVEMENT["actions"]
    expect(report).to_be_visible()  # back on the proposal page
