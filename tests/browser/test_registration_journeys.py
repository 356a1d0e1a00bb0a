"""Journeys in a real browser: clerk prepares, leader submits, Sở Nội vụ returns and accepts."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from registrations import services
from registrations.models import Carrier, Registration, State
from tests.factories import MovementFactory, RegistrationFactory

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/journey-home.png"


def counters(page):
    return page.locator(".counters").first


def fill_collective(page, name: str, *, collective_name: str = "Phòng Hành chính - Tổng hợp"):
    """Every field submission needs, typed as a clerk would (dates dd/mm/yyyy)."""
    expect(page.get_by_label("Tập thể", exact=True)).to_be_checked()
    page.get_by_label("Tên mô hình").fill(name)
    page.get_by_label("Tên tập thể").fill(collective_name)
    page.get_by_label("Lĩnh vực").select_option(label="Kinh tế")
    page.get_by_label("Thực trạng và lý do chọn mô hình").fill(
        "Người dân phải đi lại nhiều lần để nộp hồ sơ."
    )
    page.get_by_label("Mục tiêu").fill("Giảm số lần đi lại của người dân.")
    page.get_by_label("Nội dung, cách thức thực hiện").fill(
        "Tiếp nhận hồ sơ tại nhà, trả kết quả qua bưu điện."
    )
    page.get_by_label("Phạm vi, đối tượng thụ hưởng").fill("Người cao tuổi trên địa bàn.")
    page.get_by_label("Thời gian bắt đầu").fill("01/05/2026")
    page.get_by_label("Thời gian kết thúc").fill("31/12/2026")
    page.get_by_label("Kết quả, sản phẩm dự kiến").fill(
        "100% hồ sơ người cao tuổi được tiếp nhận tại nhà."
    )


def clerk_creates_collective(page, movement, name: str):
    page.goto("/")
    page.get_by_role("link", name="+ Đăng ký mô hình tập thể").click()
    expect(page).to_have_url(re.compile(rf"/mo-hinh/dang-ky/{movement.pk}/\?loai=collective$"))
    fill_collective(page, name)
    page.get_by_role("button", name="Lưu bản nháp").click()


def leader_submits(page, name: str):
    page.goto("/mo-hinh/")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()


@pytest.mark.django_db(transaction=True)
def test_quota_stops_the_third_collective_for_leader_and_clerk(
    login, movement, agency_a, clerk_a, leader_a, field
):
    names = [
        "Tiếp nhận hồ sơ tại nhà cho người cao tuổi",
        "Một cửa thân thiện",
        "Lắng nghe ý kiến nhân dân",
    ]

    # The clerk prepares three complete collective drafts; drafts use no quota.
    clerk = login(clerk_a.username)
    expect(counters(clerk)).to_contain_text("Tập thể 0/2")
    expect(counters(clerk)).to_contain_text("Cá nhân 0/4")
    for number, name in enumerate(names, start=1):
        clerk_creates_collective(clerk, movement, name)
        expect(clerk.get_by_role("alert")).to_contain_text(f"Đã lưu bản nháp mô hình “{name}”.")
        expect(clerk.get_by_role("heading", level=1)).to_have_text(name)
        expect(clerk.locator(".meta .badge")).to_have_text("Bản nháp")
        expect(clerk.get_by_text("Để gửi, cần điền thêm")).to_have_count(0)
        # Clerks prepare; only the leader sends to Sở Nội vụ.
        expect(clerk.get_by_role("button", name="Gửi Sở Nội vụ")).to_have_count(0)
        expect(clerk.get_by_text("Bản nháp sẽ do lãnh đạo đơn vị gửi Sở Nội vụ.")).to_be_visible()
        assert Registration.objects.filter(agency=agency_a).count() == number

    saved = Registration.objects.get(name=names[0])
    assert saved.carrier == Carrier.COLLECTIVE
    assert saved.state == State.DRAFT
    assert saved.created_by == clerk_a
    assert saved.field == field
    assert saved.collective_name == "Phòng Hành chính - Tổng hợp"
    assert (saved.starts_on, saved.ends_on) == (date(2026, 5, 1), date(2026, 12, 31))
    assert services.missing_to_submit(saved) == []

    clerk.goto("/")
    expect(counters(clerk)).to_contain_text("Tập thể 0/2")
    expect(counters(clerk)).to_contain_text("3 bản nháp chưa gửi")

    # The leader sends the first two: the counters fill up.
    leader = login(leader_a.username)
    for used, name in enumerate(names[:2], start=1):
        leader_submits(leader, name)
        expect(leader.get_by_role("alert")).to_contain_text(
            f"Đã gửi mô hình “{name}” đến Sở Nội vụ."
        )
        expect(leader.locator(".meta .badge")).to_have_text("Đã gửi")
        expect(counters(leader)).to_contain_text(f"Tập thể {used}/2")

    # The third is refused, in Vietnamese, naming the quota; it stays a draft.
    leader_submits(leader, names[2])
    refusal = leader.locator(".msg.error")
    expect(refusal).to_contain_text("đã đủ chỉ tiêu")
    expect(refusal).to_contain_text("2/2 mô hình tập thể")
    expect(leader.locator(".meta .badge")).to_have_text("Bản nháp")
    expect(counters(leader)).to_contain_text("Tập thể 2/2")

    states = dict(Registration.objects.values_list("name", "state"))
    assert states == {
        names[0]: State.SUBMITTED,
        names[1]: State.SUBMITTED,
        names[2]: State.DRAFT,
    }
    for submitted in Registration.objects.filter(state=State.SUBMITTED):
        assert submitted.submitted_by == leader_a
        assert submitted.submitted_at is not None

    # The clerk's home shows the full quota.
    clerk.goto("/")
    expect(counters(clerk)).to_contain_text("Tập thể 2/2")
    expect(counters(clerk).locator(".counter.full")).to_contain_text("Tập thể")
    expect(counters(clerk)).to_contain_text("1 bản nháp chưa gửi")
    clerk.screenshot(path=SCREENSHOT, full_page=True)

    # No button offers what cannot be sent: the home page says why instead.
    expect(clerk.get_by_role("link", name="+ Đăng ký mô hình tập thể")).to_have_count(0)
    expect(clerk.get_by_text("Đã đủ chỉ tiêu tập thể 2/2.")).to_be_visible()
    expect(clerk.get_by_role("link", name="+ Đăng ký mô hình cá nhân")).to_be_visible()

    # A fourth collective draft typed in by address is refused as well, and nothing is saved.
    clerk.goto(f"/mo-hinh/dang-ky/{movement.pk}/?loai=collective")
    fill_collective(clerk, "Mô hình tập thể thứ tư")
    clerk.get_by_role("button", name="Lưu bản nháp").click()
    form_error = clerk.locator(".errors[role=alert]")
    expect(form_error).to_contain_text("đã đủ chỉ tiêu")
    expect(form_error).to_contain_text("2/2 mô hình tập thể")
    expect(clerk.get_by_label("Tên mô hình")).to_have_value("Mô hình tập thể thứ tư")
    assert Registration.objects.count() == 3
    assert not Registration.objects.filter(name="Mô hình tập thể thứ tư").exists()


@pytest.fixture
def submitted_pair(movement, agency_a, clerk_a, leader_a, field):
    """Two complete collectives the leader has already sent (the quota is full)."""
    rows = [
        RegistrationFactory(
            movement=movement,
            agency=agency_a,
            created_by=clerk_a,
            field=field,
            name=name,
        )
        for name in ("Tiếp nhận hồ sơ tại nhà cho người cao tuổi", "Một cửa thân thiện")
    ]
    return [services.submit_registration(registration=row, by=leader_a) for row in rows]


@pytest.mark.django_db(transaction=True)
def test_returned_registration_is_fixed_resubmitted_and_accepted(
    login, live_server, submitted_pair, clerk_a, leader_a, reviewer
):
    target, other = submitted_pair
    reason = "Mục tiêu chưa nêu chỉ số đo được; đề nghị bổ sung số hồ sơ tiếp nhận mỗi tháng."
    fixed_goals = "Tiếp nhận tại nhà ít nhất 50 hồ sơ mỗi tháng cho người cao tuổi."

    # Sở Nội vụ returns one of the two, with a reason, through the bulk action.
    desk = login(reviewer.username, admin=True)
    desk.goto("/admin/registrations/registration/")
    desk.locator(f"input[name=_selected_action][value='{target.pk}']").check()
    desk.locator("select[name=action]").select_option(
        label="Trả lại các mô hình đã chọn (kèm lý do)"
    )
    desk.locator("button[name=index]").click()
    expect(desk.locator("#confirm-summary")).to_contain_text("Trả lại 1 mô hình")
    expect(desk.locator("#confirm-list")).to_contain_text(target.name)
    expect(desk.locator("#confirm-list")).not_to_contain_text(other.name)
    desk.get_by_label("Lý do trả lại").fill(reason)
    desk.get_by_role("button", name="Đồng ý trả lại").click()
    expect(desk).to_have_url(re.compile(r"/admin/registrations/registration/$"))
    expect(desk.locator(".messagelist")).to_contain_text("Đã trả lại 1 mô hình kèm lý do.")

    target.refresh_from_db()
    other.refresh_from_db()
    assert target.state == State.RETURNED
    assert target.return_reason == reason
    assert target.reviewed_by == reviewer
    assert target.reviewed_at is not None
    assert other.state == State.SUBMITTED

    # The clerk sees why, fixes the goals and saves.
    clerk = login(clerk_a.username)
    clerk.goto("/mo-hinh/")
    row = clerk.locator("tr", has=clerk.get_by_role("link", name=target.name, exact=True))
    expect(row.locator(".badge")).to_have_text("Bị trả lại")
    expect(row.locator(".reason")).to_contain_text("Mục tiêu chưa nêu chỉ số đo được")
    row.get_by_role("link", name=target.name, exact=True).click()
    expect(clerk.locator("#return-reason")).to_contain_text(reason)
    expect(clerk.locator(".meta .badge")).to_have_text("Bị trả lại")
    clerk.get_by_role("link", name="Sửa", exact=True).click()
    expect(clerk).to_have_url(re.compile(rf"/mo-hinh/{target.pk}/sua/$"))
    expect(clerk.locator(".msg.warning")).to_contain_text(reason)
    expect(clerk.get_by_label("Thời gian bắt đầu")).to_have_value("01/05/2026")
    clerk.get_by_label("Mục tiêu").fill(fixed_goals)
    clerk.get_by_role("button", name="Lưu thay đổi").click()
    expect(clerk).to_have_url(re.compile(rf"/mo-hinh/{target.pk}/$"))
    expect(clerk.get_by_role("alert")).to_contain_text("Đã lưu thay đổi.")
    expect(clerk.locator("table.sheet")).to_contain_text(fixed_goals)

    target.refresh_from_db()
    assert target.goals == fixed_goals
    assert target.state == State.RETURNED
    assert (target.starts_on, target.ends_on) == (date(2026, 5, 1), date(2026, 12, 31))

    # The leader sends it again; it keeps its slot, so the full quota does not block it.
    leader = login(leader_a.username)
    leader.goto(f"/mo-hinh/{target.pk}/")
    leader.get_by_role("button", name="Gửi lại Sở Nội vụ").click()
    expect(leader.get_by_role("alert")).to_contain_text(
        f"Đã gửi mô hình “{target.name}” đến Sở Nội vụ."
    )
    expect(leader.locator(".meta .badge")).to_have_text("Đã gửi lại")
    expect(counters(leader)).to_contain_text("Tập thể 2/2")

    target.refresh_from_db()
    assert target.state == State.RESUBMITTED
    assert target.submitted_by == leader_a

    # Sở Nội vụ accepts it from the registration's page.
    desk.goto(f"/admin/registrations/registration/{target.pk}/change/")
    desk.get_by_role("link", name="Chấp thuận", exact=True).click()
    expect(desk).to_have_url(
        re.compile(rf"/admin/registrations/registration/{target.pk}/xu-ly/chap-thuan/$")
    )
    expect(desk.locator("#confirm-summary")).to_contain_text("Chấp thuận 1 mô hình")
    desk.get_by_role("button", name="Đồng ý chấp thuận").click()
    expect(desk).to_have_url(re.compile(rf"/admin/registrations/registration/{target.pk}/change/$"))
    expect(desk.locator(".messagelist")).to_contain_text("Đã chấp thuận 1 mô hình.")
    expect(desk.get_by_text("Trạng thái hiện tại: Đã chấp thuận")).to_be_visible()

    target.refresh_from_db()
    other.refresh_from_db()
    assert target.state == State.ACCEPTED
    assert target.reviewed_by == reviewer
    assert target.return_reason == ""
    assert other.state == State.SUBMITTED

    # The clerk's list shows the outcome.
    clerk.goto("/mo-hinh/")
    row = clerk.locator("tr", has=clerk.get_by_role("link", name=target.name, exact=True))
    expect(row.locator(".badge")).to_have_text("Đã chấp thuận")
    expect(row.locator(".reason")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_filter_and_print_work_with_their_handlers_in_static_files(
    login, movement, agency_a, clerk_a, draft_a
):
    """Behaviours that were inline handlers (refused by the CSP) now live in js/portal.js."""
    other = MovementFactory(title="Phong trào năm sau", year=2027)
    clerk = login(clerk_a.username)
    clerk.goto("/mo-hinh/")
    expect(clerk.locator("table.list")).to_contain_text(draft_a.name)

    # Choosing a movement filters at once, without a button.
    clerk.locator("#phong-trao").select_option(str(other.pk))
    expect(clerk).to_have_url(re.compile(rf"\?phong-trao={other.pk}$"))
    expect(clerk.locator("table.list")).not_to_contain_text(draft_a.name)

    # The registration sheet is a PDF the browser's viewer prints (no page styles for the CSP).
    sheet = clerk.request.get(f"/mo-hinh/{draft_a.pk}/in/")
    assert sheet.headers["content-type"] == "application/pdf"
