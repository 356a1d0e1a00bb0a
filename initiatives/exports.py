"""The model register as an Excel workbook: written row by row (openpyxl's write-only mode) from
a database cursor, so ten thousand models take as little memory as ten."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from portal.coordinator import current_coordinator
from portal.excel import print_setup, text_cell

from .models import Carrier, Status
from .selectors import came_from

HEADERS = (
    "STT",
    "Tên mô hình",
    "Tập thể / Cá nhân",
    "Lĩnh vực",
    "Cơ quan, đơn vị đang quản lý",
    "Loại cơ quan",
    "Chuyển giao từ",
    "Năm bắt đầu",
    "Tình trạng",
    "Cơ quan công nhận",
    "Số quyết định công nhận",
    "Ngày công nhận",
    "Lý do đưa ra khỏi danh sách",
)
COLUMNS = (
    "pk",
    "name",
    "carrier",
    "field__name",
    "agency__name",
    "agency__kind__name",
    "start_year",
    "status",
    "recognised_by",
    "recognised_number",
    "recognised_on",
    "removed_reason",
)
CHUNK = 2000


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def register_workbook(queryset) -> bytes:
    """The register's rows as filtered, a title row naming the coordinating body first."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sổ theo dõi mô hình")
    print_setup(sheet, header_rows="1:2", freeze="C3")
    title = WriteOnlyCell(
        sheet, value=f"SỔ THEO DÕI MÔ HÌNH “DÂN VẬN KHÉO” — {current_coordinator().name}"
    )
    title.font = Font(bold=True)
    sheet.append([title])
    sheet.append([_bold(sheet, header) for header in HEADERS])
    carriers, statuses = dict(Carrier.choices), dict(Status.choices)
    rows = queryset.order_by("agency__name", "name", "pk").values_list(*COLUMNS)
    number = 0
    batch: list = []
    for row in rows.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            number = _write(sheet, batch, number, carriers, statuses)
            batch = []
    _write(sheet, batch, number, carriers, statuses)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write(sheet, batch, number, carriers, statuses) -> int:
    origins = came_from([row[0] for row in batch]) if batch else {}
    for pk, name, carrier, field, agency, kind, start, status, by, decision, on, why in batch:
        number += 1
        sheet.append(
            [
                number,
                text_cell(sheet, name),
                carriers.get(carrier, carrier),
                text_cell(sheet, field),
                text_cell(sheet, agency),
                text_cell(sheet, kind),
                text_cell(sheet, origins.get(pk, "")),
                start,
                statuses.get(status, status),
                text_cell(sheet, by),
                text_cell(sheet, decision),
                _day(on),
                text_cell(sheet, why),
            ]
        )
    return number
