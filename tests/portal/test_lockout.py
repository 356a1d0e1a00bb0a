"""Login throttling (django-axes): five wrong passwords lock an account from every address, the
portal and admin logins count together, and a reviewer lifts the lock in the admin."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.utils import timezone

from .. import factories

pytestmark = pytest.mark.django_db

PORTAL_LOGIN = "/dang-nhap/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "matkhau-thu-nghiem"  # the factories' password
WRONG = "sai-mat-khau"
LOCKED = "Tài khoản tạm thời bị khóa"


def attempt(client, username, password, *, url=PORTAL_LOGIN, ip="127.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, *, url=PORTAL_LOGIN, ip="127.0.0.1"):
    return [attempt(client, username, WRONG, url=url, ip=ip) for _ in range(times)]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_four_wrong_passwords_still_let_the_right_one_in(client, clerk_a):
    responses = fail(client, clerk_a.username, 4)

    assert [r.status_code for r in responses] == [200] * 4  # the form again, with its error
    response = attempt(client, clerk_a.username, PASSWORD)
    assert response.status_code == 302 and logged_in(client)
    # A success wipes the count: four more wrong ones do not lock yet.
    client.logout()
    fail(client, clerk_a.username, 4)
    assert attempt(client, clerk_a.username, PASSWORD).status_code == 302


def test_five_wrong_passwords_lock_the_account_with_a_vietnamese_page(client, clerk_a):
    *_, fifth = fail(client, clerk_a.username, 5)
    assert fifth.status_code == 429

    response = attempt(client, clerk_a.username, PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert LOCKED in page
    assert "canbo.a" in page
    assert "nhập sai mật khẩu 5 lần" in page
    assert "30 phút" in page  # AXES_COOLOFF_MINUTES' default
    assert "chuyên viên Sở Nội vụ" in page
    assert "registration/locked_out.html" in [t.name for t in response.templates]


def test_the_lock_holds_from_every_address(client, clerk_a):
    fail(client, clerk_a.username, 5, ip="10.0.0.1")

    response = attempt(client, clerk_a.username, PASSWORD, ip="203.113.1.7")

    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not logged_in(client)


def test_portal_and_admin_logins_count_toward_one_lock(client, reviewer):
    fail(client, reviewer.username, 3, url=PORTAL_LOGIN)
    *_, last = fail(client, reviewer.username, 2, url=ADMIN_LOGIN, ip="10.0.0.2")
    assert last.status_code == 429

    for url in (ADMIN_LOGIN, PORTAL_LOGIN):
        response = attempt(client, reviewer.username, PASSWORD, url=url)
        assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not logged_in(client)
    # One row per address, and the admin shows both pages; the lock adds them up.
    paths = set(
        AccessAttempt.objects.filter(username=reviewer.username).values_list("path_info", flat=True)
    )
    assert paths == {PORTAL_LOGIN, ADMIN_LOGIN}


def test_another_account_is_unaffected(client, clerk_a, clerk_b):
    fail(client, clerk_a.username, 5)

    response = attempt(client, clerk_b.username, PASSWORD)

    assert response.status_code == 302 and logged_in(client)


def test_a_reviewer_sees_the_lock_and_lifts_it(client, clerk_a, reviewer):
    fail(client, clerk_a.username, 5)
    lock = AccessAttempt.objects.get(username=clerk_a.username)

    desk = client.__class__()
    desk.force_login(reviewer)
    listing = desk.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "canbo.a" in page and "Đang bị khóa" in page and "Số lần sai" in page
    assert desk.get("/admin/axes/accessfailurelog/").status_code == 200
    assert desk.get("/admin/axes/accesslog/").status_code == 200

    lifted = desk.post(f"/admin/axes/accessattempt/{lock.pk}/delete/", {"post": "yes"})

    assert lifted.status_code == 302
    assert not AccessAttempt.objects.filter(username=clerk_a.username).exists()
    response = attempt(client, clerk_a.username, PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_lock_from_several_addresses_is_lifted_from_the_list_at_once(client, clerk_a, reviewer):
    """Axes keeps one row per address; searching the name and deleting the rows lifts it all."""
    fail(client, clerk_a.username, 3, ip="10.0.0.1")
    fail(client, clerk_a.username, 2, ip="10.0.0.2")
    desk = client.__class__()
    desk.force_login(reviewer)
    rows = desk.get("/admin/axes/accessattempt/", {"q": clerk_a.username}).context["cl"].result_list
    assert len(rows) == 2

    lifted = desk.post(
        f"/admin/axes/accessattempt/?q={clerk_a.username}",
        {"action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"},
    )

    assert lifted.status_code == 302
    response = attempt(client, clerk_a.username, PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_clerk_cannot_open_the_lockouts(client, clerk_a, clerk_b):
    fail(client, clerk_b.username, 5)
    client.force_login(clerk_a)

    response = client.get("/admin/axes/accessattempt/")

    assert response.status_code == 302 and response["Location"].startswith(ADMIN_LOGIN)


def test_a_staff_user_without_the_role_cannot_lift_a_lock(client, clerk_a):
    fail(client, clerk_a.username, 5)
    lock = AccessAttempt.objects.get(username=clerk_a.username)
    client.force_login(factories.UserFactory(username="nhanvien", is_staff=True))

    assert client.get("/admin/axes/accessattempt/").status_code == 403
    response = client.post(f"/admin/axes/accessattempt/{lock.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=lock.pk).exists()


@override_settings(AXES_COOLOFF_TIME=timedelta(minutes=1))
def test_the_lock_ends_after_the_cool_off_time(client, clerk_a):
    fail(client, clerk_a.username, 5)
    response = attempt(client, clerk_a.username, PASSWORD)
    assert response.status_code == 429 and "1 phút" in response.content.decode()

    # Two minutes pass: the failures are older than the one-minute cool-off.
    AccessAttempt.objects.filter(username=clerk_a.username).update(
        attempt_time=timezone.now() - timedelta(minutes=2)
    )

    response = attempt(client, clerk_a.username, PASSWORD)
    assert response.status_code == 302 and logged_in(client)
