"""A plan's tasks from Excel, and the template workbook to fill (agencies already keep their
plan in Word or Excel). Row 1 holds the Vietnamese headers; errors name the row as Excel shows
it and the column by its header. Saving all rows or none is services/plans.import_tasks'."""

import re
import unicodedata
from datetime import date, datetime
from io import BytesIO

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from portal.excel import check_workbook_upload, print_setup

from .models import PlanTask

AREA = "Nội dung công tác"
TASK = "Nhiệm vụ"
DIRECTS = "Chỉ đạo"
CARRIES_OUT = "Tham mưu thực hiện"
TIMING = "Thời gian thực hiện"
COLUMNS = {
    AREA: "area",
    TASK: "task",
    DIRECTS: "directs",
    CARRIES_OUT: "carries_out",
    TIMING: "timing",
}
HEADERS = list(COLUMNS)

# A plan's tasks fit in far less; the cap keeps a pasted sheet of junk from becoming rows.
MAX_ROWS = 500
NOT_A_WORKBOOK = (
    "Tệp không phải là bảng tính Excel (.xlsx). Hãy lưu tệp dạng .xlsx rồi tải lên lại."
)
AREAS_SHEET = "Danh mục nội dung"


def _key(text) -> str:
    """Headers and area names compared as people read them: case, spacing and accents composed."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split()).casefold()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _open(upload):
    if upload is None:
        raise ValidationError("Chưa chọn tệp Excel.")
    if not upload.name.lower().endswith(".xlsx"):
        raise ValidationError(NOT_A_WORKBOOK)
    # The one check every spreadsheet upload passes: size, zip directory, inflation.
    check_workbook_upload(upload)
    try:
        return load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean the same
        raise ValidationError(NOT_A_WORKBOOK) from None


def match_area(value, areas):
    """The content area a cell names: its number in the movement's list (1–8 in seed 002), its
    name, or both (“3. Phong trào thi đua …”). None for a blank cell; raises when unknown."""
    text = _text(value)
    if not text:
        return None
    by_name = {_key(area.name): area for area in areas}
    number = re.fullmatch(r"(\d+)\s*[.)]?", text)
    numbered = re.fullmatch(r"(\d+)\s*[.)\-–:]\s*(.+)", text, re.DOTALL)
    if number:
        index = int(number.group(1))
        if 0 < index <= len(areas):
            return areas[index - 1]
    elif _key(text) in by_name:
        return by_name[_key(text)]
    elif numbered and _key(numbered.group(2)) in by_name:
        return by_name[_key(numbered.group(2))]
    raise ValueError(
        f"không có nội dung công tác “{text}” trong phong trào; ghi tên hoặc số thứ tự "
        f"từ 1 đến {len(areas)} (xem trang “{AREAS_SHEET}” của tệp mẫu)."
    )


def _limits():
    return {
        field: PlanTask._meta.get_field(field).max_length
        for field in ("directs", "carries_out", "timing")
    }


def read_task_rows(upload, *, areas) -> list[dict]:
    """The tasks of the workbook's first sheet as service fields; every error of every row at
    once, each as “Dòng 5, cột “Nhiệm vụ”: …” (row 1 is the header)."""
    workbook = _open(upload)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        wanted = {_key(h): h for h in HEADERS}
        positions = {}
        for index, title in enumerate(header):
            if _key(title) in wanted:
                positions.setdefault(wanted[_key(title)], index)
        missing = [h for h in HEADERS if h not in positions]
        if missing:
            raise ValidationError(
                "Dòng 1 của tệp phải là dòng tiêu đề, thiếu cột: "
                + ", ".join(f"“{h}”" for h in missing)
                + ". Hãy dùng tệp mẫu."
            )
        limits = _limits()
        tasks, errors, filled = [], [], 0
        for number, row in enumerate(rows, start=2):
            cells = {h: (row[i] if i < len(row) else None) for h, i in positions.items()}
            if all(_text(v) == "" for v in cells.values()):
                continue
            filled += 1
            if filled > MAX_ROWS:
                raise ValidationError(
                    f"Tệp có hơn {MAX_ROWS} nhiệm vụ; hãy kiểm tra lại tệp (có thể dán nhầm)."
                )
            fields, problems = {}, []
            for header_name, field in COLUMNS.items():
                value = cells[header_name]
                if field == "area":
                    try:
                        fields["area"] = match_area(value, areas)
                    except ValueError as error:
                        problems.append(f"Dòng {number}, cột “{header_name}”: {error}")
                    continue
                text = _text(value)
                if field == "task" and not text:
                    problems.append(f"Dòng {number}, cột “{header_name}”: thiếu nhiệm vụ.")
                limit = limits.get(field)
                if limit and len(text) > limit:
                    problems.append(
                        f"Dòng {number}, cột “{header_name}”: dài {len(text)} ký tự, "
                        f"tối đa {limit}."
                    )
                fields[field] = text
            if problems:
                errors.extend(problems)
            else:
                tasks.append(fields)
        if errors:
            raise ValidationError(errors)
        if not tasks:
            raise ValidationError("Tệp không có nhiệm vụ nào dưới dòng tiêu đề.")
        return tasks
    finally:
        workbook.close()


def task_template_workbook(areas) -> bytes:
    """The sheet to fill: the five headers, a list of the movement's content areas to pick
    from, and the areas numbered on a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for letter, width in zip("ABCDE", (48, 60, 28, 32, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    # A template to fill, read back with its header in row 1: no title rows above it.
    print_setup(sheet, header_rows="1:1", freeze="A2")
    listing = workbook.create_sheet(AREAS_SHEET)
    print_setup(listing, header_rows="1:1", freeze="A2")
    listing.append(["Số", AREA])
    for cell in listing[1]:
        cell.font = Font(bold=True)
    for number, area in enumerate(areas, start=1):
        listing.append([number, area.name])
    listing.column_dimensions["B"].width = 100
    listing.append([])
    listing.append(
        [
            "",
            f"Cột “{AREA}” ghi tên hoặc số thứ tự ở trên; mỗi dòng của trang “Nhiệm vụ” là một "
            "nhiệm vụ. Cột “Nhiệm vụ” bắt buộc.",
        ]
    )
    if areas:
        choice = DataValidation(
            type="list",
            formula1=f"='{AREAS_SHEET}'!$B$2:$B${len(areas) + 1}",
            allow_blank=True,
            showErrorMessage=False,
        )
        sheet.add_data_validation(choice)
        choice.add(f"A2:A{MAX_ROWS + 1}")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
