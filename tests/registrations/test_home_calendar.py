"""The agency's calendar on its home page: its own deadlines, by when, what it sent, late or
returned — never another agency's."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from movements.models import Deadline, DeadlineKind
from registrations.models import State
from tests.factories import AgencyKindFactory, RegistrationFactory, extend
from tests.movements.test_quota_page import tables

pytestmark = pytest.mark.django_db


def calendar_rows(response, movement):
    """{deadline title: (wording, last moment, state, link text)}."""
    return {row[0]: tuple(row[1:]) for row in tables(response)[f"calendar-{movement.pk}"]}


def registration_due_in(movement, days):
    """The movement's registration deadline “chậm nhất là ngày <today + days>”, alone."""
    movement.deadlines.filter(kind=DeadlineKind.REGISTRATION).delete()
    return Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REGISTRATION,
        title="Đăng ký mô hình",
        due_on=timezone.localdate() + timedelta(days=days),
    )


@pytest.fixture
def due_today(movement):
    """Registration “chậm nhất là ngày <today + 3>”, already answered or not by each agency."""
    return registration_due_in(movement, 3)


def test_calendar_shows_what_is_due_by_when_and_what_was_sent(
    client, clerk_a, agency_a, movement, due_today
):
    sent_at = timezone.now() - timedelta(days=1)
    RegistrationFactory(
        movement=movement, agency=agency_a, state=State.SUBMITTED, submitted_at=sent_at
    )
    client.force_login(clerk_a)

    response = client.get(reverse("home"))

    rows = calendar_rows(response, movement)
    day = due_today.due_on
    wording, last_moment, state, link = rows["Đăng ký mô hình"]
    assert wording == due_today.wording  # the wording rule itself is checked at the end
    assert last_moment == f"23:59 ngày {day:%d/%m/%Y}"
    assert state == f"Đã gửi đúng hạn (ngày {timezone.localtime(sent_at):%d/%m/%Y})"
    assert link == "Xem"
    assert f'href="{reverse("registrations:list")}?phong-trao={movement.pk}"' in (
        response.content.decode()
    )
    award = movement.deadlines.get(kind=DeadlineKind.AWARD)
    assert rows[award.title][2] == "Chưa gửi"


def test_a_returned_item_asks_the_agency_to_fix_and_resend(
    client, clerk_a, agency_a, movement, due_today
):
    RegistrationFactory(
        movement=movement,
        agency=agency_a,
        state=State.RETURNED,
        return_reason="Bổ sung nguồn lực",
        submitted_at=timezone.now() - timedelta(days=2),
    )
    client.force_login(clerk_a)

    rows = calendar_rows(client.get(reverse("home")), movement)

    assert rows["Đăng ký mô hình"][2:] == ("Bị trả lại — cần sửa và gửi lại", "Sửa và gửi lại")


def test_another_agencys_returned_item_never_shows(client, clerk_a, agency_b, movement, due_today):
    RegistrationFactory(
        movement=movement,
        agency=agency_b,
        name="Mô hình riêng của Sở Xây dựng",
        state=State.RETURNED,
        return_reason="Bổ sung nguồn lực",
        submitted_at=timezone.now() - timedelta(days=2),
    )
    client.force_login(clerk_a)

    response = client.get(reverse("home"))

    assert calendar_rows(response, movement)["Đăng ký mô hình"][2] == "Chưa gửi"
    assert "Bị trả lại" not in response.content.decode()
    assert "Mô hình riêng của Sở Xây dựng" not in response.content.decode()


def test_only_the_deadlines_that_ask_the_agency_are_listed(
    client, clerk_a, movement, due_today, health_kind
):
    Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.PLAN,
        title="Kế hoạch năm của ngành y tế",
        due_on=date(2026, 3, 10),
    ).agency_kinds.set([health_kind])
    commune = AgencyKindFactory(code="xa", name="UBND cấp xã")
    Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REPORT,
        title="Báo cáo 6 tháng",
        due_on=date(2026, 6, 15),
    ).agency_kinds.set([commune, clerk_a.agency.kind])
    client.force_login(clerk_a)

    rows = calendar_rows(client.get(reverse("home")), movement)

    assert "Kế hoạch năm của ngành y tế" not in rows
    assert "Báo cáo 6 tháng" in rows


def test_an_extension_moves_the_agencys_own_deadline(
    client, clerk_a, agency_a, reviewer, movement, due_today
):
    until = due_today.due_on + timedelta(days=7)
    extend(movement, DeadlineKind.REGISTRATION, agency_a, until, by=reviewer)
    client.force_login(clerk_a)

    wording, last_moment, state, _ = calendar_rows(client.get(reverse("home")), movement)[
        "Đăng ký mô hình"
    ]

    assert "(được gia hạn; hạn chung chậm nhất là ngày" in wording
    assert last_moment == f"23:59 ngày {until:%d/%m/%Y}"
    assert state == f"Chưa gửi — được gia hạn đến hết ngày {until:%d/%m/%Y}"


def test_past_the_deadline_an_unsent_item_is_overdue(client, clerk_a, movement):
    movement.deadlines.filter(kind=DeadlineKind.REGISTRATION).delete()
    Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REGISTRATION,
        title="Đăng ký mô hình",
        due_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(clerk_a)

    rows = calendar_rows(client.get(reverse("home")), movement)

    assert rows["Đăng ký mô hình"][2] == "Đã quá hạn, chưa gửi"


def test_calendar_dates_are_day_month_year(client, clerk_a, agency_a, movement):
    movement.deadlines.filter(kind=DeadlineKind.REGISTRATION).delete()
    deadline = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REGISTRATION,
        title="Đăng ký mô hình",
        due_on=date(2025, 4, 5),
    )
    RegistrationFactory(
        movement=movement,
        agency=agency_a,
        state=State.ACCEPTED,
        submitted_at=datetime(2025, 4, 8, 9, 0, tzinfo=timezone.get_current_timezone()),
    )
    client.force_login(clerk_a)

    rows = calendar_rows(client.get(reverse("home")), movement)

    assert rows[deadline.title][:3] == (
        "chậm nhất là ngày 05/4/2025",
        "23:59 ngày 05/04/2025",
        "Gửi trễ 2 ngày 9 giờ (ngày 08/04/2025)",
    )
