"""Tables of the DOCX converter: HTML tables as Word tables, with their column widths, spans,
borders, cell padding and header rows repeated on every page."""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .css import has_border, length_pt, percent
from .word import (
    TBLPR_AFTER_TBLBORDERS,
    TBLPR_AFTER_TBLW,
    TRPR_AFTER_CANTSPLIT,
    TRPR_AFTER_TBLHEADER,
    Box,
    border_element,
    insert_in_order,
)


class TableWriter:
    """The Converter's tables; it relies on the Converter's styles, flow and paragraphs."""

    def table(self, element, box: Box):
        rows = []  # (tr, is_header)
        for part in element:
            if part.tag == "tr":
                rows.append((part, False))
            elif part.tag in ("thead", "tbody", "tfoot"):
                rows.extend((tr, part.tag == "thead") for tr in part if tr.tag == "tr")
        cells_of = [[cell for cell in tr if cell.tag in ("td", "th")] for tr, _ in rows]
        spans = [[self._span(cell) for cell in cells] for cells in cells_of]
        columns = max((sum(row) for row in spans), default=0)
        if not rows or not columns:
            return
        widths = self._column_widths(element, cells_of, spans, columns, self.width_of(box))
        style = self.styles.of(element)
        if "avoid" in style.get("break-before", "") and self.made:
            # The closing never starts a page alone: it keeps to the paragraph before it.
            self.made[-1].paragraph_format.keep_with_next = True
        table = box.container.add_table(rows=len(rows), cols=columns)
        bordered = any(
            has_border(self.styles.of(cell).get("border-top"))
            for cells in cells_of
            for cell in cells
        ) or has_border(style.get("border-top"))
        base_padding = self._table_properties(table, element, cells_of, widths, bordered)
        table_rows = list(table.rows)
        for row_index, ((tr, header), cells, row_spans) in enumerate(
            zip(rows, cells_of, spans, strict=True)
        ):
            row = table_rows[row_index]
            row_cells = row.cells
            tr_style = self.styles.of(tr)
            trpr = row._tr.get_or_add_trPr()
            if "avoid" in tr_style.get("break-inside", "") + style.get("break-inside", ""):
                insert_in_order(trpr, OxmlElement("w:cantSplit"), TRPR_AFTER_CANTSPLIT)
            if header:
                # The header row printed again on every page the table runs to.
                insert_in_order(trpr, OxmlElement("w:tblHeader"), TRPR_AFTER_TBLHEADER)
            column = 0
            for cell_element, span in zip(cells, row_spans, strict=True):
                if column >= columns:
                    break
                span = min(span, columns - column)
                cell = row_cells[column]
                if span > 1:
                    cell = cell.merge(row_cells[column + span - 1])
                width = sum(widths[column : column + span])
                cell.width = Pt(width)
                cell_style = self.styles.of(cell_element)
                align = cell_style.get("vertical-align", "")
                cell.vertical_alignment = {
                    "middle": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
                    "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM,
                }.get(align, WD_CELL_VERTICAL_ALIGNMENT.TOP)
                padding = self._padding(cell_element)
                inner = Box(
                    cell,
                    max(width - padding[1] - padding[3], 20),
                    fresh_cell=True,
                    indent=padding[3] - base_padding[3],
                )
                self._close_paragraph()
                self.flow(cell_element, inner)
                self._close_paragraph()
                column += span

    def _span(self, cell) -> int:
        try:
            return max(1, min(int(cell.get("colspan", "1")), 63))
        except ValueError:
            return 1

    def _padding(self, cell) -> list[float]:
        style = self.styles.of(cell)
        size = length_pt(style.get("font-size")) or 13.0
        return [
            length_pt(style.get(f"padding-{side}"), size) or 0.0
            for side in ("top", "right", "bottom", "left")
        ]

    def _column_widths(self, element, cells_of, spans, columns: int, available: float):
        style = self.styles.of(element)
        share = percent(style.get("width"))
        fixed = length_pt(style.get("width"))
        total = available * share if share else fixed or None
        declared: list[float | None] = [None] * columns
        cols = [col for group in element.iter("colgroup") for col in group if col.tag == "col"]
        for index, col in enumerate(cols[:columns]):
            width = self.styles.of(col).get("width")
            declared[index] = (
                available * percent(width) if percent(width) is not None else length_pt(width)
            )
        first_cells = next(
            (
                cells
                for cells, row in zip(cells_of, spans, strict=True)
                if all(span == 1 for span in row) and len(row) == columns
            ),
            [],
        )
        for index, cell in enumerate(first_cells):
            if declared[index] is None:
                width = self.styles.of(cell).get("width")
                declared[index] = (
                    available * percent(width) if percent(width) is not None else length_pt(width)
                )
        if total is None:
            # A table sized by its content (“Kính gửi:” and its addressees): estimate the text.
            estimate = [0.0] * columns
            for cells, row_spans in zip(cells_of, spans, strict=True):
                column = 0
                for cell, span in zip(cells, row_spans, strict=True):
                    if span == 1 and column < columns:
                        size = length_pt(self.styles.of(cell).get("font-size")) or 13.0
                        lines = [line for line in cell.text_content().split("\n") if line.strip()]
                        longest = max((len(line.strip()) for line in lines), default=1)
                        estimate[column] = max(estimate[column], longest * size * 0.5 + 6)
                    column += span
            widths = [declared[i] or estimate[i] for i in range(columns)]
            scale = min(1.0, available / (sum(widths) or 1))
            return [width * scale for width in widths]
        known = sum(width for width in declared if width)
        unknown = [i for i, width in enumerate(declared) if not width]
        rest = max(total - known, 0)
        widths = [width or (rest / len(unknown) if unknown else 0) for width in declared]
        if unknown and rest < 20 * len(unknown):
            widths = [width or 20.0 for width in declared]
        scale = total / (sum(widths) or 1)
        return [width * scale for width in widths]

    def _table_properties(self, table, element, cells_of, widths, bordered: bool):
        tbl = table._tbl
        tblpr = tbl.tblPr
        style = self.styles.of(element)
        centered = style.get("margin-left") == "auto" or style.get("margin") == "0 auto"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER if centered else WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        width = OxmlElement("w:tblW")
        width.set(qn("w:w"), str(round(sum(widths) * 20)))
        width.set(qn("w:type"), "dxa")
        existing = tblpr.find(qn("w:tblW"))
        if existing is not None:
            tblpr.remove(existing)
        insert_in_order(tblpr, width, TBLPR_AFTER_TBLW)
        borders = OxmlElement("w:tblBorders")
        for side in ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"):
            if bordered:
                borders.append(border_element(side))
            else:
                none = OxmlElement(side)
                none.set(qn("w:val"), "nil")
                borders.append(none)
        insert_in_order(tblpr, borders, TBLPR_AFTER_TBLBORDERS)
        first = next((cell for cells in cells_of for cell in cells if cell.tag == "td"), None)
        padding = self._padding(first) if first is not None else [0.0] * 4
        margins = OxmlElement("w:tblCellMar")
        top, right, bottom, left = padding
        for side, value in (
            ("w:top", top),
            ("w:left", left),
            ("w:bottom", bottom),
            ("w:right", right),
        ):
            margin = OxmlElement(side)
            margin.set(qn("w:w"), str(round(value * 20)))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        insert_in_order(
            tblpr, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
        )
        for grid_col, value in zip(tbl.tblGrid.iterchildren(qn("w:gridCol")), widths, strict=False):
            grid_col.set(qn("w:w"), str(round(value * 20)))
        return padding
