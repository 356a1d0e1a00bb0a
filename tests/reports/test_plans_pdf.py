"""The printed “KẾ HOẠCH”, read back by poppler: the agency's header, number, place and date in
words, title, the tasks grouped by content area with their columns, the targets, “Nơi nhận”
naming the coordinator from its row, and the leader who sent it."""

import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.pdf_plans import plan_context, plan_pdf
from reports.services import plans as services
from tests.factories import AgencyFactory

from .plan_factories import PlanTaskFactory

pytestmark = pytest.mark.django_db


def pdftotext(pdf, tmp_path):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def printed(plan_a, areas, leader_a, coordinator):
    agency = plan_a.agency
    agency.parent = AgencyFactory(name="UBND tỉnh Lạng Sơn")
    agency.save()
    PlanTaskFactory(
        plan=plan_a,
        area=areas[4],
        task="Tổ chức đối thoại trực tiếp với Nhân dân",
        directs="Chủ tịch UBND",
        carries_out="Thanh tra",
        timing="Quý II/2026",
    )
    PlanTaskFactory(plan=plan_a, area=areas[0], task="Quán triệt Kết luận số 43-KL/TW")
    PlanTaskFactory(plan=plan_a, area=areas[0], task="Tuyên truyền Luật Thực hiện dân chủ")
    leader_a.position = "Giám đốc"
    leader_a.full_name = "Hoàng Văn Bình"
    leader_a.save()
    services.submit_plan(plan=plan_a, by=leader_a)
    return plan_a


def test_the_plan_reads_as_a_state_document(printed, areas, tmp_path):
    text = flat(pdftotext(plan_pdf(printed), tmp_path))
    # The letterhead's two columns share lines; each part is there.
    for part in (
        "UBND TỈNH LẠNG SƠN",
        "SỞ TƯ PHÁP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ):
        assert part in text
    order = [
        "Số: 12/KH-UBND",
        "Lạng Sơn, ngày 02 tháng 3 năm 2026",
        "KẾ HOẠCH",
        "Thực hiện công tác dân vận chính quyền năm 2026",
        "Thực hiện Kế hoạch số 61/KH-UBND ngày 26/02/2026 của Ủy ban nhân dân tỉnh Lạng Sơn",
        "I. NỘI DUNG, NHIỆM VỤ",
        "I Tuyên truyền, quán triệt chủ trương của Đảng",
        "1 Quán triệt Kết luận số 43-KL/TW",
        "2 Tuyên truyền Luật Thực hiện dân chủ",
        "II Tiếp xúc, đối thoại với Nhân dân",
        "1 Tổ chức đối thoại trực tiếp với Nhân",
        "II. CHỈ TIÊU",
        "100% cán bộ, công chức được quán triệt.",
        "Nơi nhận:",
        "GIÁM ĐỐC",  # the signature's column shares the lines of “Nơi nhận”
        "- Sở Nội vụ tỉnh Lạng Sơn (để theo dõi);",
        "- Lưu: VT.",
        "Hoàng Văn Bình",
    ]
    position = 0
    for expected in order:
        found = text.find(expected, position)
        assert found >= 0, (
            f"“{expected}” missing after position {position}: {text[position : position + 300]}"
        )
        position = found + len(expected)
    # Column headers, centred and wrapped: “Tham mưu / thực hiện”, “Thời gian / thực hiện”.
    header = text[text.find("I. NỘI DUNG, NHIỆM VỤ") : text.find("I Tuyên truyền")]
    for word in ("TT", "Nhiệm vụ", "Chỉ đạo", "Tham mưu", "Thời gian", "thực hiện thực hiện"):
        assert word in header
    for column in ("Chủ tịch", "Thanh tra", "Quý II/2026"):
        assert column in text


def test_an_unnumbered_undated_plan_leaves_blanks_and_a_default_title(plan_a, tmp_path):
    plan_a.number, plan_a.issued_on, plan_a.title = "", None, ""
    plan_a.save()
    text = flat(pdftotext(plan_pdf(plan_a), tmp_path))
    assert "Số: /KH" in text and "ngày tháng năm" in text
    assert "Thực hiện công tác dân vận chính quyền năm 2026" in text
    assert "(Chưa có nhiệm vụ.)" in text and "(Ký, ghi rõ họ tên, đóng dấu)" in text


def test_queries_do_not_grow_with_tasks(plan_a, areas):
    plan_context(plan_a)  # warm: the coordinator is read once, then from the cache
    with CaptureQueriesContext(connection) as few:
        plan_context(plan_a)
    for index in range(40):
        PlanTaskFactory(plan=plan_a, area=areas[index % 8])
    with CaptureQueriesContext(connection) as many:
        context = plan_context(plan_a)
    assert len(many) == len(few)
    assert sum(len(g.tasks) for g in context["groups"]) == 40
