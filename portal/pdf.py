"""PDF documents in the state format (Decree 30/2020/NĐ-CP): one helper for every document.

A document is a Django template extending ``documents/base.html``; WeasyPrint lays it out. The
fonts are files in ``static/fonts/`` named by ``@font-face`` rules; every URL a document names
is resolved to a file through the staticfiles finders (or the collected storage), so rendering
needs no running server and never reaches the network.

    render_pdf("scoring/score_sheet.html", context)            -> bytes, one document
    render_documents_pdf([(template, context), ...], title=…)  -> bytes, one dossier with a page
                                                                  break, a bookmark and its own
                                                                  page numbers per document
    kept_pdf(html)                                             -> bytes, rendered once per HTML

A dossier is not laid out whole: each of its documents is rendered alone, kept in the cache
under a fingerprint of exactly what it shows (its finished HTML), and the dossier is those PDFs
one after another with their bookmarks (``assemble_pdf``). Each document numbers its own pages
and no style reaches across documents, so the pages read the same as one whole rendering; a
document whose data changed has new HTML, so it alone is rendered again.
"""

import hashlib
import io
import logging
import mimetypes
import threading
import time
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pypdf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .coordinator import current_coordinator

BASE_TEMPLATE = "documents/base.html"
# Relative URLs in documents resolve against this origin, which no request ever reaches: only
# its /static/ part is answered, from files.
BASE_URL = "https://tai-lieu.invalid/"

# Bump to drop every kept PDF: for a change the HTML does not show, such as a font file replaced
# under the same name (collected static files have hashed names, so their URLs change anyway).
KEPT_PDF_VERSION = "1"
# How long a rendered document and an assembled dossier stay kept: a working day of edits and
# previews. Keys never go stale (new content, new key), so this only bounds the memory used.
KEPT_PDF_SECONDS = 24 * 60 * 60

logger = logging.getLogger(__name__)


class StaticFilesFetcher(URLFetcher):
    """Answers static URLs from the files themselves and data: URIs inline; refuses the rest.
    A resource that cannot be had stops the rendering (WeasyPrint would otherwise only log it,
    and a missing font would silently print Vietnamese in a fallback face)."""

    def __init__(self):
        super().__init__(allowed_protocols=("http", "https", "data"), fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        name = static_name(url)
        if name is None:
            raise ValueError(f"Văn bản chỉ dùng tệp tĩnh của cổng, không tải: {url}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        path = finders.find(name)
        if path:
            return URLFetcherResponse(
                Path(path).as_uri(), Path(path).read_bytes(), {"Content-Type": content_type}
            )
        # Collected files under hashed names (ManifestStaticFilesStorage after collectstatic).
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as stored:
                return URLFetcherResponse(url, stored.read(), {"Content-Type": content_type})
        raise FileNotFoundError(f"Không có tệp tĩnh “{name}”.")


def static_name(url: str) -> str | None:
    """The static file a URL names ("fonts/LiberationSerif-Regular.ttf"), or None."""
    prefix = urljoin(BASE_URL, settings.STATIC_URL)
    if not url.startswith(prefix):
        return None
    name = unquote(urlsplit(url[len(prefix) :]).path)
    parts = PurePosixPath(name).parts
    if not parts or ".." in parts or name.startswith("/"):
        return None
    return name


_local = threading.local()


def _renderer():
    """One font configuration and fetcher per thread: the @font-face files are loaded into
    Fontconfig on the first document only (WeasyPrint skips faces it already holds)."""
    state = getattr(_local, "state", None)
    if state is None:
        state = _local.state = (FontConfiguration(), StaticFilesFetcher())
    return state


def render_html(template_name: str, context: dict, *, request=None) -> str:
    # Documents render outside requests too (stored dossiers): the coordinator comes from here.
    if "coordinator" not in context:
        context = {**context, "coordinator": current_coordinator()}
    return render_to_string(template_name, context, request=request)


def html_to_document(html: str):
    """The laid-out WeasyPrint document (pages, bookmarks), with the portal's fonts and fetcher."""
    font_config, fetcher = _renderer()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(font_config=font_config)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint on a finished HTML string (the bench times this against render_pdf)."""
    return html_to_document(html).write_pdf()


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """One document: a template extending documents/base.html, as PDF bytes."""
    return html_to_pdf(render_html(template_name, context, request=request))


def render_documents_html(
    parts: Iterable[tuple[str, dict]], *, title: str = "", request=None
) -> str:
    """Several documents in one HTML: each part is rendered as an article only (``as_part``)
    and the base template wraps them, with a page break, a bookmark and page numbers restarting
    at each document."""
    coordinator = current_coordinator()
    articles = [
        mark_safe(
            render_html(
                name,
                {"coordinator": coordinator, **context, "as_part": True},
                request=request,
            )
        )
        for name, context in parts
    ]
    return render_html(
        BASE_TEMPLATE,
        {"documents": articles, "title": title, "coordinator": coordinator},
        request=request,
    )


def render_documents_pdf(
    parts: Iterable[tuple[str, dict]], *, title: str = "", request=None
) -> bytes:
    """The documents as one PDF, each rendered alone and kept (``kept_pdfs``), then assembled;
    the same pages, text and bookmarks as WeasyPrint on ``render_documents_html``."""
    coordinator = current_coordinator()
    pages = [
        render_html(name, {"coordinator": coordinator, **context}, request=request)
        for name, context in parts
    ]
    if not pages:
        return html_to_pdf(render_documents_html((), title=title, request=request))
    keys = [kept_pdf_key(html) for html in pages]
    # The assembled file is kept too, under its documents' keys: a preview where nothing
    # changed is the templates and one cache read.
    dossier_key = kept_pdf_key("\n".join([f"pypdf {pypdf.__version__}", title, *keys]))
    pdf = cache.get(dossier_key)
    if pdf is None:
        pdf = assemble_pdf(kept_pdfs(pages), title=title)
        cache.set(dossier_key, pdf, KEPT_PDF_SECONDS)  # a cache write, as in kept_pdfs
    return pdf


# Rendered once, kept


def kept_pdf_key(html: str) -> str:
    """The fingerprint of what a PDF shows: its HTML, the WeasyPrint that lays it out and
    KEPT_PDF_VERSION."""
    content = f"{weasyprint.__version__}\n{KEPT_PDF_VERSION}\n{html}".encode()
    return f"pdf:{hashlib.sha256(content).hexdigest()}"


def kept_pdfs(pages: list[str]) -> list[bytes]:
    """The PDF of each finished HTML document, from the cache or rendered (and kept) if new."""
    keys = [kept_pdf_key(html) for html in pages]
    kept = cache.get_many(keys)
    new = {}
    for key, html in zip(keys, pages, strict=True):
        if key not in kept and key not in new:
            started = time.perf_counter()
            new[key] = html_to_pdf(html)
            # One line per WeasyPrint rendering: what the cache saves is visible in the log.
            logger.debug("PDF rendered: %s in %.0f ms", key, (time.perf_counter() - started) * 1000)
    if new:
        # A cache, not a record: filled even on a GET ("reads never write" is about the
        # database); losing an entry only costs rendering it again.
        cache.set_many(new, KEPT_PDF_SECONDS)
    return [kept.get(key) or new[key] for key in keys]


def kept_pdf(html: str) -> bytes:
    """One finished HTML document as PDF, rendered only if no PDF of that HTML is kept."""
    return kept_pdfs([html])[0]


def assemble_pdf(pdfs: list[bytes], *, title: str = "") -> bytes:
    """The PDFs one after another, each one's bookmarks kept (pointing at its pages in the
    whole), with ``title`` and the first one's producer and language, as WeasyPrint writes a
    dossier rendered whole."""
    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)
    first = readers[0]
    metadata = {"/Producer": (first.metadata or {}).get("/Producer", "")}
    writer.add_metadata({**metadata, "/Title": title} if title else metadata)
    if "/Lang" in first.root_object:
        writer.root_object[NameObject("/Lang")] = first.root_object["/Lang"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
