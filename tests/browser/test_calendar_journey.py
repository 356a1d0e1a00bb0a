"""The movement's calendar in a real browser: a commune clerk fills the plan with its tasks and
the leader sends it; Sở Nội vụ sees the tracker cell turn from “chưa gửi” to sent, returns the
plan with a reason; the clerk reads the notification (and the mail goes out), fixes a task and
the leader resends; the coordinator then downloads the consolidated report's workbook. The
commune's home calendar follows the plan's state all along."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from notifications.delivery import deliver
from portal.models import Role, Tier
from reports.models import Plan, State
from tests.factories import AgencyFactory, AgencyKindFactory, UserFactory
from tests.reports.periodic_factories import indicator, report_deadline, sent_report
from tests.reports.plan_factories import AREAS, plan_deadline, plan_movement
from tests.workbooks import table

pytestmark = pytest.mark.browser

COMMUNE = "UBND xã Long Hồ"
PLAN_NUMBER = "15/KH-UBND"
PLAN_TITLE = "Thực hiện công tác dân vận chính quyền năm 2026"
FIRST_TASK = "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở đến 100% ấp"
SECOND_TASK = "Tổ chức đối thoại giữa Chủ tịch UBND xã với Nhân dân"
FIXED_TASK = "Tổ chức 02 cuộc đối thoại giữa Chủ tịch UBND xã với Nhân dân"
RETURN_REASON = "Nhiệm vụ đối thoại chưa nêu số cuộc; đề nghị ghi rõ số cuộc trong năm."
DIALOGUES = "Số cuộc đối thoại trực tiếp với Nhân dân"


def message(page, text):
    expect(page.locator(".messages")).to_contain_text(text)


def calendar_status(page, movement, deadline):
    """The commune's home calendar row of one deadline."""
    return page.locator(f"#calendar-{movement.pk} tbody tr", has_text=deadline.title)


def add_task(page, *, area: int, task: str, directs: str, carries_out: str, timing: str, count):
    form = page.locator("#task-add")
    form.get_by_label("Nội dung công tác").select_option(label=f"{area}. {AREAS[area - 1]}")
    form.get_by_label("Nhiệm vụ").fill(task)
    form.get_by_label("Chỉ đạo").fill(directs)
    form.get_by_label("Tham mưu thực hiện").fill(carries_out)
    form.get_by_label("Thời gian thực hiện").fill(timing)
    form.get_by_role("button", name="Thêm nhiệm vụ").click()
    # htmx swaps the tasks section in place: the count and the new row say it was saved.
    expect(page.locator("#tasks h2")).to_have_text(f"Nhiệm vụ ({count})")
    expect(page.locator("#tasks tbody")).to_contain_text(task)


def sent_on(plan) -> str:
    return f"{timezone.localtime(plan.submitted_at):%d/%m/%Y}"


@pytest.mark.django_db(transaction=True)
def test_commune_plan_is_sent_returned_fixed_resent_and_the_report_consolidated(
    login, live_server, reviewer
):
    commune_kind = AgencyKindFactory(code="ubnd-xa", name="UBND xã, phường", tier=Tier.COMMUNE)
    commune = AgencyFactory(code="XLH", name=COMMUNE, kind=commune_kind)
    clerk = UserFactory(
        username="canbo.longho",
        full_name="Trần Thị Bình",
        email="binh@longho.vinhlong.gov.vn",
        agency=commune,
        role=Role.CLERK,
    )
    leader = UserFactory(
        username="lanhdao.longho",
        full_name="Nguyễn Văn Hùng",
        email="hung@longho.vinhlong.gov.vn",
        agency=commune,
        role=Role.LEADER,
    )
    movement = plan_movement(province="Vĩnh Long", document_issuer="Ủy ban nhân dân tỉnh Vĩnh Long")
    deadline = plan_deadline(movement, kinds=[commune_kind])
    # Another commune already sent its six-month report: that is what the coordinator exports.
    half_year = report_deadline(
        movement, "Báo cáo 6 tháng", date(2099, 6, 30), kinds=[commune_kind]
    )
    dialogues = indicator(movement, DIALOGUES, unit="cuộc", position=1)
    neighbour = AgencyFactory(code="XTH", name="UBND xã Tân Hạnh", kind=commune_kind)
    sent_report(
        half_year,
        neighbour,
        UserFactory(agency=neighbour, role=Role.LEADER),
        now=timezone.now(),
        figures={dialogues: "12"},
    )
    tracker_url = reverse("admin:movements_movement_tracker", args=[movement.pk])
    cell = f"#o-{commune.pk}-{deadline.pk}"

    # The clerk finds the plan on the commune's calendar and starts it.
    desk = login(clerk.username)
    row = calendar_status(desk, movement, deadline)
    expect(row).to_contain_text("Chưa gửi")
    row.get_by_role("link", name="Xem").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text(deadline.title)
    desk.get_by_role("button", name="Bắt đầu lập kế hoạch").click()
    message(desk, "Đã bắt đầu lập kế hoạch.")
    expect(desk.locator(".msg.info")).to_contain_text("Để gửi, cần có: ít nhất một nhiệm vụ")

    details = desk.locator("section#details")
    details.get_by_label("Số, ký hiệu").fill(PLAN_NUMBER)
    details.get_by_label("Ngày ban hành").fill("02/03/2026")
    details.get_by_label("Trích yếu").fill(PLAN_TITLE)
    details.get_by_label("Chỉ tiêu đơn vị đăng ký thực hiện").fill(
        "100% cán bộ, công chức xã được quán triệt.\n"
        "Mỗi năm tổ chức ít nhất 02 cuộc đối thoại với Nhân dân."
    )
    details.get_by_role("button", name="Lưu thông tin").click()
    message(desk, "Đã lưu thông tin kế hoạch.")
    expect(details.get_by_label("Số, ký hiệu")).to_have_value(PLAN_NUMBER)

    add_task(
        desk,
        area=1,
        task=FIRST_TASK,
        directs="Chủ tịch UBND xã",
        carries_out="Văn phòng HĐND và UBND xã",
        timing="Quý II/2026",
        count=1,
    )
    add_task(
        desk,
        area=5,
        task=SECOND_TASK,
        directs="Chủ tịch UBND xã",
        carries_out="Công chức Tư pháp - Hộ tịch",
        timing="Thường xuyên",
        count=2,
    )
    expect(desk.locator("#tasks tr.group td:first-child")).to_have_text(["I", "II"])
    expect(desk.locator("#tasks tr.group strong")).to_have_text([AREAS[0], AREAS[4]])
    # Only the leader sends.
    expect(desk.get_by_text("Kế hoạch sẽ do lãnh đạo đơn vị gửi Sở Nội vụ.")).to_be_visible()
    expect(desk.get_by_role("button", name="Gửi Sở Nội vụ")).to_have_count(0)

    # Before the leader sends, Sở Nội vụ's tracker has the commune as not sent yet.
    admin = login(reviewer.username, admin=True)
    admin.goto(tracker_url)
    expect(admin.locator(cell)).to_have_text("Chưa gửi, còn hạn")
    expect(admin.locator(cell)).to_have_class("state-pending")
    expect(admin.locator(cell).get_by_role("link")).to_have_count(0)

    # The leader opens the plan from the menu and sends it.
    chief = login(leader.username)
    chief.get_by_role("link", name="Kế hoạch", exact=True).click()
    chief.locator("#plans tbody tr", has_text=deadline.title).get_by_role(
        "link", name="Lập kế hoạch"
    ).click()
    expect(chief.locator("#tasks tbody")).to_contain_text(SECOND_TASK)
    chief.get_by_role("button", name="Gửi Sở Nội vụ").click()
    message(chief, "Đã gửi kế hoạch đến Sở Nội vụ.")
    expect(chief.locator(".meta .badge")).to_have_text("Đã gửi")
    plan = Plan.objects.get(deadline=deadline, agency=commune)
    assert plan.state == State.SUBMITTED and plan.submitted_by == leader
    first_sent = sent_on(plan)

    # The tracker's cell turned to sent on time, and leads to the plan in the admin.
    admin.reload()
    expect(admin.locator(cell)).to_have_text(f"Đúng hạn ({first_sent})")
    expect(admin.locator(cell)).to_have_class("state-on_time")
    desk.goto("/")
    expect(calendar_status(desk, movement, deadline)).to_contain_text(
        f"Đã gửi đúng hạn (ngày {first_sent})"
    )

    # Sở Nội vụ returns it with a reason, through the confirmation page.
    admin.locator(cell).get_by_role("link").click()
    expect(admin.locator(".field-number")).to_contain_text(PLAN_NUMBER)
    expect(admin.locator(".inline-group")).to_contain_text(SECOND_TASK)
    admin.get_by_role("link", name="Trả lại", exact=True).click()
    expect(admin.locator("#confirm-list")).to_have_text(
        f"{COMMUNE} — kế hoạch số {PLAN_NUMBER} (Đã gửi)"
    )
    admin.get_by_label("Lý do trả lại").fill(RETURN_REASON)
    admin.get_by_role("button", name="Đồng ý trả lại").click()
    expect(admin.locator(".messagelist")).to_contain_text("Đã trả lại 1 kế hoạch kèm lý do.")
    expect(admin.locator(".field-state")).to_contain_text("Bị trả lại")
    admin.goto(tracker_url)
    expect(admin.locator(cell)).to_have_text("Bị trả lại, chờ gửi lại")

    # The clerk's header counts the unread notification; the calendar asks for a fix.
    desk.goto("/")
    expect(desk.locator(".notifications-link .badge")).to_have_text("1")
    row = calendar_status(desk, movement, deadline)
    expect(row).to_contain_text("Bị trả lại — cần sửa và gửi lại")
    expect(row.get_by_role("link", name="Sửa và gửi lại")).to_be_visible()
    desk.locator(".notifications-link").click()
    notice = desk.locator("ul.notifications > li.unread")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(f"Kế hoạch “{PLAN_TITLE}” bị trả lại")
    expect(notice.locator(".body")).to_contain_text(f"Lý do: {RETURN_REASON}")

    # Mailing the notifications: the clerk and the leader each get it, with the reason.
    assert deliver() == (2, 0)
    assert sorted(address for m in mail.outbox for address in m.to) == [
        "binh@longho.vinhlong.gov.vn",
        "hung@longho.vinhlong.gov.vn",
    ]
    for sent_mail in mail.outbox:
        assert sent_mail.subject == f"Kế hoạch “{PLAN_TITLE}” bị trả lại"
        assert f"Lý do: {RETURN_REASON}" in sent_mail.body
        assert "Sở Nội vụ tỉnh Vĩnh Long" in sent_mail.from_email
        assert reverse("reports:plan_detail", kwargs={"deadline_id": deadline.pk}) in sent_mail.body

    # Opening it marks it read and leads to the plan, where the reason is shown; the clerk fixes
    # the task the reason names.
    notice.get_by_role("button", name="Mở và đánh dấu đã đọc").click()
    expect(desk.locator("#return-reason")).to_contain_text(RETURN_REASON)
    expect(desk.locator(".notifications-link .badge")).to_have_count(0)
    desk.locator("#tasks tr", has_text=SECOND_TASK).get_by_role("link", name="Sửa").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Sửa nhiệm vụ")
    desk.get_by_label("Nhiệm vụ").fill(FIXED_TASK)
    desk.get_by_label("Thời gian thực hiện").fill("Quý III và Quý IV/2026")
    desk.get_by_role("button", name="Lưu nhiệm vụ").click()
    message(desk, "Đã lưu nhiệm vụ.")
    expect(desk.locator("#tasks tbody")).to_contain_text(FIXED_TASK)
    expect(desk.locator("#tasks tbody")).to_contain_text("Quý III và Quý IV/2026")

    # The leader resends.
    chief.reload()
    expect(chief.locator("#return-reason")).to_contain_text(RETURN_REASON)
    chief.get_by_role("button", name="Gửi lại Sở Nội vụ").click()
    message(chief, "Đã gửi kế hoạch đến Sở Nội vụ.")
    expect(chief.locator(".meta .badge")).to_have_text("Đã gửi lại")
    expect(chief.locator("#tasks tbody")).to_contain_text(FIXED_TASK)
    plan.refresh_from_db()
    assert plan.state == State.RESUBMITTED
    assert plan.tasks.filter(task=FIXED_TASK).exists()

    # Sent again: on time still (the first send counts), and the calendar says so.
    admin.goto(tracker_url)
    expect(admin.locator(cell)).to_have_text(f"Đúng hạn ({first_sent})")
    desk.goto("/")
    expect(calendar_status(desk, movement, deadline)).to_contain_text(
        f"Đã gửi đúng hạn (ngày {first_sent})"
    )

    # The coordinator opens the six-month consolidation and exports it to Excel.
    admin.goto("/admin/reports/report/")
    admin.get_by_role("link", name="Tổng hợp báo cáo 6 tháng – 2026").click()
    expect(admin.locator("#standing-summary")).to_contain_text("đã gửi: 1")
    expect(admin.locator(f"#indicator-{dialogues.pk} .total")).to_have_text("12")
    with admin.expect_download() as download_info:
        admin.get_by_role("link", name="Tải bảng tổng hợp (Excel)").click()
    download = download_info.value
    assert download.suggested_filename == f"tong-hop-bao-cao-2026-{half_year.pk}.xlsx"
    book = load_workbook(BytesIO(Path(download.path()).read_bytes()))
    rows = {row[1]: tuple(row[4:]) for row in table(book["Số liệu"])}
    assert rows["UBND xã Tân Hạnh"] == (12,)
    assert rows["TỔNG HỢP CHUNG (01 đơn vị)"] == (12,)
    standing = {row[1]: row[6] for row in table(book["Tình hình gửi báo cáo"])}
    assert standing == {"UBND xã Tân Hạnh": "Đã gửi đúng hạn", COMMUNE: "Chưa gửi, còn hạn"}
