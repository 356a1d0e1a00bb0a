"""No page, message, e-mail or document names “Sở Nội vụ” by itself: the coordinating body's
names come from the Coordinator row (seed 001's coordinator is a ward's Party-building board)."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from movements.selectors import agency_deadline
from registrations import services
from tests.factories import edit_coordinator

ROOT = Path(settings.BASE_DIR)
APPS = ["portal", "movements", "notifications", "registrations", "scoring", "awards", "reports"]
LITERAL = "Sở Nội vụ"
TEMPLATE_COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def user_facing_strings(tree):
    """Every string constant of a module except docstrings (which users never read)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def test_no_template_names_the_body():
    found = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "templates").rglob("*"))
        if path.is_file() and LITERAL in TEMPLATE_COMMENTS.sub("", path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_message_or_label_in_code_names_the_body():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line, text in user_facing_strings(ast.parse(path.read_text(encoding="utf-8")))
        if LITERAL in text
    ]
    assert found == []


def test_the_scan_sees_a_message_but_not_a_docstring():
    tree = ast.parse('"""Gửi Sở Nội vụ."""\nx = "Gửi Sở Nội vụ"\n')
    assert [text for _, text in user_facing_strings(tree)] == ["Gửi Sở Nội vụ"]


@pytest.fixture
def ward_board(coordinator):
    edit_coordinator(
        name="Ban Xây dựng Đảng Đảng ủy phường Bình Định",
        short_name="Ban Xây dựng Đảng",
        parent_name="Đảng ủy phường Bình Định",
        place_name="Bình Định",
    )


def test_pages_messages_and_the_admin_name_the_body_from_data(
    ward_board, client, draft_a, leader_a, reviewer, admin_client
):
    client.force_login(leader_a)
    page = client.get(reverse("registrations:detail", args=[draft_a.pk])).content.decode()
    assert "Gửi Ban Xây dựng Đảng" in page
    assert "Ban Xây dựng Đảng Đảng ủy phường Bình Định · Giờ Việt Nam" in page
    done = client.post(reverse("registrations:submit", args=[draft_a.pk]), follow=True)
    assert "Đã gửi mô hình “" in done.content.decode()
    assert "đến Ban Xây dựng Đảng." in done.content.decode()

    services.return_registration(registration=draft_a, by=reviewer, reason="Thiếu số liệu")
    page = client.get(reverse("registrations:detail", args=[draft_a.pk])).content.decode()
    assert "Ban Xây dựng Đảng trả lại ngày" in page

    admin = admin_client.get(reverse("admin:index")).content.decode()
    assert "Quản trị phong trào “Dân vận khéo” — Ban Xây dựng Đảng Đảng ủy phường Bình Định" in (
        admin
    )
    assert LITERAL not in page + admin


def test_a_late_agency_is_told_to_ask_the_body_for_more_time(ward_board, movement, agency_a):
    window = agency_deadline(movement=movement, kind="registration", agency=agency_a)
    refusal = window.refusal(window.closes_at)
    assert refusal.endswith("Nếu cần gia hạn, vui lòng liên hệ Ban Xây dựng Đảng.")
