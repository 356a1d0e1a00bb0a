"""The coordinator's desk for plans in the admin: the list (with a query guard), the plan read
with its tasks, accepting or returning one plan or many (confirmation first, one reason, all
or none), the printed plan and the signed scan; agencies' people are kept out."""

from html import unescape

import pytest

from reports.models import State
from reports.services import plans as services
from tests.factories import AgencyFactory, UserFactory

from .plan_factories import PlanFactory, PlanTaskFactory, pdf_upload

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/reports/plan/"


def text(response):
    return unescape(response.content.decode())


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def sent_a(plan_a, task_a, leader_a):
    return services.submit_plan(plan=plan_a, by=leader_a)


@pytest.fixture
def sent_b(plan_b, areas, reviewer):
    PlanTaskFactory(plan=plan_b, area=areas[1])
    return services.submit_plan(plan=plan_b, by=reviewer)


def run_action(client, action, plans, **extra):
    data = {"action": action, "_selected_action": [str(p.pk) for p in plans], **extra}
    return client.post(CHANGELIST, data, follow="confirm" in extra)


def test_changelist_queries_do_not_grow(client, reviewer, deadline, django_assert_max_num_queries):
    client.force_login(reviewer)
    PlanFactory(deadline=deadline, created_by=reviewer)
    with django_assert_max_num_queries(20):
        assert client.get(CHANGELIST).status_code == 200
    for _ in range(15):
        plan = PlanFactory(deadline=deadline, created_by=reviewer)
        PlanTaskFactory(plan=plan)
    with django_assert_max_num_queries(20):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 16


def test_reviewer_reads_the_plan_with_its_tasks(client, reviewer, sent_a, task_a):
    client.force_login(reviewer)
    page = text(client.get(f"{CHANGELIST}{sent_a.pk}/change/"))
    assert task_a.task in page and "Tiếp nhận" in page and "In kế hoạch (PDF)" in page


def test_bulk_accept_confirms_first_then_accepts_all(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)
    page = text(run_action(client, "accept_selected", [sent_a, sent_b]))
    assert "Tiếp nhận <strong>2</strong> kế hoạch" in page
    sent_a.refresh_from_db()
    assert sent_a.state == State.SUBMITTED
    response = run_action(client, "accept_selected", [sent_a, sent_b], confirm="yes")
    assert "Đã tiếp nhận 2 kế hoạch." in messages_of(response)
    for plan in (sent_a, sent_b):
        plan.refresh_from_db()
        assert plan.state == State.ACCEPTED and plan.reviewed_by == reviewer


def test_bulk_return_needs_one_reason_for_all(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)
    refused = run_action(client, "return_selected", [sent_a, sent_b], confirm="yes", reason=" ")
    assert refused.status_code == 200
    sent_a.refresh_from_db()
    assert sent_a.state == State.SUBMITTED
    response = run_action(
        client, "return_selected", [sent_a, sent_b], confirm="yes", reason="Bổ sung chỉ tiêu"
    )
    assert "Đã trả lại 2 kế hoạch kèm lý do." in messages_of(response)
    for plan in (sent_a, sent_b):
        plan.refresh_from_db()
        assert plan.state == State.RETURNED and plan.return_reason == "Bổ sung chỉ tiêu"


def test_a_draft_in_the_selection_refuses_the_whole_group(client, reviewer, sent_a, plan_b):
    client.force_login(reviewer)
    page = text(run_action(client, "accept_selected", [sent_a, plan_b]))
    assert "không ở trạng thái chờ tiếp nhận" in page
    response = run_action(client, "accept_selected", [sent_a, plan_b], confirm="yes")
    assert any("Không có thay đổi nào được lưu" in m for m in messages_of(response))
    sent_a.refresh_from_db()
    assert sent_a.state == State.SUBMITTED


def test_one_plan_is_returned_from_its_page_with_a_reason(client, reviewer, sent_a):
    client.force_login(reviewer)
    address = f"{CHANGELIST}{sent_a.pk}/xu-ly/tra-lai/"
    assert "Lý do trả lại" in text(client.get(address))
    client.post(address, {"confirm": "yes", "reason": ""})
    sent_a.refresh_from_db()
    assert sent_a.state == State.SUBMITTED
    response = client.post(address, {"confirm": "yes", "reason": "Thiếu nhiệm vụ bầu cử"})
    assert response.status_code == 302
    sent_a.refresh_from_db()
    assert sent_a.state == State.RETURNED
    last = sent_a.history.order_by("-history_id").first()
    assert last.history_user == reviewer
    assert last.history_change_reason == "Trả lại: Thiếu nhiệm vụ bầu cử"


def test_accepted_is_final_in_the_admin_too(client, reviewer, sent_a):
    client.force_login(reviewer)
    client.post(f"{CHANGELIST}{sent_a.pk}/xu-ly/tiep-nhan/", {"confirm": "yes"})
    response = client.post(
        f"{CHANGELIST}{sent_a.pk}/xu-ly/tra-lai/", {"confirm": "yes", "reason": "Sửa"}, follow=True
    )
    assert any("chờ tiếp nhận" in m for m in messages_of(response))
    sent_a.refresh_from_db()
    assert sent_a.state == State.ACCEPTED


def test_reviewer_prints_the_plan_and_reads_the_scan(client, reviewer, plan_a, task_a, clerk_a):
    services.attach_signed_scan(plan=plan_a, by=clerk_a, upload=pdf_upload())
    client.force_login(reviewer)
    pdf = client.get(f"{CHANGELIST}{plan_a.pk}/ke-hoach.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    scan = client.get(f"{CHANGELIST}{plan_a.pk}/ban-ky.pdf")
    assert b"".join(scan.streaming_content).startswith(b"%PDF-")


def test_the_admin_changes_nothing_by_form(client, reviewer, sent_a):
    client.force_login(reviewer)
    client.post(f"{CHANGELIST}{sent_a.pk}/change/", {"title": "Khác", "state": "accepted"})
    sent_a.refresh_from_db()
    assert sent_a.state == State.SUBMITTED and sent_a.title != "Khác"


def test_agency_people_are_kept_out_of_the_admin_review(client, clerk_a, leader_a, sent_a):
    staff_clerk = UserFactory(agency=AgencyFactory(), is_staff=True)
    for user in (clerk_a, leader_a, staff_clerk):
        client.force_login(user)
        for address in (
            CHANGELIST,
            f"{CHANGELIST}{sent_a.pk}/ke-hoach.pdf",
            f"{CHANGELIST}{sent_a.pk}/ban-ky.pdf",
        ):
            assert client.get(address).status_code in (302, 403)
        client.post(f"{CHANGELIST}{sent_a.pk}/xu-ly/tiep-nhan/", {"confirm": "yes"})
    sent_a.refresh_from_db()
    assert sent_a.state == State.SUBMITTED
