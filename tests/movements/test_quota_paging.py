"""The quota page a hundred agencies at a time: the headline counts the whole movement on every
page, the two tables page apart (?trang=, ?trang-chua=), and the agency-kind filter is kept."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.paging import NOT_A_PAGE
from registrations.models import State
from tests.factories import AgencyFactory, RegistrationFactory
from tests.movements.test_quota_page import quota_url, tables

pytestmark = pytest.mark.django_db

DEPARTMENTS = 110
REGISTERED = 5


def names(response, table):
    return [row[0] for row in tables(response)[table] if len(row) > 1]


def headline(response):
    page = response.content.decode()
    return (
        re.search(r'id="registered-count">(\d+)</strong> / (\d+)', page).groups(),
        re.search(r'id="missing-count">(\d+)<', page).group(1),
    )


def add_departments(movement, kind, field, count, *, prefix="Đơn vị", registered=0):
    agencies = [
        AgencyFactory(code=f"{prefix}-{n:03d}", name=f"{prefix} {n:03d}", kind=kind)
        for n in range(1, count + 1)
    ]
    for agency in agencies[:registered]:
        RegistrationFactory(
            movement=movement,
            agency=agency,
            field=field,
            state=State.SUBMITTED,
            submitted_at=timezone.now(),
        )
    return agencies


@pytest.fixture
def many(client, reviewer, movement, department_kind, field):
    """111 agencies (the reviewer's own and 110 departments), five of them registered."""
    add_departments(movement, department_kind, field, DEPARTMENTS, registered=REGISTERED)
    client.force_login(reviewer)
    return movement


def test_the_quota_table_pages_by_a_hundred_and_the_headline_is_the_movements(client, many):
    first = client.get(quota_url(many))
    second = client.get(quota_url(many), {"trang": "2"})

    listed = DEPARTMENTS + 1
    assert headline(first) == headline(second) == ((str(REGISTERED), str(listed)), "106")
    on_first, on_second = names(first, "quota"), names(second, "quota")
    assert len(on_first) == 100 and len(on_second) == listed - 100
    assert not set(on_first) & set(on_second)
    assert len(set(on_first) | set(on_second)) == listed
    assert "Đang hiển thị 101–111 trong tổng số 111." in second.content.decode()
    # The missing table keeps its own first page while the quota table turns.
    assert names(first, "missing") == names(second, "missing")
    assert len(names(first, "missing")) == 100


def test_the_missing_table_pages_by_its_own_parameter(client, many):
    response = client.get(quota_url(many), {"trang-chua": "2", "trang": "2"})

    assert len(names(response, "missing")) == 6
    assert len(names(response, "quota")) == 11
    page = response.content.decode()
    # Each table's links keep the other table's page and land on their own table.
    assert 'href="?trang=2&amp;trang-chua=1#chua-dang-ky"' in page
    assert 'href="?trang-chua=2&amp;trang=1#so-voi-chi-tieu"' in page
    assert headline(response) == ((str(REGISTERED), "111"), "106")


@pytest.mark.parametrize(
    ("raw", "rows", "notice"),
    [
        ("0", 100, NOT_A_PAGE),
        ("-1", 100, NOT_A_PAGE),
        ("abc", 100, NOT_A_PAGE),
        ("99999", 11, "Chỉ có 2 trang; đang hiển thị trang cuối."),
    ],
)
def test_a_bad_page_number_gives_a_page_with_a_notice(client, many, raw, rows, notice):
    for param, table, last in (("trang", "quota", 11), ("trang-chua", "missing", 6)):
        response = client.get(quota_url(many), {param: raw})
        assert response.status_code == 200
        assert len(names(response, table)) == (rows if rows == 100 else last)
        assert notice in response.content.decode()
        assert headline(response) == ((str(REGISTERED), "111"), "106")


def test_the_kind_filter_narrows_the_tables_and_is_kept_in_page_links(
    client, many, department_kind, health_kind
):
    hospital = AgencyFactory(code="BV", name="Bệnh viện Đa khoa tỉnh", kind=health_kind)

    healthy = client.get(quota_url(many), {"loai": health_kind.pk})
    departments = client.get(quota_url(many), {"loai": department_kind.pk, "trang": "2"})

    assert names(healthy, "quota") == names(healthy, "missing") == [hospital.name]
    # The reviewer's own agency is a department too.
    assert len(names(departments, "quota")) == DEPARTMENTS + 1 - 100
    assert f'href="?loai={department_kind.pk}&amp;trang=1#so-voi-chi-tieu"' in (
        departments.content.decode()
    )
    # The headline stays the whole movement's, the hospital now among the missing.
    assert headline(healthy) == headline(departments) == ((str(REGISTERED), "112"), "107")
    assert f'<option value="{health_kind.pk}" selected>' in healthy.content.decode()
    # A malformed kind is ignored.
    assert len(names(client.get(quota_url(many), {"loai": "1;x"}), "quota")) == 100


def _queries(client, url, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_pages_or_agencies(
    client, reviewer, movement, department_kind, field
):
    client.force_login(reviewer)
    add_departments(movement, department_kind, field, 20, prefix="A", registered=2)
    _queries(client, quota_url(movement))  # warm caches (content types, permissions)
    few = _queries(client, quota_url(movement))

    add_departments(movement, department_kind, field, 200, prefix="B", registered=3)

    # The first read after the writes counts again (a few more queries), at any size.
    assert _queries(client, quota_url(movement)) > few
    assert _queries(client, quota_url(movement)) == few
    assert _queries(client, quota_url(movement), {"trang": "3", "trang-chua": "2"}) == few


def test_a_clerk_asking_for_a_page_is_still_sent_to_the_admin_login(client, clerk_a, movement):
    client.force_login(clerk_a)

    response = client.get(quota_url(movement), {"trang": "2"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
