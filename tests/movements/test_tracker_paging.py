"""The tracker a hundred agencies at a time (?trang=, apart from the state filter ?trang-thai=):
numbers run on across pages, the filters stay in the page links, the totals and the Excel
file cover every page."""

from datetime import datetime, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from movements.models import DeadlineKind
from portal.paging import NOT_A_PAGE
from tests.factories import AgencyFactory, MovementFactory
from tests.movements.test_quota_page import tables
from tests.movements.test_tracker import due, footer, sent, tracker_url
from tests.workbooks import table

pytestmark = pytest.mark.django_db

DEPARTMENTS = 120
ON_TIME = 10
LISTED = DEPARTMENTS + 1  # and the reviewer's own agency


def numbered(response):
    """(STT, agency name) of the tracker's body rows."""
    return [(int(row[0]), row[1]) for row in tables(response)["tracker"] if len(row) > 1]


def count(response):
    page = response.content.decode()
    return int(page.split('<span id="tracker-count">')[1].split("<")[0])


def add_agencies(movement, kind, number, *, prefix="Đơn vị", on_time=0):
    today = timezone.localdate()
    closes = timezone.make_aware(datetime.combine(today - timedelta(days=4), datetime.min.time()))
    agencies = [
        AgencyFactory(code=f"{prefix}-{n:03d}", name=f"{prefix} {n:03d}", kind=kind)
        for n in range(1, number + 1)
    ]
    for agency in agencies[:on_time]:
        sent(movement, agency, closes - timedelta(hours=1))
    return agencies


@pytest.fixture
def many(client, reviewer, department_kind, health_kind):
    """A registration deadline passed five days ago, a plan for the health sector ahead."""
    movement = MovementFactory(award_closes_at=None)
    registration = due(movement, DeadlineKind.REGISTRATION, timezone.localdate() - timedelta(5))
    due(movement, DeadlineKind.PLAN, timezone.localdate() + timedelta(5), kinds=[health_kind])
    add_agencies(movement, department_kind, DEPARTMENTS, on_time=ON_TIME)
    client.force_login(reviewer)
    return movement, registration


def test_rows_page_by_a_hundred_numbered_across_pages_with_the_totals_of_all(client, many):
    movement, _ = many

    first = client.get(tracker_url(movement))
    second = client.get(tracker_url(movement, "?trang=2"))

    assert [n for n, _ in numbered(first)] == list(range(1, 101))
    assert [n for n, _ in numbered(second)] == list(range(101, LISTED + 1))
    names = [name for _, name in numbered(first) + numbered(second)]
    assert len(set(names)) == LISTED
    assert count(first) == count(second) == LISTED
    assert footer(first) == footer(second)
    assert footer(second)["Tổng số: Đã gửi đúng hạn"] == [ON_TIME, 0]
    assert footer(second)["Tổng số: Chưa gửi, đã quá hạn"] == [LISTED - ON_TIME, 0]
    assert footer(second)["Tổng số: Không yêu cầu"] == [0, LISTED]
    assert "đang hiển thị 101–121" in second.content.decode()


def test_the_filters_stay_in_the_page_links_and_the_totals_are_the_filtered_rows(
    client, many, department_kind
):
    movement, registration = many
    query = f"?loai={department_kind.pk}&trang-thai=missing&han={registration.pk}"

    first = client.get(tracker_url(movement, query))
    second = client.get(tracker_url(movement, query + "&trang=2"))

    missing = LISTED - ON_TIME
    assert first.status_code == 200 and NOT_A_PAGE not in first.content.decode()
    assert count(first) == count(second) == missing
    assert [n for n, _ in numbered(second)] == list(range(101, missing + 1))
    assert all(row[3] == "Chưa gửi, đã quá hạn" for row in tables(second)["tracker"])
    assert footer(second)["Tổng số: Chưa gửi, đã quá hạn"] == [missing, 0]
    kept = f"loai={department_kind.pk}&amp;trang-thai=missing&amp;han={registration.pk}"
    assert f'href="?{kept}&amp;trang=2"' in first.content.decode()
    assert f'href="?{kept}&amp;trang=1"' in second.content.decode()


@pytest.mark.parametrize(
    ("raw", "first_number", "notice"),
    [
        ("0", 1, NOT_A_PAGE),
        ("-1", 1, NOT_A_PAGE),
        ("abc", 1, NOT_A_PAGE),
        ("99999", 101, "Chỉ có 2 trang; đang hiển thị trang cuối."),
    ],
)
def test_a_bad_page_number_gives_a_page_with_a_notice(client, many, raw, first_number, notice):
    movement, _ = many

    response = client.get(tracker_url(movement), {"trang": raw, "trang-thai": "missing"})

    assert response.status_code == 200
    assert numbered(response)[0][0] == first_number
    assert notice in response.content.decode()
    assert count(response) == LISTED - ON_TIME


def test_the_excel_file_from_any_page_has_every_row(client, many):
    movement, _ = many
    page = client.get(tracker_url(movement, "?trang-thai=missing&trang=2")).content.decode()
    excel = reverse("admin:movements_movement_tracker_excel", args=[movement.pk])
    assert f'href="{excel}?trang-thai=missing"' in page

    response = client.get(excel, {"trang-thai": "missing", "trang": "2"})

    rows = [row for row in table(load_workbook(BytesIO(response.content)).active)]
    numbers = [row[0] for row in rows if isinstance(row[0], int)]
    assert numbers == list(range(1, LISTED - ON_TIME + 1))


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_pages_or_agencies(client, many, department_kind):
    movement, _ = many
    _queries(client, tracker_url(movement))  # warm caches (content types, permissions)
    add_agencies(movement, department_kind, 1, prefix="Xã", on_time=1)
    computed, first = (
        _queries(client, tracker_url(movement)),
        _queries(client, tracker_url(movement)),
    )
    add_agencies(movement, department_kind, 150, prefix="Phường", on_time=5)

    # Computed again after the writes, then read from the cache: the same counts at any size.
    assert _queries(client, tracker_url(movement)) == computed
    assert _queries(client, tracker_url(movement)) == first
    assert _queries(client, tracker_url(movement, "?trang=3&trang-thai=missing")) == first


def test_a_clerk_asking_for_a_page_is_still_sent_to_the_admin_login(client, clerk_a, many):
    movement, _ = many
    client.force_login(clerk_a)

    response = client.get(tracker_url(movement, "?trang=2"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
