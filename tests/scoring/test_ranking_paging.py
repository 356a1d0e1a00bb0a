"""The ranking a hundred units at a time: ranks run on across pages (page 2 starts at 101), ties
keep their shared rank across the break, the summary counts every unit on every page, the
kind filter stays in the page links and the Excel file lists them all."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.paging import NOT_A_PAGE
from scoring.models import Scorecard, ScorecardState
from tests.factories import AgencyFactory, MovementFactory
from tests.workbooks import table

from .factories import build_bands, build_sheet

pytestmark = pytest.mark.django_db

RANKED = 120
UNRANKED = 3


@pytest.fixture
def bands():
    return build_bands()


@pytest.fixture
def scoring_movement(bands):
    scheme, by_name = bands
    return MovementFactory(
        criteria_set=build_sheet(), band_scheme=scheme, target_band=by_name["Khá"], target_share=80
    )


def band_of(total, by_name):
    for name in ("Tốt", "Khá", "Trung bình", "Yếu"):
        if total >= by_name[name].min_total:
            return by_name[name]


def appraised(movement, bands, kind, count, *, prefix="Đơn vị", unranked=0, ties_at=(1,)):
    """``count`` finalised units by falling totals (position p: (130 - p) / 5), the unit after
    each of ``ties_at`` equal to it, then ``unranked`` units marked not classifiable. Built as
    finalised rows directly: the services' path is tested in test_views."""
    _, by_name = bands
    sheet = movement.scoring_settings.criteria_set
    cards, previous = [], None
    for position in range(1, count + unranked + 1):
        agency = AgencyFactory(
            code=f"{prefix}-{position:03d}", name=f"{prefix} {position:03d}", kind=kind
        )
        total = Decimal(130 - position) / 5
        if position - 1 in ties_at:
            total = previous
        previous = total
        outside = position > count
        cards.append(
            Scorecard(
                movement=movement,
                agency=agency,
                criteria_set=sheet,
                state=ScorecardState.FINALISED,
                self_total=total + 1,
                appraised_total=total,
                band=None if outside else band_of(total, by_name),
                not_classifiable=outside,
                not_classifiable_reason="Có cán bộ bị kỷ luật" if outside else "",
                finalised_at=timezone.now(),
            )
        )
    Scorecard.objects.bulk_create(cards)


@pytest.fixture
def many(client, leader_a, scoring_movement, bands, department_kind):
    appraised(scoring_movement, bands, department_kind, RANKED, unranked=UNRANKED)
    client.force_login(leader_a)
    return scoring_movement


def url(movement):
    return reverse("scoring:ranking", args=[movement.pk])


def ranked_rows(response):
    """(rank, name) of the page's ranked units."""
    text = response.content.decode()
    rows = text.split('<tr><td data-label="Hạng">')[1:]
    return [
        (int(row.split("<")[0]), row.split('data-label="Cơ quan, đơn vị">')[1].split("<")[0])
        for row in rows
    ]


def summary(response):
    text = response.content.decode()
    return text[text.index('<p class="meta">') : text.index("</section>")]


def test_ranks_run_on_across_pages_and_the_summary_counts_every_unit(client, many):
    first = client.get(url(many))
    second = client.get(url(many), {"trang": "2"})

    on_first, on_second = ranked_rows(first), ranked_rows(second)
    # Positions 1 and 2 tie: 1, 1, 3, …
    assert on_first[:3] == [(1, "Đơn vị 001"), (1, "Đơn vị 002"), (3, "Đơn vị 003")]
    assert len(on_first) == 100 and on_first[-1] == (100, "Đơn vị 100")
    assert on_second[0] == (101, "Đơn vị 101") and on_second[-1] == (RANKED, "Đơn vị 120")
    assert summary(first) == summary(second)
    text = summary(second)
    assert f"{RANKED + UNRANKED} đơn vị đã thẩm định xong" in text
    assert "Tốt: <strong>50</strong>" in text and "Yếu: <strong>40</strong>" in text
    assert f"Không đủ điều kiện xếp loại: <strong>{UNRANKED}</strong>" in text
    assert f"65/{RANKED + UNRANKED}</strong> đơn vị" in text
    # The units without a rank close the list, on its last page only.
    assert 'id="unranked"' not in first.content.decode()
    assert second.content.decode().count("Có cán bộ bị kỷ luật") == UNRANKED
    assert "Đang hiển thị 101–123 trong tổng số 123 đơn vị" in second.content.decode()


def test_a_tie_across_the_page_break_keeps_its_shared_rank(
    client, leader_a, scoring_movement, bands, department_kind
):
    appraised(scoring_movement, bands, department_kind, RANKED, ties_at=(100,))
    client.force_login(leader_a)

    second = ranked_rows(client.get(url(scoring_movement), {"trang": "2"}))

    assert second[:2] == [(100, "Đơn vị 101"), (102, "Đơn vị 102")]


def test_a_page_inside_one_long_tie_lists_its_units_by_name_with_the_shared_rank(
    client, leader_a, scoring_movement, bands, department_kind
):
    # Units 1–110 share one total, 111–120 fall below it: pages split inside the tie.
    appraised(scoring_movement, bands, department_kind, RANKED, ties_at=range(1, 110))
    client.force_login(leader_a)

    first = ranked_rows(client.get(url(scoring_movement)))
    second = ranked_rows(client.get(url(scoring_movement), {"trang": "2"}))

    assert {rank for rank, _ in first} == {1}
    assert [name for _, name in first + second] == [f"Đơn vị {p:03d}" for p in range(1, 121)]
    assert second[:10] == [(1, f"Đơn vị {p}") for p in range(101, 111)]
    assert second[10] == (111, "Đơn vị 111")


def test_the_kind_filter_ranks_within_the_kind_and_stays_in_the_page_links(
    client, many, bands, health_kind
):
    appraised(many, bands, health_kind, 2, prefix="Bệnh viện", ties_at=())

    second = client.get(url(many), {"loai": "so-nganh", "trang": "2"}).content.decode()
    health = client.get(url(many), {"loai": health_kind.code})

    assert 'href="?loai=so-nganh&amp;trang=1"' in second
    assert "Bệnh viện" not in second
    assert ranked_rows(health) == [(1, "Bệnh viện 001"), (2, "Bệnh viện 002")]
    assert "2 đơn vị đã thẩm định xong" in summary(health)


@pytest.mark.parametrize(
    ("raw", "first", "notice"),
    [
        ("0", (1, "Đơn vị 001"), NOT_A_PAGE),
        ("-1", (1, "Đơn vị 001"), NOT_A_PAGE),
        ("abc", (1, "Đơn vị 001"), NOT_A_PAGE),
        ("99999", (101, "Đơn vị 101"), "Chỉ có 2 trang; đang hiển thị trang cuối."),
    ],
)
def test_a_bad_page_number_gives_a_page_with_a_notice(client, many, raw, first, notice):
    response = client.get(url(many), {"trang": raw})

    assert response.status_code == 200
    assert ranked_rows(response)[0] == first
    assert notice in response.content.decode()


def test_the_excel_file_lists_every_unit_whichever_page_asks(client, many):
    response = client.get(url(many), {"xuat": "xlsx", "trang": "2"})

    rows = [row for row in table(load_workbook(BytesIO(response.content)).active)]
    listed = [row for row in rows if isinstance(row[0], int)]
    assert [row[0] for row in listed] == list(range(1, RANKED + UNRANKED + 1))
    assert [row[1] for row in listed[:3]] == [1, 1, 3]
    assert listed[100][1:3] == [101, "Đơn vị 101"]
    assert {row[1] for row in listed[RANKED:]} == {"Không xếp hạng"}


@pytest.mark.parametrize("page", ["1", "2"])
def test_query_count_does_not_grow_with_units_or_pages(
    client, many, page, django_assert_max_num_queries
):
    # 10, plus the coordinator's names and the unread count: the band counts and the ranks
    # come from one grouped read, the page's units from one more.
    with django_assert_max_num_queries(12):
        response = client.get(url(many), {"trang": page})
    assert len(ranked_rows(response)) == (100 if page == "1" else RANKED - 100)


def test_a_clerk_asking_for_a_page_is_still_refused(client, clerk_a, many):
    client.force_login(clerk_a)

    assert client.get(url(many), {"trang": "2"}).status_code == 403
