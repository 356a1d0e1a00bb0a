"""The award dossier as PDF; its documents' data and order are in awards.dossier.

    dossier_pdf(proposal)                -> bytes: one PDF, a bookmark per document
    document_pdf(proposal, "to-trinh")   -> bytes: one document alone (see dossier.DOCUMENTS)

Both show the live data. Each document is rendered by WeasyPrint only when what it shows
changed (portal.pdf keeps each one's PDF under a fingerprint of its HTML), and the dossier is
assembled from them: a draft previewed again costs its templates, one nominee edited costs
that nominee's report. awards.storage keeps the file of a sent dossier.
"""

from portal.pdf import kept_pdf, render_documents_pdf, render_html

from .dossier import Dossier


def dossier_pdf(proposal, request=None) -> bytes:
    """The whole dossier as one PDF, with a bookmark per document."""
    dossier = Dossier(proposal)
    return render_documents_pdf(dossier.parts(), title=dossier.title, request=request)


def document_pdf(proposal, name: str, request=None) -> bytes:
    """One document of the dossier alone (``name`` from DOCUMENTS or “thanh-tich-<pk>”);
    Http404 for a name the dossier does not have. The same kept PDF as in the dossier."""
    template, context = Dossier(proposal).part(name)
    return kept_pdf(render_html(template, context, request=request))
