"""The consolidation of one report deadline against hand-computed figures: three agencies of two
kinds sent (one late), one sent and was returned (its figures left out), one sent nothing.
Then the workbook's cells and the consolidated report's text, and the queries stay flat."""

import subprocess
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from movements.selectors import Standing
from portal.models import Role
from reports.consolidation import consolidate, consolidation_workbook
from reports.models import IndicatorKind
from reports.pdf_periodic import consolidated_report_pdf
from reports.services import periodic as services
from tests.factories import AgencyFactory, UserFactory, edit_coordinator
from tests.workbooks import header_index, headers, table, title_text

from .periodic_factories import at, content_area, indicator, report_deadline, sent_report

pytestmark = pytest.mark.django_db
NOW = at(2026, 7, 5, 9, 0)


@pytest.fixture
def province(movement, department_kind, health_kind):
    # Entered first as 05/7, corrected to the plan's 30/6 after the agencies sent: Sở Xây dựng,
    # which sent on 02/7, is then late (the portal itself refuses a late first send).
    deadline = report_deadline(
        movement, "Báo cáo 6 tháng", date(2026, 7, 5), kinds=[department_kind, health_kind]
    )
    dialogues = indicator(
        movement, "Số cuộc đối thoại trực tiếp với Nhân dân", unit="cuộc", position=1
    )
    democracy = indicator(
        movement,
        "Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ",
        kind=IndicatorKind.PERCENT,
        position=2,
    )
    area = content_area(movement, "Tiếp công dân, đối thoại, giải quyết khiếu nại", 1)
    justice = AgencyFactory(name="Sở Tư pháp", kind=department_kind)
    building = AgencyFactory(name="Sở Xây dựng", kind=department_kind)
    health = AgencyFactory(name="Sở Y tế", kind=health_kind)
    finance = AgencyFactory(name="Sở Tài chính", kind=department_kind)
    transport = AgencyFactory(name="Sở Giao thông vận tải", kind=department_kind)
    reviewer = UserFactory(agency=None, is_staff=True, role=Role.REVIEWER)

    def send(agency, when, dialogues_value, democracy_value, text=""):
        leader = UserFactory(agency=agency, role=Role.LEADER)
        return sent_report(
            deadline,
            agency,
            leader,
            now=when,
            figures={dialogues: dialogues_value, democracy: democracy_value},
            sections={area: text} if text else {},
            difficulties=f"Khó khăn của {agency.name}.",
        )

    send(justice, at(2026, 6, 20, 8, 0), "12", "80", "Tổ chức 12 cuộc đối thoại.")
    send(building, at(2026, 7, 2, 10, 0), "8", "90", "Tiếp 30 lượt công dân.")
    send(health, at(2026, 6, 30, 23, 59), "5", "70,5")
    returned = send(transport, at(2026, 6, 25, 8, 0), "100", "10", "Số liệu sai.")
    services.return_report(report=returned, by=reviewer, reason="Số liệu chưa khớp.")
    deadline.due_on = date(2026, 6, 30)
    deadline.save()
    return SimpleNamespace(
        deadline=deadline,
        dialogues=dialogues,
        democracy=democracy,
        area=area,
        kinds=(department_kind, health_kind),
        agencies=SimpleNamespace(
            justice=justice, building=building, health=health, finance=finance, transport=transport
        ),
        reviewer=reviewer,
    )


def test_figures_are_summed_or_averaged_overall_and_by_kind(province):
    c = consolidate(province.deadline, now=NOW)
    department, health = province.kinds
    dialogues, democracy = c.summaries
    # Numbers summed: 12 + 8 + 5; the returned report's 100 is left out.
    assert dialogues.overall.value == Decimal("25") and dialogues.overall.count == 3
    assert dialogues.by_kind[department.pk].value == Decimal("20")
    assert dialogues.by_kind[health.pk].value == Decimal("5")
    # Percentages averaged: (80 + 90 + 70.5) / 3 = 80.1666… → 80.17.
    assert democracy.overall.value == Decimal("80.17")
    assert democracy.by_kind[department.pk].value == Decimal("85.00")
    assert democracy.by_kind[health.pk].value == Decimal("70.50")
    # Kinds in their order, then by name (“Sở Y tế” sorts before “Sở, ban, ngành …”).
    assert [g.kind for g in c.groups] == [health, department]
    assert [r.agency.name for r in c.groups[1].reports] == ["Sở Tư pháp", "Sở Xây dựng"]


def test_who_sent_on_time_late_or_nothing(province):
    c = consolidate(province.deadline, now=NOW)
    standing = {row.agency.name: (row.standing, row.late_by_text) for row in c.standing}
    assert standing == {
        "Sở Tư pháp": (Standing.ON_TIME, ""),
        "Sở Xây dựng": (Standing.LATE, "1 ngày 10 giờ"),
        "Sở Y tế": (Standing.ON_TIME, ""),  # 23:59 on the last day
        "Sở Giao thông vận tải": (Standing.ON_TIME, ""),  # sent in time, then returned
        "Sở Tài chính": (Standing.MISSING, ""),
    }
    assert [row.agency.name for row in c.nothing_sent] == ["Sở Tài chính"]
    assert (
        dict((row.agency.name, state) for row, state in c.standing_lines())["Sở Tài chính"]
        == "Chưa lập"
    )


def test_texts_are_gathered_by_content_area_with_the_agency(province):
    c = consolidate(province.deadline, now=NOW)
    area = c.areas[0]
    assert area.title == province.area.name
    assert [(e.agency.name, e.text) for e in area.entries] == [
        ("Sở Tư pháp", "Tổ chức 12 cuộc đối thoại."),
        ("Sở Xây dựng", "Tiếp 30 lượt công dân."),
    ]
    difficulties = next(a for a in c.areas if a.title == "Khó khăn, vướng mắc")
    assert [e.agency.name for e in difficulties.entries] == ["Sở Y tế", "Sở Tư pháp", "Sở Xây dựng"]


def test_the_workbook_has_figures_standing_and_texts(province):
    book = load_workbook(BytesIO(consolidation_workbook(consolidate(province.deadline, now=NOW))))
    assert book.sheetnames == ["Số liệu", "Tình hình gửi báo cáo", "Nội dung theo lĩnh vực"]
    for sheet in book.worksheets:
        assert province.deadline.movement.title in title_text(sheet)
        assert province.deadline.title in title_text(sheet)
    assert headers(book["Số liệu"])[4:] == [
        "Số cuộc đối thoại trực tiếp với Nhân dân (cuộc) – cộng",
        "Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ (%) – bình quân",
    ]
    by_label = {row[1]: tuple(row[4:]) for row in table(book["Số liệu"])}
    assert by_label["Sở Xây dựng"] == (8, 90)
    assert by_label["Tổng hợp Sở, ban, ngành cấp tỉnh (02 đơn vị)"] == (20, 85)
    assert by_label["Tổng hợp Sở Y tế (01 đơn vị)"] == (5, 70.5)
    assert by_label["TỔNG HỢP CHUNG (03 đơn vị)"] == (25, 80.17)
    assert "Sở Giao thông vận tải" not in by_label
    standing = {row[1]: tuple(row) for row in table(book["Tình hình gửi báo cáo"])}
    assert standing["Sở Xây dựng"][3:8] == (
        "chậm nhất là ngày 30/6/2026",
        datetime(2026, 6, 30, 23, 59),
        datetime(2026, 7, 2, 10, 0),
        "Gửi trễ hạn",
        "1 ngày 10 giờ",
    )
    assert standing["Sở Tài chính"][6:] == ("Chưa gửi, đã quá hạn", None, "Chưa lập")
    assert standing["Sở Giao thông vận tải"][8] == "Bị trả lại"
    texts = [tuple(row[1:]) for row in table(book["Nội dung theo lĩnh vực"])]
    assert (province.area.name, "Sở Tư pháp", "Tổ chức 12 cuộc đối thoại.") in texts


def test_typed_text_stays_text_in_the_workbook(province, movement):
    c = consolidate(province.deadline, now=NOW)
    c.areas[0].entries[0].text = '=HYPERLINK("http://x")'
    book = load_workbook(BytesIO(consolidation_workbook(c)))
    sheet = book["Nội dung theo lĩnh vực"]
    cell = [
        row
        for row in sheet.iter_rows(min_row=header_index(sheet) + 1)
        if row[2].value == "Sở Tư pháp"
    ][0][3]
    assert cell.data_type == "s"


def test_the_consolidated_report_is_issued_by_the_coordinator(province, tmp_path):
    edit_coordinator(
        name="Văn phòng Ủy ban nhân dân tỉnh Đồng Nai",
        short_name="Văn phòng",
        parent_name="Ủy ban nhân dân tỉnh Đồng Nai",
        place_name="Đồng Nai",
    )
    pdf = consolidated_report_pdf(
        consolidate(province.deadline, now=NOW),
        number="7",
        symbol="BC-VP",
        issued_on=date(2026, 7, 10),
        addressees=["Sở Nội vụ tỉnh Đồng Nai"],
        sign_authority="KT. CHÁNH VĂN PHÒNG",
        sign_title="PHÓ CHÁNH VĂN PHÒNG",
        signer_name="Trần Văn Bình",
    )
    path = tmp_path / "tong-hop.pdf"
    path.write_bytes(pdf)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )
    assert text.startswith("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI")
    assert "VĂN PHÒNG ỦY BAN NHÂN DÂN" in text
    assert "Số: 07/BC-VP" in text and "Đồng Nai, ngày 10 tháng 7 năm 2026" in text
    assert (
        "BÁO CÁO Tổng hợp kết quả thực hiện phong trào thi đua “Dân vận khéo” 6 tháng năm 2026"
        in text
    )
    assert "Kính gửi: Sở Nội vụ tỉnh Đồng Nai" in text
    assert "đã gửi: 04 (đúng hạn: 03; trễ hạn: 01); chưa gửi: 01" in text
    assert "Sở Xây dựng (trễ 1 ngày 10 giờ)" in text and "Chưa gửi báo cáo: Sở Tài chính" in text
    assert "- Sở Tư pháp: Tổ chức 12 cuộc đối thoại." in text
    assert "25" in text and "80,17" in text and "85" in text and "70,5" in text
    assert "PHÓ CHÁNH VĂN PHÒNG" in text and "Trần Văn Bình" in text


@pytest.mark.parametrize("extra", [0, 15])
def test_consolidation_queries_do_not_grow_with_agencies(
    province, extra, django_assert_max_num_queries
):
    department, _ = province.kinds
    for n in range(extra):
        agency = AgencyFactory(name=f"Sở thêm {n:02d}", kind=department)
        leader = UserFactory(agency=agency, role=Role.LEADER)
        sent_report(
            province.deadline,
            agency,
            leader,
            now=at(2026, 6, 1, 8, 0),
            figures={province.dialogues: "1", province.democracy: "50"},
        )
    with django_assert_max_num_queries(14):
        c = consolidate(province.deadline, now=NOW)
        consolidation_workbook(c)
    assert c.summaries[0].overall.value == Decimal(25 + extra)
