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
# Every violation of the Content-Security-Policy reaches the test: the page's own event (with
# the directive and the place) through a binding, and Chromium's console line as a second net.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = ["", "inline"].includes(event.blockedURI) ? "mã nội tuyến" : event.blockedURI;
  window.reportCspViolation(
    `${event.effectiveDirective} chặn ${blocked}` +
      ` (${event.sourceFile || document.location.href}:${event.lineNumber})`
  );
}, true);
"""


def guard(context, who: str, problems: list) -> None:
    """Record on ``problems`` every CSP violation, uncaught JavaScript error and server error
    (5xx) of every page the context opens."""
    context.expose_binding(
        "reportCspViolation", lambda source, text: problems.append(f"{who}: CSP {text}")
    )
    context.add_init_script(CSP_REPORTER)
    context.on(
        "console",
        lambda message: (
            problems.append(f"{who}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    context.on("weberror", lambda error: problems.append(f"{who}: JS error {error.error}"))
    context.on(
        "response",
        lambda response: (
            problems.append(f"{who}: HTTP {response.status} {response.url}")
            if response.status >= 500
            else None
        ),
    )


def settle(contexts) -> None:
    """One round trip to every open page, so events still on their way are recorded."""
    for context in contexts:
        for page in context.pages:
            page.evaluate("0")


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

    Every page records CSP violations, uncaught JavaScript errors and server errors (5xx); the
    test fails if any happened, so a page the policy breaks fails its journey.
    """
    contexts = []
    problems = []

    def _login(username: str, *, admin: bool = False):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        guard(context, username, problems)
        page = context.new_page()
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
    settle(contexts)
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("Lỗi trong trình duyệt hoặc máy chủ:\n" + "\n".join(problems), pytrace=False)
