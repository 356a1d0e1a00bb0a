"""Drill-downs at province scale: fifty agencies a page, any ?trang= a normal page, the total
on every page equal to the headline, and the print and the Excel file listing every agency."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboard.models import FactKind
from dashboard.views import PER_PAGE
from portal.paging import NOT_A_PAGE
from tests.factories import AgencyFactory, InitiativeFactory

from .conftest import target

TOTAL = re.compile(r'Tổng số: <strong class="drill-total">(\d+)</strong>')


def _with_missed(province, department_kind, count):
    """A plan target nobody has met: ``count`` agencies behind its “chưa đạt” number."""
    for number in range(count - len(province["agencies"])):
        AgencyFactory(code=f"X{number:04d}", name=f"Xã số {number:04d}", kind=department_kind)
    return target(province["movement"], FactKind.PLAN_ON_TIME, 100, name="Gửi kế hoạch đúng hạn")


def _url(name, province, t):
    return (
        reverse(f"dashboard:{name}", args=[province["movement"].pk]) + f"?muc=chi-tieu-{t.pk}-chua"
    )


def _rows(text):
    return text.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


def _headline(client, province):
    board = client.get(reverse("dashboard:movement", args=[province["movement"].pk])).text
    return int(re.search(r"(\d+) đơn vị chưa đạt", board).group(1))


@pytest.fixture
def leader_client(client, provincial_leader):
    client.force_login(provincial_leader)
    return client


def test_exactly_fifty_agencies_fit_one_page(leader_client, province, department_kind):
    t = _with_missed(province, department_kind, PER_PAGE)
    page = leader_client.get(_url("drill", province, t))
    assert page.status_code == 200
    assert _rows(page.text) == 50 and TOTAL.search(page.text).group(1) == "50"
    assert 'aria-label="Phân trang"' not in page.text
    assert _headline(leader_client, province) == 50


def test_fifty_one_agencies_make_two_pages_with_the_total_on_each(
    leader_client, province, department_kind
):
    t = _with_missed(province, department_kind, 51)
    url = _url("drill", province, t)
    first = leader_client.get(url)
    assert _rows(first.text) == 50
    assert f"?muc=chi-tieu-{t.pk}-chua&amp;trang=2" in first.text
    assert "Trang 1/2" in first.text
    second = leader_client.get(url + "&trang=2")
    assert _rows(second.text) == 1 and "<td>51</td>" in second.text  # numbered on from page 1
    assert "Trang 2/2" in second.text and "Đang hiển thị 51–51 trong tổng số 51" in second.text
    headline = _headline(leader_client, province)
    assert headline == 51
    assert [int(TOTAL.search(p.text).group(1)) for p in (first, second)] == [headline] * 2
    names = re.findall(r"<td>(Sở số \d|Xã số \d+)</td>", first.text + second.text)
    assert len(set(names)) == 51  # every agency once across the pages


@pytest.mark.parametrize(
    ("trang", "shown", "notice"),
    [
        ("3", 2, "Chỉ có 2 trang; đang hiển thị trang cuối."),
        ("99999", 2, "Chỉ có 2 trang; đang hiển thị trang cuối."),
        ("0", 1, NOT_A_PAGE),
        ("-1", 1, NOT_A_PAGE),
        ("abc", 1, NOT_A_PAGE),
        ("2.0", 1, NOT_A_PAGE),
        ("9" * 30, 1, NOT_A_PAGE),
        ("", 1, ""),
    ],
)
def test_any_page_number_gives_a_normal_page_with_a_notice(
    leader_client, province, department_kind, trang, shown, notice
):
    t = _with_missed(province, department_kind, 51)
    page = leader_client.get(_url("drill", province, t) + f"&trang={trang}")
    assert page.status_code == 200
    assert f"Trang {shown}/2" in page.text and TOTAL.search(page.text).group(1) == "51"
    if notice:
        assert notice in page.text
    else:
        assert "trang đầu" not in page.text and "trang cuối" not in page.text


def test_the_print_lists_every_agency_on_one_page(leader_client, province, department_kind):
    t = _with_missed(province, department_kind, 51)
    printed = leader_client.get(_url("drill_print", province, t) + "&trang=2")
    assert printed.status_code == 200
    assert _rows(printed.text) == 51 and TOTAL.search(printed.text).group(1) == "51"
    assert 'aria-label="Phân trang"' not in printed.text
    assert _url("drill_print", province, t) in leader_client.get(_url("drill", province, t)).text


def test_the_excel_file_lists_every_agency(leader_client, province, department_kind):
    t = _with_missed(province, department_kind, 51)
    response = leader_client.get(_url("drill_excel", province, t))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    assert list(rows[header]) == ["STT", "Mã", "Cơ quan, đơn vị", "Loại cơ quan", "Ghi chú"]
    body = rows[header + 1 :]
    assert len(body) == 51 and [r[0] for r in body] == list(range(1, 52))
    assert "Tổng số: 51" in [r[0] for r in rows[:header]]
    assert {r[2] for r in body} >= {"Sở số 1", "Xã số 0047"}


def test_a_model_drill_down_is_paged_too(leader_client, province, department_kind):
    agency = province["agencies"][0]
    for number in range(PER_PAGE + 1):
        InitiativeFactory(agency=agency, status="kept", name=f"Mô hình số {number:02d}")
    url = reverse("dashboard:drill", args=[province["movement"].pk]) + "?muc=trang-thai-kept"
    last = leader_client.get(url + "&trang=2")
    assert _rows(last.text) == 1 and TOTAL.search(last.text).group(1) == "51"


@pytest.mark.parametrize("name", ["drill", "drill_print", "drill_excel"])
def test_an_agency_clerk_is_denied_every_drill_down(
    client, clerk_a, province, department_kind, name
):
    t = _with_missed(province, department_kind, 3)
    client.force_login(clerk_a)
    assert client.get(_url(name, province, t)).status_code == 403
    assert client.get(_url(name, province, t) + "&trang=abc").status_code == 403


@pytest.mark.parametrize("name", ["drill", "drill_print", "drill_excel"])
def test_an_unknown_key_is_a_404_on_the_print_and_the_file_too(leader_client, province, name):
    url = reverse(f"dashboard:{name}", args=[province["movement"].pk])
    assert leader_client.get(url, {"muc": "khong-co", "trang": "2"}).status_code == 404


@pytest.mark.parametrize("name", ["drill", "drill_print", "drill_excel"])
def test_drill_down_queries_do_not_grow_with_agencies(
    leader_client, province, department_kind, django_assert_max_num_queries, name
):
    t = _with_missed(province, department_kind, 51)
    url = _url(name, province, t) + "&trang=2"
    leader_client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert leader_client.get(url).status_code == 200
    for number in range(120):
        AgencyFactory(code=f"Y{number:04d}", name=f"Phường số {number:04d}", kind=department_kind)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert leader_client.get(url).status_code == 200
