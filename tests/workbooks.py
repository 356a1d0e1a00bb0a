"""Reading our exported workbooks in tests: the title rows above, the header row, the table."""

from io import BytesIO

from openpyxl import load_workbook


def open_book(content: bytes):
    return load_workbook(BytesIO(content))


def header_index(sheet) -> int:
    """The row (1-based) of the header: the first whose first cell is “STT”, else row 1 (the
    library's exports and import templates, which read back with their header first)."""
    for number, row in enumerate(sheet.iter_rows(max_row=12, max_col=1, values_only=True), 1):
        if row[0] == "STT":
            return number
    return 1


def title_text(sheet) -> str:
    """The title rows' text, one line each."""
    rows = sheet.iter_rows(max_row=header_index(sheet) - 1, max_col=1, values_only=True)
    return "\n".join(str(row[0]) for row in rows if row[0] is not None)


def headers(sheet) -> list:
    return [cell.value for cell in sheet[header_index(sheet)]]


def table(sheet) -> list[list]:
    """The rows under the header, as values."""
    return [list(row) for row in sheet.iter_rows(min_row=header_index(sheet) + 1, values_only=True)]
