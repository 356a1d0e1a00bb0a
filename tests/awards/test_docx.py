"""The award dossier's DOCX copies: each letter read back with python-docx (its blocks in the
order the state format sets, the list's cells, the landscape list, the fonts), and the downloads'
allowed and denied paths, the same as the PDF's."""

from urllib.parse import unquote

import pytest
from django.urls import reverse
from docx.enum.section import WD_ORIENT

from awards import services
from awards.docx import document_docx, dossier_docx
from tests.docx_text import DOCX_TYPE, blocks, in_order, open_docx, row_texts, run_with, tables
from tests.factories import UserFactory

from .factories import award_movement, complete_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement():
    return award_movement()


@pytest.fixture
def proposal(movement, agency_a, leader_a):
    return complete_proposal(movement, agency_a, leader_a)


def test_the_letter_reads_in_the_state_order_with_its_awardee_table(proposal):
    document = open_docx(document_docx(proposal, "to-trinh"))
    texts = blocks(document)
    in_order(
        texts,
        [
            "SỞ TƯ PHÁP",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 05/TTr-STP",
            "ngày 10 tháng 12 năm 2025",
            "TỜ TRÌNH",
            "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Kính gửi: Ủy ban nhân dân tỉnh (qua Sở Nội vụ)",
            "Căn cứ kết quả họp bình xét ngày 05/12/2025",
            "Hưởng ứng",
            "kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
            "Nơi nhận:",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Lê Thị Hồng",
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        ],
    )
    # The letterhead and the closing are borderless tables; the list is the bordered one.
    letterhead, closing, list_head, awardees = tables(document)
    assert row_texts(letterhead.rows[1]) == [
        "Số: 05/TTr-STP",
        "Vĩnh Long, ngày 10 tháng 12 năm 2025",
    ]
    assert "Nơi nhận:" in row_texts(closing.rows[0])[0]
    assert row_texts(awardees.rows[0])[:2] == [
        "STT",
        "Tên tập thể / Họ tên cá nhân, chức vụ, đơn vị",
    ]
    assert "w:tblHeader" in awardees.rows[0]._tr.xml  # repeated on every page
    assert row_texts(awardees.rows[1]) == ["I", "TẬP THỂ (02)"]  # a merged group row
    first = row_texts(awardees.rows[2])
    assert first[0] == "1" and first[2] == "Mô hình tiêu biểu số 1"
    assert first[4].startswith("7/9")
    assert 'w:val="single"' in awardees._tbl.tblPr.xml  # bordered
    assert 'w:val="nil"' in letterhead._tbl.tblPr.xml  # borderless
    # The letter on A4 portrait with the Decree 30 margins; its list on a landscape section.
    portrait, landscape = document.sections
    assert portrait.orientation == WD_ORIENT.PORTRAIT
    assert round(portrait.page_width.mm) == 210 and round(portrait.page_height.mm) == 297
    assert [round(portrait.top_margin.mm), round(portrait.bottom_margin.mm)] == [20, 20]
    assert [round(portrait.left_margin.mm), round(portrait.right_margin.mm)] == [30, 15]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert round(landscape.page_width.mm) == 297
    # Times New Roman; the title 14 pt bold, the national motto underlined, dates in italics.
    assert document.styles["Normal"].font.name == "Times New Roman"
    title = run_with(document, "TỜ TRÌNH")
    assert title.bold and title.font.size.pt == 14
    assert run_with(document, "Độc lập - Tự do - Hạnh phúc").underline
    assert run_with(document, "ngày 10 tháng 12 năm 2025").italic
    assert run_with(document, "Hưởng ứng").font.size.pt == 14


def test_the_minutes_have_the_vote_table_and_both_signatures(proposal):
    document = open_docx(document_docx(proposal, "bien-ban"))
    texts = blocks(document)
    in_order(
        texts,
        [
            "SỞ TƯ PHÁP",
            "BIÊN BẢN",
            "Hôm nay, vào lúc 14 giờ 00 phút, ngày 05 tháng 12 năm 2025",
            "I. THÀNH PHẦN",
            "Thành viên có mặt:",
            "III. KẾT QUẢ BỎ PHIẾU",
            "STT",
            "Kết quả",
            "Mô hình tiêu biểu số 1",
            "Đạt",
            "THƯ KÝ",
            "Trần Thị Lan",
            "CHỦ TRÌ",
            "Nguyễn Văn Minh",
        ],
    )
    votes = tables(document)[1]
    assert row_texts(votes.rows[0]) == [
        "STT",
        "Tập thể, cá nhân",
        "Tên mô hình",
        "Số phiếu đồng ý",
        "Tỷ lệ (%)",
        "Kết quả",
    ]
    assert row_texts(votes.rows[1])[3] == "7/9"


def test_the_report_and_an_achievement_report_carry_their_sections(proposal):
    report = blocks(open_docx(document_docx(proposal, "bao-cao")))
    in_order(report, ["BÁO CÁO", "Triển khai 6 mô hình, 100% cán bộ tham gia.", "Nơi nhận:"])
    nominee = proposal.nominees.order_by("pk").first()
    achievement = blocks(open_docx(document_docx(proposal, f"thanh-tich-{nominee.pk}")))
    in_order(
        achievement,
        [
            "BÁO CÁO THÀNH TÍCH",
            "Tên tập thể đề nghị:",
            "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            "1. Tóm tắt mô hình",
            "Tiếp nhận hồ sơ tại nhà cho người cao tuổi.",
            "5. Khả năng nhân rộng",
            "Nhân rộng ra toàn tỉnh.",
            "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        ],
    )


def test_the_whole_dossier_is_one_docx_a_section_per_document(proposal):
    document = open_docx(dossier_docx(proposal))
    texts = blocks(document)
    in_order(
        texts,
        [
            "HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG",
            "TỜ TRÌNH",
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            "BIÊN BẢN",
            "BÁO CÁO",
            "BẢN CHẤM ĐIỂM TIÊU CHÍ",
            "BÁO CÁO THÀNH TÍCH",
            "BÁO CÁO THÀNH TÍCH",
        ],
    )
    # Cover, letter, its landscape list, minutes, report, score sheet, two achievement reports:
    # each on new pages, each document numbering its own pages from 1.
    sections = document.sections
    assert len(sections) == 8
    assert [s.orientation for s in sections].count(WD_ORIENT.LANDSCAPE) == 1
    restarts = [s._sectPr.xpath("./w:pgNumType/@w:start") for s in sections]
    assert restarts.count(["1"]) == 7
    assert "Hồ sơ đề nghị khen thưởng" in document.core_properties.title


def test_every_document_downloads_as_docx_for_its_own_agency_only(
    client, clerk_a, leader_a, clerk_b, proposal, movement, agency_a
):
    nominee = proposal.nominees.first()
    urls = [
        reverse("awards:dossier_docx", args=[movement.pk]),
        reverse("awards:document_docx", args=[movement.pk, "to-trinh"]),
        reverse("awards:document_docx", args=[movement.pk, "bien-ban"]),
        reverse("awards:document_docx", args=[movement.pk, "bao-cao"]),
        reverse("awards:document_docx", args=[movement.pk, "ban-cham-diem"]),
        reverse("awards:achievement_docx", args=[movement.pk, nominee.pk]),
    ]
    assert all(url.endswith(".docx") for url in urls)
    for user in (clerk_a, leader_a):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Content-Type"] == DOCX_TYPE
            assert ".docx" in unquote(response["Content-Disposition"])
            assert response["Content-Disposition"].startswith("attachment")
            assert blocks(open_docx(response.content))
    client.force_login(clerk_b)
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302, url
    client.force_login(UserFactory(agency=agency_a))  # no role: no permission to view
    assert client.get(urls[1]).status_code == 403
    client.force_login(clerk_a)
    missing = reverse("awards:document_docx", args=[movement.pk, "khong-co"])
    assert client.get(missing).status_code == 404


def test_the_proposal_page_links_each_docx_beside_its_pdf(client, clerk_a, proposal, movement):
    client.force_login(clerk_a)
    text = client.get(reverse("awards:proposal", args=[movement.pk])).content.decode()
    assert "Tải DOCX (để chỉnh sửa" in text
    assert reverse("awards:document_docx", args=[movement.pk, "to-trinh"]) in text
    nominee = proposal.nominees.first()
    assert reverse("awards:achievement_docx", args=[movement.pk, nominee.pk]) in text


def test_the_reviewer_downloads_an_agencys_dossier_as_docx_in_the_admin(
    client, reviewer, clerk_a, proposal
):
    url = reverse("admin:awards_awardproposal_dossier_docx", args=[proposal.pk])
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert "TỜ TRÌNH" in blocks(open_docx(response.content))
    client.force_login(clerk_a)  # not staff: the admin sends them to its login
    assert client.get(url).status_code == 302


def test_the_coordinators_letter_downloads_as_docx_from_its_form(
    client, reviewer, clerk_a, leader_a, proposal, movement
):
    services.submit_proposal(proposal=proposal, by=leader_a)
    url = f"/admin/awards/awardproposal/tong-hop/{movement.pk}/to-trinh/"
    fields = {
        "number": "12",
        "symbol": "TTr-SNV",
        "issued_on": "15/12/2025",
        "addressees": "Ủy ban nhân dân tỉnh",
        "legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "copies": "Như trên;\nLưu: VT, TĐKT.",
        "sign_authority": "KT. GIÁM ĐỐC",
        "sign_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Thị Thu Hà",
    }
    client.force_login(reviewer)
    assert "Tải DOCX (để chỉnh sửa)" in client.get(url).content.decode()
    response = client.post(url, {**fields, "fmt": "docx"})
    assert response["Content-Type"] == DOCX_TYPE
    document = open_docx(response.content)
    in_order(
        blocks(document),
        [
            "SỞ NỘI VỤ",
            "Số: 12/TTr-SNV",
            "Vĩnh Long, ngày 15 tháng 12 năm 2025",
            "TỜ TRÌNH",
            "Kính gửi: Ủy ban nhân dân tỉnh",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
            "Nguyễn Thị Thu Hà",
            "DANH SÁCH",
            "(Kèm theo Tờ trình số 12/TTr-SNV ngày 15/12/2025 của Sở Nội vụ)",
            "TẬP THỂ (02)",
            "Mô hình tiêu biểu số 1",
        ],
    )
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    awardees = tables(document)[-1]
    assert row_texts(awardees.rows[0])[0] == "STT" and "w:tblHeader" in awardees.rows[0]._tr.xml
    client.force_login(clerk_a)
    assert client.post(url, {**fields, "fmt": "docx"}).status_code == 302
