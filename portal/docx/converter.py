"""The DOCX converter's walk over the document HTML: sections and pages, blocks, paragraphs
and runs (tables in .tables)."""

import copy
import io
import re

import lxml.html
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .css import PageSetup, Styles, has_border, length_pt, percent
from .tables import TableWriter
from .word import (
    PPR_AFTER_OUTLINE,
    PPR_AFTER_PBDR,
    Box,
    border_element,
    insert_in_order,
    run_properties,
    run_with,
    set_font,
)

A4 = (210.0, 297.0)  # mm

# Characters XML 1.0 forbids (python-docx would refuse them): a pasted \x0b must not break a file.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\n\r\f]+")

SKIPPED = {"head", "style", "script", "title", "meta", "link", "colgroup", "col", "template"}
BLOCKS = {
    "html", "body", "article", "section", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "table", "header", "footer", "main", "nav", "aside", "blockquote",
    "pre", "address", "figure", "figcaption", "hr", "dl", "dt", "dd", "form", "fieldset",
}  # fmt: skip


def clean_text(text: str) -> str:
    return _ILLEGAL.sub("", text)


class Converter(TableWriter):
    """One document HTML walked into a Word document: blocks, paragraphs and runs here."""

    def __init__(self, html: str):
        self.root = lxml.html.document_fromstring(clean_text(html) or "<html></html>")
        self.styles = Styles(self.root)
        self.document = Document()
        self.sections_used = 0
        self.landscape = False
        self.paragraph = None  # the open paragraph inline content goes to
        self.last_text = None  # the open paragraph's last w:t, to trim a trailing space
        self.made = []  # every paragraph written, in order: a block's margins go to its own
        self.pending_page = None  # the page to turn back to once more content follows
        self._setup_document()

    # Document, sections, pages.

    def _setup_document(self):
        normal = self.document.styles["Normal"]
        root_size = length_pt(self.styles.of(self.root).get("font-size")) or 13.0
        set_font(normal, size=root_size)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        title = self.root.findtext(".//title")
        properties = self.document.core_properties
        properties.title = (title or "").strip()[:250]
        author = self.root.find(".//meta[@name='author']")
        properties.author = (author.get("content", "") if author is not None else "")[:250]
        properties.language = "vi-VN"

    def new_section(self, page: PageSetup, *, restart: bool):
        """A section for a document (restart: its pages numbered anew) or a change of page."""
        if self.sections_used:
            self._close_paragraph()
            section = self.document.add_section(WD_SECTION.NEW_PAGE)
        else:
            section = self.document.sections[0]
        self.sections_used += 1
        self.pending_page = None
        self.landscape = page.landscape
        width, height = A4
        section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (
            (Mm(height), Mm(width)) if page.landscape else (Mm(width), Mm(height))
        )
        top, right, bottom, left = page.margins
        section.top_margin, section.right_margin = Mm(top), Mm(right)
        section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
        section.header_distance = Mm(min(10, top / 2))
        section.footer_distance = Mm(min(10, bottom / 2))
        # Decree 30: the page number centred in the top margin, from each document's 2nd page.
        section.different_first_page_header_footer = restart
        if self.sections_used == 1:
            self._page_number_header(section)
        # A new section is a copy of the previous one: its numbering goes, and comes back anew.
        for old in section._sectPr.findall(qn("w:pgNumType")):
            section._sectPr.remove(old)
        if restart:
            numbering = OxmlElement("w:pgNumType")
            numbering.set(qn("w:start"), "1")
            insert_in_order(
                section._sectPr,
                numbering,
                ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                 "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                 "w:printerSettings", "w:sectPrChange"),
            )  # fmt: skip
        self.body_width = (height if page.landscape else width) - left - right
        return section

    def _page_number_header(self, section):
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for kind, text in (("begin", ""), ("", " PAGE "), ("separate", ""), ("", "2"), ("end", "")):
            run = paragraph.add_run()
            set_font(run, size=13)
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
                run._r.append(field)
            elif text == " PAGE ":
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = text
                run._r.append(instruction)
            else:
                run.text = text  # what shows until Word updates the field
        first = section.first_page_header
        first.is_linked_to_previous = False

    def convert(self) -> bytes:
        body = self.root.find("body")
        if body is None:
            body = self.root
        articles = [el for el in body.iter("article") if el.getparent() is body] or [body]
        for article in articles:
            page = self.styles.page(self.styles.of(article).get("page", ""))
            if "landscape" in (article.get("class") or "").split():
                page = PageSetup(margins=page.margins, landscape=True)
            self.new_section(page, restart=True)
            self.article_page = page
            self.flow(article, Box(self.document, 0))
            self._close_paragraph()
        if not self.sections_used:
            self.new_section(self.styles.page(""), restart=True)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def body_width_pt(self) -> float:
        return self.body_width * 72 / 25.4

    def width_of(self, box: Box) -> float:
        """The room a box gives: the body follows the section in force, turned or not."""
        if box.container is self.document:
            self._turn_back()
            return self.body_width_pt()
        return box.width

    def _turn_back(self):
        if self.pending_page is not None:
            self.new_section(self.pending_page, restart=False)

    # Blocks.

    def is_block(self, element) -> bool:
        display = self.styles.of(element).get("display", "")
        if display in ("block", "inline-block", "list-item", "table", "flex", "grid"):
            return True
        if display.startswith("inline"):
            return False
        return element.tag in BLOCKS

    def flow(self, element, box: Box):
        """Inline content of ``element`` into paragraphs styled by it; its blocks in order."""
        if element.text:
            self.inline_text(element.text, element, element, box)
        for child in element:
            if not isinstance(child.tag, str):
                pass  # comments and processing instructions
            elif child.tag in SKIPPED or self.styles.of(child).get("display") == "none":
                pass
            elif child.tag == "br":
                self.line_break(element, box)
            elif self.is_block(child):
                self._close_paragraph()
                self.block(child, box)
                self._close_paragraph()
            else:
                self.inline(child, element, box)
            if child.tail:
                self.inline_text(child.tail, element, element, box)

    def block(self, element, box: Box):
        style = self.styles.of(element)
        page_name = style.get("page")
        turned = False
        if page_name and box.container is self.document:
            page = self.styles.page(page_name)
            if page.landscape != self.landscape:
                self.pending_page = None
                self.new_section(page, restart=False)
                turned = True
        if element.tag == "table":
            self.table(element, box)
        elif element.tag == "hr" or self._is_rule(element):
            self.rule(element, box)
        elif self._is_spacer(element):
            self.spacer(element, box)
        elif element.tag in ("ul", "ol"):
            for index, item in enumerate(
                (child for child in element if child.tag == "li"), start=1
            ):
                self._close_paragraph()
                self.list_item(item, element, index, box)
            self._close_paragraph()
        else:
            first = len(self.made)
            self.flow(element, box)
            self._close_paragraph()
            self._block_margins(element, self.made[first:])
        if turned:
            # Back to the document's own page after a landscape stretch, if anything follows.
            self.pending_page = self.article_page

    def _block_margins(self, element, paragraphs):
        if not paragraphs:
            return
        style = self.styles.of(element)
        size = length_pt(style.get("font-size")) or 13.0
        before = length_pt(style.get("margin-top"), size)
        after = length_pt(style.get("margin-bottom"), size)
        if before:
            fmt = paragraphs[0].paragraph_format
            fmt.space_before = Pt(max(before, (fmt.space_before or 0) / 12700))
        if after:
            fmt = paragraphs[-1].paragraph_format
            fmt.space_after = Pt(max(after, (fmt.space_after or 0) / 12700))

    def list_item(self, item, list_element, index: int, box: Box):
        style = self.styles.of(item)
        marker = ""
        if "none" not in (style.get("list-style", "") + style.get("list-style-type", "")):
            marker = f"{index}. " if list_element.tag == "ol" else "• "
        if marker:
            self.open_paragraph(item, box)
            self.add_text(marker, style)
        self.flow(item, box)
        self._close_paragraph()

    def _is_rule(self, element) -> bool:
        style = self.styles.of(element)
        return (
            len(element) == 0
            and not (element.text or "").strip()
            and (has_border(style.get("border-top")) or has_border(style.get("border-bottom")))
        )

    def _is_spacer(self, element) -> bool:
        return (
            len(element) == 0
            and not (element.text or "").strip()
            and length_pt(self.styles.of(element).get("height")) is not None
        )

    def rule(self, element, box: Box):
        """A short line (under the issuing body, the summary): a bordered empty paragraph as
        wide as the CSS says, centred when its margins are auto."""
        style = self.styles.of(element)
        paragraph = self._new_paragraph(box)
        fmt = paragraph.paragraph_format
        share = percent(style.get("width"))
        width = self.width_of(box)
        if share and share < 1:
            side = width * (1 - share)
            if style.get("margin-left") == "auto" and style.get("margin-right") == "auto":
                fmt.left_indent = fmt.right_indent = Pt(side / 2)
            else:
                fmt.right_indent = Pt(side)
        fmt.space_before = Pt(length_pt(style.get("margin-top")) or 0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(2)
        ppr = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        borders.append(border_element("w:top"))
        insert_in_order(ppr, borders, PPR_AFTER_PBDR)
        paragraph.add_run().font.size = Pt(1)

    def spacer(self, element, box: Box):
        """Room left empty (the space to sign): an empty paragraph exactly that high."""
        style = self.styles.of(element)
        paragraph = self._new_paragraph(box)
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(length_pt(style.get("height")) or 12)

    # Paragraphs and runs.

    def _new_paragraph(self, box: Box):
        if box.fresh_cell:
            box.fresh_cell = False
            paragraph = box.container.paragraphs[0]
        else:
            if box.container is self.document:
                self._turn_back()
            paragraph = box.container.add_paragraph()
        self.made.append(paragraph)
        return paragraph

    def open_paragraph(self, owner, box: Box):
        if self.paragraph is not None:
            return self.paragraph
        paragraph = self._new_paragraph(box)
        style = self.styles.of(owner)
        size = length_pt(style.get("font-size")) or 13.0
        fmt = paragraph.paragraph_format
        align = style.get("text-align", "").lower()
        fmt.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
        }.get(align)
        indent = length_pt(style.get("text-indent"), size)
        if indent:
            fmt.first_line_indent = Pt(indent)
        if box.indent > 0:
            fmt.left_indent = Pt(box.indent)
        if self.styles.of(owner).get("bookmark-level", "none").strip().isdigit():
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(int(style["bookmark-level"]) - 1))
            insert_in_order(paragraph._p.get_or_add_pPr(), level, PPR_AFTER_OUTLINE)
        if "avoid" in style.get("break-before", "") or "avoid" in style.get("break-inside", ""):
            fmt.keep_together = True
        self.paragraph = paragraph
        return paragraph

    def _close_paragraph(self):
        if self.paragraph is not None and self.last_text is not None:
            self.last_text.text = self.last_text.text.rstrip(" ")
        self.paragraph = None
        self.last_text = None

    def line_break(self, owner, box: Box):
        self.open_paragraph(owner, box)._p.append(run_with(OxmlElement("w:br")))
        self.last_text = None

    def inline(self, element, block_owner, box: Box):
        if element.text:
            self.inline_text(element.text, element, block_owner, box)
        for child in element:
            if not isinstance(child.tag, str) or child.tag in SKIPPED:
                pass
            elif child.tag == "br":
                self.line_break(block_owner, box)
            elif self.is_block(child):
                # A block inside an inline one: it breaks the line, as in a browser.
                self._close_paragraph()
                self.block(child, box)
                self._close_paragraph()
            else:
                self.inline(child, block_owner, box)
            if child.tail:
                self.inline_text(child.tail, element, block_owner, box)

    def inline_text(self, text: str, styled_by, block_owner, box: Box):
        style = self.styles.of(styled_by)
        if "pre" not in style.get("white-space", ""):
            text = _SPACES.sub(" ", text)
        if self.paragraph is None:
            text = text.lstrip(" ")
            if not text:
                return
            self.open_paragraph(block_owner, box)
        elif self.last_text is None or self.last_text.text.endswith(" "):
            text = text.lstrip(" ")
        if text:
            self.add_text(text, style)

    def add_text(self, text: str, style: dict):
        """A run in the open paragraph, formatted as the element that holds the text."""
        if style.get("text-transform") == "uppercase":
            text = text.upper()
        weight = style.get("font-weight", "normal")
        bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
        italic = style.get("font-style") in ("italic", "oblique")
        size = length_pt(style.get("font-size"))
        underline = "underline" in style.get("text-decoration", "")
        # An inline block with a bottom border (the national motto): its rule is an underline.
        underline = underline or (
            style.get("display", "").startswith("inline") and has_border(style.get("border-bottom"))
        )
        # Runs are written as XML: python-docx's run API costs more than the whole rest.
        properties = run_properties(bold, italic, round(size * 2) if size else None, underline)
        for index, line in enumerate(text.split("\n")):
            if index:
                self.paragraph._p.append(run_with(OxmlElement("w:br")))
            if not line:
                continue
            run = OxmlElement("w:r")
            if properties is not None:
                run.append(copy.deepcopy(properties))
            self.last_text = OxmlElement("w:t")
            self.last_text.set(qn("xml:space"), "preserve")
            self.last_text.text = line
            run.append(self.last_text)
            self.paragraph._p.append(run)
