"""Lists shown a page at a time (``?trang=N``): whatever the page number says, the reader gets
a normal page, the nearest one with a Vietnamese notice when the number is not one."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

PAGE_PARAM = "trang"
# More digits than any list has pages: refused before int() reads a huge number.
MAX_DIGITS = 6
NOT_A_PAGE = "Số trang không hợp lệ; đang hiển thị trang đầu."


def page_of(paginator: Paginator, raw) -> tuple[Page, str]:
    """The asked page, or the nearest one with a notice (“” when the asked page is served)."""
    raw = (raw or "").strip()
    if not raw:
        return paginator.page(1), ""
    # isascii: “²” and other Unicode digits pass isdigit() but not int().
    if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_DIGITS or int(raw) < 1:
        return paginator.page(1), NOT_A_PAGE
    number = int(raw)
    if number > paginator.num_pages:
        return (
            paginator.page(paginator.num_pages),
            f"Chỉ có {paginator.num_pages} trang; đang hiển thị trang cuối.",
        )
    return paginator.page(number), ""


@dataclass(frozen=True)
class Paged:
    """One page of a list, the notice about the asked number, and the query string the page
    links keep (the search, the filters, the drill-down's key) without the page number."""

    page: Page
    notice: str
    kept_query: str
    # A page with two lists pages each by its own parameter; links land on the list (#anchor).
    param: str = PAGE_PARAM
    anchor: str = ""

    @property
    def numbers(self) -> list:
        """Page numbers to link, “…” where a long run is left out (a hundred pages fit a line)."""
        page = self.page
        return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


def paginate(request, rows, per_page: int, *, param: str = PAGE_PARAM, anchor: str = "") -> Paged:
    """``rows`` (a queryset or a list) a page at a time, as ``?trang=`` (or ``param``) asks."""
    page, notice = page_of(Paginator(rows, per_page), request.GET.get(param))
    kept = request.GET.copy()
    kept.pop(param, None)
    return Paged(page, notice, kept.urlencode(), param, anchor)
