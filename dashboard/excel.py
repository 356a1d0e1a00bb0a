"""The dashboard as an Excel workbook: the targets against fact, then every count."""

from io import BytesIO

from openpyxl import Workbook

from portal.excel import ReportSheet

from .selectors import Dashboard


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
