"""Our Excel files: text stays text whatever a clerk typed, and an upload is sized up before
it is opened."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

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
