"""The ranking of a movement as an Excel workbook."""

from io import BytesIO

from openpyxl import Workbook

from portal.excel import ReportSheet

HEADERS = [
    "STT",
    "Hạng",
    "Cơ quan, đơn vị",
    "Loại cơ quan",
    "Điểm tự chấm",
    "Điểm thẩm định",
    "Chênh lệch",
    "Xếp loại",
    "Ghi chú",
]
WIDTHS = [6, 16, 40, 24, 12, 12, 12, 26, 36]
POINTS = "0.00"


def ranking_workbook(movement, result, agency_kind=None) -> bytes:
    """The ranked units, then those without a rank, then the counts by band.
    Typed text stays text: an agency named “=…” is no formula."""
    workbook = Workbook(write_only=True)
    sheet = ReportSheet(
        workbook,
        "Xếp hạng",
        title=f"Kết quả chấm điểm công tác dân vận chính quyền năm {movement.year}",
        movement=movement,
        details=[f"Loại cơ quan: {agency_kind.name}" if agency_kind else ""],
        headers=HEADERS,
        widths=WIDTHS,
        frozen_columns=3,
    )
    points = {4: POINTS, 5: POINTS, 6: POINTS}
    for number, (rank, unit) in enumerate(result.cards(), start=1):
        sheet.append(
            [
                number,
                rank if rank is not None else "Không xếp hạng",
                unit["agency_name"],
                unit["kind_name"],
                unit["self_total"],
                unit["appraised_total"],
                unit["difference"],
                unit["classification"],
                unit["not_classifiable_reason"] if unit["not_classifiable"] else "",
            ],
            formats=points,
        )
    sheet.append([])
    for band, count in result.band_counts:
        sheet.append(["", "", f"Số đơn vị xếp loại {band.name}", count])
    sheet.append(["", "", "Không đủ điều kiện xếp loại", result.not_classified])
    if result.target_band is not None:
        sheet.append(
            [
                "",
                "",
                f"Tỷ lệ đạt “{result.target_band.name}” trở lên (%)",
                result.achieved_share,
                f"Mục tiêu: {result.target_share or '—'}%",
            ],
            formats={3: "0.0"},
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
