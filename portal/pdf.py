"""PDF documents in the state format (Decree 30/2020/NĐ-CP): one helper for every document.

A document is a Django template extending ``documents/base.html``; WeasyPrint lays it out. The
fonts are files in ``static/fonts/`` named by ``@font-face`` rules; every URL a document names
is resolved to a file through the staticfiles finders (or the collected storage), so rendering
needs no running server and never reaches the network.

    render_pdf("scoring/score_sheet.html", context)            -> bytes, one document
    render_documents_pdf([(template, context), ...], title=…)  -> bytes, one dossier with a page
                                                                  break, a bookmark and its own
                                                                  page numbers per document
"""

import mimetypes
import threading
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .coordinator import current_coordinator

BASE_TEMPLATE = "documents/base.html"
# Relative URLs in documents resolve against this origin, which no request ever reaches: only
# its /static/ part is answered, from files.
BASE_URL = "https://tai-lieu.invalid/"


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
    return html_to_pdf(render_documents_html(parts, title=title, request=request))
