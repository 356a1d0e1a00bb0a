"""The printable registration sheet (issue 11): the Decree 30/2020 layout of every document, the
bundled fonts (no fallback glyphs for Ở, Ư, Ộ), the motto at 13 pt bold with its rule, the rule
under the agency's name, and no workflow state on a sheet that gets signed."""

import re
import subprocess

import pytest
from django.urls import reverse

from portal.pdf import render_html
from registrations import services
from registrations.models import State
from registrations.views import TEMPLATE_SHEET, sheet_context

pytestmark = pytest.mark.django_db

STATE_WORDS = ["Trạng thái", *(label for _, label in State.choices)]


def poppler(tool, pdf: bytes, tmp_path, *args) -> str:
    path = tmp_path / f"sheet-{len(list(tmp_path.iterdir()))}.pdf"
    path.write_bytes(pdf)
    command = [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


@pytest.fixture
def sent_a(draft_a, agency_a, leader_a):
    agency_a.name = "Sở Tư pháp"
    agency_a.save()
    draft_a.name = "Ứng dụng số hỗ trợ người dân ở ấp Phước Hậu"
    draft_a.save()
    return services.submit_registration(registration=draft_a, by=leader_a)


@pytest.fixture
def sheet_pdf(client, clerk_a, sent_a):
    client.force_login(clerk_a)
    response = client.get(reverse("registrations:print", args=[sent_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_pdf_embeds_only_the_bundled_fonts(sheet_pdf, tmp_path):
    rows = poppler("pdffonts", sheet_pdf, tmp_path).splitlines()[2:]
    names = [row.split()[0].split("+", 1)[-1] for row in rows]
    assert names and all(name.startswith("Liberation-Serif") for name in names), names
    assert {"Liberation-Serif", "Liberation-Serif-Bold"} <= set(names)
    assert not any("DejaVu" in row for row in rows)
    assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows), rows


def test_the_sheet_reads_back_in_vietnamese_without_a_state(sheet_pdf, sent_a, tmp_path):
    text = " ".join(poppler("pdftotext", sheet_pdf, tmp_path).split())
    for phrase in (
        "SỞ TƯ PHÁP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHIẾU ĐĂNG KÝ MÔ HÌNH “DÂN VẬN KHÉO”",
        "Tên mô hình: Ứng dụng số hỗ trợ người dân ở ấp Phước Hậu",
        "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
        "(Ký, ghi rõ họ tên, đóng dấu)",
    ):
        assert phrase in text, phrase
    assert sent_a.state == State.SUBMITTED
    for word in STATE_WORDS:
        assert word not in text, word


def test_the_motto_is_larger_than_the_nation_line(sheet_pdf, tmp_path):
    """13 pt under the 12 pt national name: the words' boxes are as tall as their size."""
    boxes = re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>',
        poppler("pdftotext", sheet_pdf, tmp_path, "-bbox", "-f", "1", "-l", "1"),
    )
    height = {word: float(y_max) - float(y_min) for y_min, y_max, word in boxes}
    assert height["Hạnh"] / height["CỘNG"] == pytest.approx(13 / 12, rel=0.02)


def test_the_sheet_uses_the_document_base_with_its_rules(sent_a):
    page = render_html(TEMPLATE_SHEET, sheet_context(sent_a))
    assert re.search(r"@font-face \{[^}]*fonts/LiberationSerif-Regular\.ttf", page)
    assert "Times New Roman" not in page and "DejaVu" not in page
    # The motto, bold 13 pt with the rule under it; the short rule under the agency's name.
    assert re.search(r"\.motto \{[^}]*font-size: 13pt; font-weight: bold;[^}]*border-bottom", page)
    assert '<div class="motto">Độc lập - Tự do - Hạnh phúc</div>' in page
    assert '<div class="issuing-body">SỞ TƯ PHÁP<div class="rule"></div></div>' in page
    for word in STATE_WORDS:
        assert word not in page, word


def test_another_agency_gets_nothing(client, clerk_b, sent_a):
    client.force_login(clerk_b)
    response = client.get(reverse("registrations:print", args=[sent_a.pk]))
    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"


def test_anonymous_is_sent_to_log_in(client, sent_a):
    response = client.get(reverse("registrations:print", args=[sent_a.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
