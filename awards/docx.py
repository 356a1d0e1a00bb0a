"""The award dossier as DOCX, for an officer to adjust the wording before signing (its
documents' data and order are in awards.dossier)."""

from portal.docx import html_to_docx, render_docx

from .dossier import Dossier, dossier_html


def dossier_docx(proposal, request=None) -> bytes:
    """The whole dossier as one DOCX, always from the live data (the stored file is the PDF)."""
    return html_to_docx(dossier_html(proposal, request=request))


def document_docx(proposal, name: str, request=None) -> bytes:
    """One document of the dossier as DOCX, to adjust the wording before signing."""
    template, context = Dossier(proposal).part(name)
    return render_docx(template, context, request=request)
