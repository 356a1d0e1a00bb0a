"""Requests to the running production shape (.ci/prod-check), as a browser behind the TLS proxy
makes them: every request says X-Forwarded-Proto: https and the portal's public Host.

    python .ci/prod_smoke.py http://127.0.0.1:PORT dvk.example.gov.vn USERNAME PASSWORD

Standard library only; exits non-zero with the reason on the first check that fails."""

import http.client
import re
import sys
from urllib.parse import urlencode, urljoin, urlsplit

# Hashed static files are cached for ten years by browsers and proxies (WhiteNoise's "forever").
IMMUTABLE = "max-age=315360000, public, immutable"


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


class Browser:
    """One user agent: keeps its cookies itself, since they are Secure and the wire is http."""

    def __init__(self, base, host):
        parts = urlsplit(base)
        self.address = (parts.hostname, parts.port)
        self.host = host
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, https=True):
        connection = http.client.HTTPConnection(*self.address, timeout=120)
        sent = {"Host": self.host, **(headers or {})}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            expect("Secure" in header, f"cookie {name} is sent without Secure: {header}")
            self.cookies[name] = value
        connection.close()
        return response, content

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)


def text(content):
    return content.decode("utf-8")


def check_health(browser):
    # The container's healthcheck asks over plain http from inside: never redirected.
    response, content = browser.get("/healthz", https=False)
    expect(response.status == 200 and content == b"ok", f"/healthz: {response.status} {content!r}")
    response, _ = browser.get("/dang-nhap/", https=False)
    location = response.headers.get("Location", "")
    expect(
        response.status == 301 and location.startswith(f"https://{browser.host}/"),
        f"plain http is not redirected to https: {response.status} {location!r}",
    )
    print("  /healthz 200; plain http → 301 https")


def log_in(browser, username, password):
    response, content = browser.get("/dang-nhap/")
    expect(response.status == 200, f"login page: {response.status}")
    hsts = response.headers.get("Strict-Transport-Security", "")
    expect("max-age=31536000" in hsts, f"no HSTS on the login page: {hsts!r}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(content))
    expect(token and "csrftoken" in browser.cookies, "login page: no CSRF token or cookie")
    origin = f"https://{browser.host}"
    form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    response, content = browser.request(
        "POST",
        "/dang-nhap/",
        body=urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/dang-nhap/",
        },
    )
    expect(
        response.status == 302 and "sessionid" in browser.cookies,
        f"login as {username} failed: {response.status} {text(content)[:300]}",
    )
    print(f"  logged in as {username} through the login form (CSRF, Secure cookies)")


def check_page_and_pdf(browser):
    response, content = browser.get("/cham-diem/")
    page = text(content)
    expect(response.status == 200, f"/cham-diem/: {response.status}")
    expect("Chấm điểm" in page and "Đăng xuất" in page, "/cham-diem/ lacks its Vietnamese text")
    print("  /cham-diem/ 200, in Vietnamese")
    for movement in dict.fromkeys(re.findall(r'href="/cham-diem/(\d+)/"', page)):
        _, scorecard = browser.get(f"/cham-diem/{movement}/")
        link = re.search(r'href="(/cham-diem/\d+/ban-cham-diem\.pdf)"', text(scorecard))
        if link:
            break
    else:
        raise CheckFailed("no score sheet PDF link on the user's scorecards")
    response, content = browser.get(link.group(1))
    expect(
        response.status == 200 and content.startswith(b"%PDF-"),
        f"{link.group(1)}: {response.status} {response.headers.get('Content-Type')}",
    )
    print(f"  {link.group(1)}: a PDF of {len(content)} bytes (WeasyPrint, collected fonts)")
    return page


def check_static(browser, page):
    css = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page)
    expect(css, "the page does not link the hashed portal.css (manifest storage not in use?)")
    response, content = browser.get(css.group(1), headers={"Accept-Encoding": "gzip"})
    cache = response.headers.get("Cache-Control", "")
    expect(response.status == 200 and content, f"{css.group(1)}: {response.status}")
    expect(cache == IMMUTABLE, f"{css.group(1)}: Cache-Control {cache!r}, not {IMMUTABLE!r}")
    expect(response.headers.get("Content-Encoding") == "gzip", "portal.css is not served gzipped")
    # The unhashed name may change content at the next release: cached briefly only.
    response, _ = browser.get(urljoin(css.group(1), "portal.css"))
    brief = response.headers.get("Cache-Control", "")
    expect(IMMUTABLE not in brief, "the unhashed portal.css is cached forever")
    print(f"  {css.group(1)}: Cache-Control {cache}, gzip; portal.css: {brief}")


def main(base, host, username, password):
    browser = Browser(base, host)
    check_health(browser)
    log_in(browser, username, password)
    page = check_page_and_pdf(browser)
    check_static(browser, page)


if __name__ == "__main__":
    try:
        main(*sys.argv[1:])
    except CheckFailed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
