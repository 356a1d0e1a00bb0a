"""A citizen on a 390 px phone, not signed in: searches “dan van kheo” without diacritics, filters
by field, opens a model and then its agency — every page fitting the screen, no CSP violation."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.factories import AgencyFactory, FieldFactory
from tests.showcase.conftest import published

from .conftest import TIMEOUT_MS, guard, settle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MODEL = "Dân vận khéo trong tiếp nhận hồ sơ tại nhà cho người cao tuổi"
OVERFLOW = "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"


def fits(page):
    measured = page.evaluate(OVERFLOW)
    assert measured["scroll"] <= measured["inner"] + 1, f"{page.url} tràn ngang: {measured}"


@pytest.mark.django_db(transaction=True)
def test_a_citizen_finds_a_model_and_its_agency_on_a_phone(
    browser, live_server, movement, reviewer
):
    cache.clear()
    society = FieldFactory(code="van-hoa", name="Văn hóa – xã hội")
    economy = FieldFactory(code="kinh-te", name="Kinh tế")
    ward = AgencyFactory(code="PBD", name="Ủy ban nhân dân phường Bình Định")
    other = AgencyFactory(code="STC", name="Sở Tài chính")
    published(movement, ward, society, by=reviewer, name=MODEL)
    published(movement, other, economy, by=reviewer, name="Dân vận khéo trong thu ngân sách")
    published(movement, ward, economy, by=reviewer, name="Chợ phiên nông sản an toàn")

    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    problems = []
    guard(context, "người dân", problems)
    page = context.new_page()

    # On a phone the site's menu folds behind its button.
    page.goto("/")
    page.get_by_role("button", name="Trình đơn").click()
    page.get_by_role("link", name="Mô hình tiêu biểu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mô hình “Dân vận khéo” tiêu biểu")
    fits(page)

    page.get_by_label("Tìm mô hình").fill("dan van kheo")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator(".showcase-card")).to_have_count(2)
    page.get_by_label("Lĩnh vực").select_option(label="Văn hóa – xã hội")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator(".showcase-card")).to_have_count(1)
    expect(page.get_by_label("Tìm mô hình")).to_have_value("dan van kheo")
    fits(page)

    page.get_by_role("link", name=MODEL).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MODEL)
    expect(page.locator(".story")).to_contain_text("Tiếp nhận hồ sơ tại nhà")
    fits(page)

    page.locator(".facts").get_by_role("link", name=ward.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ward.name)
    expect(page.locator(".showcase-card")).to_have_count(2)
    fits(page)

    # The skip link is the first stop of the keyboard and lands on the content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    settle([context])
    context.close()
    assert problems == []
