"""The portal's file responses: PDF documents, their DOCX copies and Excel workbooks, named in
Vietnamese."""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_response(content: bytes, filename: str, content_type: str, *, inline: bool):
    response = HttpResponse(content, content_type=content_type)
    # RFC 6266/5987 header: Vietnamese file names survive every browser.
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    # Not HTML: a policy on it only risks blocking the browser's own PDF viewer.
    response._csp_exempt = True
    return response


def pdf_response(content: bytes, filename: str, *, inline: bool = True):
    """A PDF opened in the browser (or downloaded with ``inline=False``)."""
    return file_response(content, filename, PDF, inline=inline)


def docx_response(content: bytes, filename: str):
    """A document's Word copy, always downloaded (to adjust the wording before signing)."""
    return file_response(content, filename, DOCX, inline=False)


def document_response(fmt: str, pdf, docx, filename: str):
    """One document as PDF or DOCX: ``pdf``/``docx`` are callables giving the bytes and
    ``filename`` has no extension. A download view takes ``fmt`` from its URL, so both formats
    pass through the same access checks."""
    if fmt == "docx":
        return docx_response(docx(), f"{filename}.docx")
    return pdf_response(pdf(), f"{filename}.pdf")


def xlsx_response(content: bytes, filename: str):
    """An Excel workbook, always downloaded."""
    return file_response(content, filename, XLSX, inline=False)


def stored_file_response(field, filename: str, *, as_attachment: bool = False, missing: str = ""):
    """A stored upload (a signed scan), served only through a view that checked who asks;
    404 when there is none or its file is gone."""
    if not field:
        raise Http404(missing)
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None
    response = FileResponse(
        handle, content_type="application/pdf", as_attachment=as_attachment, filename=filename
    )
    response._csp_exempt = True  # a PDF, like pdf_response's
    return response
