"""Our Excel files: text stays text whatever a clerk typed, a report-style sheet has one layout
(ReportSheet), and an upload is sized up before it is opened."""

import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from tablib.formats._xlsx import safe_xlsx_sheet_title

from .coordinator import current_coordinator
from .documents import two_digits

MB = 1024 * 1024
# Row 1 of every sheet we read is its header row.
HEADER_ROWS = 1
# Excel writes its parts deflated or stored; other methods (bzip2, lzma) inflate unbounded per read.
XLSX_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
NOT_A_WORKBOOK = (
    "Tệp không phải là bảng tính Excel (.xlsx). Hãy lưu tệp dạng .xlsx rồi tải lên lại."
)


def text_cell(sheet, value):
    """No formula from “=…” typed by a clerk, no control character Excel rejects."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def print_setup(sheet, *, header_rows: str, freeze: str):
    """A table as an officer prints it: A4 landscape, fitted to the page's width, the header
    rows (``"1:2"``) repeated on every page and frozen on screen above ``freeze`` (``"A3"``)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = header_rows
    sheet.freeze_panes = freeze


DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
# Column widths in characters: narrow enough to print, wide enough to read.
MIN_WIDTH, MAX_WIDTH, STT_WIDTH = 8, 50, 6


def counted(label: str, count: int) -> str:
    """“TẬP THỂ (02)”: counts numbered as the PDFs number them."""
    return f"{label} ({two_digits(count)})"


def value_cell(sheet, value, *, bold=False, wrap=False, number_format=None):
    """One cell as the reader needs it: typed text stays text, a date is a date shown
    dd/mm/yyyy, a number (Decimal too) is a number."""
    if isinstance(value, str):
        cell = text_cell(sheet, value)
    else:
        if isinstance(value, bool):
            value = "Có" if value else "Không"
        elif isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        elif isinstance(value, datetime) and timezone.is_aware(value):
            # Excel has no time zones: the time as the province reads it.
            value = timezone.make_naive(value)
        cell = WriteOnlyCell(sheet, value=value)
        if number_format:
            cell.number_format = number_format
        elif isinstance(value, datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, float):
            cell.number_format = DECIMAL_FORMAT
        elif isinstance(value, int):
            cell.number_format = INTEGER_FORMAT
    if bold:
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def header_width(title: str) -> int:
    """A header wraps on two lines at most: half its length, within readable bounds."""
    if title == "STT":
        return STT_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, len(title) // 2 + 4))


def title_lines(title: str, movement=None, *, details=()) -> list[str]:
    """What heads a report sheet: the coordinating body, the title, the movement and its year."""
    lines = [current_coordinator().name, title.upper()]
    if movement is not None:
        lines.append(f"Phong trào: {movement.title} — năm {movement.year}")
    return [*lines, *filter(None, details)]


class ReportSheet:
    """A report-style sheet, one layout for all: the title rows, a blank row, the bold header
    row starting with “STT” (frozen on screen, repeated on every printed page), the rows, and
    A4 landscape fitted to the width. Widths are set first (write-only workbooks need them
    before any row): given, or sized from the headers."""

    def __init__(
        self,
        workbook,
        name: str,
        *,
        title: str,
        headers,
        movement=None,
        details=(),
        widths=None,
        frozen_columns: int = 2,
    ):
        self.sheet = sheet = workbook.create_sheet(safe_xlsx_sheet_title(name))
        self.headers = list(headers)
        widths = list(widths or [header_width(h) for h in self.headers])
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        lines = title_lines(title, movement, details=details)
        self.header_row = len(lines) + 2
        print_setup(
            sheet,
            header_rows=f"{self.header_row}:{self.header_row}",
            freeze=f"{get_column_letter(frozen_columns + 1)}{self.header_row + 1}",
        )
        for index, line in enumerate(lines):
            cell = value_cell(sheet, line, bold=True)
            if index == 1:
                cell.font = Font(bold=True, size=13)
            sheet.append([cell])
        sheet.append([])
        header = []
        for title_ in self.headers:
            cell = value_cell(sheet, title_, bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            header.append(cell)
        sheet.append(header)

    def append(self, values=(), *, bold=False, wrap=False, formats=None):
        """A row; ``formats`` maps a column index to a number format."""
        formats = formats or {}
        self.sheet.append(
            [
                value_cell(
                    self.sheet, value, bold=bold, wrap=wrap, number_format=formats.get(index)
                )
                for index, value in enumerate(values)
            ]
        )


def excel_row(number):
    """The row Excel shows for the import's data row ``number`` (1 for the first under the header)."""
    return number + HEADER_ROWS


def megabytes(size):
    """1.5 MB as Vietnamese writes it: “1,5 MB”; whole numbers without decimals, and a file
    under 0,1 MB in KB (“0 MB” would read as empty)."""
    if size < MB // 10:
        return f"{-(-size // 1024)} KB"
    text = f"{size / MB:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text} MB"


def check_workbook_upload(upload):
    """Refuse an .xlsx too big on disk, or whose parts would inflate past the limits, before
    anything reads it: the zip's central directory gives every part's sizes without
    decompressing (and Python's zipfile never inflates a part past its declared size)."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"Tệp nặng {megabytes(upload.size)}, vượt giới hạn {megabytes(limit)}. "
            "Hãy tách danh sách thành nhiều tệp nhỏ hơn."
        )
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(NOT_A_WORKBOOK) from None
    finally:
        upload.seek(0)
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names or any(
        part.compress_type not in XLSX_COMPRESSIONS for part in parts
    ):
        raise ValidationError(NOT_A_WORKBOOK)
    inflated = sum(part.file_size for part in parts)
    compressed = sum(part.compress_size for part in parts)
    inflated_limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    ratio_limit = settings.IMPORT_MAX_COMPRESSION_RATIO
    if inflated > inflated_limit:
        raise ValidationError(
            f"Tệp giải nén ra tới {megabytes(inflated)}, vượt giới hạn {megabytes(inflated_limit)}: "
            "cổng không mở tệp này. Hãy tách danh sách thành nhiều tệp nhỏ hơn."
        )
    if inflated > ratio_limit * max(compressed, 1):
        raise ValidationError(
            f"Tệp {megabytes(upload.size)} giải nén ra tới {megabytes(inflated)}, gấp hơn "
            f"{ratio_limit} lần: bảng tính thật không nén được như vậy, cổng không mở tệp này."
        )
