"""The one DOCX converter (portal.docx), read back with python-docx: the base document's blocks in
the Decree 30 order, its page, fonts and tables; a dossier's sections; hostile text and unknown
markup still giving a valid file."""

from datetime import date

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from portal.docx import html_to_docx, render_documents_docx, render_docx
from tests.docx_text import all_paragraphs, blocks, in_order, open_docx, row_texts, run_with, tables

pytestmark = pytest.mark.django_db

BASE = "documents/base.html"
LETTER = {
    "parent_body": "UBND tỉnh Vĩnh Long",
    "issuing_body": "Sở Tư pháp",
    "number": "12/BC-STP",
    "place": "Vĩnh Long",
    "issued_on": date(2025, 12, 15),
    "doc_type": "BÁO CÁO",
    "summary": "Kết quả thực hiện mô hình “Dân vận khéo” năm 2025",
    "legal_bases": ["Căn cứ Kế hoạch số 553/KH-UBND ngày 02/4/2025;"],
    "addressees": ["Sở Nội vụ tỉnh Vĩnh Long"],
    "recipients": ["Như trên;", "Lưu: VT."],
    "sign_authority": ["KT. GIÁM ĐỐC"],
    "sign_title": "Phó Giám đốc",
    "sign_note": "(Ký, ghi rõ họ tên, đóng dấu)",
    "signer_name": "Lê Thị Hồng",
}


def test_the_base_document_reads_in_the_decree_30_order():
    document = open_docx(render_docx(BASE, LETTER))
    in_order(
        blocks(document),
        [
            "UBND TỈNH VĨNH LONG",
            "SỞ TƯ PHÁP",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 12/BC-STP",
            "Vĩnh Long, ngày 15 tháng 12 năm 2025",
            "BÁO CÁO",
            "Kết quả thực hiện mô hình “Dân vận khéo” năm 2025",
            "Kính gửi: Sở Nội vụ tỉnh Vĩnh Long",
            "Căn cứ Kế hoạch số 553/KH-UBND",
            "Nơi nhận:",
            "- Như trên;",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "(Ký, ghi rõ họ tên, đóng dấu)",
            "Lê Thị Hồng",
        ],
    )
    letterhead, closing = tables(document)
    # Issuing body | national name and motto; then number | place and date.
    assert row_texts(letterhead.rows[0]) == [
        "UBND TỈNH VĨNH LONG\nSỞ TƯ PHÁP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    ]
    # Widths from the CSS (44% | 56% of the 165 mm between the margins), no borders.
    widths = [round(cell.width.mm) for cell in letterhead.rows[0].cells]
    assert widths == [73, 92]
    assert 'w:val="nil"' in letterhead._tbl.tblPr.xml
    # “Nơi nhận” on the left, the signature on the right.
    recipients, signature = row_texts(closing.rows[0])
    assert recipients.startswith("Nơi nhận:") and signature.endswith("Lê Thị Hồng")
    # The rules under the issuing body and the summary: short bordered lines, centred.
    rules = [p for p in all_paragraphs(document) if "w:pBdr" in p._p.xml]
    assert len(rules) == 2
    assert all(p.paragraph_format.left_indent == p.paragraph_format.right_indent for p in rules)


def test_page_fonts_and_emphasis_follow_the_css():
    document = open_docx(render_docx(BASE, LETTER))
    (section,) = document.sections
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.right_margin, section.bottom_margin, section.left_margin]
    assert [round(m.mm) for m in margins] == [20, 15, 20, 30]
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 13
    assert run_with(document, "SỞ TƯ PHÁP").bold
    assert run_with(document, "SỞ TƯ PHÁP").font.size.pt == 12
    assert not run_with(document, "UBND TỈNH VĨNH LONG").bold
    assert run_with(document, "Độc lập - Tự do - Hạnh phúc").underline
    assert run_with(document, "Vĩnh Long, ngày 15").italic
    assert not run_with(document, "Căn cứ Kế hoạch").italic  # after “Kính gửi”: upright
    assert run_with(document, "Căn cứ Kế hoạch").font.size.pt == 14
    assert run_with(document, "Nơi nhận:").bold and run_with(document, "Nơi nhận:").italic
    assert run_with(document, "- Như trên;").font.size.pt == 11
    title = next(p for p in all_paragraphs(document) if p.text == "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert run_with(document, "BÁO CÁO").bold and run_with(document, "BÁO CÁO").font.size.pt == 14
    basis = next(p for p in all_paragraphs(document) if p.text.startswith("Căn cứ"))
    assert basis.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(basis.paragraph_format.first_line_indent.cm, 1) == 1.0
    # The page number in the top margin from the second page: a PAGE field, none on page 1.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_several_addressees_are_listed_beside_kinh_gui():
    context = {**LETTER, "addressees": ["Sở Nội vụ;", "Ban Dân vận Tỉnh ủy."]}
    document = open_docx(render_docx(BASE, context))
    addressees = tables(document)[1]
    assert row_texts(addressees.rows[0]) == ["Kính gửi:", "- Sở Nội vụ;\n- Ban Dân vận Tỉnh ủy."]


def test_a_landscape_document_and_a_dossier_of_documents():
    wide = open_docx(render_docx(BASE, {**LETTER, "landscape": True}))
    assert wide.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert round(wide.sections[0].page_width.mm) == 297
    dossier = open_docx(
        render_documents_docx(
            [(BASE, LETTER), (BASE, {**LETTER, "doc_type": "TỜ TRÌNH"})], title="Hồ sơ thử"
        )
    )
    assert len(dossier.sections) == 2  # the second document starts a new page
    assert [s._sectPr.xpath("./w:pgNumType/@w:start") for s in dossier.sections] == [["1"], ["1"]]
    in_order(blocks(dossier), ["BÁO CÁO", "Lê Thị Hồng", "TỜ TRÌNH", "Lê Thị Hồng"])
    assert dossier.core_properties.title == "Hồ sơ thử"


def test_hostile_text_still_gives_a_valid_docx():
    long_word = "Dânvậnkhéo" * 400
    hostile = {
        **LETTER,
        "summary": "<script>alert('x')</script> & “nháy” \x0bđiều khiển\x00\x1f\x0c",
        "signer_name": long_word,
        "legal_bases": ["Căn cứ \ud800 lạ; 😀 biểu tượng"],
    }
    document = open_docx(render_docx(BASE, hostile))
    texts = blocks(document)
    assert "<script>alert('x')</script> & “nháy” điều khiển" in texts
    assert any(long_word in text for text in texts)
    assert any("😀 biểu tượng" in text for text in texts)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "chỉ có chữ",
        "<p>Đoạn <marquee>lạ</marquee> <custom-tag>thẻ riêng</custom-tag></p><svg><circle/></svg>",
        "<table><tr><td colspan='x'>ô</td><td colspan='99'>rộng</td></tr><tr></tr></table>",
        "<ul><li>một</li><li>hai<br>ba</li></ul><ol><li>bốn</li></ol><hr><img src='x.png'>",
        "<style>p { font-size: nonsense; margin: auto auto } ::bad-selector{}</style><p>chữ</p>",
        "<div><b><i>lồng <u>nhau</u></i></b></div>" * 3,
    ],
)
def test_unknown_or_broken_markup_degrades_to_plain_paragraphs(html):
    document = open_docx(html_to_docx(html))
    text = " ".join(blocks(document))
    for word in ("chỉ có chữ", "thẻ riêng", "rộng", "bốn", "chữ", "nhau"):
        if word in html:
            assert word in text


def test_lists_keep_their_markers_and_margins_come_from_page_rules():
    html = (
        "<html><head><style>@page { size: A4; margin: 25mm 20mm 22mm 35mm; }"
        "html { font-size: 14pt; }</style></head><body>"
        "<ol><li>Thứ nhất</li><li>Thứ hai</li></ol><ul><li>Ý</li></ul></body></html>"
    )
    document = open_docx(html_to_docx(html))
    assert blocks(document) == ["1. Thứ nhất", "2. Thứ hai", "• Ý"]
    section = document.sections[0]
    margins = [section.top_margin, section.right_margin, section.bottom_margin, section.left_margin]
    assert [round(m.mm) for m in margins] == [25, 20, 22, 35]
    assert document.styles["Normal"].font.size.pt == 14
