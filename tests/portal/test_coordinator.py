"""The coordinating body is data: one row, its names shown from the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from portal.coordinator import current_coordinator
from portal.models import Coordinator

pytestmark = pytest.mark.django_db


def ward_board():
    return Coordinator.objects.update_or_create(
        singleton=True,
        defaults={
            "name": "Ban Xây dựng Đảng Đảng ủy phường Bình Định",
            "short_name": "Ban Xây dựng Đảng",
            "parent_name": "Đảng ủy phường Bình Định",
            "place_name": "Bình Định",
        },
    )[0]


def test_before_it_is_entered_pages_name_the_role_not_a_body():
    Coordinator.objects.all().delete()
    assert current_coordinator().name == "Cơ quan thường trực phong trào"
    assert Coordinator.objects.count() == 0  # reading made nothing


def test_one_deployment_has_one_coordinator():
    ward_board()
    with pytest.raises(IntegrityError), transaction.atomic():
        Coordinator.objects.create(name="Khác", short_name="Khác", place_name="X")
    assert current_coordinator().short_name == "Ban Xây dựng Đảng"


@pytest.mark.parametrize("typed, days", [("7, 1", [7, 1]), ("1,7,7", [7, 1]), ("3", [3])])
def test_reminder_days_are_read_from_the_row(typed, days):
    coordinator = ward_board()
    coordinator.reminder_days = typed
    coordinator.full_clean()
    assert coordinator.reminder_day_list == days


@pytest.mark.parametrize("typed", ["bảy", "7, 0", "-1"])
def test_malformed_reminder_days_are_refused_in_vietnamese(typed):
    coordinator = ward_board()
    coordinator.reminder_days = typed
    with pytest.raises(ValidationError, match="số ngày nguyên dương"):
        coordinator.full_clean()


def test_the_admin_adds_it_once_and_never_deletes_it(admin_client):
    Coordinator.objects.all().delete()
    assert admin_client.get(reverse("admin:portal_coordinator_add")).status_code == 200
    coordinator = ward_board()
    assert admin_client.get(reverse("admin:portal_coordinator_add")).status_code == 403
    delete = reverse("admin:portal_coordinator_delete", args=[coordinator.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Coordinator.objects.count() == 1


def test_a_reviewer_edits_the_names_and_a_clerk_cannot(client, reviewer, clerk_a):
    coordinator = ward_board()
    change = reverse("admin:portal_coordinator_change", args=[coordinator.pk])
    client.force_login(clerk_a)
    assert client.get(change).status_code == 302
    client.force_login(reviewer)
    response = client.post(
        change,
        {
            "name": "Sở Nội vụ tỉnh Lạng Sơn",
            "short_name": "Sở Nội vụ",
            "parent_name": "UBND TỈNH LẠNG SƠN",
            "place_name": "Lạng Sơn",
            "email": "",
            "reminder_days": "7, 1",
        },
    )
    assert response.status_code == 302
    assert current_coordinator().place_name == "Lạng Sơn"
