"""The admin's home is a reviewer's desk: what waits now, and deadlines with who has not sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from movements.models import Deadline, DeadlineKind, MovementStatus
from registrations import services
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_desk_counts_what_waits_and_links_to_the_awaiting_list(
    client, reviewer, movement, agency_a, agency_b, leader_a, field, django_assert_max_num_queries
):
    for name in ("Một", "Hai"):
        row = RegistrationFactory(
            movement=movement, agency=agency_a, created_by=leader_a, field=field, name=name
        )
        services.submit_registration(registration=row, by=leader_a)
    movement.status = MovementStatus.OPEN
    movement.save()
    plan_due = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.PLAN,
        title="Gửi kế hoạch năm",
        due_on=timezone.localdate() + timedelta(days=5),
    )
    client.force_login(reviewer)
    with django_assert_max_num_queries(40):
        page = client.get("/admin/").content.decode()
    desk = page[page.index('id="reviewer-desk"') :]
    assert (
        '<a href="/admin/registrations/registration/?trang-thai=cho-duyet">'
        'Đăng ký mô hình chờ duyệt</a></th><td class="count">2</td>' in desk
    )
    assert "Gửi kế hoạch năm" in desk
    assert f'<a href="/cham-diem/{movement.pk}/xep-hang/">Xếp hạng chấm điểm</a>' in desk
    line = desk[desk.index("Gửi kế hoạch năm") :]
    tracker = f"/admin/movements/movement/{movement.pk}/theo-doi/?han={plan_due.pk}&amp;trang-thai=pending"
    assert tracker in line
    # Every active agency is asked (the deadline names no kind) and none has sent.
    from portal.models import Agency

    assert f"{Agency.objects.filter(active=True).count()} đơn vị chưa gửi" in line


def test_an_agency_account_has_no_desk(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get("/admin/")
    assert response.status_code == 302
