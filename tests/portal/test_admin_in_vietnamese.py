"""Every admin page a reviewer or the superuser opens reads as Vietnamese: no English word of
Django or a library left in the text, the tooltips, the image texts or the buttons, and no raw
value (None, True/False, a UTC offset) where a person's word belongs.

The pages are those of the reads-never-write walk: every changelist, change form, history page
and custom admin view, filled with a small province's objects."""

import re
from html import unescape

import pytest
from django.test import Client

from tests.portal import test_reads_never_write as walk

# The walk's province, as a fixture of this module too.
province = walk.province

pytestmark = pytest.mark.django_db

# Words of Django's and the libraries' English that a translation may miss, and raw values.
ENGLISH = re.compile(
    r"\b(Add|Change|Delete|Save|History|Search|Filter|None|True|False|Reset password|"
    r"Raw passwords|Password-based|Choose all|Remove all|Select|Home|Log out|Welcome|"
    r"Recent actions|Import|Export|Submit|Unknown|Today|Show|Hide|Available|Chosen|"
    r"Model name|models|Items must|object|Access Log|Attempted)\b|\+00:00|\bUTC\b"
)
# Model names Django makes up for many-to-many tables (“Group_permissions object (1)”) appear
# only on the superuser's page deleting a role, which lists what goes with it.
SUPERUSER_ONLY = {"/admin/auth/group/1/delete/"}
HIDDEN = re.compile(r"<(script|style)[^>]*>.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
SHOWN_ATTRIBUTE = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"')
BUTTON = re.compile(r'<input[^>]*type="submit"[^>]*value="([^"]*)"')


def what_a_person_reads(html: str) -> list[str]:
    html = HIDDEN.sub(" ", html)
    return [
        unescape(TAG.sub(" ", html)),
        *(unescape(value) for value in SHOWN_ATTRIBUTE.findall(html)),
        *(unescape(value) for value in BUTTON.findall(html)),
    ]


@pytest.mark.parametrize("role", ["reviewer", "superuser"])
def test_every_admin_page_reads_as_vietnamese(role, province):
    client = Client(raise_request_exception=False)
    client.force_login(province.users[role])
    found, opened = [], 0
    for url in walk.get_urls(province):
        if not url.startswith("/admin/") or url in SUPERUSER_ONLY:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        for text in what_a_person_reads(response.content.decode()):
            for match in ENGLISH.finditer(text):
                around = " ".join(text[max(0, match.start() - 30) : match.end() + 30].split())
                found.append(f"{url}: “{match[0]}” in “…{around}…”")
    assert opened > 60  # the walk reached the admin
    assert not found, f"{len(found)} chỗ chưa Việt hoá ({role}):\n" + "\n".join(
        sorted(set(found))[:60]
    )


def test_the_admin_does_not_call_its_tables_models_nor_its_rows_targets(client, reviewer):
    """“Mô hình” is a Dân vận khéo model and “mục tiêu” a target in this portal: Django's own
    Vietnamese for “model” and “item” would read wrongly."""
    client.force_login(reviewer)
    index = client.get("/admin/").content.decode()
    assert "Danh mục dữ liệu" in index
    assert "Tên mô hình" not in index and "mô models" not in index
    response = client.post(
        "/admin/registrations/registration/",
        {"action": "accept_selected", "index": "0"},
        follow=True,
    )
    page = response.content.decode()
    assert "Hãy đánh dấu chọn ít nhất một dòng trước khi thực hiện thao tác." in page
    assert "Mục tiêu" not in page
