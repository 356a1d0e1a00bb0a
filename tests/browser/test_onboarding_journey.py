"""A reviewer onboards a commune clerk in the admin; the clerk sets a password through the mailed
link and signs in — no superuser and no password sent by anyone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.models import Role, User

pytestmark = pytest.mark.browser
NEW_PASSWORD = "Sen-Hong-2026-xa"


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_onboards_a_clerk_who_sets_a_password_and_signs_in(
    login, browser, live_server, reviewer, agency_a
):
    admin = login(reviewer.username, admin=True)
    admin.goto("/admin/portal/user/add/")
    admin.get_by_label("Tên đăng nhập").fill("canbo.xa.an")
    admin.get_by_label("Họ và tên").fill("Trần Thị Bình")
    admin.get_by_label("Thư điện tử").fill("binh@xa-an.gov.vn")
    admin.locator(".field-agency .select2-selection").click()
    admin.locator(".select2-search__field").fill("Tư pháp")
    admin.locator(".select2-results__option", has_text=agency_a.name).click()
    admin.get_by_label("Vai trò").select_option(label=Role.CLERK.label)
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text(
        "Đã gửi liên kết đặt mật khẩu (dùng một lần) tới binh@xa-an.gov.vn."
    )

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/dat-lai-mat-khau/\S+", message.body).group(0)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(link)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã đặt mật khẩu mới")
    page.goto(f"{live_server.url}/dang-nhap/")
    page.locator("input[name=username]").fill("canbo.xa.an")
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("body")).to_contain_text(agency_a.name)
    context.close()
    assert User.objects.get(username="canbo.xa.an").check_password(NEW_PASSWORD)
