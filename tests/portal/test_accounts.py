"""A reviewer onboards agency accounts (clerk or leader of one agency) and nothing more; a new
account sets its own password through a one-time link."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from portal.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:portal_user_add")
NEW_PASSWORD = "Hoa-Sen-2026-moi"


def new_account(**overrides):
    data = {
        "username": "canbo.xa.an",
        "full_name": "Trần Thị Bình",
        "email": "binh@xa-an.gov.vn",
        "role": Role.CLERK.value,
        "position": "Công chức Văn phòng",
        "phone": "0270 3822 111",
    }
    return data | overrides


def link_in(message):
    return re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+)", message.body).group(1)


def test_a_reviewer_adds_a_commune_clerk_who_sets_their_own_password(
    client, reviewer, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    page = client.get(ADD).content.decode()
    assert "Vai trò" in page and "Mật khẩu" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, new_account(agency=agency_a.pk), follow=True)

    assert "Đã gửi liên kết đặt mật khẩu (dùng một lần) tới binh@xa-an.gov.vn." in (
        response.content.decode()
    )
    user = User.objects.get(username="canbo.xa.an")
    assert user.agency == agency_a and user.full_name == "Trần Thị Bình"
    assert not user.is_staff and not user.is_superuser and user.is_active
    assert list(user.groups.values_list("name", flat=True)) == [Role.CLERK.label]
    assert not user.has_usable_password()
    # The mail carries a link, never a password.
    (message,) = mail.outbox
    assert message.to == ["binh@xa-an.gov.vn"]
    assert message.subject == "Tài khoản của bạn trên Cổng phong trào “Dân vận khéo”"
    assert "Tên đăng nhập: canbo.xa.an" in message.body
    assert f"Cơ quan, đơn vị: {agency_a.name}" in message.body
    assert "chỉ dùng được một lần và hết hạn sau 3 ngày" in message.body

    link = link_in(message)
    form = client.get(link, follow=True)
    assert "Mật khẩu mới" in form.content.decode()
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Used once, the link is dead.
    again = client.get(link, follow=True).content.decode()
    assert "không còn hiệu lực" in again or "không hợp lệ" in again

    client.logout()
    login = client.post(
        reverse("login"), {"username": "canbo.xa.an", "password": NEW_PASSWORD}, follow=True
    )
    assert login.context["user"] == user


def test_the_reviewer_cannot_make_staff_a_superuser_or_grant_permissions(
    client, reviewer, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    reviewer_group = Group.objects.get(name=Role.REVIEWER.label)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            ADD,
            new_account(
                agency=agency_a.pk,
                is_staff="on",
                is_superuser="on",
                groups=[reviewer_group.pk],
                user_permissions=[1, 2, 3],
            ),
        )
    user = User.objects.get(username="canbo.xa.an")
    assert not user.is_staff and not user.is_superuser
    assert not user.user_permissions.exists()
    assert list(user.groups.values_list("name", flat=True)) == [Role.CLERK.label]

    refused = client.post(ADD, new_account(username="x", role=Role.REVIEWER.value))
    assert refused.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in refused.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_an_agency_account_needs_an_agency_and_an_email(client, reviewer):
    client.force_login(reviewer)
    response = client.post(ADD, new_account(email="", agency=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Trường này là bắt buộc.") >= 2
    assert not User.objects.filter(username="canbo.xa.an").exists()
    assert not mail.outbox


def test_a_reviewer_changes_an_agency_role_and_deactivates_an_account(client, reviewer, clerk_a):
    client.force_login(reviewer)
    url = reverse("admin:portal_user_change", args=[clerk_a.pk])
    page = client.get(url).content.decode()
    assert "is_superuser" not in page and "user_permissions" not in page
    response = client.post(
        url,
        {
            "username": clerk_a.username,
            "full_name": clerk_a.full_name,
            "email": "an@stp.gov.vn",
            "agency": clerk_a.agency_id,
            "role": Role.LEADER.value,
            "position": "Phó Giám đốc",
            "phone": "",
        },
    )
    assert response.status_code == 302
    clerk_a.refresh_from_db()
    assert list(clerk_a.groups.values_list("name", flat=True)) == [Role.LEADER.label]
    assert not clerk_a.is_active  # the checkbox was left unticked
    assert clerk_a.check_password("matkhau-thu-nghiem")  # the password was not touched


def test_a_reviewer_cannot_see_or_touch_staff_superusers_or_other_reviewers(
    client, reviewer, clerk_a
):
    boss = UserFactory(username="quantri", agency=None, is_staff=True, is_superuser=True)
    colleague = UserFactory(username="chuyenvien2", role=Role.REVIEWER, is_staff=True)
    client.force_login(reviewer)

    listing = client.get(reverse("admin:portal_user_changelist")).content.decode()
    assert clerk_a.username in listing
    assert "quantri" not in listing and "chuyenvien2" not in listing
    for user in (boss, colleague, reviewer):
        change = reverse("admin:portal_user_change", args=[user.pk])
        response = client.post(change, {"username": user.username, "email": "x@x.vn"})
        assert response.status_code == 302  # “does not exist” back to the list
        user.refresh_from_db()
        assert user.email != "x@x.vn"
    boss.refresh_from_db()
    assert boss.is_superuser


def test_a_reviewer_cannot_set_a_password_edit_roles_or_delete_accounts(client, reviewer, clerk_a):
    client.force_login(reviewer)
    password_page = reverse("admin:auth_user_password_change", args=[clerk_a.pk])
    assert client.get(password_page).status_code == 403
    assert client.post(password_page, {"password1": "x", "password2": "x"}).status_code == 403
    clerk_a.refresh_from_db()
    assert clerk_a.check_password("matkhau-thu-nghiem")
    group = Group.objects.get(name=Role.CLERK.label)
    assert client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403
    assert client.get(reverse("admin:auth_group_add")).status_code == 403
    delete = reverse("admin:portal_user_delete", args=[clerk_a.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=clerk_a.pk).exists()


def test_a_clerk_cannot_reach_account_pages(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get(ADD)
    assert response.status_code == 302 and reverse("admin:login") in response.url
    assert not User.objects.filter(username="canbo.xa.an").exists()


def test_the_reviewer_resends_a_link_to_selected_accounts(
    client, reviewer, clerk_a, clerk_b, django_capture_on_commit_callbacks
):
    clerk_a.email = "a@stp.gov.vn"
    clerk_a.save()
    clerk_b.email = ""
    clerk_b.save()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_user_changelist"),
            {"action": "send_password_links", "_selected_action": [clerk_a.pk, clerk_b.pk]},
            follow=True,
        )
    page = response.content.decode()
    assert "Đã gửi liên kết tới 1 tài khoản." in page
    assert "chưa có thư điện tử hoặc không hoạt động): canbo.b" in page
    (message,) = mail.outbox
    assert message.to == ["a@stp.gov.vn"]
    assert message.subject == "Đặt mật khẩu trên Cổng phong trào “Dân vận khéo”"
    clerk_a.refresh_from_db()
    assert clerk_a.check_password("matkhau-thu-nghiem")  # a link, not a new password


@pytest.mark.parametrize(
    "model", ["portal/agencykind", "portal/agency", "movements/field", "awards/awardkind"]
)
def test_the_reviewer_adds_what_onboarding_needs(client, reviewer, model):
    client.force_login(reviewer)
    assert client.get(f"/admin/{model}/add/").status_code == 200


def test_the_superuser_keeps_the_full_account_form(admin_client):
    page = admin_client.get(ADD).content.decode()
    assert "password1" in page
