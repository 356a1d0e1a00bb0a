"""The coordinator publishes from the model register: two bulk actions and the public story on a
model's page, each through showcase/services.py; someone who may only read the register cannot."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import InitiativeFactory, UserFactory

from .conftest import published, recognised

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:initiatives_initiative_changelist")


@pytest.fixture
def reader(db):
    """Staff who may read the register, and nothing more."""
    user = UserFactory(username="chi.doc", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_initiative"))
    return user


def hidden_inputs(text):
    """What the browser sends back unseen: the timeline's management form."""
    return dict(re.findall(r'<input type="hidden" name="(events-[^"]+)" value="([^"]*)"', text))


def act(client, action, rows):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [row.pk for row in rows]}, follow=True
    )


def test_the_reviewer_publishes_and_unpublishes_in_bulk(
    client, movement, agency_a, agency_b, field, reviewer
):
    one = recognised(movement, agency_a, field, by=reviewer, name="Mô hình một")
    two = recognised(movement, agency_b, field, by=reviewer, name="Mô hình hai")
    client.force_login(reviewer)
    response = act(client, "publish_selected", [one, two])
    assert "Đã công bố 2 mô hình lên trang công khai." in response.text
    assert set(Initiative.objects.filter(published=True)) == {one, two}
    assert response.text.count('href="/mo-hinh-tieu-bieu/') == 2
    response = act(client, "unpublish_selected", [two])
    assert "Đã thôi công bố 1 mô hình." in response.text
    assert list(Initiative.objects.filter(published=True)) == [one]


def test_publishing_a_model_not_recognised_is_refused_with_a_message(
    client, movement, agency_a, field, reviewer
):
    good = recognised(movement, agency_a, field, by=reviewer, name="Mô hình tốt")
    registered = InitiativeFactory(agency=agency_a, field=field, status="registered")
    client.force_login(reviewer)
    response = act(client, "publish_selected", [good, registered])
    assert "Chỉ công bố được mô hình đã được công nhận và còn trong danh sách." in response.text
    assert not Initiative.objects.filter(published=True).exists()


def test_the_reviewer_edits_the_public_story(client, movement, agency_a, field, reviewer):
    initiative = published(movement, agency_a, field, by=reviewer, name="Mô hình sửa")
    client.force_login(reviewer)
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    page = client.get(url)
    assert 'name="public_story"' in page.text and 'name="name"' not in page.text
    client.post(url, {**hidden_inputs(page.text), "public_story": "Câu chuyện mới về Đồng Tháp"})
    initiative.refresh_from_db()
    assert initiative.public_story == "Câu chuyện mới về Đồng Tháp"
    assert "dong thap" in initiative.search_text
    assert initiative.name == "Mô hình sửa"
    response = client.post(url, {**hidden_inputs(page.text), "public_story": "  "})
    assert "vui lòng nhập nội dung giới thiệu" in response.text
    assert Initiative.objects.get(pk=initiative.pk).public_story == "Câu chuyện mới về Đồng Tháp"


def test_a_reader_of_the_register_can_neither_publish_nor_edit(
    client, movement, agency_a, field, reviewer, reader
):
    initiative = recognised(movement, agency_a, field, by=reviewer, name="Mô hình chỉ đọc")
    client.force_login(reader)
    page = client.get(CHANGELIST)
    assert page.status_code == 200 and "publish_selected" not in page.text
    act(client, "publish_selected", [initiative])
    assert not Initiative.objects.get(pk=initiative.pk).published
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    assert 'name="public_story"' not in client.get(url).text
    assert client.post(url, {"public_story": "Chen ngang"}).status_code == 403
    assert Initiative.objects.get(pk=initiative.pk).public_story == ""
