"""The tracker as an Excel file: one row per agency, one column per deadline, the cells'
text as the page shows it, and the totals under them."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.excel import print_setup, text_cell

from .tracker import Tracker


def tracker_workbook(tracker: Tracker) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Theo dõi, đôn đốc")
    print_setup(sheet, header_rows="1:1", freeze="D2")
    widths = [6, 40, 24, *([26] * len(tracker.deadlines))]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    def bold(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        return cell

    titles = [f"{d.title} ({d.wording})" for d in tracker.deadlines]
    sheet.append([bold(t) for t in ["STT", "Cơ quan, đơn vị", "Loại cơ quan", *titles]])
    for number, row in enumerate(tracker.rows, start=1):
        sheet.append(
            [
                number,
                text_cell(sheet, row.agency.name),
                text_cell(sheet, row.agency.kind_name),
                *(text_cell(sheet, cell.text) for cell in row.cells),
            ]
        )
    for _state, label, counts in tracker.totals:
        sheet.append(["", bold(f"Tổng số: {label}"), "", *counts])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
