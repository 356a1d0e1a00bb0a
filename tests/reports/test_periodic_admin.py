"""The coordinator's desk for periodic reports: the list with its consolidation links, accept
or return (one report or many, with one reason), the scan, the consolidation page, its Excel
and the consolidated report; agencies' staff are kept out."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import Role
from reports.models import IndicatorKind, Report, State
from tests.factories import AgencyFactory, UserFactory

from .periodic_factories import PDF_BYTES, at, content_area, indicator, report_deadline, sent_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadline(movement):
    return report_deadline(movement, "Báo cáo 6 tháng", date(2026, 6, 30))


@pytest.fixture
def figures(movement):
    return {
        indicator(movement, "Số đơn thư đã giải quyết", unit="đơn", position=1): "4",
        indicator(
            movement,
            "Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ",
            kind=IndicatorKind.PERCENT,
            position=2,
        ): "90",
    }


@pytest.fixture
def sent(deadline, figures, agency_a, agency_b, leader_a, movement):
    area = content_area(movement, "Tuyên truyền, phổ biến chủ trương, chính sách", 1)
    leader_b = UserFactory(agency=agency_b, role=Role.LEADER)
    return [
        sent_report(
            deadline,
            agency,
            leader,
            now=at(2026, 6, 20, 8, 0),
            figures=figures,
            sections={area: f"Kết quả của {agency.name}."},
        )
        for agency, leader in ((agency_a, leader_a), (agency_b, leader_b))
    ]


def changelist():
    return reverse("admin:reports_report_changelist")


def run_action(client, action, reports, **extra):
    data = {"action": action, "_selected_action": [str(r.pk) for r in reports], **extra}
    return client.post(changelist(), data)


def test_the_list_links_each_report_deadline_to_its_consolidation(client, reviewer, sent, deadline):
    client.force_login(reviewer)
    text = client.get(changelist()).content.decode()
    assert reverse("admin:reports_report_consolidation", args=[deadline.pk]) in text
    assert "Tổng hợp báo cáo 6 tháng – 2026" in text


@pytest.mark.parametrize("count", [1, 20])
def test_changelist_queries_do_not_grow_with_rows(
    client, reviewer, deadline, count, django_assert_max_num_queries
):
    for n in range(count):
        agency = AgencyFactory(name=f"Đơn vị {n:02d}")
        Report.objects.create(deadline=deadline, agency=agency, created_by=reviewer)
    client.force_login(reviewer)
    with django_assert_max_num_queries(16):
        response = client.get(changelist())
    assert response.status_code == 200 and response.content.decode().count("Đơn vị ") >= count


def test_one_report_is_accepted_from_its_page(client, reviewer, sent):
    client.force_login(reviewer)
    report = sent[0]
    page = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert "Kết quả của Sở Tư pháp." in page and "Tiếp nhận" in page
    url = reverse("admin:reports_report_review", args=[report.pk, "tiep-nhan"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.ACCEPTED and report.reviewed_by == reviewer


def test_bulk_return_needs_one_reason_and_returns_all(client, reviewer, sent):
    client.force_login(reviewer)
    response = run_action(client, "return_selected", sent, confirm="yes", reason="  ")
    assert response.status_code == 200
    assert set(Report.objects.values_list("state", flat=True)) == {State.SUBMITTED}
    run_action(client, "return_selected", sent, confirm="yes", reason="Thiếu số liệu quý II.")
    assert set(Report.objects.values_list("state", "return_reason")) == {
        (State.RETURNED, "Thiếu số liệu quý II.")
    }


def test_the_reviewer_downloads_the_scan(client, reviewer, sent):
    client.force_login(reviewer)
    response = client.get(reverse("admin:reports_report_scan", args=[sent[0].pk]))
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_consolidation_page_excel_and_report(client, reviewer, sent, deadline, movement):
    client.force_login(reviewer)
    page = client.get(
        reverse("admin:reports_report_consolidation", args=[deadline.pk])
    ).content.decode()
    assert "Cộng (2 đơn vị)" in page and "Bình quân (2 đơn vị)" in page
    assert "Kết quả của Sở Xây dựng." in page
    response = client.get(reverse("admin:reports_report_consolidation_excel", args=[deadline.pk]))
    book = load_workbook(BytesIO(response.content))
    last = list(book["Số liệu"].iter_rows(values_only=True))[-1]
    assert last[1:] == ("TỔNG HỢP CHUNG (02 đơn vị)", None, None, 8, 90)
    url = reverse("admin:reports_report_consolidation_pdf", args=[deadline.pk])
    assert "Tạo báo cáo tổng hợp (PDF)" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "number": "",
            "symbol": "BC",
            "addressees": "Ủy ban nhân dân tỉnh",
            "copies": "Như trên;\nLưu: VT.",
            "sign_title": "GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn Minh",
        },
    )
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


@pytest.mark.parametrize("count", [0, 15])
def test_consolidation_page_queries_do_not_grow_with_agencies(
    client, reviewer, sent, deadline, figures, count, django_assert_max_num_queries
):
    for n in range(count):
        agency = AgencyFactory(name=f"Đơn vị thêm {n:02d}", kind=sent[0].agency.kind)
        sent_report(
            deadline,
            agency,
            UserFactory(agency=agency, role=Role.LEADER),
            now=at(2026, 6, 21, 8, 0),
            figures=figures,
        )
    client.force_login(reviewer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("admin:reports_report_consolidation", args=[deadline.pk]))
    assert response.content.decode().count("Đã gửi đúng hạn") == 2 + count


def test_agency_staff_are_kept_out_of_the_admin_pages(client, clerk_a, leader_a, sent, deadline):
    for user in (clerk_a, leader_a):
        client.force_login(user)
        for url in (
            reverse("admin:reports_report_consolidation", args=[deadline.pk]),
            reverse("admin:reports_report_scan", args=[sent[1].pk]),
            reverse("admin:reports_report_review", args=[sent[1].pk, "tiep-nhan"]),
        ):
            response = client.get(url)
            assert response.status_code == 302 and "/login/" in response["Location"]
    assert set(Report.objects.values_list("state", flat=True)) == {State.SUBMITTED}
