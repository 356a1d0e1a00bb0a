"""The agency's plan pages: each with its allowed and denied path. Agency B never sees or
touches agency A's plan, scan or PDF (404); a clerk cannot send; anonymous goes to login;
looking never starts a plan; list pages stay within a fixed number of queries."""

import pytest
from django.urls import reverse

from portal.models import Role
from reports.models import Plan, State
from reports.services import plans as services
from tests.factories import AgencyFactory, AgencyKindFactory, UserFactory

from .plan_factories import PlanFactory, PlanTaskFactory, pdf_upload, plan_deadline, workbook_upload

pytestmark = pytest.mark.django_db


def url(name, deadline, **kwargs):
    return reverse(f"reports:{name}", kwargs={"deadline_id": deadline.pk, **kwargs})


def test_names_the_calendar_links_to():
    assert reverse("reports:plan_list") == "/ke-hoach-bao-cao/ke-hoach/"
    assert (
        reverse("reports:plan_detail", kwargs={"deadline_id": 7}) == "/ke-hoach-bao-cao/ke-hoach/7/"
    )


def test_anonymous_goes_to_login(client, deadline):
    for address in (reverse("reports:plan_list"), url("plan_detail", deadline)):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_list_shows_the_deadlines_of_the_agency_kind_or_of_all(
    client, clerk_a, deadline, movement_2026
):
    everyone = plan_deadline(movement_2026)
    everyone.title = "Kế hoạch chung cho mọi đơn vị"
    everyone.save()
    communes = plan_deadline(movement_2026, kinds=[AgencyKindFactory(code="ubnd-xa")])
    communes.title = "Kế hoạch của UBND xã"
    communes.save()
    client.force_login(clerk_a)
    page = client.get(reverse("reports:plan_list")).content.decode()
    assert url("plan_detail", deadline) in page and url("plan_detail", everyone) in page
    assert url("plan_detail", communes) not in page
    assert client.get(url("plan_detail", communes)).status_code == 404


def test_list_queries_do_not_grow_with_rows(
    client, clerk_a, agency_a, movement_2026, django_assert_max_num_queries
):
    client.force_login(clerk_a)
    plan_deadline(movement_2026)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:plan_list")).status_code == 200
    for _ in range(6):
        d = plan_deadline(movement_2026)
        PlanFactory(deadline=d, agency=agency_a, created_by=clerk_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:plan_list")).content.decode().count("badge draft") == 6


def test_detail_with_many_tasks_stays_within_a_fixed_number_of_queries(
    client, clerk_a, plan_a, areas, django_assert_max_num_queries
):
    client.force_login(clerk_a)
    PlanTaskFactory(plan=plan_a, area=areas[0])
    with django_assert_max_num_queries(30):
        client.get(url("plan_detail", plan_a.deadline))
    for index in range(30):
        PlanTaskFactory(plan=plan_a, area=areas[index % 8])
    with django_assert_max_num_queries(30):
        assert client.get(url("plan_detail", plan_a.deadline)).status_code == 200


def test_opening_a_plan_page_starts_nothing_and_the_button_does(client, clerk_a, deadline):
    client.force_login(clerk_a)
    page = client.get(url("plan_detail", deadline))
    assert "Bắt đầu lập kế hoạch" in page.content.decode() and not Plan.objects.exists()
    response = client.post(url("plan_start", deadline))
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.agency == clerk_a.agency and plan.created_by == clerk_a
    client.post(url("plan_start", deadline))
    assert Plan.objects.count() == 1


def test_start_is_post_only(client, clerk_a, deadline):
    client.force_login(clerk_a)
    assert client.get(url("plan_start", deadline)).status_code == 405
    assert not Plan.objects.exists()


def test_clerk_edits_the_plan(client, clerk_a, plan_a):
    client.force_login(clerk_a)
    response = client.post(
        url("plan_save", plan_a.deadline),
        {"number": "20/KH-UBND", "issued_on": "05/03/2026", "title": "Kế hoạch mới", "targets": ""},
    )
    assert response.status_code == 302
    plan_a.refresh_from_db()
    assert plan_a.number == "20/KH-UBND" and plan_a.issued_on.isoformat() == "2026-03-05"


def test_a_wrong_date_is_shown_on_the_form(client, clerk_a, plan_a):
    client.force_login(clerk_a)
    response = client.post(
        url("plan_save", plan_a.deadline),
        {"number": "", "issued_on": "32/13/2026", "title": "", "targets": ""},
    )
    assert response.status_code == 400 and "has-error" in response.content.decode()


def test_clerk_adds_a_task_with_htmx_and_gets_the_tasks_section(client, clerk_a, plan_a, areas):
    client.force_login(clerk_a)
    response = client.post(
        url("plan_task_add", plan_a.deadline),
        {"area": areas[4].pk, "task": "Đối thoại với Nhân dân", "timing": "Quý II/2026"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith(
        '<section class="card" id="tasks">'
    )
    assert "Đối thoại với Nhân dân" in body and areas[4].name in body
    assert plan_a.tasks.get().timing == "Quý II/2026"


def test_a_task_without_text_is_refused_on_the_form(client, clerk_a, plan_a):
    client.force_login(clerk_a)
    response = client.post(url("plan_task_add", plan_a.deadline), {"task": ""})
    assert response.status_code == 400 and not plan_a.tasks.exists()


def test_clerk_edits_moves_and_removes_tasks(client, clerk_a, plan_a, areas):
    client.force_login(clerk_a)
    first = PlanTaskFactory(plan=plan_a, area=areas[0], task="Thứ nhất")
    second = PlanTaskFactory(plan=plan_a, area=areas[0], task="Thứ hai")
    edit = url("plan_task_edit", plan_a.deadline, task_id=first.pk)
    assert client.get(edit).status_code == 200
    client.post(edit, {"area": areas[0].pk, "task": "Thứ nhất (sửa)", "directs": "Bí thư"})
    first.refresh_from_db()
    assert first.task == "Thứ nhất (sửa)" and first.directs == "Bí thư"
    client.post(url("plan_task_move", plan_a.deadline, task_id=second.pk), {"huong": "len"})
    assert list(plan_a.tasks.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    client.post(url("plan_task_delete", plan_a.deadline, task_id=second.pk))
    assert list(plan_a.tasks.values_list("pk", flat=True)) == [first.pk]


def test_clerk_imports_tasks_from_excel(client, clerk_a, plan_a, areas):
    client.force_login(clerk_a)
    upload = workbook_upload([(5, "Tổ chức đối thoại", "Chủ tịch", "Văn phòng", "Quý II/2026")])
    response = client.post(url("plan_tasks_import", plan_a.deadline), {"workbook": upload})
    assert response.status_code == 302
    task = plan_a.tasks.get()
    assert task.area == areas[4] and task.carries_out == "Văn phòng"


def test_a_bad_workbook_names_the_row_and_imports_nothing(client, clerk_a, plan_a):
    client.force_login(clerk_a)
    upload = workbook_upload([(1, "Tuyên truyền", "", "", ""), (9, "", "", "", "")])
    response = client.post(
        url("plan_tasks_import", plan_a.deadline),
        {"workbook": upload},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Dòng 3, cột “Nội dung công tác”" in body and "Dòng 3, cột “Nhiệm vụ”" in body
    assert "Không có nhiệm vụ nào được nhập" in body and not plan_a.tasks.exists()


def test_template_workbook_downloads(client, clerk_a, deadline):
    client.force_login(clerk_a)
    response = client.get(url("plan_task_template", deadline))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_clerk_uploads_the_scan_and_both_read_it(client, clerk_a, leader_a, plan_a):
    client.force_login(clerk_a)
    response = client.post(url("plan_scan_upload", plan_a.deadline), {"signed_scan": pdf_upload()})
    assert response.status_code == 302
    client.force_login(leader_a)
    scan = client.get(url("plan_scan", plan_a.deadline))
    assert scan.status_code == 200 and b"".join(scan.streaming_content).startswith(b"%PDF-")


def test_a_renamed_file_is_refused_as_scan(client, clerk_a, plan_a):
    client.force_login(clerk_a)
    response = client.post(
        url("plan_scan_upload", plan_a.deadline),
        {"signed_scan": pdf_upload(content=b"<script>alert(1)</script>")},
    )
    assert response.status_code == 400 and "không phải là PDF" in response.content.decode()
    plan_a.refresh_from_db()
    assert not plan_a.signed_scan


def test_clerk_cannot_send(client, clerk_a, plan_a, task_a, coordinator):
    client.force_login(clerk_a)
    page = client.get(url("plan_detail", plan_a.deadline)).content.decode()
    assert "Kế hoạch sẽ do lãnh đạo đơn vị gửi Sở Nội vụ." in page
    assert client.post(url("plan_submit", plan_a.deadline)).status_code == 403
    plan_a.refresh_from_db()
    assert plan_a.state == State.DRAFT


def test_leader_sends_with_the_coordinators_name(client, leader_a, plan_a, task_a, coordinator):
    client.force_login(leader_a)
    page = client.get(url("plan_detail", plan_a.deadline)).content.decode()
    assert "Gửi Sở Nội vụ" in page
    response = client.post(url("plan_submit", plan_a.deadline), follow=True)
    assert "Đã gửi kế hoạch đến Sở Nội vụ." in response.content.decode()
    plan_a.refresh_from_db()
    assert plan_a.state == State.SUBMITTED and plan_a.submitted_by == leader_a


def test_leader_sending_without_tasks_is_told_why(client, leader_a, plan_a):
    client.force_login(leader_a)
    response = client.post(url("plan_submit", plan_a.deadline), follow=True)
    assert "ít nhất một nhiệm vụ" in response.content.decode()


def test_a_sent_plan_shows_no_edit_forms_and_refuses_edits(
    client, clerk_a, leader_a, plan_a, task_a
):
    services.submit_plan(plan=plan_a, by=leader_a)
    client.force_login(clerk_a)
    page = client.get(url("plan_detail", plan_a.deadline)).content.decode()
    assert "Thêm nhiệm vụ" not in page and "Lưu thông tin" not in page
    response = client.post(url("plan_task_add", plan_a.deadline), {"task": "Thêm sau khi gửi"})
    assert response.status_code == 400 and "không thể sửa" in response.content.decode()
    edit = client.get(url("plan_task_edit", plan_a.deadline, task_id=task_a.pk))
    assert edit.status_code == 302
    assert plan_a.tasks.count() == 1


def test_returned_plan_shows_the_reason_and_the_resend_button(
    client, leader_a, plan_a, task_a, reviewer, coordinator
):
    services.submit_plan(plan=plan_a, by=leader_a)
    services.return_plan(plan=plan_a, by=reviewer, reason="Bổ sung chỉ tiêu")
    client.force_login(leader_a)
    page = client.get(url("plan_detail", plan_a.deadline)).content.decode()
    assert "Bổ sung chỉ tiêu" in page and "Gửi lại Sở Nội vụ" in page
    client.post(url("plan_submit", plan_a.deadline))
    plan_a.refresh_from_db()
    assert plan_a.state == State.RESUBMITTED


def test_the_plan_prints_as_pdf(client, clerk_a, plan_a, task_a):
    client.force_login(clerk_a)
    response = client.get(url("plan_print", plan_a.deadline))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


# Agency B, and people of other kinds of agency


@pytest.fixture
def agency_b_scan(plan_a, clerk_a):
    services.attach_signed_scan(plan=plan_a, by=clerk_a, upload=pdf_upload())
    return plan_a


def test_agency_b_never_sees_or_touches_as_plan(client, clerk_b, agency_b_scan, task_a):
    plan = agency_b_scan
    leader_b = UserFactory(agency=clerk_b.agency, role=Role.LEADER)
    client.force_login(clerk_b)
    due = plan.deadline
    # B's own page for the deadline shows B's (missing) plan, never A's.
    page = client.get(url("plan_detail", due)).content.decode()
    assert plan.number not in page and task_a.task not in page
    for name, kwargs in (
        ("plan_scan", {}),
        ("plan_print", {}),
        ("plan_task_edit", {"task_id": task_a.pk}),
    ):
        assert client.get(url(name, due, **kwargs)).status_code == 404, name
    for name, kwargs in (
        ("plan_save", {}),
        ("plan_task_add", {}),
        ("plan_task_edit", {"task_id": task_a.pk}),
        ("plan_task_delete", {"task_id": task_a.pk}),
        ("plan_task_move", {"task_id": task_a.pk}),
        ("plan_tasks_import", {}),
        ("plan_scan_upload", {}),
    ):
        assert client.post(url(name, due, **kwargs), {"task": "x"}).status_code == 404, name
    client.force_login(leader_b)
    assert client.post(url("plan_submit", due)).status_code == 404
    plan.refresh_from_db()
    assert plan.state == State.DRAFT and plan.tasks.get().task == task_a.task


def test_b_with_its_own_plan_still_cannot_reach_as_task(client, clerk_b, plan_b, task_a):
    client.force_login(clerk_b)
    edit = url("plan_task_edit", plan_b.deadline, task_id=task_a.pk)
    assert client.get(edit).status_code == 404
    assert (
        client.post(url("plan_task_delete", plan_b.deadline, task_id=task_a.pk)).status_code == 404
    )
    assert task_a.plan.tasks.count() == 1


def test_a_user_without_an_agency_is_refused(client, deadline):
    nobody = UserFactory(agency=None, role=Role.CLERK)
    client.force_login(nobody)
    assert client.get(reverse("reports:plan_list")).status_code == 403


def test_an_agency_of_another_kind_gets_404(client, deadline):
    commune = AgencyFactory(kind=AgencyKindFactory(code="ubnd-xa"))
    clerk = UserFactory(agency=commune, role=Role.CLERK)
    client.force_login(clerk)
    assert client.get(url("plan_detail", deadline)).status_code == 404
    assert client.post(url("plan_start", deadline)).status_code == 404
    assert not Plan.objects.exists()
