"""Each user changes their own password; a forgotten one is reset through a one-time link sent
by e-mail (Django's own views, Vietnamese pages and mail)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OLD, NEW = "matkhau-thu-nghiem", "Hoa-Sen-2026-moi"


def test_anonymous_is_sent_to_login_from_the_change_page(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_every_page_offers_the_change_and_the_login_offers_the_reset(client, clerk_a):
    assert "Quên mật khẩu?" in client.get(reverse("login")).content.decode()
    client.force_login(clerk_a)
    assert reverse("password_change") in client.get(reverse("home")).content.decode()


def test_a_clerk_changes_their_own_password(client, clerk_a):
    client.force_login(clerk_a)
    page = client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu hiện tại" in page or "Mật khẩu cũ" in page

    wrong = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(OLD)

    done = client.post(
        reverse("password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Mật khẩu của bạn đã được đổi." in done.content.decode()
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(NEW)


def test_a_forgotten_password_is_reset_once_through_the_mailed_link(client):
    user = UserFactory(username="an.nguyen", email="an.nguyen@stp.gov.vn")

    sent = client.post(reverse("password_reset"), {"email": "an.nguyen@stp.gov.vn"}, follow=True)

    assert "Hãy kiểm tra hộp thư" in sent.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu trên Cổng phong trào “Dân vận khéo”"
    assert "Kính gửi Nguyễn Văn An," in message.body
    link = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+/)", message.body)[1]

    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Mật khẩu mới đã được lưu." in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)

    again = client.get(link, follow=True).content.decode()
    assert "không còn hiệu lực" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "khong-co@x.gov.vn"}, follow=True)
    assert "Hãy kiểm tra hộp thư" in response.content.decode()
    assert mail.outbox == []
