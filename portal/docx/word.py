"""The Word side of the DOCX converter: the OOXML python-docx has no API for (run properties,
borders, elements inserted in schema order) and where blocks go."""

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

# Liberation Serif (the PDF's face) is metrically Times New Roman, the face Decree 30 names.
FONT = "Times New Roman"


def set_font(run_or_style, *, size: float | None = None):
    run_or_style.font.name = FONT
    # Word picks the face by script: Vietnamese must not fall to an East Asian default.
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size:
        run_or_style.font.size = Pt(size)


@functools.cache
def _run_properties_template(bold: bool, italic: bool, half_points: int | None, underline: bool):
    properties = OxmlElement("w:rPr")
    for tag, on in (("w:b", bold), ("w:bCs", bold), ("w:i", italic), ("w:iCs", italic)):
        if on:
            properties.append(OxmlElement(tag))
    if half_points:
        for tag in ("w:sz", "w:szCs"):
            size = OxmlElement(tag)
            size.set(qn("w:val"), str(half_points))
            properties.append(size)
    if underline:
        line = OxmlElement("w:u")
        line.set(qn("w:val"), "single")
        properties.append(line)
    return properties if len(properties) else None


def run_properties(bold, italic, half_points, underline):
    return _run_properties_template(bool(bold), bool(italic), half_points, bool(underline))


def run_with(child):
    run = OxmlElement("w:r")
    run.append(child)
    return run


def insert_in_order(parent, child, successors: Iterable[str]):
    parent.insert_element_before(child, *successors)
    return child


def border_element(tag: str, size_eighths: int = 6):
    border = OxmlElement(tag)
    border.set(qn("w:val"), "single")
    border.set(qn("w:sz"), str(size_eighths))
    border.set(qn("w:space"), "1")
    border.set(qn("w:color"), "000000")
    return border


@dataclass
class Box:
    """Where blocks go (the document body or a table cell) and how wide it is, in points."""

    container: object
    width: float
    fresh_cell: bool = False  # a new cell holds one empty paragraph to fill first
    indent: float = 0.0  # a cell padded more than the table's cells (a sub-criterion)


# What follows an element in its parent, in schema order: where insert_in_order() puts it.
PPR_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
PPR_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
TRPR_AFTER_CANTSPLIT = (
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
    "w:trPrChange",
)  # fmt: skip
TRPR_AFTER_TBLHEADER = TRPR_AFTER_CANTSPLIT[2:]
TBLPR_AFTER_TBLW = (
    "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
    "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip
TBLPR_AFTER_TBLBORDERS = TBLPR_AFTER_TBLW[4:]
