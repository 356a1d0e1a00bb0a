"""Real Chromium (Debian's, never a downloaded one) driving the portal on pytest-django's live server."""

import os
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the ORM would otherwise refuse to run.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "matkhau-thu-nghiem"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Không tìm thấy Chromium tại {CHROMIUM}: các hành trình trình duyệt cần Chromium "
            "của Debian (`make system-deps` hoặc `sudo apt-get install chromium`). "
            "Không dùng `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def login(browser, live_server):
    """``login(username, admin=False)``: a page in its own browser context, already logged in.

    Every page records uncaught JavaScript errors and server errors (5xx); the test fails if any
    happened.
    """
    contexts = []
    problems = []

    def _login(username: str, *, admin: bool = False):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"{username}: JS error {error}"))
        page.on(
            "response",
            lambda response: (
                problems.append(f"{username}: HTTP {response.status} {response.url}")
                if response.status >= 500
                else None
            ),
        )
        if admin:
            page.goto("/admin/")
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill(PASSWORD)
            page.locator("#login-form [type=submit]").click()
            page.wait_for_url(f"{live_server.url}/admin/")
        else:
            page.goto("/dang-nhap/")
            page.locator("input[name=username]").fill(username)
            page.locator("input[name=password]").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield _login
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("Lỗi trong trình duyệt hoặc máy chủ:\n" + "\n".join(problems), pytrace=False)
