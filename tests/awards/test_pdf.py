"""The award dossier PDF, checked by its content: poppler reads back the documents in order, each
nominee's name and votes, the scorecard's totals, dates in words and Vietnamese text; the fonts
are embedded, page 1 is A4 portrait, the list is landscape, every document has a bookmark; each
document renders alone; the queries do not grow with the number of nominees."""

import re
import subprocess
from datetime import date, datetime, time
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from awards import services
from awards.dossier import (
    ACHIEVEMENT,
    COVER,
    LETTER,
    MINUTES,
    MISSING,
    REPORT,
    dossier_html,
    dossier_parts,
)
from awards.models import AwardKind
from awards.pdf import document_pdf, dossier_pdf
from portal.pdf import html_to_document, render_html
from registrations.models import Carrier, State
from scoring import services as scoring
from scoring.pdf import TEMPLATE as SCORE_SHEET
from tests.factories import MovementFactory, RegistrationFactory
from tests.scoring.factories import build_bands, build_sheet, full_answers, leaf

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AWARD = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
TITLE = (
    "Phong trào thi đua thực hiện công tác Dân vận chính quyền và mô hình “Dân vận khéo” "
    "năm 2025 trên địa bàn tỉnh Vĩnh Long"
)
PROPOSAL = {
    "meeting_date": date(2025, 12, 5),
    "meeting_place": "Phòng họp Sở Tư pháp",
    "meeting_chair": "Nguyễn Văn Minh",
    "meeting_secretary": "Trần Thị Lan",
    "members_total": 9,
    "members_present": 8,
    "meeting_started_at": time(14, 0),
    "meeting_ended_at": time(16, 30),
    "members_attending": "Nguyễn Văn Minh, Giám đốc\nTrần Thị Lan, Chánh Văn phòng",
    "members_absent": "Võ Văn Tám, Phó Giám đốc, đi công tác",
    "ballots_issued": 8,
    "ballots_returned": 8,
    "ballots_valid": 8,
    "minutes_number": "3",
    "report_number": "41",
    "letter_number": "5",
    "letter_symbol": "TTr-STP",
    "letter_date": date(2025, 12, 10),
    "letter_recipients": "Ủy ban nhân dân tỉnh (qua Sở Nội vụ)",
    "signer_authority": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Lê Thị Hồng",
    "report_results": "Triển khai 06 mô hình, 100% cán bộ tham gia.\nGiải quyết 12.486 hồ sơ đúng hạn.",
    "report_limitations": "Một số mô hình chưa lan tỏa.",
    "report_lessons": "Lãnh đạo sát sao, phân công rõ ràng.",
    "report_proposals": "Đề nghị tỉnh tổ chức tập huấn.",
}
COLLECTIVE = {
    "carrier": Carrier.COLLECTIVE,
    "name": "Một cửa thân thiện tại nhà",
    "collective_name": "Phòng Hành chính tư pháp",
}
INDIVIDUAL = {
    "carrier": Carrier.INDIVIDUAL,
    "name": "Trợ giúp pháp lý lưu động",
    "collective_name": "",
    "person_name": "Phạm Văn Đức",
    "person_position": "Trợ giúp viên pháp lý",
    "person_workplace": "Trung tâm Trợ giúp pháp lý nhà nước",
}


def achievement(name):
    return {
        "summary": f"Tóm tắt mô hình của {name}.",
        "actions": f"{name} lập tổ công tác, trực hằng tuần.",
        "results": f"{name}: 312 hồ sơ được tiếp nhận tại nhà, 100% đúng hạn.",
        "effectiveness": "Người dân hài lòng; 03 xã đến học tập.",
        "replicability": "Nhân rộng ra toàn tỉnh.",
        "situation": f"{name} có 12 công chức, tiếp nhận hồ sơ tư pháp.",
        "birth_date": date(1980, 5, 12),
        "gender": "nam",
        "ethnicity": "Kinh",
        "hometown": "Xã Phú Quới, tỉnh Vĩnh Long",
        "residence": "Phường Long Châu, tỉnh Vĩnh Long",
        "qualification": "Cử nhân Luật",
        "political_theory": "Trung cấp",
        "duties": f"{name} tiếp nhận, trả kết quả hồ sơ tư pháp.",
        "earlier_awards": "2024; Giấy khen của Giám đốc Sở Tư pháp; Quyết định số 12/QĐ-STP "
        "ngày 20/12/2024 của Giám đốc Sở Tư pháp",
    }


# The data: a movement with its issuing document, one agency's proposal, a finalised scorecard


@pytest.fixture
def award_movement():
    scheme, _ = build_bands()
    kind = AwardKind.objects.create(code="bang-khen-pdf", name=AWARD)
    return MovementFactory(
        title=TITLE,
        year=2025,
        province="Vĩnh Long",
        document_number="553/QĐ-UBND",
        document_date=date(2025, 4, 2),
        document_issuer="Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long",
        document_subject="Về việc ban hành Kế hoạch phát động phong trào thi đua năm 2025.",
        criteria_set=build_sheet(),
        band_scheme=scheme,
        award_kind=kind,
        max_nominees=8,
    )


def finalise_scorecard(movement, agency, clerk, reviewer):
    """Self 20; the reviewer lowers 2.1 from 8 to 6: appraised 18, still “Tốt” (from 16)."""
    card = scoring.start_scorecard(movement=movement, agency=agency, by=None)
    scoring.save_self_scores(scorecard=card, by=clerk, answers=full_answers(card.criteria_set))
    scoring.submit_scorecard(scorecard=card, by=clerk)
    return scoring.finalise_scorecard(
        scorecard=card,
        by=reviewer,
        changes={leaf(card.criteria_set, "2.1").pk: ("6", "Thiếu biên bản đối thoại quý IV")},
        now=datetime(2025, 12, 8, 9, 0, tzinfo=HCM),
    )


def build_proposal(movement, agency, clerk, registrations, votes):
    proposal = services.start_proposal(movement=movement, agency=agency, by=clerk)
    services.update_proposal(proposal=proposal, by=clerk, **PROPOSAL)
    for fields, count in zip(registrations, votes, strict=True):
        registration = RegistrationFactory(
            movement=movement, agency=agency, created_by=clerk, state=State.ACCEPTED, **fields
        )
        nominee = services.add_nominee(proposal=proposal, registration=registration, by=clerk)
        services.update_nominee(
            nominee=nominee,
            by=clerk,
            votes_in_favour=count,
            **achievement(registration.carrier_name),
        )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def proposal(award_movement, agency_a, clerk_a, reviewer):
    # The individual is added first: the list and the minutes still show collectives first.
    proposal = build_proposal(award_movement, agency_a, clerk_a, [INDIVIDUAL, COLLECTIVE], [8, 7])
    finalise_scorecard(award_movement, agency_a, clerk_a, reviewer)
    return proposal


@pytest.fixture
def dossier(proposal):
    return dossier_pdf(proposal)


# Poppler


def poppler(tool, pdf: bytes, tmp_path, *args) -> str:
    path = tmp_path / f"doc-{len(list(tmp_path.iterdir()))}.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def pdftotext(pdf, tmp_path, *, page=None, layout=False):
    args = ["-layout"] if layout else []
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return poppler("pdftotext", pdf, tmp_path, *args)


def flat(text: str) -> str:
    return " ".join(text.split())


def page_lines(pdf, tmp_path, page):
    return [
        line.strip() for line in pdftotext(pdf, tmp_path, page=page).splitlines() if line.strip()
    ]


def pdf_outline(pdf, tmp_path) -> list:
    """[(label, page, [(label, page), ...]), ...]: the PDF's bookmarks, read by pdftohtml."""
    path = tmp_path / "outline.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-stdout", "-i", "-q", str(path)],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    outline = ElementTree.fromstring(xml).find("outline")
    assert outline is not None, "no bookmarks in the PDF"
    entries, children = [], list(outline)
    for element in children:
        if element.tag == "item":
            entries.append((element.text, int(element.get("page")), []))
        elif element.tag == "outline":
            entries[-1][2].extend((item.text, int(item.get("page"))) for item in element)
    return entries


def page_sizes(pdf, tmp_path) -> list[str]:
    info = poppler("pdfinfo", pdf, tmp_path, "-f", "1", "-l", "999")
    return re.findall(r"Page\s+\d+ size:\s+(.+)", info)


# The whole dossier


def test_the_documents_come_in_order_each_with_a_bookmark(proposal, dossier, tmp_path):
    document = html_to_document(dossier_html(proposal))
    tree = document.make_bookmark_tree()
    labels = [label for label, *_ in tree]
    assert labels == [
        "Bìa hồ sơ – Thành phần hồ sơ",
        f"Tờ trình – Về việc đề nghị tặng {AWARD} cho tập thể, cá nhân có mô hình "
        "“Dân vận khéo” tiêu biểu năm 2025",
        f"Biên bản – Họp bình xét đề nghị tặng {AWARD} cho tập thể, cá nhân có mô hình "
        "“Dân vận khéo” tiêu biểu năm 2025",
        "Báo cáo – Đánh giá kết quả thực hiện công tác dân vận chính quyền và mô hình "
        "“Dân vận khéo” năm 2025",
        "Bản chấm điểm tiêu chí năm 2025",
        "Báo cáo thành tích – Phòng Hành chính tư pháp",
        "Báo cáo thành tích – Phạm Văn Đức",
    ]
    letter_children = tree[1][2]
    assert [label for label, *_ in letter_children] == ["Phụ lục – Danh sách đề nghị khen thưởng"]

    # Each bookmark points at the page where its document's title is printed.
    titles = [
        "HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG",
        "TỜ TRÌNH",
        "BIÊN BẢN",
        "BÁO CÁO",
        "BẢN CHẤM ĐIỂM TIÊU CHÍ",
        "BÁO CÁO THÀNH TÍCH",
        "BÁO CÁO THÀNH TÍCH",
    ]
    starts = [target[0] for _, target, *_ in tree]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for title, start in zip(titles, starts, strict=True):
        assert title in page_lines(dossier, tmp_path, start + 1), title
    list_page = letter_children[0][1][0]
    assert starts[1] < list_page < starts[2]
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in page_lines(dossier, tmp_path, list_page + 1)

    # The written PDF carries the same outline (as poppler reads it), and as many pages.
    assert pdf_outline(dossier, tmp_path) == [
        (label, start + 1, [(child, page + 1) for child, (page, *_), *_ in children])
        for label, (start, *_), children, *_ in tree
    ]
    assert int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", dossier, tmp_path))[1]) == len(
        document.pages
    )
    sizes = page_sizes(dossier, tmp_path)
    assert re.match(r"595\.2\d* x 841\.89 pts \(A4\)", sizes[0])  # page 1: A4 portrait
    assert re.match(r"841\.89 x 595\.2\d* pts \(A4\)", sizes[list_page])  # the list: landscape
    assert all("(A4)" in size for size in sizes)
    assert "Title:           Hồ sơ đề nghị khen thưởng – Sở Tư pháp – năm 2025" in poppler(
        "pdfinfo", dossier, tmp_path
    )


def test_dossier_text_reads_back_in_vietnamese(dossier, tmp_path):
    text = flat(pdftotext(dossier, tmp_path))
    order = [
        "HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG",
        "Hồ sơ lập thành 02 bộ.",
        "TỜ TRÌNH",
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        "BIÊN BẢN",
        "III. KẾT QUẢ BỎ PHIẾU",
        "Đánh giá kết quả thực hiện công tác dân vận chính quyền",
        "BẢN CHẤM ĐIỂM TIÊU CHÍ",
        "BÁO CÁO THÀNH TÍCH",
        "Tên tập thể đề nghị: Phòng Hành chính tư pháp",
        "BÁO CÁO THÀNH TÍCH",
        "Họ và tên: Phạm Văn Đức",
    ]
    at = 0
    for phrase in order:
        found = text.find(phrase, at)
        assert found >= 0, f"{phrase!r} missing or out of order"
        at = found + len(phrase)
    for phrase in (
        "UBND TỈNH VĨNH LONG",
        "SỞ TƯ PHÁP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Vĩnh Long, ngày 10 tháng 12 năm 2025",
        "Vĩnh Long, ngày 05 tháng 12 năm 2025",
        "“Dân vận khéo”",
        "Nguyễn Văn Minh",
        "Trần Thị Lan",
        "Lê Thị Hồng",
    ):
        assert phrase in text, phrase
    # The scorecard's totals and band, from scoring.
    assert "Tổng điểm tự chấm: 20 điểm. Tổng điểm thẩm định: 18 điểm." in text
    assert "Xếp loại: Tốt." in text
    assert "Thiếu biên bản đối thoại quý IV" in text


def test_fonts_are_embedded_and_ours(dossier, tmp_path):
    rows = poppler("pdffonts", dossier, tmp_path).splitlines()[2:]
    assert rows
    names = {row.split()[0].split("+", 1)[-1] for row in rows}
    assert names <= {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }, names
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= names
    assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows), rows


def test_pages_are_numbered_from_each_documents_second_page(proposal, dossier, tmp_path):
    tree = html_to_document(dossier_html(proposal)).make_bookmark_tree()
    letter_start = tree[1][1][0] + 1
    annex_start = tree[1][2][0][1][0] + 1
    minutes_start = tree[2][1][0] + 1
    assert page_lines(dossier, tmp_path, 1)[0] == "UBND TỈNH VĨNH LONG"  # the cover
    assert page_lines(dossier, tmp_path, letter_start)[0] == "UBND TỈNH VĨNH LONG"
    # The letter's second page (if any) is numbered 2; its annex starts over, unnumbered.
    for page in range(letter_start + 1, annex_start):
        assert page_lines(dossier, tmp_path, page)[0] == str(page - letter_start + 1)
    assert page_lines(dossier, tmp_path, annex_start)[0] == "UBND TỈNH VĨNH LONG"
    assert "PHỤ LỤC" in page_lines(dossier, tmp_path, annex_start)
    for page in range(annex_start + 1, minutes_start):
        assert page_lines(dossier, tmp_path, page)[0] == str(page - annex_start + 1)


def test_an_annex_of_many_pages_numbers_its_own_from_two(
    award_movement, agency_b, clerk_b, tmp_path
):
    """Eight nominees fill more than one landscape page: the annex's second page is “2”."""
    many = [
        {**COLLECTIVE, "name": f"Mô hình số {i} " + "có tên dài " * 6, "collective_name": f"Tổ {i}"}
        for i in range(8)
    ]
    proposal = build_proposal(award_movement, agency_b, clerk_b, many, [7] * 8)
    pdf = document_pdf(proposal, "to-trinh")
    pages = len(page_sizes(pdf, tmp_path))
    annex_start = next(
        page for page in range(1, pages + 1) if "PHỤ LỤC" in page_lines(pdf, tmp_path, page)
    )
    assert pages > annex_start, "the annex should run to a second page"
    assert page_lines(pdf, tmp_path, annex_start + 1)[0] == "2"


# Document by document


def test_cover_lists_the_contents_in_order(proposal, tmp_path):
    text = flat(pdftotext(document_pdf(proposal, "bia"), tmp_path, layout=True))
    text = re.sub(r"(?<=\S)- (?=\S)", "-", text)  # a symbol broken at the end of a line
    assert "HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG" in text
    assert f"Đề nghị tặng {AWARD}" in text
    assert "Cơ quan, đơn vị đề nghị: Sở Tư pháp" in text
    assert f"Phong trào: {TITLE}" in text
    assert "Số tập thể, cá nhân được đề nghị: 01 tập thể và 01 cá nhân" in text
    items = [
        "1 Tờ trình số 05/TTr-STP ngày 10/12/2025 của Sở Tư pháp",
        "2 Biên bản họp bình xét ngày 05/12/2025 của Sở Tư pháp.",
        "3 Báo cáo đánh giá kết quả thực hiện công tác dân vận chính quyền",
        "4 Bản chấm điểm tiêu chí năm 2025 theo Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU.",
        "5 Báo cáo thành tích của các tập thể, cá nhân được đề nghị (02 bản):",
        "5.1. Phòng Hành chính tư pháp – mô hình “Một cửa thân thiện tại nhà”.",
        "5.2. Phạm Văn Đức – mô hình “Trợ giúp pháp lý lưu động”.",
        "Hồ sơ lập thành 02 bộ.",
    ]
    at = 0
    for item in items:
        found = text.find(item, at)
        assert found >= 0, item
        at = found + len(item)
    assert "Nơi nhận" not in text  # a cover is not signed


def test_letter_with_the_list_of_proposed_awardees(proposal, tmp_path):
    pdf = document_pdf(proposal, "to-trinh")
    text = flat(pdftotext(pdf, tmp_path))
    for phrase in (
        "Số: 05/TTr-STP",
        "Vĩnh Long, ngày 10 tháng 12 năm 2025",
        "TỜ TRÌNH",
        f"Về việc đề nghị tặng {AWARD}",
        "Kính gửi: Ủy ban nhân dân tỉnh (qua Sở Nội vụ)",
        "Căn cứ Quyết định số 553/QĐ-UBND ngày 02/4/2025 của Chủ tịch Ủy ban nhân dân tỉnh "
        "Vĩnh Long về việc ban hành Kế hoạch phát động phong trào thi đua năm 2025;",
        "Căn cứ Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU;",
        "Căn cứ kết quả họp bình xét ngày 05/12/2025 của Sở Tư pháp.",
        "kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, STP.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Lê Thị Hồng",
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        "(Kèm theo Tờ trình số 05/TTr-STP ngày 10/12/2025 của Sở Tư pháp)",
        "Danh sách có 01 tập thể và 01 cá nhân.",
    ):
        assert phrase in text, phrase
    # The list: collectives, then individuals, with the votes of 9 members and the share.
    layout = pdftotext(pdf, tmp_path, layout=True)
    collective_row = next(line for line in layout.splitlines() if "Phòng Hành chính" in line)
    individual_row = next(line for line in layout.splitlines() if "Phạm Văn Đức" in line)
    assert "Một cửa thân thiện tại nhà" in collective_row and "Kinh tế" in collective_row
    assert "7/9 (77,78%)" in collective_row
    assert "Trợ giúp pháp lý lưu động" in individual_row and "8/9 (88,89%)" in individual_row
    assert "Trợ giúp viên pháp lý" in individual_row
    assert layout.index("TẬP THỂ (01)") < layout.index("Phòng Hành chính")
    assert layout.index("Phòng Hành chính") < layout.index("CÁ NHÂN (01)")
    assert layout.index("CÁ NHÂN (01)") < layout.index("Phạm Văn Đức")
    sizes = page_sizes(pdf, tmp_path)
    assert re.match(r"595\.2\d* x 841\.89", sizes[0]) and re.match(r"841\.89 x 595", sizes[-1])
    # One block order for every letter: summary line, “Kính gửi”, then the bases, upright.
    assert text.index("Về việc đề nghị tặng") < text.index("Kính gửi:")
    assert text.index("Kính gửi:") < text.index("Căn cứ Quyết định số 553/QĐ-UBND")
    html = render_html(*dossier_parts(proposal)[1])
    assert '<p class="legal-basis after-addressees">Căn cứ Quyết định số 553/QĐ-UBND' in html
    # The annex is headed as the letter's annex.
    assert text.index("Lê Thị Hồng") < text.index("PHỤ LỤC")
    assert text.index("PHỤ LỤC") < text.index("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")


def test_minutes_show_the_vote_table_and_the_threshold(proposal, tmp_path):
    pdf = document_pdf(proposal, "bien-ban")
    text = flat(pdftotext(pdf, tmp_path))
    order = [
        "Số: 03/BB-STP",
        "Vĩnh Long, ngày 05 tháng 12 năm 2025",
        "BIÊN BẢN",
        "Hôm nay, vào lúc 14 giờ 00 phút, ngày 05 tháng 12 năm 2025, tại Phòng họp Sở Tư pháp",
        "Chủ trì: Nguyễn Văn Minh.",
        "Thư ký: Trần Thị Lan.",
        "tổng số 9 người; có mặt 8 người; vắng mặt 1 người.",
        "Thành viên có mặt: 1. Nguyễn Văn Minh, Giám đốc 2. Trần Thị Lan, Chánh Văn phòng",
        "Thành viên vắng mặt: 1. Võ Văn Tám, Phó Giám đốc, đi công tác",
        "trên 50% tổng số thành viên Hội đồng (ít nhất 5/9 phiếu)",
        "Số phiếu phát ra: 8; số phiếu thu về: 8; số phiếu hợp lệ: 8.",
        "Có 02/02 tập thể, cá nhân đạt số phiếu theo quy định",
        "Cuộc họp kết thúc vào lúc 16 giờ 30 phút cùng ngày.",
        "THƯ KÝ",
        "CHỦ TRÌ",
        "Nơi nhận: - Hồ sơ đề nghị khen thưởng; - Thành viên Hội đồng; - Lưu: VT, STP.",
    ]
    at = 0
    for phrase in order:
        found = text.find(phrase, at)
        assert found >= 0, f"{phrase!r} missing or out of order"
        at = found + len(phrase)
    layout = pdftotext(pdf, tmp_path, layout=True)
    rows = [line for line in layout.splitlines() if re.match(r"\s*[12]\s{2,}", line)]
    assert re.search(r"Phòng Hành chính.*7/9\s+77,78\s+Đạt", rows[0])
    assert re.search(r"Phạm Văn Đức.*8/9\s+88,89\s+Đạt", rows[1])


def test_minutes_mark_a_nominee_below_the_threshold(proposal, clerk_a, tmp_path):
    collective = next(n for n in proposal.nominees.all() if n.registration.carrier == "collective")
    services.update_nominee(nominee=collective, by=clerk_a, votes_in_favour=4)  # 4/9
    layout = pdftotext(document_pdf(proposal, "bien-ban"), tmp_path, layout=True)
    assert re.search(r"Phòng Hành chính.*4/9\s+44,44\s+Không đạt", layout)
    assert "Có 01/02 tập thể, cá nhân đạt" in flat(layout)


def test_minutes_where_no_nominee_passes_never_print_00(proposal, clerk_a, tmp_path):
    for nominee in proposal.nominees.all():
        services.update_nominee(nominee=nominee, by=clerk_a, votes_in_favour=3)
    text = flat(pdftotext(document_pdf(proposal, "bien-ban"), tmp_path))
    assert "Không có tập thể, cá nhân nào đạt số phiếu theo quy định." in text
    assert not re.search(r"\b00(/| tập thể| cá nhân)", text)  # “14 giờ 00 phút” is a time


def test_minutes_state_a_threshold_of_members_present_at_its_edge(proposal, clerk_a, tmp_path):
    movement = proposal.movement
    settings = movement.award_settings
    settings.vote_base, settings.vote_strictly_above = "present", False
    settings.save()
    collective = next(n for n in proposal.nominees.all() if n.registration.carrier == "collective")
    services.update_nominee(nominee=collective, by=clerk_a, votes_in_favour=4)  # 4/8 = 50%
    pdf = document_pdf(proposal, "bien-ban")
    text = flat(pdftotext(pdf, tmp_path))
    assert "từ 50% số thành viên Hội đồng có mặt trở lên (ít nhất 4/8 phiếu)" in text
    assert re.search(r"Phòng Hành chính.*4/8\s+50\s+Đạt", pdftotext(pdf, tmp_path, layout=True))
    list_text = flat(pdftotext(document_pdf(proposal, "to-trinh"), tmp_path))
    assert "4/8 (50%)" in list_text


def test_report_sections_split_into_paragraphs(proposal, tmp_path):
    text = flat(pdftotext(document_pdf(proposal, "bao-cao"), tmp_path))
    sections = [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Triển khai 06 mô hình, 100% cán bộ tham gia.",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. BÀI HỌC KINH NGHIỆM",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Đề nghị tỉnh tổ chức tập huấn.",
        "Nơi nhận:",
    ]
    at = 0
    for phrase in sections:
        found = text.find(phrase, at)
        assert found >= 0, phrase
        at = found + len(phrase)
    assert "Số: 41/BC-STP" in flat(
        pdftotext(document_pdf(proposal, "bao-cao"), tmp_path, layout=True)
    )
    assert "thực hiện công tác dân vận chính quyền và mô hình “Dân vận khéo” năm 2025" in text
    html = render_html(*dossier_parts(proposal)[3])
    assert "<p>Triển khai 06 mô hình, 100% cán bộ tham gia.</p>" in html
    assert "<p>Giải quyết 12.486 hồ sơ đúng hạn.</p>" in html


def test_score_sheet_comes_from_scoring(proposal, tmp_path):
    template, context = dossier_parts(proposal)[4]
    assert template == SCORE_SHEET
    text = flat(pdftotext(document_pdf(proposal, "ban-cham-diem"), tmp_path))
    assert "BẢN CHẤM ĐIỂM TIÊU CHÍ" in text
    assert "Tổng điểm tự chấm: 20 điểm. Tổng điểm thẩm định: 18 điểm." in text


def test_achievement_reports_of_a_collective_and_an_individual(proposal, tmp_path):
    nominees = {n.registration.carrier: n for n in proposal.nominees.all()}
    collective = flat(
        pdftotext(document_pdf(proposal, f"thanh-tich-{nominees['collective'].pk}"), tmp_path)
    )
    order = [
        "SỞ TƯ PHÁP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO THÀNH TÍCH",
        f"Đề nghị tặng {AWARD} cho tập thể có mô hình “Dân vận khéo” tiêu biểu năm 2025",
        "Tên tập thể đề nghị: Phòng Hành chính tư pháp, Sở Tư pháp.",
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "Phòng Hành chính tư pháp có 12 công chức",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "Thực hiện mô hình “Dân vận khéo” “Một cửa thân thiện tại nhà”",
        "1. Tóm tắt mô hình",
        "2. Những việc đã làm",
        "3. Kết quả đạt được",
        "Phòng Hành chính tư pháp: 312 hồ sơ được tiếp nhận tại nhà, 100% đúng hạn.",
        "4. Hiệu quả, sức lan tỏa",
        "5. Khả năng nhân rộng",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        # The agency that proposes confirms; the unit's head signs.
        "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ]
    at = 0
    for phrase in order:
        found = collective.find(phrase, at)
        assert found >= 0, f"{phrase!r} missing or out of order"
        at = found + len(phrase)
    assert "Lê Thị Hồng" in collective
    # The commendations table, row by row.
    for pk in (nominees["collective"].pk, nominees["individual"].pk):
        layout = pdftotext(document_pdf(proposal, f"thanh-tich-{pk}"), tmp_path, layout=True)
        header = next(line for line in layout.splitlines() if "Hình thức khen thưởng" in line)
        assert re.search(r"Năm\s+Hình thức khen thưởng\s+Số, ngày, tháng, năm", header)
        row = next(line for line in layout.splitlines() if "Giấy khen" in line)
        assert re.search(r"2024\s+Giấy khen của Giám đốc Sở.*\s+Quyết định số 12/QĐ-STP", row)
    assert "Ngày, tháng, năm sinh" not in collective  # a person's particulars are not asked
    assert "Mẫu số" not in collective  # the form's label prints only when the movement sets it
    individual = flat(
        pdftotext(document_pdf(proposal, f"thanh-tich-{nominees['individual'].pk}"), tmp_path)
    )
    order = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Vĩnh Long, ngày 10 tháng 12 năm 2025",
        "BÁO CÁO THÀNH TÍCH",
        f"Đề nghị tặng {AWARD} cho cá nhân",
        "I. SƠ LƯỢC LÝ LỊCH",
        "- Họ và tên: Phạm Văn Đức; giới tính: Nam.",
        "- Ngày, tháng, năm sinh: 12/5/1980; dân tộc: Kinh.",
        "- Quê quán: Xã Phú Quới, tỉnh Vĩnh Long.",
        "- Nơi ở hiện nay: Phường Long Châu, tỉnh Vĩnh Long.",
        "- Đơn vị công tác: Trung tâm Trợ giúp pháp lý nhà nước.",
        "- Chức vụ (Đảng, chính quyền, đoàn thể): Trợ giúp viên pháp lý.",
        "- Trình độ chuyên môn, nghiệp vụ: Cử nhân Luật.",
        "- Trình độ lý luận chính trị: Trung cấp.",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "1. Quyền hạn, nhiệm vụ được giao",
        "Phạm Văn Đức tiếp nhận, trả kết quả hồ sơ tư pháp.",
        "2. Thành tích đạt được trong thực hiện mô hình",
        "2.1. Tóm tắt mô hình",
        "2.3. Kết quả đạt được",
        "Phạm Văn Đức: 312 hồ sơ",
        "2.5. Khả năng nhân rộng",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "XÁC NHẬN, ĐỀ NGHỊ CỦA THỦ TRƯỞNG ĐƠN VỊ",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
    ]
    at = 0
    for phrase in order:
        found = individual.find(phrase, at)
        assert found >= 0, f"{phrase!r} missing or out of order"
        at = found + len(phrase)
    assert "SỞ TƯ PHÁP CỘNG HÒA" not in individual  # a person reports: no agency letterhead
    assert "Học hàm" not in individual  # left out when it does not apply


def test_the_form_label_prints_when_the_movement_sets_it(proposal, tmp_path):
    settings = proposal.movement.award_settings
    settings.individual_form = "Mẫu số 99 (thử)"
    settings.save()
    individual = next(n for n in proposal.nominees.all() if n.registration.carrier == "individual")
    lines = page_lines(document_pdf(proposal, f"thanh-tich-{individual.pk}"), tmp_path, 1)
    assert lines[0] == "Mẫu số 99 (thử)"


def test_no_earlier_commendations_read_none(proposal, clerk_a, tmp_path):
    individual = next(n for n in proposal.nominees.all() if n.registration.carrier == "individual")
    services.update_nominee(nominee=individual, by=clerk_a, earlier_awards="")
    text = flat(pdftotext(document_pdf(proposal, f"thanh-tich-{individual.pk}"), tmp_path))
    heading = text.index("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    assert text.index("Không có.", heading) < text.index("NGƯỜI BÁO CÁO THÀNH TÍCH")
    assert "Hình thức khen thưởng" not in text


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("bia", "HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG"),
        ("to-trinh", "TỜ TRÌNH"),
        ("bien-ban", "BIÊN BẢN"),
        ("bao-cao", "BÁO CÁO"),
        ("ban-cham-diem", "BẢN CHẤM ĐIỂM TIÊU CHÍ"),
    ],
)
def test_each_document_renders_alone(proposal, name, title, tmp_path):
    pdf = document_pdf(proposal, name)
    assert pdf.startswith(b"%PDF")
    assert title in page_lines(pdf, tmp_path, 1)
    assert re.match(r"595\.2\d* x 841\.89", page_sizes(pdf, tmp_path)[0])


def test_unknown_documents_are_not_found(proposal, award_movement, agency_b, clerk_b):
    other = build_proposal(award_movement, agency_b, clerk_b, [COLLECTIVE], [7])
    with pytest.raises(Http404):
        document_pdf(proposal, "khong-co")
    with pytest.raises(Http404):
        document_pdf(proposal, f"thanh-tich-{other.nominees.get().pk}")


def test_a_missing_scorecard_leaves_a_page_saying_so(award_movement, agency_b, clerk_b, tmp_path):
    proposal = build_proposal(award_movement, agency_b, clerk_b, [COLLECTIVE], [7])
    parts = dossier_parts(proposal)
    assert [template for template, _ in parts] == [
        COVER,
        LETTER,
        MINUTES,
        REPORT,
        MISSING,
        ACHIEVEMENT,
    ]
    text = flat(pdftotext(dossier_pdf(proposal), tmp_path))
    assert "BẢN CHẤM ĐIỂM TIÊU CHÍ" in text
    assert "Sở Xây dựng chưa gửi bản chấm điểm tiêu chí năm 2025" in text
    assert "(đơn vị chưa gửi bản chấm điểm)" in text  # and the cover says so
    tree = html_to_document(dossier_html(proposal)).make_bookmark_tree()
    assert tree[4][0] == "Bản chấm điểm tiêu chí năm 2025 (chưa có)"


def test_a_draft_scorecard_is_not_printed_as_the_agencys_sheet(award_movement, agency_b, clerk_b):
    proposal = build_proposal(award_movement, agency_b, clerk_b, [COLLECTIVE], [7])
    card = scoring.start_scorecard(movement=award_movement, agency=agency_b, by=None)
    scoring.save_self_scores(scorecard=card, by=clerk_b, answers=full_answers(card.criteria_set))
    assert dossier_parts(proposal)[4][0] == MISSING


def test_queries_do_not_grow_with_the_nominees(
    proposal, award_movement, agency_b, clerk_b, reviewer
):
    eight = [{**(COLLECTIVE if i % 2 else INDIVIDUAL), "name": f"Mô hình số {i}"} for i in range(8)]
    large = build_proposal(award_movement, agency_b, clerk_b, eight, [6] * 8)
    finalise_scorecard(award_movement, agency_b, clerk_b, reviewer)
    with CaptureQueriesContext(connection) as two:
        assert len(dossier_parts(proposal)) == 5 + 2
    with CaptureQueriesContext(connection) as many:
        assert len(dossier_parts(large)) == 5 + 8
    assert len(two) == len(many) <= 10


def test_document_styles_are_scoped_to_their_own_document(proposal):
    """In a dossier every document's styles apply to the whole file."""
    classes = {
        COVER: ".dossier-cover",
        LETTER: ".award-letter",
        MINUTES: ".award-minutes",
        REPORT: ".award-report",
        ACHIEVEMENT: ".award-achievement",
    }
    for template, context in dossier_parts(proposal):
        if template not in classes:
            continue
        html = render_html(template, {**context, "as_part": True})
        css = re.search(r"<style>(.*?)</style>", html, re.S)[1]
        for rule in filter(str.strip, css.split("}")):
            selectors = rule.split("{")[0]
            if not selectors.strip():
                continue  # the tail of a nested block
            for selector in selectors.split(","):
                assert selector.strip().startswith(classes[template]), (template, selector)


def test_a_fresh_draft_renders_with_blanks(award_movement, agency_b, clerk_b, tmp_path):
    proposal = services.start_proposal(movement=award_movement, agency=agency_b, by=clerk_b)
    text = flat(pdftotext(dossier_pdf(proposal), tmp_path))
    assert "Số tập thể, cá nhân được đề nghị: không có tập thể, cá nhân nào" in text
    assert "00 " not in text
    assert "(Chưa có nội dung.)" in text
    assert "Vĩnh Long, ngày tháng năm" in text  # undated: blanks for the văn thư
    # Its own letter and minutes are cited with blanks to fill in, never a “…” placeholder.
    blank = "\u00a0" * 6
    letter = dict(dossier_parts(proposal)[1][1])
    assert letter["letter_title"] == (
        f"Tờ trình số {blank} ngày {blank}/{blank}/{blank} của Sở Xây dựng"
    )
    assert letter["legal_bases"][-1] == (
        f"Căn cứ kết quả họp bình xét ngày {blank}/{blank}/{blank} của Sở Xây dựng."
    )
    assert "…" not in " ".join(letter["legal_bases"])
