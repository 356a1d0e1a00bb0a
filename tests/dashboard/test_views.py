"""The dashboard pages: who may read them, drill-downs that add up, the Excel file, and a
query count that does not grow with agencies."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from dashboard.facts import target_against_fact
from dashboard.models import FactKind, Target, ValueKind
from dashboard.selectors import dashboard_for, drill
from initiatives.models import Status
from movements.models import Movement
from portal.models import Role
from tests.factories import AgencyFactory, InitiativeFactory

from .conftest import at, figure, indicator, plan, report, target


@pytest.fixture
def seeded(province):
    s1, s2, _ = province["agencies"]
    plan(province, s1, at(2026, 3, 2, 8, 0))
    plan(province, s2, at(2026, 3, 20, 8, 0))  # late
    t = target(
        province["movement"],
        FactKind.PLAN_ON_TIME,
        100,
        name="100% đơn vị quán triệt kế hoạch, đưa vào chương trình công tác năm",
    )
    return {**province, "target": t}


def test_the_leaders_role_only_reads(db):
    codes = {
        p.codename for p in Group.objects.get(name=Role.PROVINCIAL_LEADER.label).permissions.all()
    }
    assert codes == {"view_dashboard", "view_target", "view_movement"}


def test_a_provincial_leader_lands_on_the_dashboard_and_sees_targets_against_fact(
    client, provincial_leader, seeded
):
    client.force_login(provincial_leader)
    assert client.get(reverse("home")).url == reverse("dashboard:index")
    page = client.get(reverse("dashboard:movement", args=[seeded["movement"].pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "100% đơn vị quán triệt kế hoạch" in text
    assert "Chưa đạt" in text
    assert "1/3 đơn vị (33,3%)" in text
    assert "<svg" in text and "style=" not in text.split("<main>")[1]


def test_a_provincial_leader_cannot_write_anything(client, provincial_leader, seeded):
    client.force_login(provincial_leader)
    movement = seeded["movement"]
    t = seeded["target"]
    refused_by_the_admin = [
        reverse("admin:movements_movement_change", args=[movement.pk]),
        reverse("admin:movements_movement_add"),
        reverse("admin:movements_deadlineextension_add"),
    ]
    for url in refused_by_the_admin:
        response = client.post(url, {"title": "Đổi tên", "name": "Đổi"})
        assert response.status_code == 302 and "/admin/login/" in response.url, url
        assert client.get(url).status_code == 302, url
    refused_outright = [
        reverse("registrations:create", args=[movement.pk]),
        reverse("scoring:scorecard", args=[movement.pk]),
        reverse("dashboard:index"),
        reverse("dashboard:movement", args=[movement.pk]),
        reverse("dashboard:drill", args=[movement.pk]) + "?muc=" + f"chi-tieu-{t.pk}-chua",
        reverse("dashboard:drill_print", args=[movement.pk]) + f"?muc=chi-tieu-{t.pk}-chua",
        reverse("dashboard:drill_excel", args=[movement.pk]) + f"?muc=chi-tieu-{t.pk}-chua",
        reverse("dashboard:excel", args=[movement.pk]),
    ]
    for url in refused_outright:
        assert client.post(url, {"name": "Đổi"}).status_code in (403, 405), url
    assert Movement.objects.get(pk=movement.pk).title == movement.title
    assert Target.objects.get(pk=t.pk).name == t.name
    assert Target.objects.count() == 1


def test_a_clerk_cannot_open_the_dashboard(client, clerk_a, seeded):
    client.force_login(clerk_a)
    movement = seeded["movement"]
    for url in (
        reverse("dashboard:index"),
        reverse("dashboard:movement", args=[movement.pk]),
        reverse("dashboard:drill", args=[movement.pk])
        + f"?muc=chi-tieu-{seeded['target'].pk}-chua",
        reverse("dashboard:drill_print", args=[movement.pk])
        + f"?muc=chi-tieu-{seeded['target'].pk}-chua",
        reverse("dashboard:drill_excel", args=[movement.pk])
        + f"?muc=chi-tieu-{seeded['target'].pk}-chua",
        reverse("dashboard:excel", args=[movement.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("home")).status_code == 200  # the clerk keeps the agency's desk


def test_anonymous_is_sent_to_log_in(client, seeded):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_the_reviewer_reads_the_dashboard(client, reviewer, seeded):
    client.force_login(reviewer)
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_every_drill_down_adds_up_to_its_headline(seeded):
    movement = seeded["movement"]
    s1 = seeded["agencies"][0]
    InitiativeFactory(agency=s1, status=Status.RECOGNISED, start_year=2025)
    InitiativeFactory(agency=s1, status=Status.KEPT, start_year=2026)
    board = dashboard_for(movement, now=at(2026, 12, 1))
    checked = 0
    for block in [board.on_time, *board.blocks]:
        for line in block.lines:
            assert len(drill(movement, line.key, now=at(2026, 12, 1)).rows) == line.count, line
            if line.other_key:
                other = drill(movement, line.other_key, now=at(2026, 12, 1))
                assert len(other.rows) == line.other
            checked += 1
    assert checked > 10
    row = board.targets[0]
    assert len(drill(movement, row.met_key, now=at(2026, 12, 1)).rows) == row.result.fact.numerator
    missed = drill(movement, row.missed_key, now=at(2026, 12, 1)).rows
    assert len(missed) + row.result.fact.numerator == row.result.fact.denominator


def test_the_missed_agencies_page_lists_them(client, reviewer, seeded):
    client.force_login(reviewer)
    movement = seeded["movement"]
    url = (
        reverse("dashboard:drill", args=[movement.pk]) + f"?muc=chi-tieu-{seeded['target'].pk}-chua"
    )
    text = client.get(url).content.decode()
    assert "Sở số 2" in text and "Sở số 3" in text and "Sở số 1" not in text


@pytest.mark.parametrize(
    "key",
    ["", "khong-co", "chi-tieu-x-chua", "xep-loai-1-2-3", "han-999999-dung", "trang-thai-draft"],
)
def test_an_unknown_drill_down_is_a_404_not_a_500(client, reviewer, seeded, key):
    client.force_login(reviewer)
    assert (
        client.get(
            reverse("dashboard:drill", args=[seeded["movement"].pk]), {"muc": key}
        ).status_code
        == 404
    )


def test_the_excel_file_holds_the_targets_against_fact(client, provincial_leader, seeded):
    client.force_login(provincial_leader)
    response = client.get(reverse("dashboard:excel", args=[seeded["movement"].pk]))
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["Chỉ tiêu và thực tế"]
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Sở Nội vụ tỉnh Vĩnh Long"
    header = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    headers = ["STT", "Chỉ tiêu", "Cách tính thực tế", "Chỉ tiêu đặt ra", "Thực tế", "Kết quả"]
    assert list(rows[header][:6]) == headers
    first = rows[header + 1]
    assert first[0] == 1 and first[1].startswith("100% đơn vị") and first[4] == "1/3 đơn vị (33,3%)"
    assert first[5] == "Chưa đạt"
    counts = workbook["Số liệu"]
    labels = [r[2] for r in counts.iter_rows(values_only=True)]
    assert "Gửi kế hoạch (chậm nhất là ngày 10/3/2026)" in labels


def test_the_dashboard_queries_do_not_grow_with_agencies(
    client, reviewer, seeded, department_kind, django_assert_max_num_queries
):
    client.force_login(reviewer)
    url = reverse("dashboard:movement", args=[seeded["movement"].pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        agency = AgencyFactory(kind=department_kind)
        InitiativeFactory(agency=agency, status=Status.RECOGNISED)
        plan(seeded, agency, at(2026, 3, 1, 8, 0))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_target_fact_reads_the_same_on_the_page_and_alone(seeded):
    alone = target_against_fact(seeded["target"], now=at(2026, 12, 1))
    board = dashboard_for(seeded["movement"], now=at(2026, 12, 1))
    assert board.targets[0].result.fact.numerator == alone.fact.numerator


def test_a_leader_drills_from_a_missed_report_figure_to_the_agencies_behind_it(
    client, provincial_leader, province
):
    s1, s2, _ = province["agencies"]
    dialogues = indicator(province["movement"])
    figure(report(province, s1, at(2026, 6, 20, 8, 0)), dialogues, 12)
    report(province, s2, at(2026, 6, 20, 8, 0))
    t = target(
        province["movement"],
        FactKind.REPORT_FIGURE,
        50,
        name="Ít nhất 50 cuộc đối thoại với Nhân dân",
        value_kind=ValueKind.NUMBER,
        indicator=dialogues,
        deadline=province["report"],
    )
    client.force_login(provincial_leader)
    movement_pk = province["movement"].pk
    board = client.get(reverse("dashboard:movement", args=[movement_pk])).content.decode()
    assert f"?muc=chi-tieu-{t.pk}-chua" in board and "2 đơn vị chưa đạt" in board
    page = client.get(
        reverse("dashboard:drill", args=[movement_pk]), {"muc": f"chi-tieu-{t.pk}-chua"}
    )
    text = page.content.decode()
    assert "Sở số 2" in text and "Không điền chỉ tiêu" in text
    assert "Sở số 3" in text and "Chưa gửi báo cáo" in text
    assert "Sở số 1" not in text
