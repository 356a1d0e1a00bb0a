"""The model register as an Excel workbook: written row by row (openpyxl's write-only mode) from
a database cursor, so ten thousand models take as little memory as ten."""

from io import BytesIO

from openpyxl import Workbook

from portal.excel import ReportSheet

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
WIDTHS = (6, 40, 14, 22, 36, 22, 30, 10, 16, 30, 18, 14, 30)
CHUNK = 2000


def register_workbook(queryset) -> bytes:
    """The register's rows as filtered, under the title rows naming the coordinating body."""
    workbook = Workbook(write_only=True)
    sheet = ReportSheet(
        workbook,
        "Sổ theo dõi mô hình",
        title="Sổ theo dõi mô hình “Dân vận khéo”",
        headers=HEADERS,
        widths=WIDTHS,
    )
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
                name,
                carriers.get(carrier, carrier),
                field,
                agency,
                kind,
                origins.get(pk, ""),
                start,
                statuses.get(status, status),
                by,
                decision,
                on,
                why,
            ],
            # A year is no quantity: 2026, not “2,026”.
            formats={7: "0"},
        )
    return number
