"""The agency's home (its desk) kept between requests (portal/versions.py): what the agency or
an agency in its pooled quota sends, an extension, a changed deadline or rule, a movement
closed, and the clock passing a closing moment all show on the next page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from movements.models import DeadlineKind, MovementStatus, QuotaRule
from portal.models import Role
from tests.factories import AgencyFactory, UserFactory, extend
from tests.movements.test_quota_page import district_kinds, submit_new  # noqa: F401
from tests.registrations.test_home_calendar import calendar_rows, registration_due_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_soon(movement):
    """Registration “chậm nhất là ngày <tomorrow>”."""
    return registration_due_in(movement, 1)


def home(client):
    return client.get(reverse("home"))


def counters(response, movement) -> str:
    page = response.content.decode()
    block = page.split(f'id="counters-{movement.pk}"')[1].split("</div>")[0]
    return " ".join(block.replace("<strong>", "").replace("</strong>", "").split())


def test_what_the_agency_sends_and_what_it_is_granted_shows_at_once(
    client, clerk_a, agency_a, movement, due_soon, field, reviewer
):
    client.force_login(clerk_a)
    assert calendar_rows(home(client), movement)["Đăng ký mô hình"][2] == "Chưa gửi"
    assert "Tập thể 0/2" in counters(home(client), movement)

    submit_new(movement=movement, agency=agency_a, field=field, by=clerk_a)
    page = home(client)
    assert calendar_rows(page, movement)["Đăng ký mô hình"][2].startswith("Đã gửi đúng hạn")
    assert "Tập thể 1/2" in counters(page, movement)

    extend(
        movement, DeadlineKind.AWARD, agency_a, timezone.localdate() + timedelta(200), by=reviewer
    )
    award = movement.deadlines.get(kind=DeadlineKind.AWARD)
    assert calendar_rows(home(client), movement)[award.title][2].startswith(
        "Chưa gửi — được gia hạn đến hết ngày"
    )


def test_a_commune_sending_into_its_districts_pool_counts_on_the_districts_home(
    client,
    movement,
    district_kinds,  # noqa: F811
    field,
):
    district_kind, commune_kind = district_kinds
    district = AgencyFactory(code="UBND-LH", name="UBND huyện Long Hồ", kind=district_kind)
    commune = AgencyFactory(
        code="UBND-PH", name="UBND xã Phước Hậu", kind=commune_kind, parent=district
    )
    client.force_login(UserFactory(username="huyen.canbo", agency=district, role=Role.CLERK))
    assert "Tập thể 0/5" in counters(home(client), movement)

    submit_new(movement=movement, agency=commune, field=field)

    assert "Tập thể 1/5" in counters(home(client), movement)


def test_a_changed_deadline_rule_or_movement_shows_at_once(client, clerk_a, movement, due_soon):
    client.force_login(clerk_a)
    assert "Tập thể 0/2" in counters(home(client), movement)

    due_soon.due_on = timezone.localdate() + timedelta(days=20)
    due_soon.save()
    rule = QuotaRule.objects.get(movement=movement, agency_kind=None)
    rule.max_collectives = 3
    rule.save()
    page = home(client)
    assert calendar_rows(page, movement)["Đăng ký mô hình"][1].endswith(
        f"{due_soon.due_on:%d/%m/%Y}"
    )
    assert "Tập thể 0/3" in counters(page, movement)

    movement.status = MovementStatus.CLOSED
    movement.save()
    assert f'id="calendar-{movement.pk}"' not in home(client).content.decode()


def test_the_clock_passing_the_closing_moment_shows_without_any_write(
    client, clerk_a, movement, due_soon, monkeypatch
):
    client.force_login(clerk_a)
    assert calendar_rows(home(client), movement)["Đăng ký mô hình"][2] == "Chưa gửi"

    later = due_soon.closes_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert calendar_rows(home(client), movement)["Đăng ký mô hình"][2] == "Đã quá hạn, chưa gửi"
