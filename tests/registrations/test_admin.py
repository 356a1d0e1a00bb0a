"""Sở Nội vụ's desk in the admin: the registration list, its filters, and the review actions."""

from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from movements.models import Field
from registrations import services
from registrations.models import Carrier, Registration, State
from tests.factories import (
    AgencyFactory,
    AgencyKindFactory,
    FieldFactory,
    MovementFactory,
    QuotaRuleFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST_URL = "/admin/registrations/registration/"


def review_url(registration, decision):
    return f"/admin/registrations/registration/{registration.pk}/xu-ly/{decision}/"


def text(response):
    return unescape(response.content.decode())


def listed_names(response):
    """The names of the registrations the changelist shows."""
    return sorted(r.name for r in response.context["cl"].result_list)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def submitted(registration, by):
    return services.submit_registration(registration=registration, by=by)


def new_submitted(*, movement, agency, by, **fields):
    registration = RegistrationFactory(movement=movement, agency=agency, **fields)
    return submitted(registration, by)


@pytest.fixture
def sent_a(draft_a, leader_a):
    return submitted(draft_a, leader_a)


@pytest.fixture
def sent_b(draft_b, reviewer):
    # The reviewer may send on an agency's behalf (the submit_selected action).
    return submitted(draft_b, reviewer)


def refreshed(*registrations):
    return [Registration.objects.get(pk=r.pk) for r in registrations]


# ---------------------------------------------------------------------------- the list


def test_reviewer_sees_the_changelist(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 200
    page = text(response)
    assert sent_a.name in page
    assert sent_b.name in page
    assert "Sở Tư pháp" in page
    assert "Đã gửi" in page  # the state's Vietnamese label
    assert listed_names(response) == sorted([sent_a.name, sent_b.name])


def test_clerk_is_sent_to_the_admin_login(client, clerk_a, sent_a):
    client.force_login(clerk_a)

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_filter_by_movement(client, reviewer, agency_a, leader_a, field, movement):
    other = MovementFactory(title="Phong trào năm sau")
    QuotaRuleFactory(movement=other, agency_kind=None)
    here = new_submitted(movement=movement, agency=agency_a, by=leader_a, field=field)
    there = new_submitted(movement=other, agency=agency_a, by=leader_a, field=field)
    client.force_login(reviewer)

    assert listed_names(client.get(CHANGELIST_URL, {"movement__id__exact": movement.pk})) == [
        here.name
    ]
    assert listed_names(client.get(CHANGELIST_URL, {"movement__id__exact": other.pk})) == [
        there.name
    ]


def test_filter_by_agency_kind(client, reviewer, movement, agency_a, leader_a, field, health_kind):
    hospital = AgencyFactory(code="SYT", name="Sở Y tế", kind=health_kind)
    department = new_submitted(movement=movement, agency=agency_a, by=leader_a, field=field)
    health = new_submitted(movement=movement, agency=hospital, by=reviewer, field=field)
    client.force_login(reviewer)

    response = client.get(CHANGELIST_URL, {"agency__kind__id__exact": health_kind.pk})

    assert listed_names(response) == [health.name]
    response = client.get(CHANGELIST_URL, {"agency__kind__id__exact": agency_a.kind_id})
    assert listed_names(response) == [department.name]


def test_filter_by_carrier(client, reviewer, movement, agency_a, leader_a, field):
    collective = new_submitted(movement=movement, agency=agency_a, by=leader_a, field=field)
    person = new_submitted(
        movement=movement,
        agency=agency_a,
        by=leader_a,
        field=field,
        carrier=Carrier.INDIVIDUAL,
        collective_name="",
        person_name="Phạm Thị Dung",
        person_position="Chuyên viên",
        person_workplace="Văn phòng Sở",
    )
    client.force_login(reviewer)

    assert listed_names(client.get(CHANGELIST_URL, {"carrier__exact": "individual"})) == [
        person.name
    ]
    assert listed_names(client.get(CHANGELIST_URL, {"carrier__exact": "collective"})) == [
        collective.name
    ]


def test_filter_by_state(client, reviewer, sent_a, draft_b):
    client.force_login(reviewer)

    response = client.get(CHANGELIST_URL, {"state__exact": "submitted"})

    assert listed_names(response) == [sent_a.name]
    assert listed_names(client.get(CHANGELIST_URL, {"state__exact": "draft"})) == [draft_b.name]


def test_filter_by_field(client, reviewer, movement, agency_a, leader_a, field):
    culture = FieldFactory(code="van-hoa-xa-hoi", name="Văn hóa - xã hội")
    economy = new_submitted(movement=movement, agency=agency_a, by=leader_a, field=field)
    social = new_submitted(movement=movement, agency=agency_a, by=leader_a, field=culture)
    client.force_login(reviewer)

    assert listed_names(client.get(CHANGELIST_URL, {"field__id__exact": culture.pk})) == [
        social.name
    ]
    assert listed_names(client.get(CHANGELIST_URL, {"field__id__exact": field.pk})) == [
        economy.name
    ]


def test_filter_by_agency_typed_or_linked(client, reviewer, movement, agency_a, leader_a, field):
    """The agency is typed (code or part of its name) or named exactly by a tracker link; the
    sidebar draws a box, not a link per agency."""
    health = AgencyFactory(code="SYT", name="Sở Y tế tỉnh")
    mine = new_submitted(movement=movement, agency=agency_a, by=leader_a, field=field)
    theirs = new_submitted(movement=movement, agency=health, by=reviewer, field=field)
    others = [AgencyFactory(name=f"Ủy ban nhân dân xã Số {i}") for i in range(30)]
    for agency in others:
        new_submitted(movement=movement, agency=agency, by=reviewer, field=field)
    client.force_login(reviewer)

    assert listed_names(client.get(CHANGELIST_URL, {"co-quan": "y tế"})) == [theirs.name]
    assert listed_names(client.get(CHANGELIST_URL, {"co-quan": "syt"})) == [theirs.name]
    linked = client.get(CHANGELIST_URL, {"agency__id__exact": agency_a.pk})
    assert listed_names(linked) == [mine.name]
    assert f"Đang xem: {agency_a.name}" in text(linked)
    assert "Mọi cơ quan, đơn vị" in text(linked)
    # The box keeps the other filters; the list shows no link per agency.
    page = text(client.get(CHANGELIST_URL, {"movement__id__exact": movement.pk}))
    assert 'name="co-quan"' in page
    assert f'<input type="hidden" name="movement__id__exact" value="{movement.pk}">' in page
    assert "agency__id__exact=" not in page
    # A malformed or unknown agency finds nothing, and says nothing breaks.
    for value in ("abc", "-1", "9" * 30, "0"):
        response = client.get(CHANGELIST_URL, {"agency__id__exact": value})
        assert response.status_code == 200 and listed_names(response) == []
    assert client.get(CHANGELIST_URL, {"co-quan": "x" * 5000}).status_code == 200


def test_the_list_queries_do_not_grow_with_agencies(client, reviewer, movement, leader_a, field):
    client.force_login(reviewer)
    new_submitted(movement=movement, agency=leader_a.agency, by=leader_a, field=field)
    client.get(CHANGELIST_URL)  # warm: permissions and the coordinator read once
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST_URL)
    for i in range(40):
        agency = AgencyFactory(name=f"Phường Thử {i}")
        new_submitted(movement=movement, agency=agency, by=reviewer, field=field)
    with CaptureQueriesContext(connection) as many:
        client.get(CHANGELIST_URL)
    assert len(many) == len(few)


def test_search_by_name(client, reviewer, movement, agency_a, leader_a, field):
    wanted = new_submitted(
        movement=movement, agency=agency_a, by=leader_a, field=field, name="Trợ giúp pháp lý"
    )
    new_submitted(movement=movement, agency=agency_a, by=leader_a, field=field, name="Một cửa")
    client.force_login(reviewer)

    response = client.get(CHANGELIST_URL, {"q": "pháp lý"})

    assert listed_names(response) == [wanted.name]


def test_search_by_agency_code(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)

    assert listed_names(client.get(CHANGELIST_URL, {"q": "SXD"})) == [sent_b.name]


def _changelist_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST_URL)
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


def test_changelist_query_count_does_not_grow_with_rows(client, reviewer, movement, field):
    """Each row shows its agency: one query for the page, not one per row."""
    kind = AgencyKindFactory(code="so-nganh", name="Sở, ban, ngành cấp tỉnh")

    def one_more(n):
        agency = AgencyFactory(code=f"CQ-T{n}", name=f"Cơ quan thử {n}", kind=kind)
        own_field = Field.objects.create(code=f"linh-vuc-{n}", name=f"Lĩnh vực {n}")
        own_movement = MovementFactory()
        QuotaRuleFactory(movement=own_movement, agency_kind=None)
        new_submitted(movement=own_movement, agency=agency, by=reviewer, field=own_field)

    one_more(0)
    client.force_login(reviewer)
    _changelist_queries(client)  # warm caches (content types, permissions)
    with_one, rows = _changelist_queries(client)
    assert rows == 1

    for n in range(1, 30):
        one_more(n)
    _changelist_queries(client)  # warm again: new movements and fields refill the filters' links
    with_thirty, rows = _changelist_queries(client)

    assert rows == 30
    assert with_thirty == with_one


# ---------------------------------------------------------------------------- bulk accept


def run_action(client, action, registrations, **extra):
    data = {"action": action, "_selected_action": [str(r.pk) for r in registrations], **extra}
    return client.post(CHANGELIST_URL, data)


def test_accept_action_first_shows_a_confirmation_and_changes_nothing(
    client, reviewer, sent_a, sent_b
):
    client.force_login(reviewer)

    response = run_action(client, "accept_selected", [sent_a, sent_b], index="0")

    assert response.status_code == 200
    page = text(response)
    assert "Chấp thuận <strong>2</strong> mô hình sau:" in page
    assert sent_a.name in page
    assert sent_b.name in page
    assert 'name="confirm" value="yes"' in page
    assert [r.state for r in refreshed(sent_a, sent_b)] == [State.SUBMITTED, State.SUBMITTED]
    assert all(r.reviewed_by is None for r in refreshed(sent_a, sent_b))


def test_accept_action_confirmed_accepts_all(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)

    response = run_action(client, "accept_selected", [sent_a, sent_b], confirm="yes")

    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert "Đã chấp thuận 2 mô hình." in messages_of(followed)
    for registration in refreshed(sent_a, sent_b):
        assert registration.state == State.ACCEPTED
        assert registration.reviewed_by == reviewer
        assert registration.reviewed_at is not None


def test_accept_through_the_admin_is_in_the_history(client, reviewer, sent_a):
    client.force_login(reviewer)

    run_action(client, "accept_selected", [sent_a], confirm="yes")

    latest = Registration.objects.get(pk=sent_a.pk).history.first()
    assert latest.state == State.ACCEPTED
    assert latest.history_user == reviewer
    assert latest.history_change_reason == "Chấp thuận"


def test_return_action_without_reason_shows_an_error_and_changes_nothing(
    client, reviewer, sent_a, sent_b
):
    client.force_login(reviewer)

    response = run_action(client, "return_selected", [sent_a, sent_b], confirm="yes", reason="  ")

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    page = text(response)
    assert "Trả lại <strong>2</strong> mô hình sau:" in page
    assert response.context["form"].errors["reason"][0] in page
    assert [r.state for r in refreshed(sent_a, sent_b)] == [State.SUBMITTED, State.SUBMITTED]


def test_return_action_with_reason_returns_all(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)
    reason = "Bổ sung kết quả, sản phẩm dự kiến có số liệu cụ thể."

    response = run_action(client, "return_selected", [sent_a, sent_b], confirm="yes", reason=reason)

    assert response.status_code == 302
    assert "Đã trả lại 2 mô hình kèm lý do." in messages_of(client.get(response["Location"]))
    for registration in refreshed(sent_a, sent_b):
        assert registration.state == State.RETURNED
        assert registration.return_reason == reason
        assert registration.reviewed_by == reviewer


def test_mixed_selection_is_flagged_on_the_confirmation_page(client, reviewer, sent_a, draft_b):
    client.force_login(reviewer)

    response = run_action(client, "accept_selected", [sent_a, draft_b], index="0")

    page = text(response)
    assert "1 mô hình không ở trạng thái chờ duyệt" in page
    assert draft_b.name in page


@pytest.mark.parametrize(
    ("action", "extra"),
    [("accept_selected", {}), ("return_selected", {"reason": "Thiếu số liệu."})],
)
def test_mixed_selection_with_a_draft_is_refused_whole(
    client, reviewer, sent_a, draft_b, action, extra
):
    client.force_login(reviewer)

    response = run_action(client, action, [sent_a, draft_b], confirm="yes", **extra)

    assert response.status_code == 302
    shown = " ".join(messages_of(client.get(response["Location"])))
    assert "Chỉ xử lý được mô hình đang chờ duyệt." in shown
    assert f"“{draft_b.name}” (Bản nháp)" in shown
    assert "Không có thay đổi nào được lưu." in shown
    a, b = refreshed(sent_a, draft_b)
    assert (a.state, a.reviewed_by, a.return_reason) == (State.SUBMITTED, None, "")
    assert (b.state, b.reviewed_by) == (State.DRAFT, None)


def test_reviewer_can_send_drafts_on_behalf_of_an_agency(client, reviewer, draft_a, draft_b):
    client.force_login(reviewer)

    response = run_action(client, "submit_selected", [draft_a, draft_b], index="0")

    assert response.status_code == 302
    assert "Đã gửi 2 mô hình." in messages_of(client.get(response["Location"]))
    for registration in refreshed(draft_a, draft_b):
        assert registration.state == State.SUBMITTED
        assert registration.submitted_by == reviewer


def test_staff_without_review_permission_has_no_review_actions(client, sent_a):
    viewer = UserFactory(username="chi.xem", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="registrations", codename="view_registration"
        )
    )
    client.force_login(viewer)

    response = run_action(client, "accept_selected", [sent_a], confirm="yes")
    assert Registration.objects.get(pk=sent_a.pk).state == State.SUBMITTED
    assert response.status_code in (200, 302)

    response = client.post(review_url(sent_a, "chap-thuan"), {"confirm": "yes"})
    assert response.status_code == 403
    assert Registration.objects.get(pk=sent_a.pk).state == State.SUBMITTED


# ---------------------------------------------------------------------------- one registration


def test_change_page_offers_the_review_buttons(client, reviewer, sent_a):
    client.force_login(reviewer)

    response = client.get(f"/admin/registrations/registration/{sent_a.pk}/change/")

    assert response.status_code == 200
    page = text(response)
    assert review_url(sent_a, "chap-thuan") in page
    assert review_url(sent_a, "tra-lai") in page


def test_accept_one_page_confirms_then_accepts(client, reviewer, sent_a):
    client.force_login(reviewer)

    page = client.get(review_url(sent_a, "chap-thuan"))
    assert page.status_code == 200
    assert "Chấp thuận <strong>1</strong> mô hình sau:" in text(page)
    assert sent_a.name in text(page)
    assert Registration.objects.get(pk=sent_a.pk).state == State.SUBMITTED

    response = client.post(review_url(sent_a, "chap-thuan"), {"confirm": "yes"})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/registrations/registration/{sent_a.pk}/change/"
    registration = Registration.objects.get(pk=sent_a.pk)
    assert registration.state == State.ACCEPTED
    assert registration.reviewed_by == reviewer
    assert registration.history.first().history_user == reviewer


def test_return_one_page_needs_a_reason(client, reviewer, sent_a):
    client.force_login(reviewer)

    refused = client.post(review_url(sent_a, "tra-lai"), {"confirm": "yes", "reason": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    assert Registration.objects.get(pk=sent_a.pk).state == State.SUBMITTED

    response = client.post(
        review_url(sent_a, "tra-lai"), {"confirm": "yes", "reason": "Nêu rõ nguồn lực."}
    )

    assert response.status_code == 302
    registration = Registration.objects.get(pk=sent_a.pk)
    assert registration.state == State.RETURNED
    assert registration.return_reason == "Nêu rõ nguồn lực."
    assert registration.reviewed_by == reviewer


def test_accept_one_refuses_a_registration_already_accepted(client, reviewer, sent_a):
    services.accept_registration(registration=sent_a, by=reviewer)
    records_before = sent_a.history.count()
    client.force_login(reviewer)

    response = client.post(review_url(sent_a, "chap-thuan"), {"confirm": "yes"}, follow=True)

    assert any("Chỉ xử lý được mô hình đang chờ duyệt." in m for m in messages_of(response))
    assert sent_a.history.count() == records_before  # nothing written


def test_review_page_unknown_decision_or_registration_is_404(client, reviewer, sent_a):
    client.force_login(reviewer)

    assert client.get(review_url(sent_a, "xoa")).status_code == 404
    assert (
        client.get("/admin/registrations/registration/999999/xu-ly/chap-thuan/").status_code == 404
    )


def test_clerk_cannot_open_the_review_page(client, clerk_a, sent_a):
    client.force_login(clerk_a)

    response = client.post(review_url(sent_a, "chap-thuan"), {"confirm": "yes"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Registration.objects.get(pk=sent_a.pk).state == State.SUBMITTED


def test_a_past_version_opens_read_only_and_cannot_be_restored(client, reviewer, sent_a):
    first = sent_a.history.earliest("history_date")
    Registration.objects.filter(pk=sent_a.pk).update(goals="Mục tiêu mới")
    client.force_login(reviewer)
    url = f"/admin/registrations/registration/{sent_a.pk}/history/{first.history_id}/"

    response = client.get(url)

    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Bản nháp" in page  # the state it had then
    assert 'name="_save"' not in page
    assert client.post(url, {"goals": "Sửa qua lịch sử"}).status_code == 403
    assert Registration.objects.get(pk=sent_a.pk).goals == "Mục tiêu mới"
