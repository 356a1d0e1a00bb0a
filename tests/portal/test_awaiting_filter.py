"""One “Chờ duyệt” choice on every reviewed list: sent and sent again together."""

import pytest

from registrations import services
from tests.factories import MovementFactory, QuotaRuleFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_awaiting_choice_lists_sent_and_resent_together(
    client, reviewer, agency_a, leader_a, field
):
    movement = MovementFactory()
    QuotaRuleFactory(movement=movement, max_collectives=5)

    def registration(name):
        row = RegistrationFactory(
            movement=movement, agency=agency_a, created_by=leader_a, field=field, name=name
        )
        return services.submit_registration(registration=row, by=leader_a)

    registration("Mô hình A gửi lần đầu")
    resent = registration("Mô hình B gửi lại")
    services.return_registration(registration=resent, by=reviewer, reason="Bổ sung")
    services.submit_registration(registration=resent, by=leader_a)
    accepted = registration("Mô hình C chấp thuận")
    services.accept_registration(registration=accepted, by=reviewer)
    RegistrationFactory(
        movement=movement, agency=agency_a, created_by=leader_a, name="Mô hình D nháp"
    )

    client.force_login(reviewer)
    url = "/admin/registrations/registration/"
    page = client.get(url).content.decode()
    assert "Chờ duyệt (gửi lần đầu và gửi lại)" in page
    waiting = client.get(url, {"trang-thai": "cho-duyet"}).content.decode()
    assert "Mô hình A gửi lần đầu" in waiting and "Mô hình B gửi lại" in waiting
    assert "Mô hình C chấp thuận" not in waiting and "Mô hình D nháp" not in waiting
    one_state = client.get(url, {"trang-thai": "accepted"}).content.decode()
    assert "Mô hình C chấp thuận" in one_state and "Mô hình A gửi lần đầu" not in one_state
    # A value the filter does not know changes nothing (and is no error).
    assert client.get(url, {"trang-thai": "khong-co"}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/plan/",
        "/admin/reports/report/",
        "/admin/scoring/scorecard/",
        "/admin/awards/awardproposal/",
        "/admin/initiatives/initiativereview/",
    ],
)
def test_every_reviewed_list_offers_the_awaiting_choice(client, reviewer, url):
    client.force_login(reviewer)
    page = client.get(url, {"trang-thai": "cho-duyet"})
    assert page.status_code == 200
    assert "Chờ duyệt (gửi lần đầu và gửi lại)" in page.content.decode()
