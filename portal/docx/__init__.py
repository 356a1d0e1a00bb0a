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

from collections.abc import Iterable

from ..pdf import render_documents_html, render_html
from .converter import Converter

__all__ = ["html_to_docx", "render_docx", "render_documents_docx"]


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
