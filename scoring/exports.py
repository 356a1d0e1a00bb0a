"""The ranking of a movement as an Excel workbook."""

from io import BytesIO

from openpyxl import Workbook

from portal.excel import text_cell

HEADERS = [
    "Hạng",
    "Cơ quan, đơn vị",
    "Loại cơ quan",
    "Điểm tự chấm",
    "Điểm thẩm định",
    "Chênh lệch",
    "Xếp loại",
]


def ranking_workbook(movement, result) -> bytes:
    """Typed text stays text: an agency named “=…” is no formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Xếp hạng")

    def append(values):
        sheet.append([text_cell(sheet, value) for value in values])

    append([f"Kết quả chấm điểm công tác dân vận chính quyền năm {movement.year}"])
    append([movement.title])
    append([])
    append(HEADERS)
    for rank, card in [*result.ranked, *((None, card) for card in result.unranked)]:
        append(
            [
                rank if rank is not None else "Không xếp hạng",
                card.agency.name,
                card.agency.kind.name,
                card.self_total,
                card.appraised_total,
                card.difference,
                card.classification,
            ]
        )
    append([])
    for band, count in result.band_counts:
        append([f"Số đơn vị xếp loại {band.name}", count])
    append(["Không đủ điều kiện xếp loại", result.not_classified])
    if result.target_band is not None:
        append(
            [
                f"Tỷ lệ đạt “{result.target_band.name}” trở lên (%)",
                result.achieved_share,
                f"Mục tiêu: {result.target_share or '—'}%",
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
