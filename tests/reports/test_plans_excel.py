"""Tasks from Excel: the five Vietnamese headers, the area by number or name, every error naming
the row as Excel shows it (the header is row 1) and the column's header; all rows or none."""

from datetime import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from reports.excel_plans import AREAS_SHEET, HEADERS, read_task_rows, task_template_workbook
from reports.services import plans as services

from .plan_factories import workbook_upload

pytestmark = pytest.mark.django_db


def errors_of(upload, areas):
    with pytest.raises(ValidationError) as error:
        read_task_rows(upload, areas=areas)
    return error.value.messages


def test_areas_by_number_name_or_both_and_blank_rows_skipped(areas):
    rows = read_task_rows(
        workbook_upload(
            [
                (1, "Quán triệt Kết luận 43", "Bí thư", "Văn phòng", "Quý I/2026"),
                (None, None, None, None, None),
                (f"  {areas[4].name.upper()} ", "Đối thoại", "", "", ""),
                (f"8. {areas[7].name}", "Tuyên truyền bầu cử", "", "", datetime(2026, 3, 15)),
                ("", "Nhiệm vụ chung", "", "", "Thường xuyên"),
            ]
        ),
        areas=areas,
    )
    assert [r["area"] for r in rows] == [areas[0], areas[4], areas[7], None]
    assert rows[0] == {
        "area": areas[0],
        "task": "Quán triệt Kết luận 43",
        "directs": "Bí thư",
        "carries_out": "Văn phòng",
        "timing": "Quý I/2026",
    }
    assert rows[2]["timing"] == "15/03/2026"


def test_headers_in_another_order_are_read_by_name(areas):
    headers = [HEADERS[4], HEADERS[1], HEADERS[0], HEADERS[3], HEADERS[2]]
    rows = read_task_rows(
        workbook_upload(
            [("Quý II", "Kiểm tra công vụ", 7, "Thanh tra", "Chủ tịch")], headers=headers
        ),
        areas=areas,
    )
    assert rows == [
        {
            "area": areas[6],
            "task": "Kiểm tra công vụ",
            "directs": "Chủ tịch",
            "carries_out": "Thanh tra",
            "timing": "Quý II",
        }
    ]


def test_every_error_names_the_excel_row_and_the_header(areas):
    messages = errors_of(
        workbook_upload(
            [
                (1, "Đúng", "", "", ""),
                (9, "Số thứ tự không có", "", "", ""),
                ("Nội dung không có", "", "", "", ""),
                (2, "Quá dài", "x" * 256, "", ""),
            ]
        ),
        areas,
    )
    assert messages[0].startswith("Dòng 3, cột “Nội dung công tác”: không có nội dung công tác “9”")
    assert "Dòng 4, cột “Nội dung công tác”" in messages[1]
    assert messages[2] == "Dòng 4, cột “Nhiệm vụ”: thiếu nhiệm vụ."
    assert messages[3] == "Dòng 5, cột “Chỉ đạo”: dài 256 ký tự, tối đa 255."


def test_a_missing_header_is_named(areas):
    messages = errors_of(workbook_upload([("1", "Việc")], headers=HEADERS[:2]), areas)
    assert messages == [
        "Dòng 1 của tệp phải là dòng tiêu đề, thiếu cột: “Chỉ đạo”, “Tham mưu thực hiện”, "
        "“Thời gian thực hiện”. Hãy dùng tệp mẫu."
    ]


def test_not_a_workbook_and_an_empty_one_are_refused(areas):
    fake = SimpleUploadedFile("nhiem-vu.xlsx", b"<html>day khong phai excel</html>")
    assert "không phải là bảng tính Excel" in errors_of(fake, areas)[0]
    assert "không phải là bảng tính Excel" in errors_of(workbook_upload([], name="a.csv"), areas)[0]
    assert errors_of(workbook_upload([]), areas) == ["Tệp không có nhiệm vụ nào dưới dòng tiêu đề."]


def test_a_bad_row_imports_nothing(plan_a, clerk_a, areas):
    upload = workbook_upload([(1, "Đúng", "", "", ""), (2, "", "", "", "")])
    with pytest.raises(ValidationError):
        services.import_tasks(plan=plan_a, by=clerk_a, rows=read_task_rows(upload, areas=areas))
    assert not plan_a.tasks.exists()


def test_the_template_lists_the_areas_and_imports_back(areas):
    content = task_template_workbook(areas)
    workbook = load_workbook(BytesIO(content))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADERS
    listing = workbook[AREAS_SHEET]
    assert [listing.cell(row=n + 2, column=2).value for n in range(8)] == [a.name for a in areas]
    sheet = workbook.worksheets[0]
    sheet.append([areas[2].name, "Phát động thi đua", "Chủ tịch", "Văn phòng", "Quý I/2026"])
    buffer = BytesIO()
    workbook.save(buffer)
    rows = read_task_rows(SimpleUploadedFile("mau.xlsx", buffer.getvalue()), areas=areas)
    assert rows[0]["area"] == areas[2] and rows[0]["task"] == "Phát động thi đua"
