"""A provincial leader logs in, lands on the dashboard, sees a target not met and drills down
to the agencies behind it."""

from datetime import date

import pytest
from playwright.sync_api import expect

from dashboard.models import FactKind
from movements.models import Deadline, DeadlineKind
from portal.models import Role
from tests.dashboard.conftest import at, plan, target
from tests.factories import AgencyFactory, AgencyKindFactory, MovementFactory, UserFactory

from .conftest import PASSWORD, TIMEOUT_MS, guard, settle

pytestmark = pytest.mark.browser


def test_a_provincial_leader_drills_from_a_missed_target_to_the_agencies(browser, live_server):
    kind = AgencyKindFactory(code="so-nganh", name="Sở, ban, ngành cấp tỉnh")
    agencies = [AgencyFactory(code=f"S{i}", name=f"Sở số {i}", kind=kind) for i in (1, 2, 3)]
    movement = MovementFactory(title="Kế hoạch công tác dân vận chính quyền năm 2026")
    deadline = Deadline.objects.create(
        movement=movement, kind=DeadlineKind.PLAN, title="Gửi kế hoạch", due_on=date(2026, 3, 10)
    )
    plan({"plan": deadline, "author": UserFactory(agency=agencies[0])}, agencies[0], at(2026, 3, 2))
    target(movement, FactKind.PLAN_ON_TIME, 100, name="100% đơn vị quán triệt kế hoạch")
    UserFactory(username="ubnd.lanhdao", agency=None, role=Role.PROVINCIAL_LEADER)

    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    problems = []
    guard(context, "ubnd.lanhdao", problems)
    page = context.new_page()
    page.goto("/dang-nhap/")
    page.locator("input[name=username]").fill("ubnd.lanhdao")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # The leader's home is the dashboard.
    page.wait_for_url(f"{live_server.url}/bang-dieu-khien/")

    row = page.locator("table.targets tbody tr", has_text="100% đơn vị quán triệt kế hoạch")
    expect(row).to_contain_text("Chưa đạt")
    expect(row).to_contain_text("1/3 đơn vị (33,3%)")
    row.get_by_role("link", name="2 đơn vị chưa đạt").click()
    expect(page.locator("h1")).to_contain_text("100% đơn vị quán triệt kế hoạch")
    expect(page.locator(".drill-total")).to_have_text("2")
    body = page.locator("table.counts tbody")
    expect(body).to_contain_text("Sở số 2")
    expect(body).to_contain_text("Sở số 3")
    expect(body).not_to_contain_text("Sở số 1")
    settle([context])
    context.close()
    assert problems == []
