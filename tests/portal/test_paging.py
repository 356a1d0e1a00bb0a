"""The shared page helper: any page number gives a page, the nearest one with a notice."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from portal.paging import NOT_A_PAGE, paginate

ROWS = list(range(51))


def _paged(query):
    return paginate(RequestFactory().get("/danh-sach/", query), ROWS, 50)


@pytest.mark.parametrize(
    ("raw", "number", "notice"),
    [
        ("", 1, ""),
        ("1", 1, ""),
        (" 2 ", 2, ""),
        ("2", 2, ""),
        ("3", 2, "Chỉ có 2 trang; đang hiển thị trang cuối."),
        ("0", 1, NOT_A_PAGE),
        ("-1", 1, NOT_A_PAGE),
        ("abc", 1, NOT_A_PAGE),
        ("1.5", 1, NOT_A_PAGE),
        ("²", 1, NOT_A_PAGE),  # a Unicode digit int() refuses
        ("٢", 1, NOT_A_PAGE),
        ("9" * 40, 1, NOT_A_PAGE),
        ("\x00", 1, NOT_A_PAGE),
    ],
)
def test_any_page_number_gives_a_page(raw, number, notice):
    paged = _paged({"trang": raw})
    assert (paged.page.number, paged.notice) == (number, notice)


def test_page_links_keep_the_rest_of_the_query_without_the_page_number():
    paged = _paged({"muc": "chi-tieu-1-chua", "trang": "2", "q": "dân vận"})
    assert paged.kept_query == "muc=chi-tieu-1-chua&q=d%C3%A2n+v%E1%BA%ADn"
    assert list(paged.page) == [50]


def test_a_hundred_pages_link_a_few_numbers_around_the_current_one():
    paged = paginate(RequestFactory().get("/", {"trang": "50"}), list(range(5000)), 50)
    assert paged.numbers == [1, "…", 48, 49, 50, 51, 52, "…", 100]


def test_a_second_list_pages_by_its_own_parameter_and_keeps_the_first_lists_page():
    request = RequestFactory().get("/", {"trang": "2", "trang-chua": "2", "loai": "3"})
    paged = paginate(request, ROWS, 50, param="trang-chua", anchor="chua")
    assert list(paged.page) == [50]
    assert paged.kept_query == "trang=2&loai=3"
    html = render_to_string("portal/_pages.html", {"paged": paged})
    assert 'href="?trang=2&amp;loai=3&amp;trang-chua=1#chua"' in html
    assert "trang-chua=2" not in html


def test_the_links_of_the_usual_parameter_are_unchanged():
    html = render_to_string("portal/_pages.html", {"paged": _paged({"q": "a", "trang": "1"})})
    assert 'href="?q=a&amp;trang=2"' in html
