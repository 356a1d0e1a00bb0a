"""The Content-Security-Policy: only our own origin, and no page that relies on inline code.

The header is checked on a portal page and admin pages; the templates are scanned for inline
scripts, styles and handlers, which the policy would refuse (templates that only become PDFs or
mail are left out: no browser applies the policy to them). The journeys in tests/browser fail
on any violation a real Chromium reports.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portal.models import Agency
from tests.admin_import import format_index
from tests.factories import AgencyFactory

from .test_agency_import import HEADERS, IMPORT_URL, workbook_bytes

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Input to WeasyPrint (PDF) or to mail, never served to a browser as a page.
NOT_PAGES = {"registration/password_reset_email.html"}
PDF_BASE = re.compile(r"""{%\s*extends\s+["']documents/base\.html["']""")
COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
INLINE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:|\shx-on", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def inline_code(html: str) -> list[str]:
    """Every inline script with code, inline style and inline handler in ``html``."""
    found = [match[0] for match in INLINE.finditer(html)]
    for attributes, code in SCRIPT.findall(html):
        if code.strip() and "application/json" not in attributes:
            found.append(f"<script{attributes}>{code.strip()[:40]}")
    return found


def browser_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        source = path.read_text(encoding="utf-8")
        if name.startswith("documents/") or name in NOT_PAGES or PDF_BASE.search(source):
            continue
        yield name, source


# ---------------------------------------------------------------------------- header


@pytest.mark.django_db
def test_a_portal_page_carries_exactly_the_policy(client):
    response = client.get("/dang-nhap/")

    assert response.status_code == 200
    assert policy(response) == EXPECTED_POLICY


def test_the_admin_carries_exactly_the_policy(client, reviewer):
    client.force_login(reviewer)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert policy(response) == EXPECTED_POLICY


@pytest.mark.django_db
def test_the_expired_form_page_carries_the_policy():
    response = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "x"})

    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
    assert policy(response) == EXPECTED_POLICY


# ---------------------------------------------------------------------------- templates


def test_templates_scan_finds_inline_code_in_a_fragment():
    assert inline_code('<p style="x"><a onclick="f()">') == [" style=", " onclick="]
    assert inline_code("<script>alert(1)</script>") == ["<script>alert(1)"]
    assert inline_code('<script src="/static/js/portal.js" defer></script>') == []
    assert inline_code('<script type="application/json" id="d">{"a": 1}</script>') == []


def test_no_page_template_carries_inline_script_style_or_handler():
    scanned = dict(browser_templates())
    assert "base.html" in scanned and "admin/import_export/export.html" in scanned
    assert "scoring/score_sheet.html" not in scanned

    offenders = {
        name: found
        for name, source in scanned.items()
        if (found := inline_code(COMMENTS.sub("", source)))
    }

    assert offenders == {}


# ---------------------------------------------------------------------------- admin pages


def test_import_export_and_history_pages_carry_no_inline_code(client, reviewer):
    """Pages whose markup comes from django-import-export and simple-history."""
    agency = AgencyFactory(code="STP", name="Sở Tư pháp (cũ)")
    reviewer.user_permissions.add(Permission.objects.get(codename="add_agency"))
    client.force_login(reviewer)

    export = client.get("/admin/portal/agency/export/")
    history = client.get(f"/admin/portal/agency/{agency.pk}/history/")
    preview = client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": format_index(Agency),
            "import_file": _xlsx([("STP", "Sở Tư pháp", "STP", agency.kind.code, "", "Có")]),
        },
    )

    assert [export.status_code, history.status_code, preview.status_code] == [200, 200, 200]
    assert "select-all-toggle" in export.content.decode()
    assert "Sở Tư pháp (cũ)" in history.content.decode()
    preview_html = preview.content.decode()
    # The changed name is marked as a change, without the inline colour.
    assert "<ins>" in preview_html or "<del>" in preview_html
    for response in (export, history, preview):
        assert inline_code(response.content.decode()) == [], response.request["PATH_INFO"]


def _xlsx(rows):
    return SimpleUploadedFile(
        "co-quan.xlsx",
        workbook_bytes(rows, HEADERS),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
