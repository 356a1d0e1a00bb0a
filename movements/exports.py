"""The tracker as an Excel file: one row per agency, one column per deadline, the cells'
text as the page shows it, and the totals under them."""

from io import BytesIO

from openpyxl import Workbook

from portal.excel import ReportSheet

from .tracker import Tracker


def tracker_workbook(tracker: Tracker) -> bytes:
    workbook = Workbook(write_only=True)
    titles = [f"{d.title} ({d.wording})" for d in tracker.deadlines]
    report = ReportSheet(
        workbook,
        "Theo dõi, đôn đốc",
        title="Theo dõi, đôn đốc thực hiện các mốc thời gian",
        movement=tracker.movement,
        headers=["STT", "Cơ quan, đơn vị", "Loại cơ quan", *titles],
        widths=[6, 40, 24, *([26] * len(tracker.deadlines))],
        frozen_columns=3,
    )
    for number, row in enumerate(tracker.rows, start=1):
        report.append(
            [
                number,
                row.agency.name,
                row.agency.kind_name,
                *(cell.text for cell in row.cells),
            ]
        )
    for _state, label, counts in tracker.totals:
        report.append(["", f"Tổng số: {label}", "", *counts], bold=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
