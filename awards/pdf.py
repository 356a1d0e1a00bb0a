"""The award dossier as PDF; its documents' data and order are in awards.dossier.

    dossier_pdf(proposal)                -> bytes: one PDF, a bookmark per document
    document_pdf(proposal, "to-trinh")   -> bytes: one document alone (see dossier.DOCUMENTS)

Both render the live data; awards.storage keeps the file of a sent dossier.
"""

from portal.pdf import html_to_pdf, render_pdf

from .dossier import Dossier, dossier_html


def dossier_pdf(proposal, request=None) -> bytes:
    """The whole dossier as one PDF, with a bookmark per document."""
    return html_to_pdf(dossier_html(proposal, request=request))


def document_pdf(proposal, name: str, request=None) -> bytes:
    """One document of the dossier alone (``name`` from DOCUMENTS or “thanh-tich-<pk>”);
    Http404 for a name the dossier does not have."""
    template, context = Dossier(proposal).part(name)
    return render_pdf(template, context, request=request)
