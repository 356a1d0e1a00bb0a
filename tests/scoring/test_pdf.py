"""The score sheet PDF, checked by its content: poppler reads back the criteria, the totals, the
band, the date in words and the Vietnamese text; the fonts are ours and embedded; A4; page
numbers from the second page; the dossier mechanism (several documents, bookmarks)."""

import io
import re
import subprocess
import zlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fontTools.ttLib import TTFont

from portal.pdf import (
    StaticFilesFetcher,
    html_to_document,
    render_documents_html,
    render_documents_pdf,
    render_html,
)
from portal.templatetags.documents import date_in_words, points
from scoring import services
from scoring.models import Band, BandScheme, CriteriaSet, Criterion, CriterionKind
from scoring.pdf import TEMPLATE, score_sheet_context, score_sheet_pdf
from tests.factories import MovementFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SUBMITTED_AT = datetime(2025, 12, 1, 9, 0, tzinfo=HCM)
FINALISED_AT = datetime(2025, 12, 5, 10, 0, tzinfo=HCM)
FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


# Poppler


def _poppler(tool, pdf: bytes, tmp_path, *args) -> str:
    path = tmp_path / f"doc-{len(list(tmp_path.iterdir()))}.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def pdftotext(pdf, tmp_path, *, page=None, layout=True):
    args = ["-layout"] if layout else []
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return _poppler("pdftotext", pdf, tmp_path, *args)


def row(layout: str, code: str) -> str:
    """The first line of a table row, found by what its first cell holds."""
    return next(line for line in layout.splitlines() if line.split()[:1] == [code])


def flat(text: str) -> str:
    return " ".join(text.split())


def embedded_fonts(pdf: bytes) -> list[TTFont]:
    """The TrueType programs embedded in the PDF (stream objects, Flate-compressed)."""
    fonts = []
    for match in re.finditer(rb"stream\r?\n", pdf):
        raw = pdf[match.end() : pdf.find(b"endstream", match.end())]
        try:
            data = zlib.decompressobj().decompress(raw)
        except zlib.error:
            continue
        if data[:4] in (b"\x00\x01\x00\x00", b"true"):
            fonts.append(TTFont(io.BytesIO(data)))
    return fonts


# A 100-point sheet: 87 claimed, appraised down to 78 (DOMAIN.md: “Tốt” → “Khá”)


def add(sheet, code, text, max_points, parent=None, kind=CriterionKind.ORDINARY):
    return Criterion.objects.create(
        criteria_set=sheet,
        parent=parent,
        code=code,
        text=text,
        max_points=Decimal(max_points),
        kind=kind,
        position=sheet.criteria.count() + 1,
    )


def build_sheet():
    sheet = CriteriaSet.objects.create(
        code="01/HDLT-UBND-BDVTU",
        title="Bộ tiêu chí đánh giá công tác dân vận chính quyền",
        issuer="UBND tỉnh và Ban Dân vận Tỉnh ủy",
        issued_on=date(2023, 5, 31),
        province="Vĩnh Long",
        year_from=2025,
        max_total=Decimal("100"),
    )
    g1 = add(sheet, "1", "Công tác lãnh đạo, chỉ đạo thực hiện công tác dân vận chính quyền", "30")
    add(sheet, "1.1", "Ban hành kế hoạch thực hiện công tác dân vận chính quyền", "15", g1)
    c12 = add(sheet, "1.2", "Kiểm tra, sơ kết, tổng kết", "15", g1)
    add(sheet, "1.2.a", "Tổ chức kiểm tra việc thực hiện", "7.5", c12)
    add(sheet, "1.2.b", "Sơ kết, tổng kết, báo cáo đúng hạn", "7.5", c12)
    g2 = add(sheet, "2", "Thực hiện dân chủ ở cơ sở, đối thoại với Nhân dân", "60")
    add(sheet, "2.1", "Công khai thủ tục hành chính tại bộ phận một cửa", "30", g2)
    add(sheet, "2.2", "Tổ chức đối thoại định kỳ với Nhân dân", "30", g2)
    g3 = add(sheet, "3", "Điểm thưởng", "10", kind=CriterionKind.BONUS)
    add(sheet, "3.1", "Có mô hình “Dân vận khéo” được công nhận", "10", g3, CriterionKind.BONUS)
    g4 = add(sheet, "4", "Điểm trừ", "5", kind=CriterionKind.DEDUCTION)
    add(sheet, "4.1", "Để xảy ra khiếu kiện đông người", "5", g4, CriterionKind.DEDUCTION)
    services.validate_tree(sheet)
    return sheet


def build_bands():
    scheme = BandScheme.objects.create(name="Tốt / Khá / Trung bình / Yếu")
    for rank, (name, threshold) in enumerate(
        [("Tốt", "80"), ("Khá", "65"), ("Trung bình", "50"), ("Yếu", "0")], start=1
    ):
        Band.objects.create(scheme=scheme, name=name, min_total=Decimal(threshold), rank=rank)
    return scheme


def leaf_pk(sheet, code):
    return Criterion.objects.get(criteria_set=sheet, code=code).pk


def fill(scorecard, clerk, claims: dict):
    services.save_self_scores(
        scorecard=scorecard,
        by=clerk,
        answers={
            leaf_pk(scorecard.criteria_set, code): {"points": value, "explanation": "Đã làm."}
            for code, value in claims.items()
        },
    )


CLAIMS = {"1.1": "15", "1.2.a": "7,5", "1.2.b": "6,5", "2.1": "28", "2.2": "25", "3.1": "7"}
CLAIMS["4.1"] = "-2"  # 15 + 7,5 + 6,5 + 28 + 25 + 7 − 2 = 87
NOTE = "Chưa có biên bản đối thoại quý IV"


@pytest.fixture
def scoring_movement():
    return MovementFactory(
        year=2025, province="Vĩnh Long", criteria_set=build_sheet(), band_scheme=build_bands()
    )


@pytest.fixture
def finalised(scoring_movement, agency_a, clerk_a, leader_a, reviewer):
    scorecard = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    fill(scorecard, clerk_a, CLAIMS)
    services.submit_scorecard(scorecard=scorecard, by=leader_a, now=SUBMITTED_AT)
    services.appraise(
        scorecard=scorecard,
        by=reviewer,
        changes={leaf_pk(scorecard.criteria_set, "2.2"): ("16", NOTE)},  # 87 − 9 = 78
    )
    return services.finalise_scorecard(scorecard=scorecard, by=reviewer, now=FINALISED_AT)


@pytest.fixture
def sheet_pdf(finalised):
    return score_sheet_pdf(finalised)


# The document


def test_sheet_shows_header_criteria_totals_band_and_date(sheet_pdf, tmp_path):
    layout = pdftotext(sheet_pdf, tmp_path)
    text = flat(pdftotext(sheet_pdf, tmp_path, layout=False))  # cells whole, in reading order
    for phrase in (
        "UBND TỈNH VĨNH LONG",
        "SỞ TƯ PHÁP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Vĩnh Long, ngày 01 tháng 12 năm 2025",  # the day it was sent, not appraised
        "BẢN CHẤM ĐIỂM TIÊU CHÍ",
        "Đánh giá công tác dân vận chính quyền năm 2025",
        "Theo Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU ngày 31/5/2023 của UBND tỉnh và Ban "
        "Dân vận Tỉnh ủy",
        "Mã",
        "Nội dung tiêu chí",
        "Ghi chú",
        "Công tác lãnh đạo, chỉ đạo thực hiện công tác dân vận chính quyền",
        "Có mô hình “Dân vận khéo” được công nhận",
        "Để xảy ra khiếu kiện đông người",
        NOTE,
        "Tổng điểm tự chấm: 87 điểm. Tổng điểm thẩm định: 78 điểm.",
        "Xếp loại: Khá.",
        "THỦ TRƯỞNG CƠ QUAN",
    ):
        assert phrase in text, phrase
    # The header cells wrap; in content order each reads whole. The appraisal is the coordinator's.
    raw = flat(_poppler("pdftotext", sheet_pdf, tmp_path, "-raw"))
    assert "Điểm tối đa Điểm tự chấm Điểm thẩm định của Sở Nội vụ Ghi chú" in raw
    # One row per criterion: code, text, max, self, appraised (Vietnamese decimals, no “,00”).
    assert re.search(r"\s7,5\s+7,5\s+7,5\s*$", row(layout, "1.2.a"))
    assert re.search(r"\s7,5\s+6,5\s+6,5\s*$", row(layout, "1.2.b"))
    assert re.search(r"\s30\s+25\s+16\s+Chưa", row(layout, "2.2"))
    assert re.search(r"\s\+10\s+7\s+7\s*$", row(layout, "3.1"))
    assert re.search(r"\s-5\s+-2\s+-2\s*$", row(layout, "4.1"))
    # Groups carry their subtotals: 1 = 15 + 7,5 + 6,5; 2 = 28 + 25 → 28 + 16.
    assert re.search(r"\s30\s+29\s+29\s*$", row(layout, "1"))
    assert re.search(r"\s60\s+53\s+44\s*$", row(layout, "2"))
    assert re.search(r"Tổng cộng\s+100\s+87\s+78\s*$", row(layout, "Tổng"))
    assert ",00" not in text and ".00" not in text


def test_sheet_is_a4_with_our_fonts_embedded(sheet_pdf, tmp_path):
    info = _poppler("pdfinfo", sheet_pdf, tmp_path)
    assert re.search(r"Page size:\s+595\.2\d* x 841\.89 pts \(A4\)", info), info
    rows = _poppler("pdffonts", sheet_pdf, tmp_path).splitlines()[2:]
    assert rows
    names = [row.split()[0].split("+", 1)[-1] for row in rows]
    assert all(name.startswith("Liberation-Serif") for name in names), names
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= set(names)
    # emb, sub, uni: every font embedded (subset) with a Unicode map, so the text reads back.
    assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows), rows
    # The programs are our files' (Liberation 2, full Vietnamese), not a system font that
    # happens to share the name (Liberation 1 lacks “Ộ”, “ơ”…).
    ours = {TTFont(path)["name"].getDebugName(5) for path in FONTS_DIR.glob("*.ttf")}
    embedded = embedded_fonts(sheet_pdf)
    assert embedded
    assert {font["name"].getDebugName(5) for font in embedded} == ours


def test_not_classifiable_shows_the_reason(
    scoring_movement, agency_a, clerk_a, leader_a, reviewer, tmp_path
):
    scorecard = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    fill(scorecard, clerk_a, CLAIMS)
    services.submit_scorecard(scorecard=scorecard, by=leader_a)
    scorecard = services.finalise_scorecard(
        scorecard=scorecard,
        by=reviewer,
        not_classifiable=True,
        not_classifiable_reason="Để xảy ra vi phạm kỷ luật nghiêm trọng",
        now=FINALISED_AT,
    )
    text = flat(pdftotext(score_sheet_pdf(scorecard), tmp_path))
    assert "Xếp loại: Không đủ điều kiện xếp loại" in text
    assert "Để xảy ra vi phạm kỷ luật nghiêm trọng" in text


def test_submitted_sheet_has_no_appraisal_yet(
    scoring_movement, agency_a, clerk_a, leader_a, tmp_path
):
    scorecard = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    fill(scorecard, clerk_a, CLAIMS)
    scorecard = services.submit_scorecard(
        scorecard=scorecard, by=leader_a, now=datetime(2025, 12, 1, 9, 0, tzinfo=HCM)
    )
    text = flat(pdftotext(score_sheet_pdf(scorecard), tmp_path))
    assert "Tổng điểm tự chấm: 87 điểm." in text
    assert "Tổng điểm thẩm định" not in text
    assert "Tự xếp loại: Tốt (chưa thẩm định)" in text
    assert "ngày 01 tháng 12 năm 2025" in text


# A long sheet: 8 groups × 5 criteria, two pages, numbered from the second


def build_long_sheet(groups=8, per_group=5):
    sheet = CriteriaSet.objects.create(
        code="3225/QĐ-UBND",
        title="Bộ tiêu chí dài (mẫu)",
        province="Vĩnh Long",
        year_from=2025,
        max_total=Decimal("100"),
    )
    each = Decimal("100") / (groups * per_group)
    for g in range(1, groups + 1):
        group = add(sheet, str(g), f"Nhóm tiêu chí số {g} về công tác dân vận", each * per_group)
        for c in range(1, per_group + 1):
            add(
                sheet,
                f"{g}.{c}",
                f"Tiêu chí {g}.{c}: tổ chức thực hiện nhiệm vụ, tiếp xúc, đối thoại với Nhân dân, "
                "tiếp nhận và giải quyết kịp thời phản ánh, kiến nghị của người dân",
                each,
                group,
            )
    services.validate_tree(sheet)
    return sheet


@pytest.fixture
def long_card(agency_a, clerk_a):
    sheet = build_long_sheet()
    movement = MovementFactory(year=2025, criteria_set=sheet, band_scheme=build_bands())
    scorecard = services.start_scorecard(movement=movement, agency=agency_a, by=None)
    leaves = Criterion.objects.filter(criteria_set=sheet, is_leaf=True)
    fill(scorecard, clerk_a, {leaf.code: "2" for leaf in leaves})
    return scorecard


def test_long_sheet_numbers_pages_from_the_second(long_card, tmp_path):
    assert Criterion.objects.filter(criteria_set=long_card.criteria_set).count() >= 40
    pdf = score_sheet_pdf(long_card)
    pages = int(re.search(r"Pages:\s+(\d+)", _poppler("pdfinfo", pdf, tmp_path))[1])
    assert pages >= 2
    first = [line.strip() for line in pdftotext(pdf, tmp_path, page=1).splitlines()]
    second = [line.strip() for line in pdftotext(pdf, tmp_path, page=2).splitlines()]
    first, second = [line for line in first if line], [line for line in second if line]
    assert first[0].startswith("UBND TỈNH")  # no number above the letterhead
    assert "1" not in first
    assert second[0] == "2"  # centred in the top margin
    assert any("Nội dung tiêu chí" in line for line in second[1:4])  # the header repeats
    assert "Tổng điểm tự chấm: 80 điểm." in flat(pdftotext(pdf, tmp_path))


def test_queries_do_not_grow_with_the_sheet(finalised, long_card, leader_a, reviewer):
    services.submit_scorecard(scorecard=long_card, by=leader_a)
    services.finalise_scorecard(scorecard=long_card, by=reviewer)
    with CaptureQueriesContext(connection) as small:
        score_sheet_pdf(finalised)  # 12 criteria
    with CaptureQueriesContext(connection) as large:
        score_sheet_pdf(long_card)  # 48 criteria
    assert len(small) == len(large) <= 7  # the coordinator's names are one of them


# The dossier: several documents in one PDF


def test_documents_concatenate_with_bookmarks_and_own_page_numbers(finalised, long_card, tmp_path):
    parts = [(TEMPLATE, score_sheet_context(long_card)), (TEMPLATE, score_sheet_context(finalised))]
    document = html_to_document(render_documents_html(parts, title="Hồ sơ khen thưởng"))
    bookmarks = document.make_bookmark_tree()
    assert [label for label, *_ in bookmarks] == ["Bản chấm điểm tiêu chí năm 2025"] * 2
    long_pages = bookmarks[1][1][0]  # page index where the second document starts
    assert long_pages >= 2
    pdf = render_documents_pdf(parts, title="Hồ sơ khen thưởng")
    second_doc_first = [
        line.strip() for line in pdftotext(pdf, tmp_path, page=long_pages + 1).splitlines()
    ]
    second_doc_first = [line for line in second_doc_first if line]
    assert second_doc_first[0].startswith("UBND TỈNH")  # its first page carries no number
    second_page = [line.strip() for line in pdftotext(pdf, tmp_path, page=2).splitlines()]
    assert [line for line in second_page if line][0] == "2"
    assert "Title:           Hồ sơ khen thưởng" in _poppler("pdfinfo", pdf, tmp_path)


# Helpers


def test_fetcher_serves_static_files_and_refuses_the_network():
    fetcher = StaticFilesFetcher()
    url = f"https://tai-lieu.invalid{settings.STATIC_URL}fonts/LiberationSerif-Regular.ttf"
    response = fetcher.fetch(url)
    assert response.read() == (FONTS_DIR / "LiberationSerif-Regular.ttf").read_bytes()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/logo.png")
    with pytest.raises(ValueError):
        fetcher.fetch(f"https://tai-lieu.invalid{settings.STATIC_URL}../portal/settings.py")
    with pytest.raises(FileNotFoundError):
        fetcher.fetch(f"https://tai-lieu.invalid{settings.STATIC_URL}fonts/khong-co.ttf")


def test_base_template_blocks_render_from_context():
    html = render_html(
        "documents/base.html",
        {
            "parent_body": "UBND tỉnh Vĩnh Long",
            "issuing_body": "Sở Nội vụ",
            "symbol": "TTr-SNV",
            "place": "Vĩnh Long",
            "issued_on": None,
            "doc_type": "TỜ TRÌNH",
            "summary": "Về việc đề nghị tặng Bằng khen",
            "addressees": ["Ủy ban nhân dân tỉnh", "Ban Tuyên giáo và Dân vận Tỉnh ủy"],
            "recipients": ["Như trên;", "Lưu: VT, CCVC."],
            "sign_authority": "KT. Giám đốc",
            "sign_title": "Phó Giám đốc",
            "signer_name": "Nguyễn Văn An",
        },
    )
    assert "Số:&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/TTr-SNV" in html
    assert "Vĩnh Long, ngày\u00a0" in html  # a blank date for the văn thư to fill in
    assert 'data-bookmark="Tờ trình – Về việc đề nghị tặng Bằng khen"' in html
    assert "<div>- Ban Tuyên giáo và Dân vận Tỉnh ủy</div>" in html
    assert "<li>- Lưu: VT, CCVC.</li>" in html
    assert "KT. GIÁM ĐỐC" in html and "PHÓ GIÁM ĐỐC" in html


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (date(2025, 1, 5), "ngày 05 tháng 01 năm 2025"),
        (date(2025, 2, 28), "ngày 28 tháng 02 năm 2025"),
        (date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
        (date(2025, 4, 15), "ngày 15 tháng 4 năm 2025"),
        (date(2025, 12, 15), "ngày 15 tháng 12 năm 2025"),
        (date(2026, 11, 1), "ngày 01 tháng 11 năm 2026"),
        # 18:30 UTC on the 14th is already the 15th in Vĩnh Long.
        (datetime(2025, 12, 14, 18, 30, tzinfo=ZoneInfo("UTC")), "ngày 15 tháng 12 năm 2025"),
    ],
)
def test_date_in_words_leading_zeros(value, words):
    assert date_in_words(value) == words


def test_date_in_words_blank():
    assert date_in_words(None).split() == ["ngày", "tháng", "năm"]  # for the văn thư to fill


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("7.50"), "7,5"),
        (Decimal("87.00"), "87"),
        (Decimal("-2.00"), "-2"),
        (Decimal("0.25"), "0,25"),
        (Decimal("1250.5"), "1.250,5"),
        (None, ""),
    ],
)
def test_points_in_vietnamese_format(value, text):
    assert points(value) == text


def test_a_missing_or_remote_resource_stops_the_rendering():
    from weasyprint.urls import FatalURLFetchingError

    for src in ("https://example.com/logo.png", "/static/khong-co.png"):
        html = f'<!DOCTYPE html><html><body><img src="{src}"></body></html>'
        with pytest.raises(FatalURLFetchingError):
            html_to_document(html)


def test_fonts_load_from_collected_hashed_files(finished_collectstatic, tmp_path, caplog):
    """Production (Dockerfile): ManifestStaticFilesStorage, {% static %} gives hashed names
    that exist only in STATIC_ROOT, not where the finders look."""
    html = render_html("documents/base.html", {"doc_type": "BÁO CÁO"})
    assert re.search(r"/static/fonts/LiberationSerif-Bold\.[0-9a-f]{12}\.ttf", html)
    pdf = render_documents_pdf([("documents/base.html", {"doc_type": "BÁO CÁO"})])
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
    fonts = _poppler("pdffonts", pdf, tmp_path)
    assert "Liberation-Serif-Bold" in fonts
    assert "Độc lập - Tự do - Hạnh phúc" in pdftotext(pdf, tmp_path)


@pytest.fixture
def finished_collectstatic(tmp_path, settings):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert list((tmp_path / "collected" / "fonts").glob("LiberationSerif-Bold.*.ttf"))
    return settings.STATIC_ROOT


def test_a_pdf_download_carries_no_page_policy(client, finalised, leader_a):
    """CSP is for pages: on a PDF it would only risk blocking the browser's PDF viewer."""
    client.force_login(leader_a)
    response = client.get(reverse("scoring:pdf", args=[finalised.movement_id]))
    assert response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response.headers
    assert "Content-Security-Policy" in client.get(reverse("home")).headers
