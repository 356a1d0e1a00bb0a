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
    """Type every value of a section by its label, then press the section's own “Lưu”."""
    card = page.locator(f"section#{section}")
    for label, value in values.items():
        card.get_by_label(label, exact=True).fill(value)
    card.get_by_role("button", name="Lưu", exact=True).click()
    saved(page)


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
    expect_missing(clerk, 17)  # 1 nominee + 6 meeting + 6 letter + 4 report
    # Clerks prepare; only the leader sends.
    expect(clerk.get_by_role("button", name="Gửi đề nghị đến Sở Nội vụ")).to_have_count(0)

    # Two nominees from the agency's accepted models. Each brings its own missing items
    # (achievement report partly prefilled from the registration, no votes yet).
    picker = clerk.locator("select[name=registration]")
    for registration, count in ((collective, 18), (individual, 20)):
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
    expect(leader.locator("#state")).to_have_text("Đã gửi Sở Nội vụ")
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
    expect(leader.locator("#state")).to_have_text("Đã gửi Sở Nội vụ")
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
