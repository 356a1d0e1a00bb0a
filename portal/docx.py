"""DOCX copies of the documents, for an officer to adjust the wording before signing.

One converter for every document: it reads the very HTML WeasyPrint gets (portal.pdf.render_html)
and its own CSS, and writes a Word document in the same layout (Decree 30/2020): A4 with the
@page margins, Times New Roman at the CSS sizes, the letterhead and the closing as borderless
tables, bordered tables with their header rows repeated, landscape sections where the HTML puts
a page in landscape, a page break and page numbers restarting at each document of a dossier.

    render_docx("scoring/score_sheet.html", context)            -> bytes, one document
    render_documents_docx([(template, context), ...], title=…)  -> bytes, one dossier
    html_to_docx(html)                                           -> bytes

Elements are mapped by tag and computed style (the templates' own selectors, matched by
cssselect2), never by a list of document classes: a template may change its wording or classes
and the copy follows. Anything unknown degrades to plain paragraphs.
"""

import copy
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

import cssselect2
import lxml.html
import tinycss2
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .pdf import render_documents_html, render_html

# Liberation Serif (the PDF's face) is metrically Times New Roman, the face Decree 30 names.
FONT = "Times New Roman"
A4 = (210.0, 297.0)  # mm
DEFAULT_MARGINS = (20.0, 15.0, 20.0, 30.0)  # top, right, bottom, left in mm, as documents/base.html

# Characters XML 1.0 forbids (python-docx would refuse them): a pasted \x0b must not break a file.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\n\r\f]+")

SKIPPED = {"head", "style", "script", "title", "meta", "link", "colgroup", "col", "template"}
BLOCKS = {
    "html", "body", "article", "section", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "table", "header", "footer", "main", "nav", "aside", "blockquote",
    "pre", "address", "figure", "figcaption", "hr", "dl", "dt", "dd", "form", "fieldset",
}  # fmt: skip
INHERITED = {
    "font-size", "font-weight", "font-style", "text-align", "text-indent", "text-decoration",
    "text-transform", "list-style", "list-style-type", "white-space",
}  # fmt: skip
# What a browser gives before any stylesheet: the lowest layer of the cascade.
USER_AGENT = {
    "b": {"font-weight": "bold"},
    "strong": {"font-weight": "bold"},
    "i": {"font-style": "italic"},
    "em": {"font-style": "italic"},
    "u": {"text-decoration": "underline"},
    "th": {"font-weight": "bold", "text-align": "center"},
    "h1": {"font-weight": "bold", "font-size": "2em"},
    "h2": {"font-weight": "bold", "font-size": "1.5em"},
    "h3": {"font-weight": "bold", "font-size": "1.17em"},
    "h4": {"font-weight": "bold"},
    "h5": {"font-weight": "bold"},
    "h6": {"font-weight": "bold"},
    "center": {"text-align": "center"},
}


def clean_text(text: str) -> str:
    return _ILLEGAL.sub("", text)


# CSS: lengths, the cascade and @page.


def length_pt(value: str | None, font_size: float = 13.0) -> float | None:
    """A CSS length in points (None for auto, a percentage or nonsense)."""
    if not value:
        return None
    match = re.fullmatch(r"(-?[\d.]+)(pt|mm|cm|in|px|em|rem|pc)?", value.strip().lower())
    if not match:
        return None
    try:
        number = float(match.group(1))
    except ValueError:
        return None
    factor = {
        "pt": 1.0,
        "mm": 72 / 25.4,
        "cm": 72 / 2.54,
        "in": 72.0,
        "px": 0.75,
        "em": font_size,
        "rem": 13.0,
        "pc": 12.0,
        None: 0.75,
    }[match.group(2)]
    return number * factor


def percent(value: str | None) -> float | None:
    match = re.fullmatch(r"([\d.]+)%", (value or "").strip())
    return float(match.group(1)) / 100 if match else None


def box_sides(value: str) -> list[str]:
    """The four sides (top, right, bottom, left) of a margin/padding shorthand."""
    parts = value.split()
    if not parts:
        return ["0"] * 4
    parts = (parts * 4)[:4] if len(parts) == 1 else parts
    if len(parts) == 2:
        parts = [parts[0], parts[1], parts[0], parts[1]]
    elif len(parts) == 3:
        parts = [parts[0], parts[1], parts[2], parts[1]]
    return parts[:4]


def declarations(tokens) -> dict[str, str]:
    found = {}
    for item in tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            found[item.lower_name] = tinycss2.serialize(item.value).strip()
    return expand(found)


def expand(props: dict[str, str]) -> dict[str, str]:
    """Shorthands split into the longhands the converter reads."""
    for name in ("margin", "padding"):
        if name in props:
            sides = box_sides(props[name])
            for side, value in zip(("top", "right", "bottom", "left"), sides, strict=True):
                props.setdefault(f"{name}-{side}", value)
    if "border" in props:
        for side in ("top", "right", "bottom", "left"):
            props.setdefault(f"border-{side}", props["border"])
    return props


def has_border(value: str | None) -> bool:
    if not value:
        return False
    words = value.lower().split()
    return (
        "none" not in words
        and "hidden" not in words
        and not any(length_pt(word) == 0 for word in words)
    )


@functools.lru_cache(maxsize=64)
def parse_stylesheet(text: str):
    """A <style>'s @page rules and (compiled selector, declarations) pairs; every document
    repeats the base's stylesheet, so it is read once."""
    pages, rules = [], []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "page":
            pages.append(rule)
        elif rule.type == "qualified-rule":
            props = declarations(rule.content)
            try:
                selectors = cssselect2.compile_selector_list(rule.prelude)
            except cssselect2.SelectorError:
                continue  # a selector we cannot read styles nothing here
            rules.extend((selector, props) for selector in selectors)
    return pages, rules


@dataclass
class PageSetup:
    margins: tuple[float, float, float, float] = DEFAULT_MARGINS  # mm: top, right, bottom, left
    landscape: bool = False


class Styles:
    """Computed style of every element of one HTML tree: its <style> rules, the style
    attributes and the user-agent defaults, with inheritance."""

    def __init__(self, root):
        self.matcher = cssselect2.Matcher()
        self.pages: dict[str, PageSetup] = {}
        for style in root.iter("style"):
            pages, rules = parse_stylesheet(style.text or "")
            for rule in pages:
                self._page(rule)
            for selector, props in rules:
                self.matcher.add_selector(selector, props)
        self.computed: dict = {}
        wrapper = cssselect2.ElementWrapper.from_html_root(root)
        self._compute(wrapper, {"font-size": "13pt"})

    def _page(self, rule):
        name = tinycss2.serialize(rule.prelude).strip()
        if ":" in name or rule.content is None:
            return  # :first, :nth(): only the page numbers differ there
        props = declarations(rule.content)
        page = self.pages.setdefault(name, PageSetup(margins=self.page("").margins))
        if "size" in props:
            page.landscape = "landscape" in props["size"].lower()
        margins = [
            length_pt(props.get(f"margin-{side}")) for side in ("top", "right", "bottom", "left")
        ]
        if all(value is not None for value in margins):
            page.margins = tuple(round(value * 25.4 / 72, 2) for value in margins)

    def page(self, name: str) -> PageSetup:
        return self.pages.get(name) or self.pages.get("") or PageSetup()

    def _compute(self, wrapper, parent: dict):
        element = wrapper.etree_element
        style = {key: value for key, value in parent.items() if key in INHERITED}
        style.update(USER_AGENT.get(element.tag, {}))
        matches = sorted(self.matcher.match(wrapper), key=lambda match: (match[0], match[1]))
        for _specificity, _order, _pseudo, props in matches:
            style.update(props)
        if element.get("style"):
            style.update(declarations(tinycss2.parse_component_value_list(element.get("style"))))
        # Font sizes resolve against the parent's, so em and % nest as in CSS.
        parent_size = length_pt(parent.get("font-size")) or 13.0
        size = style.get("font-size")
        if size and size.endswith("%"):
            style["font-size"] = f"{parent_size * percent(size)}pt"
        elif size and (size.endswith("em") or size in ("larger", "smaller")):
            scale = {"larger": 1.2, "smaller": 0.83}.get(size)
            points = parent_size * scale if scale else length_pt(size, parent_size)
            style["font-size"] = f"{points or parent_size}pt"
        self.computed[element] = style
        for child in wrapper.iter_children():
            self._compute(child, style)

    def of(self, element) -> dict:
        return self.computed.get(element, {})


# The Word side.


def _font(run_or_style, *, size: float | None = None):
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


def _run_properties(bold, italic, half_points, underline):
    return _run_properties_template(bool(bold), bool(italic), half_points, bool(underline))


def _run_with(child):
    run = OxmlElement("w:r")
    run.append(child)
    return run


def _insert(parent, child, successors: Iterable[str]):
    parent.insert_element_before(child, *successors)
    return child


def _border(tag: str, size_eighths: int = 6):
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


class Converter:
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
        _font(normal, size=root_size)
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
            _insert(
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
            _font(run, size=13)
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
        borders.append(_border("w:top"))
        _insert(ppr, borders, _PPR_AFTER_PBDR)
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
            _insert(paragraph._p.get_or_add_pPr(), level, _PPR_AFTER_OUTLINE)
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
        self.open_paragraph(owner, box)._p.append(_run_with(OxmlElement("w:br")))
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
        properties = _run_properties(bold, italic, round(size * 2) if size else None, underline)
        for index, line in enumerate(text.split("\n")):
            if index:
                self.paragraph._p.append(_run_with(OxmlElement("w:br")))
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

    # Tables.

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
                _insert(trpr, OxmlElement("w:cantSplit"), _TRPR_AFTER_CANTSPLIT)
            if header:
                # The header row printed again on every page the table runs to.
                _insert(trpr, OxmlElement("w:tblHeader"), _TRPR_AFTER_TBLHEADER)
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
        _insert(tblpr, width, _TBLPR_AFTER_TBLW)
        borders = OxmlElement("w:tblBorders")
        for side in ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"):
            if bordered:
                borders.append(_border(side))
            else:
                none = OxmlElement(side)
                none.set(qn("w:val"), "nil")
                borders.append(none)
        _insert(tblpr, borders, _TBLPR_AFTER_TBLBORDERS)
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
        _insert(tblpr, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"))
        for grid_col, value in zip(tbl.tblGrid.iterchildren(qn("w:gridCol")), widths, strict=False):
            grid_col.set(qn("w:w"), str(round(value * 20)))
        return padding


_PPR_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_PPR_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_TRPR_AFTER_CANTSPLIT = (
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
    "w:trPrChange",
)  # fmt: skip
_TRPR_AFTER_TBLHEADER = _TRPR_AFTER_CANTSPLIT[2:]
_TBLPR_AFTER_TBLW = (
    "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
    "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip
_TBLPR_AFTER_TBLBORDERS = _TBLPR_AFTER_TBLW[4:]


def html_to_docx(html: str) -> bytes:
    """A finished document HTML (what WeasyPrint would get) as DOCX bytes."""
    return Converter(html).convert()


def render_docx(template_name: str, context: dict, *, request=None) -> bytes:
    """One document: a template extending documents/base.html, as DOCX bytes."""
    return html_to_docx(render_html(template_name, context, request=request))


def render_documents_docx(
    parts: Iterable[tuple[str, dict]], *, title: str = "", request=None
) -> bytes:
    """Several documents in one DOCX, each starting a new page and numbering its own pages."""
    return html_to_docx(render_documents_html(parts, title=title, request=request))
