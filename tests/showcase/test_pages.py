"""The public pages, no login: search without diacritics, filters, pages of 20, any query string
answered with a normal page, 404 for what is not public, a constant number of queries, cached."""

import csv
import io
import json
from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from showcase import services
from tests.factories import AgencyFactory, FieldFactory, InitiativeFactory

from .conftest import published, recognised

pytestmark = pytest.mark.django_db
LIST = reverse("showcase:list")


@pytest.fixture
def culture(db):
    return FieldFactory(code="van-hoa", name="Văn hóa – xã hội")


@pytest.fixture
def showcase(movement, agency_a, agency_b, field, culture, reviewer):
    """Three published models in two agencies and two fields, and one recognised unpublished."""
    return {
        "kheo": published(
            movement, agency_a, field, by=reviewer, name="Dân vận khéo ở bộ phận một cửa"
        ),
        "cho": published(
            movement,
            agency_b,
            culture,
            by=reviewer,
            name="Chợ văn minh",
            decided_on=date(2024, 5, 2),
        ),
        "duong": published(movement, agency_b, field, by=reviewer, name="Đường hoa nông thôn mới"),
        "hidden": recognised(movement, agency_a, field, by=reviewer, name="Mô hình chưa công bố"),
    }


def names(response):
    return [row.name for row in response.context["page"].object_list]


def test_search_ignores_diacritics_and_case(client, showcase):
    response = client.get(LIST, {"q": "dan van kheo"})
    assert response.status_code == 200
    assert names(response) == ["Dân vận khéo ở bộ phận một cửa"]
    assert names(client.get(LIST, {"q": "ĐƯỜNG HOA"})) == ["Đường hoa nông thôn mới"]
    assert names(client.get(LIST, {"q": "duong"})) == ["Đường hoa nông thôn mới"]
    # Words may come in any order and match the agency or the story too.
    assert names(client.get(LIST, {"q": "xay dung cho"})) == ["Chợ văn minh"]
    assert "Không tìm thấy mô hình nào phù hợp" in client.get(LIST, {"q": "khong co"}).text


def test_a_search_with_a_typo_gets_close_matches_on_postgresql(client, showcase):
    """PostgreSQL forgives a missing letter through trigram similarity; SQLite answers plainly."""
    response = client.get(LIST, {"q": "dan van keo"})
    if connection.vendor == "postgresql":
        assert names(response) == ["Dân vận khéo ở bộ phận một cửa"]
        assert "các mô hình gần giống nhất" in response.text
    else:
        assert names(response) == []
        assert "Không tìm thấy mô hình nào phù hợp" in response.text
    # A close match is still only among what is public and what the filters keep.
    assert names(client.get(LIST, {"q": "mo hinh chua cong bo"})) == []
    assert names(client.get(LIST, {"q": "dan van keo", "khen-thuong": "co"})) == []
    assert names(client.get(LIST, {"q": "xyzzy quorx"})) == []


def test_the_search_column_has_a_trigram_index_on_postgresql(db):
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assert connection.vendor == "sqlite"
            return
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'initiative_search_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin (search_text gin_trgm_ops)" in definition and "WHERE published" in definition


def test_renaming_an_agency_or_a_field_shows_in_search_and_pages_at_once(
    client, showcase, agency_a, field, django_capture_on_commit_callbacks
):
    assert names(client.get(LIST, {"q": "dan van kheo"})) == ["Dân vận khéo ở bộ phận một cửa"]
    detail = reverse("showcase:detail", args=[showcase["kheo"].pk])
    assert agency_a.name in client.get(detail).text  # now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        agency_a.name = "Ủy ban nhân dân phường Tân Hạnh"
        agency_a.save()
        field.name = "Chuyển đổi số"
        field.save()
    assert names(client.get(LIST, {"q": "tan hanh"})) == ["Dân vận khéo ở bộ phận một cửa"]
    assert names(client.get(LIST, {"q": "chuyen doi so"})) == [
        "Dân vận khéo ở bộ phận một cửa",
        "Đường hoa nông thôn mới",
    ]
    page = client.get(detail).text
    assert "Ủy ban nhân dân phường Tân Hạnh" in page and "Chuyển đổi số" in page


def test_the_list_shows_only_published_models(client, showcase):
    response = client.get(LIST)
    assert sorted(names(response)) == [
        "Chợ văn minh",
        "Dân vận khéo ở bộ phận một cửa",
        "Đường hoa nông thôn mới",
    ]
    assert "Mô hình chưa công bố" not in response.text


def test_filters_by_field_agency_year_and_commendation(client, showcase, agency_b, culture):
    assert names(client.get(LIST, {"linh-vuc": culture.pk})) == ["Chợ văn minh"]
    assert sorted(names(client.get(LIST, {"don-vi": agency_b.pk}))) == [
        "Chợ văn minh",
        "Đường hoa nông thôn mới",
    ]
    assert names(client.get(LIST, {"nam": 2024})) == ["Chợ văn minh"]
    assert names(client.get(LIST, {"khen-thuong": "co"})) == []
    assert len(names(client.get(LIST, {"khen-thuong": "khong"}))) == 3
    assert names(client.get(LIST, {"don-vi": agency_b.pk, "q": "duong"})) == [
        "Đường hoa nông thôn mới"
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"linh-vuc": "abc"},
        {"linh-vuc": "99999999999999999999999"},
        {"don-vi": "-1"},
        {"nam": "1900"},
        {"khen-thuong": "co'; DROP TABLE"},
        {"trang": "abc"},
        {"trang": "0"},
        {"trang": "-3"},
        {"trang": "99999999999999999999"},
        {"trang": "9"},
        {"q": "x" * 20_000},
        {"q": "dân\x00vận"},
        {"q": "%_\\' OR 1=1 --"},
        {"q": "<script>alert(1)</script>"},
        {"q\x00": "\x00"},
    ],
)
def test_any_query_string_gets_a_normal_page(client, showcase, query):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_a_refused_filter_or_page_is_said_and_dropped(client, showcase):
    response = client.get(LIST, {"linh-vuc": "abc", "trang": "9"})
    assert "Không có lựa chọn như đã nhập ở “Lĩnh vực”; đã bỏ qua bộ lọc này." in response.text
    assert "Chỉ có 1 trang; đang hiển thị trang cuối." in response.text
    assert len(names(response)) == 3
    assert "Số trang không hợp lệ" in client.get(LIST, {"trang": "x"}).text
    long = client.get(LIST, {"q": "dan van kheo " * 30})
    assert "dài quá 200 ký tự" in long.text
    assert names(long) == ["Dân vận khéo ở bộ phận một cửa"]


def test_pages_of_twenty_keep_the_search(client, movement, agency_a, field, reviewer):
    for number in range(41):
        initiative = InitiativeFactory(
            agency=agency_a, field=field, status="recognised", name=f"Tổ tự quản số {number:02d}"
        )
        services.publish([initiative], by=reviewer, story="Tổ tự quản an ninh trật tự.")
    first = client.get(LIST, {"q": "to tu quan"})
    assert len(names(first)) == 20 and first.context["page"].paginator.num_pages == 3
    assert "?q=to+tu+quan&amp;trang=2" in first.text
    last = client.get(LIST, {"q": "to tu quan", "trang": 3})
    assert names(last) == ["Tổ tự quản số 40"]
    assert "Trang 3/3" in last.text


def test_the_lists_queries_do_not_grow_with_rows(
    client, movement, agency_a, field, reviewer, django_assert_max_num_queries
):
    published(movement, agency_a, field, by=reviewer, name="Mô hình đầu tiên")
    with CaptureQueriesContext(connection) as one:
        client.get(LIST, {"q": "mo hinh"})
    for _ in range(25):
        agency = AgencyFactory()
        initiative = InitiativeFactory(agency=agency, field=field, status="recognised")
        services.publish([initiative], by=reviewer, story="Mô hình nhân rộng.")
    with django_assert_max_num_queries(len(one)):
        response = client.get(LIST, {"q": "mo hinh", "trang": 2})
    assert len(names(response)) == 6


def test_a_model_page_and_its_agency_page(client, showcase, agency_b):
    cho = showcase["cho"]
    page = client.get(reverse("showcase:detail", args=[cho.pk]))
    assert page.status_code == 200
    text = page.text
    assert text.count("<h1") == 1 and "<h1>Chợ văn minh</h1>" in text
    assert "Tiếp nhận hồ sơ tại nhà, trả kết quả qua bưu điện." in text
    assert f"Quyết định số {cho.recognised_number} ngày 02/05/2024 của UBND tỉnh Vĩnh Long" in text
    assert "Phòng Hành chính - Tổng hợp" in text and "2026" in text
    agency = client.get(reverse("showcase:agency", args=[agency_b.pk]))
    assert agency.status_code == 200
    assert sorted(row.name for row in agency.context["rows"]) == [
        "Chợ văn minh",
        "Đường hoa nông thôn mới",
    ]


def test_what_is_not_public_is_not_found(client, showcase, reviewer, agency_a):
    services.unpublish([showcase["kheo"]], by=reviewer)
    for pk in (showcase["hidden"].pk, showcase["kheo"].pk, 99999999999999999999):
        assert client.get(reverse("showcase:detail", args=[pk])).status_code == 404
    lonely = AgencyFactory(name="Sở chưa công bố")
    for pk in (lonely.pk, agency_a.pk, 99999999999999999999):
        assert client.get(reverse("showcase:agency", args=[pk])).status_code == 404


def test_a_removed_model_is_not_found_though_once_published(
    client, showcase, reviewer, django_capture_on_commit_callbacks
):
    from initiatives import services as initiatives

    # Both pages are in the cache before the decision, which drops them at once.
    assert client.get(reverse("showcase:detail", args=[showcase["duong"].pk])).status_code == 200
    assert "Đường hoa" in client.get(LIST).text
    with django_capture_on_commit_callbacks(execute=True):
        initiatives.decide(
            [showcase["duong"]],
            status="removed",
            by=reviewer,
            number="7/QĐ",
            decided_on=date(2026, 2, 1),
            note="Không còn hiệu quả",
        )
    assert client.get(reverse("showcase:detail", args=[showcase["duong"].pk])).status_code == 404
    assert "Đường hoa" not in client.get(LIST).text


def test_pages_are_cached_by_url_and_publishing_shows_at_once(
    client, showcase, reviewer, clerk_a, django_capture_on_commit_callbacks
):
    response = client.get(LIST)
    assert "max-age=300" in response["Cache-Control"]
    assert "Expires" in response
    # A second reader gets the stored page: same content, no query for it.
    with CaptureQueriesContext(connection) as again:
        assert client.get(LIST).content == response.content
    assert len(again) == 0
    # Signed in or not, the page is the same (no name, no form token).
    client.force_login(clerk_a)
    assert client.get(LIST).content == response.content
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish([showcase["cho"]], by=reviewer)
    assert "Chợ văn minh" not in client.get(LIST).text


def test_the_public_layout_is_accessible_and_self_contained(client, showcase):
    text = client.get(LIST).text
    assert text.count("<h1") == 1
    assert '<a class="skip-link" href="#noi-dung">' in text and 'id="noi-dung"' in text
    for parameter in ("q", "linh-vuc", "don-vi", "nam", "khen-thuong"):
        assert f'<label for="id_{parameter}">' in text and f'name="{parameter}"' in text
    assert "csrfmiddlewaretoken" not in text and "X-CSRFToken" not in text
    assert "<style" not in text and "<script" not in text and "http://" not in text


def test_the_home_page_links_the_showcase_for_everyone(client):
    assert f'href="{LIST}"' in client.get(reverse("home")).text


def test_open_data_lists_the_published_models(client, showcase):
    response = client.get(reverse("showcase:csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Tên mô hình", "Cơ quan, đơn vị", "Lĩnh vực"]
    cho = showcase["cho"]
    row = next(row for row in rows if row[0] == "Chợ văn minh")
    assert row[1:] == [
        "Sở Xây dựng",
        "Văn hóa – xã hội",
        "Tập thể",
        "2026",
        "2026",
        "UBND tỉnh Vĩnh Long",
        cho.recognised_number,
        "02/05/2024",
        "Không",
        f"http://testserver/mo-hinh-tieu-bieu/{cho.pk}/",
    ]
    assert len(rows) == 4 and "chưa công bố" not in response.content.decode()

    data = json.loads(client.get(reverse("showcase:json")).content)
    assert data["publisher"] == "Sở Nội vụ tỉnh Vĩnh Long"
    by_name = {row["name"]: row for row in data["models"]}
    assert set(by_name) == {
        "Dân vận khéo ở bộ phận một cửa",
        "Chợ văn minh",
        "Đường hoa nông thôn mới",
    }
    assert by_name["Chợ văn minh"] == {
        "name": "Chợ văn minh",
        "agency": "Sở Xây dựng",
        "field": "Văn hóa – xã hội",
        "carrier": "Tập thể",
        "start_year": 2026,
        "years": [2026],
        "recognised_by": "UBND tỉnh Vĩnh Long",
        "recognised_number": cho.recognised_number,
        "recognised_on": "2024-05-02",
        "commended": False,
        "url": f"http://testserver/mo-hinh-tieu-bieu/{cho.pk}/",
    }


def test_open_data_cannot_carry_a_spreadsheet_formula(client, agency_a, field, reviewer):
    initiative = InitiativeFactory(
        agency=agency_a, field=field, status="recognised", name='=HYPERLINK("x")'
    )
    services.publish([initiative], by=reviewer, story="Câu chuyện.")
    text = client.get(reverse("showcase:csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_the_sitemap_lists_the_public_pages_only(client, showcase, agency_a, agency_b):
    text = client.get("/sitemap.xml").text
    assert "<loc>http://testserver/mo-hinh-tieu-bieu/</loc>" in text
    for key in ("kheo", "cho", "duong"):
        assert f"/mo-hinh-tieu-bieu/{showcase[key].pk}/</loc>" in text
    assert f"/mo-hinh-tieu-bieu/{showcase['hidden'].pk}/</loc>" not in text
    for agency in (agency_a, agency_b):
        assert f"/mo-hinh-tieu-bieu/don-vi/{agency.pk}/</loc>" in text


@override_settings(ALLOWED_HOSTS=["a.example.gov.vn", "b.example.gov.vn"])
def test_a_stored_page_belongs_to_its_host_and_a_foreign_host_is_refused(client, showcase):
    """The open data and sitemap print absolute links: each host and scheme has its copy; a
    host the portal does not serve is refused even when a copy is stored."""
    first = client.get("/sitemap.xml", HTTP_HOST="a.example.gov.vn")
    assert "http://a.example.gov.vn/mo-hinh-tieu-bieu/" in first.text
    second = client.get("/sitemap.xml", HTTP_HOST="b.example.gov.vn", secure=True)
    assert "https://b.example.gov.vn/mo-hinh-tieu-bieu/" in second.text
    assert "a.example.gov.vn" not in second.text
    assert client.get("/sitemap.xml", HTTP_HOST="evil.example").status_code == 400
