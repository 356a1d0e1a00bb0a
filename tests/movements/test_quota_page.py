"""The reviewers' quota page: every agency's count against its quota, and who is missing.

Also the deadline extension admin, whose new deadline the quota page shows per agency.
"""

from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from movements.models import DeadlineExtension, DeadlineKind
from registrations import services
from registrations.models import Carrier
from tests.factories import (
    AgencyFactory,
    AgencyKindFactory,
    QuotaRuleFactory,
    RegistrationFactory,
    UserFactory,
    extend,
)

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def quota_url(movement):
    return f"/admin/movements/movement/{movement.pk}/chi-tieu/"


class _Tables(HTMLParser):
    """Body rows of every table with an id, as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables = {}
        self.table = None
        self.in_body = False
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self.table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tbody" and self.table is not None:
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.table.append(self.row)
            self.row = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(response):
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def quota_rows(response):
    """{agency name: (collectives, individuals, minimum, drafts, note)} from the quota table."""
    return {row[0]: tuple(row[2:]) for row in tables(response)["quota"]}


def missing_rows(response):
    return {row[0]: row for row in tables(response)["missing"] if len(row) > 1}


def submit_new(*, movement, agency, carrier=Carrier.COLLECTIVE, by=None, **fields):
    if carrier == Carrier.INDIVIDUAL:
        fields = {
            "collective_name": "",
            "person_name": "Ngô Văn Em",
            "person_position": "Chủ tịch",
            "person_workplace": agency.name,
            **fields,
        }
    registration = RegistrationFactory(movement=movement, agency=agency, carrier=carrier, **fields)
    return services.submit_registration(registration=registration, by=by or registration.created_by)


# ---------------------------------------------------------------------------- the page


def test_page_shows_counts_against_quota_and_who_is_missing(
    client, reviewer, movement, agency_a, agency_b, field, health_kind
):
    hospital = AgencyFactory(code="SYT", name="Sở Y tế", kind=health_kind)
    submit_new(movement=movement, agency=agency_a, field=field)
    submit_new(movement=movement, agency=agency_a, field=field)
    submit_new(movement=movement, agency=agency_a, carrier=Carrier.INDIVIDUAL, field=field)
    submit_new(movement=movement, agency=hospital, field=field)
    RegistrationFactory(movement=movement, agency=hospital, field=field)  # a draft
    client.force_login(reviewer)

    response = client.get(quota_url(movement))

    assert response.status_code == 200
    rows = quota_rows(response)
    # Sở Tư pháp: default quota 02 collectives / 04 individuals, collectives full.
    assert rows["Sở Tư pháp"][:2] == ("2/2", "1/4")
    # The health sector has its own 05/10; its draft does not use quota but is counted.
    assert rows["Sở Y tế"][:2] == ("1/5", "0/10")
    assert rows["Sở Y tế"][3] == "1"
    assert rows["Sở Xây dựng"][:2] == ("0/2", "0/4")
    missing = missing_rows(response)
    assert "Sở Xây dựng" in missing
    assert "Sở Nội vụ" in missing  # the reviewer's own agency has not registered either
    assert "Sở Tư pháp" not in missing
    assert "Sở Y tế" not in missing
    assert len(tables(response)["missing"]) == 2
    page = response.content.decode()
    assert '<strong id="missing-count">2</strong>' in page


def test_withdrawn_registrations_do_not_count(client, reviewer, movement, agency_a, leader_a):
    sent = submit_new(movement=movement, agency=agency_a)
    services.withdraw_registration(registration=sent, by=leader_a)
    client.force_login(reviewer)

    response = client.get(quota_url(movement))

    assert quota_rows(response)["Sở Tư pháp"][:2] == ("0/2", "0/4")
    assert "Sở Tư pháp" in missing_rows(response)


def test_page_with_every_agency_registered_says_so(client, reviewer, movement):
    client.force_login(reviewer)
    submit_new(movement=movement, agency=reviewer.agency)

    response = client.get(quota_url(movement))

    assert tables(response)["missing"] == [["Mọi cơ quan, đơn vị đã đăng ký."]]


@pytest.fixture
def district_kinds(movement):
    district = AgencyKindFactory(code="huyen", name="UBND cấp huyện", tier="district")
    commune = AgencyKindFactory(code="xa", name="UBND cấp xã", tier="commune")
    QuotaRuleFactory(
        movement=movement,
        agency_kind=district,
        max_collectives=5,
        max_individuals=10,
        pools_subordinates=True,
    )
    return district, commune


def test_pooled_district_counts_its_communes_and_hides_them(
    client, reviewer, movement, district_kinds, field
):
    district_kind, commune_kind = district_kinds
    long_ho = AgencyFactory(code="UBND-LH", name="UBND huyện Long Hồ", kind=district_kind)
    phuoc_hau = AgencyFactory(
        code="UBND-PH", name="UBND xã Phước Hậu", kind=commune_kind, parent=long_ho
    )
    tan_hanh = AgencyFactory(
        code="UBND-TH", name="UBND xã Tân Hạnh", kind=commune_kind, parent=long_ho
    )
    AgencyFactory(code="UBND-LP", name="UBND xã Lộc Phước", kind=commune_kind, parent=long_ho)
    # Three collectives from one commune: over a commune's own 02, within the district's 05.
    for _ in range(3):
        submit_new(movement=movement, agency=phuoc_hau, field=field)
    submit_new(movement=movement, agency=tan_hanh, field=field)
    submit_new(movement=movement, agency=tan_hanh, carrier=Carrier.INDIVIDUAL, field=field)
    submit_new(movement=movement, agency=long_ho, field=field)
    RegistrationFactory(movement=movement, agency=tan_hanh, field=field)  # a draft
    client.force_login(reviewer)

    response = client.get(quota_url(movement))

    rows = quota_rows(response)
    assert rows["UBND huyện Long Hồ"][:2] == ("5/5", "1/10")
    assert rows["UBND huyện Long Hồ"][3] == "1"
    for commune in ("UBND xã Phước Hậu", "UBND xã Tân Hạnh", "UBND xã Lộc Phước"):
        assert commune not in rows
        assert commune not in missing_rows(response)
    assert "UBND huyện Long Hồ" not in missing_rows(response)


def test_pooled_district_with_registrations_only_from_communes_is_not_missing(
    client, reviewer, movement, district_kinds, field
):
    district_kind, commune_kind = district_kinds
    tam_binh = AgencyFactory(code="UBND-TB", name="UBND huyện Tam Bình", kind=district_kind)
    my_hoa = AgencyFactory(
        code="UBND-MH", name="UBND xã Mỹ Hòa", kind=commune_kind, parent=tam_binh
    )
    submit_new(movement=movement, agency=my_hoa, field=field)
    client.force_login(reviewer)

    response = client.get(quota_url(movement))

    assert quota_rows(response)["UBND huyện Tam Bình"][:2] == ("1/5", "0/10")
    assert "UBND huyện Tam Bình" not in missing_rows(response)


def test_commune_of_a_district_that_does_not_pool_is_listed_alone(
    client, reviewer, movement, field
):
    city_kind = AgencyKindFactory(code="tp", name="UBND thành phố", tier="district")
    commune_kind = AgencyKindFactory(code="xa", name="UBND cấp xã", tier="commune")
    city = AgencyFactory(code="UBND-TP", name="UBND thành phố Vĩnh Long", kind=city_kind)
    ward = AgencyFactory(code="UBND-P1", name="UBND phường 1", kind=commune_kind, parent=city)
    submit_new(movement=movement, agency=ward, field=field)
    client.force_login(reviewer)

    response = client.get(quota_url(movement))

    rows = quota_rows(response)
    assert rows["UBND phường 1"][:2] == ("1/2", "0/4")
    assert rows["UBND thành phố Vĩnh Long"][:2] == ("0/2", "0/4")
    assert "UBND thành phố Vĩnh Long" in missing_rows(response)


def test_inactive_agencies_are_not_listed(client, reviewer, movement, department_kind):
    AgencyFactory(code="CU", name="Sở đã sáp nhập", kind=department_kind, active=False)
    client.force_login(reviewer)

    response = client.get(quota_url(movement))

    assert "Sở đã sáp nhập" not in quota_rows(response)
    assert "Sở đã sáp nhập" not in missing_rows(response)


def _build_agencies(movement, field, count, *, prefix, kinds):
    """``count`` agencies: districts pooling two communes each, and departments.

    One commune of each district and every department register; departments keep a draft.
    """
    district_kind, commune_kind, department_kind = kinds
    made, n = 0, 0
    while made < count:
        n += 1
        district = AgencyFactory(
            code=f"{prefix}H{n}", name=f"UBND huyện {prefix}{n}", kind=district_kind
        )
        made += 1
        for c in range(2):
            if made == count:
                return
            commune = AgencyFactory(
                code=f"{prefix}H{n}-X{c}",
                name=f"UBND xã {prefix}{n}.{c}",
                kind=commune_kind,
                parent=district,
            )
            made += 1
            if c == 0:
                submit_new(movement=movement, agency=commune, field=field)
        if made == count:
            return
        department = AgencyFactory(
            code=f"{prefix}S{n}", name=f"Sở {prefix}{n}", kind=department_kind
        )
        made += 1
        submit_new(movement=movement, agency=department, field=field)
        RegistrationFactory(movement=movement, agency=department, field=field)


def _page_queries(client, movement):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(quota_url(movement))
    assert response.status_code == 200
    return len(queries), len(tables(response)["quota"])


def test_query_count_does_not_grow_with_agencies(
    client, reviewer, movement, district_kinds, department_kind, field
):
    kinds = (*district_kinds, department_kind)
    client.force_login(reviewer)
    _build_agencies(movement, field, 5, prefix="A", kinds=kinds)
    _page_queries(client, movement)  # warm caches (content types, permissions)
    # Built again (the writes moved the movement's version), then read from the cache.
    _build_agencies(movement, field, 1, prefix="Z", kinds=kinds)
    counted_five, _ = _page_queries(client, movement)
    with_five, listed_with_five = _page_queries(client, movement)

    _build_agencies(movement, field, 35, prefix="B", kinds=kinds)
    counted_forty, _ = _page_queries(client, movement)
    with_forty, listed_with_forty = _page_queries(client, movement)

    assert listed_with_forty > listed_with_five + 10  # communes are folded into districts
    assert (counted_forty, with_forty) == (counted_five, with_five)
    assert with_five < counted_five  # the counts came from the cache


def test_clerk_is_sent_to_the_admin_login(client, clerk_a, movement):
    client.force_login(clerk_a)

    response = client.get(quota_url(movement))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_movement_permission_is_refused(client, movement):
    client.force_login(UserFactory(username="nhan.vien", is_staff=True))

    assert client.get(quota_url(movement)).status_code == 403


def test_movement_list_links_to_the_quota_page(client, reviewer, movement):
    client.force_login(reviewer)

    response = client.get("/admin/movements/movement/")

    assert quota_url(movement) in response.content.decode()


# ---------------------------------------------------------------------------- extensions


def test_adding_an_extension_records_the_reviewer_as_grantor(client, reviewer, movement, agency_b):
    someone_else = UserFactory(username="nguoi.khac", is_staff=True)
    client.force_login(reviewer)

    response = client.post(
        "/admin/movements/deadlineextension/add/",
        {
            "deadline": movement.deadlines.get(kind=DeadlineKind.REGISTRATION).pk,
            "agency": agency_b.pk,
            "until_on": "19/01/2027",
            "reason": "Đơn vị mới thành lập sau sáp nhập.",
            # A forged grantor is ignored: the field is read-only.
            "granted_by": someone_else.pk,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    extension = DeadlineExtension.objects.get()
    assert extension.granted_by == reviewer
    assert extension.agency == agency_b
    assert extension.deadline.movement == movement
    assert extension.closes_at == datetime(2027, 1, 20, 0, 0, tzinfo=HCM)
    assert extension.history.first().history_user == reviewer


def test_an_extension_cannot_shorten_the_plans_deadline(client, reviewer, movement, agency_b):
    client.force_login(reviewer)
    response = client.post(
        "/admin/movements/deadlineextension/add/",
        {
            "deadline": movement.deadlines.get(kind=DeadlineKind.REGISTRATION).pk,
            "agency": agency_b.pk,
            "until_on": "01/01/2026",
            "reason": "Nhầm ngày",
        },
    )
    assert response.status_code == 200
    assert "Ngày gia hạn phải sau hạn chung" in response.content.decode()
    assert not DeadlineExtension.objects.exists()


def test_quota_page_shows_an_agencys_extended_deadline(
    client, reviewer, movement, agency_a, agency_b
):
    extend(movement, DeadlineKind.REGISTRATION, agency_b, date(2026, 5, 19), by=reviewer)
    client.force_login(reviewer)

    response = client.get(quota_url(movement))

    missing = missing_rows(response)
    assert missing["Sở Xây dựng"][3] == "23:59 ngày 19/05/2026 (được gia hạn)"
    deadline = movement.deadlines.get(kind=DeadlineKind.REGISTRATION)
    usual = deadline.closes_at.astimezone(HCM) - timedelta(minutes=1)
    assert missing["Sở Tư pháp"][3] == usual.strftime("%H:%M ngày %d/%m/%Y")


def test_an_agency_with_only_drafts_is_listed_as_not_registered(
    client, reviewer, movement, agency_a, clerk_a
):
    RegistrationFactory(movement=movement, agency=agency_a, created_by=clerk_a)
    client.force_login(reviewer)
    response = client.get(quota_url(movement))
    assert agency_a.name in missing_rows(response)
    assert quota_rows(response)[agency_a.name][3] == "1"  # one draft, shown apart
