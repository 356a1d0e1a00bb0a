"""The demo's provincial leader opens the 2026 movement's dashboard with seed 003's targets."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_leader_reads_seed_003s_targets_against_fact(client):
    call_command("seed_demo")
    leader = User.objects.get(username="ubnd.lanhdao")
    assert leader.agency_id is None
    client.force_login(leader)
    page = client.get(reverse("home"), follow=True)
    text = page.content.decode()
    assert page.status_code == 200
    for name in (
        "100% đơn vị quán triệt Kế hoạch",
        "80% đơn vị đạt tiêu chí “Dân vận khéo”",
        "Trên 80% đơn vị thực hiện tốt quy chế dân chủ",
    ):
        assert name in text
    assert "Chưa đạt" in text and "Đạt" in text
