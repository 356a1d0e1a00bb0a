"""The dashboard as an Excel workbook: the targets against fact, then every count."""

from io import BytesIO

from openpyxl import Workbook

from portal.excel import ReportSheet, header_width

from .selectors import Dashboard, Drill


def dashboard_workbook(dashboard: Dashboard) -> bytes:
    workbook = Workbook(write_only=True)
    targets = ReportSheet(
        workbook,
        "Chỉ tiêu và thực tế",
        title="Chỉ tiêu và thực tế",
        movement=dashboard.movement,
        headers=["STT", "Chỉ tiêu", "Cách tính thực tế", "Chỉ tiêu đặt ra", "Thực tế", "Kết quả"],
        widths=[6, 50, 36, 14, 28, 12],
    )
    for row in dashboard.targets:
        how = row.target.get_fact_kind_display()
        if row.result.fact.source:
            how = f"{how}: {row.result.fact.source}"
        targets.append(
            [row.position, row.target.name, how, row.target_text, row.fact_text, row.verdict],
            wrap=True,
        )
    counts = ReportSheet(
        workbook,
        "Số liệu",
        title="Số liệu tổng hợp",
        movement=dashboard.movement,
        headers=["STT", "Nhóm số liệu", "Nội dung", "Số lượng", "Trên tổng số", "Tỷ lệ"],
        widths=[6, 36, 50, 12, 14, 10],
    )
    number = 0
    for block in [dashboard.on_time, *dashboard.blocks]:
        for line in block.lines:
            number += 1
            counts.append(
                [number, block.title, line.label, line.count, line.of or "", line.share_text]
            )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Drill-down columns wide enough for an agency's full name or a model's.
DRILL_WIDTHS = {
    "Mã": 12, "Cơ quan, đơn vị": 45, "Loại cơ quan": 28, "Ghi chú": 40, "Tên mô hình": 50,
    "Lĩnh vực": 28, "Tình trạng": 18, "Năm bắt đầu": 12,
}  # fmt: skip


def drill_workbook(movement, drill: Drill) -> bytes:
    """Every row behind one dashboard number, numbered, the total under the title."""
    workbook = Workbook(write_only=True)
    sheet = ReportSheet(
        workbook,
        "Chi tiết",
        title=drill.title,
        movement=movement,
        details=[f"Tổng số: {len(drill.rows)}"],
        headers=["STT", *drill.headers],
        widths=[header_width("STT")]
        + [DRILL_WIDTHS.get(h, header_width(h)) for h in drill.headers],
    )
    for number, row in enumerate(drill.rows, start=1):
        sheet.append([number, *row], wrap=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
