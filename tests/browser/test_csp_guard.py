"""The journeys' guard itself: a script or style the policy refuses is reported, not missed."""

import pytest

from .conftest import TIMEOUT_MS, guard, settle

pytestmark = pytest.mark.browser


@pytest.mark.django_db
def test_an_inline_script_or_style_on_a_portal_page_is_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    problems = []
    try:
        guard(context, "khách", problems)
        page = context.new_page()
        page.goto("/dang-nhap/")
        settle([context])
        assert problems == []

        # What an injected fragment would carry: an inline script, a style attribute, a handler.
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "document.title = 'x'";
              document.body.append(script);
              document.body.insertAdjacentHTML(
                "beforeend", '<p style="color: red">x</p><img src="data:," onload="void 0">'
              );
            }"""
        )
        page.wait_for_timeout(200)
        settle([context])
    finally:
        context.close()
    assert page.url.endswith("/dang-nhap/")
    report = "\n".join(problems)
    assert "CSP script-src-elem chặn mã nội tuyến" in report
    assert "CSP style-src-attr chặn mã nội tuyến" in report
    assert "CSP script-src-attr chặn mã nội tuyến" in report
