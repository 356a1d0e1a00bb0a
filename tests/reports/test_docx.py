"""DOCX copies of the plan, the periodic report and the consolidated report: read back with
python-docx, and served only to whoever may have the PDF."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Role
from reports.models import IndicatorKind
from tests.docx_text import DOCX_TYPE, blocks, in_order, open_docx, row_texts, tables
from tests.factories import UserFactory

from .periodic_factories import at, content_area, filled_report, indicator, report_deadline
from .periodic_factories import sent_report as sent

pytestmark = pytest.mark.django_db


def docx_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith("attachment")
    return open_docx(response.content)


# The plan


def plan_url(name, plan):
    return reverse(f"reports:{name}", kwargs={"deadline_id": plan.deadline_id})


def test_the_plan_docx_has_the_tasks_table_and_targets(client, clerk_a, plan_a, task_a):
    client.force_login(clerk_a)
    document = docx_of(client.get(plan_url("plan_docx", plan_a)))
    texts = blocks(document)
    in_order(
        texts,
        ["SỞ TƯ PHÁP", "KẾ HOẠCH", "I. NỘI DUNG, NHIỆM VỤ", "TT", "Nhiệm vụ", "Tuyên truyền Luật"],
    )
    in_order(texts, ["Tuyên truyền Luật Thực hiện dân chủ", "II. CHỈ TIÊU", "Nơi nhận:"])
    tasks = tables(document)[1]
    assert row_texts(tasks.rows[0]) == [
        "TT",
        "Nhiệm vụ",
        "Chỉ đạo",
        "Tham mưu thực hiện",
        "Thời gian thực hiện",
    ]
    assert "w:tblHeader" in tasks.rows[0]._tr.xml
    assert row_texts(tasks.rows[2])[:2] == ["1", "Tuyên truyền Luật Thực hiện dân chủ"]
    page = client.get(plan_url("plan_detail", plan_a)).content.decode()
    assert plan_url("plan_docx", plan_a) in page and "Tải DOCX (để chỉnh sửa)" in page


def test_the_plan_docx_is_denied_as_its_pdf_is(client, clerk_b, plan_a, task_a, reviewer):
    url = plan_url("plan_docx", plan_a)
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404  # B's own (missing) plan, never A's
    client.logout()
    assert client.get(url).status_code == 302
    # The coordinator's staff have it from the admin, beside the PDF.
    client.force_login(reviewer)
    admin_url = reverse("admin:reports_plan_docx", args=[plan_a.pk])
    assert "Tuyên truyền Luật Thực hiện dân chủ" in blocks(docx_of(client.get(admin_url)))
    client.force_login(clerk_b)
    assert client.get(admin_url).status_code == 302


# The periodic report


@pytest.fixture
def due(movement):
    return report_deadline(movement, "Báo cáo 6 tháng", timezone.localdate() + timedelta(days=10))


@pytest.fixture
def report_a(due, agency_a, clerk_a, movement):
    area = content_area(movement, "Tiếp công dân, đối thoại, giải quyết khiếu nại", 1)
    dialogues = indicator(movement, "Số cuộc đối thoại trực tiếp", unit="cuộc", position=1)
    return filled_report(
        due,
        agency_a,
        clerk_a,
        figures={dialogues: "12"},
        sections={area: "Tổ chức 12 cuộc đối thoại với Nhân dân tại trụ sở."},
        difficulties="Kinh phí còn hạn chế.",
    )


def report_url(name, deadline):
    return reverse(f"reports:{name}", kwargs={"deadline_id": deadline.pk})


def test_the_periodic_report_docx_reads_in_order(client, clerk_a, due, report_a):
    client.force_login(clerk_a)
    document = docx_of(client.get(report_url("report_docx", due)))
    in_order(
        blocks(document),
        [
            "SỞ TƯ PHÁP",
            "BÁO CÁO",
            "I. KẾT QUẢ THỰC HIỆN",
            "Tổ chức 12 cuộc đối thoại với Nhân dân tại trụ sở.",
            "III. SỐ LIỆU",
            "Số cuộc đối thoại trực tiếp",
            "12",
            "IV. KHÓ KHĂN, VƯỚNG MẮC",
            "Kinh phí còn hạn chế.",
            "Nơi nhận:",
        ],
    )
    figures = tables(document)[1]
    assert row_texts(figures.rows[1]) == ["1", "Số cuộc đối thoại trực tiếp", "cuộc", "12"]
    page = client.get(report_url("report_detail", due)).content.decode()
    assert report_url("report_docx", due) in page


def test_the_periodic_report_docx_is_denied_to_another_agency_and_anonymous(
    client, clerk_b, due, report_a
):
    client.force_login(clerk_b)
    assert client.get(report_url("report_docx", due)).status_code == 404
    assert client.get(report_url("report_pdf", due)).status_code == 404  # the same answer
    client.logout()
    assert client.get(report_url("report_docx", due)).status_code == 302


# The coordinator's consolidated report


def test_the_consolidated_report_docx_comes_from_the_same_form(
    client, reviewer, movement, agency_a, agency_b, leader_a, clerk_a
):
    deadline = report_deadline(movement, "Báo cáo 6 tháng", date(2026, 6, 30))
    area = content_area(movement, "Tuyên truyền, phổ biến chủ trương, chính sách", 1)
    rate = indicator(movement, "Tỷ lệ thực hiện tốt", kind=IndicatorKind.PERCENT, position=1)
    leader_b = UserFactory(agency=agency_b, role=Role.LEADER)
    for agency, leader in ((agency_a, leader_a), (agency_b, leader_b)):
        sent(
            deadline,
            agency,
            leader,
            now=at(2026, 6, 20, 8, 0),
            figures={rate: "90"},
            sections={area: f"Kết quả của {agency.name}."},
        )
    url = reverse("admin:reports_report_consolidation_pdf", args=[deadline.pk])
    fields = {
        "number": "",
        "symbol": "BC",
        "addressees": "Ủy ban nhân dân tỉnh",
        "copies": "Như trên;\nLưu: VT.",
        "sign_title": "GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn Minh",
    }
    client.force_login(reviewer)
    assert "Tải DOCX (để chỉnh sửa)" in client.get(url).content.decode()
    document = docx_of(client.post(url, {**fields, "fmt": "docx"}))
    in_order(
        blocks(document),
        [
            "BÁO CÁO",
            "I. TÌNH HÌNH GỬI BÁO CÁO",
            "Kết quả của Sở Tư pháp.",
            "III. SỐ LIỆU TỔNG HỢP",
            "Tỷ lệ thực hiện tốt",
            "GIÁM ĐỐC",
            "Nguyễn Văn Minh",
        ],
    )
    # Without the button's value it is still the PDF.
    assert client.post(url, fields)["Content-Type"] == "application/pdf"
    client.force_login(clerk_a)
    assert client.post(url, {**fields, "fmt": "docx"}).status_code == 302
