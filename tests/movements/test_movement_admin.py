"""Reviewers keep a movement's schedule inline on the movement, typed as the plan words it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from movements.models import Deadline, Movement

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db
INLINES = (
    "deadlines",
    "quota_rules",
    "scoring_settings",
    "award_settings",
    "content_areas",
    "indicators",
)


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def movement_form(**deadline):
    data = {
        "title": "Phong trào “Dân vận khéo” năm 2026",
        "province": "Lạng Sơn",
        "year": "2026",
        "period": "2026–2030",
        "status": "open",
        "document_type": "Kế hoạch",
        "document_number": "61/KH-UBND",
        "document_date": "26/02/2026",
        "document_issuer": "Ủy ban nhân dân tỉnh Lạng Sơn",
        "document_subject": "",
    }
    for prefix in INLINES:
        data.update(management(prefix, 1 if prefix == "deadlines" and deadline else 0))
    data.update({f"deadlines-0-{name}": value for name, value in deadline.items()})
    return data


def test_the_movement_page_carries_the_schedule_and_each_stages_settings(client, reviewer):
    client.force_login(reviewer)
    page = client.get("/admin/movements/movement/add/").content.decode()
    for prefix in INLINES:
        assert f'name="{prefix}-TOTAL_FORMS"' in page, prefix
    assert "Tính cả ngày hạn" in page
    assert "chậm nhất là ngày" in page  # the help text says how to type the wording


@pytest.mark.parametrize(
    "counts, closes_at, wording",
    [
        ("on", datetime(2026, 3, 11, tzinfo=VN), "chậm nhất là ngày 10/3/2026"),
        ("", datetime(2026, 3, 10, tzinfo=VN), "trước ngày 10/3/2026"),
    ],
)
def test_a_deadline_typed_inline_stores_its_closing_moment(
    client, reviewer, counts, closes_at, wording
):
    client.force_login(reviewer)
    fields = {"kind": "plan", "title": "Gửi kế hoạch năm", "due_on": "10/03/2026"}
    if counts:
        fields["due_day_counts"] = counts
    response = client.post("/admin/movements/movement/add/", movement_form(**fields))

    assert response.status_code == 302, response.content.decode()[:3000]
    deadline = Deadline.objects.get()
    assert deadline.movement == Movement.objects.get()
    assert (deadline.due_on, deadline.closes_at, deadline.wording) == (
        date(2026, 3, 10),
        closes_at,
        wording,
    )
    listing = client.get("/admin/movements/movement/").content.decode()
    assert f"Gửi kế hoạch năm: {wording}" in listing


def test_a_deadline_opening_after_it_closes_is_refused_in_vietnamese(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        "/admin/movements/movement/add/",
        movement_form(
            kind="registration",
            title="Đăng ký mô hình",
            due_on="15/04/2026",
            due_day_counts="on",
            opens_at_0="20/04/2026",
            opens_at_1="08:00",
        ),
    )
    assert response.status_code == 200
    assert "Thời điểm bắt đầu nhận phải trước hạn cuối." in response.content.decode()
    assert not Movement.objects.exists()


def test_a_clerk_cannot_open_the_movement_admin(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get("/admin/movements/movement/add/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url
