"""Plans through their services: starting once, editing only while a draft or returned, sending
against the deadline's closing moment (and an extension), returning with a reason, resending,
accepting for good; every write leaves who and why in the history."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from movements.models import DeadlineExtension, MovementStatus
from portal.uploads import SIGNED_SCAN_MAX_BYTES
from reports.models import Plan, PlanTask, State
from reports.services import plans as services
from tests.factories import AgencyFactory, AgencyKindFactory

from .plan_factories import pdf_upload, plan_deadline

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime(*args, tzinfo=VN)


def reasons(obj):
    return [h.history_change_reason for h in obj.history.order_by("history_date", "history_id")]


def test_start_plan_makes_one_plan_however_often_pressed(deadline, agency_a, clerk_a):
    first = services.start_plan(deadline=deadline, agency=agency_a, by=clerk_a)
    again = services.start_plan(deadline=deadline, agency=agency_a, by=clerk_a)
    assert first.pk == again.pk and Plan.objects.count() == 1
    assert first.state == State.DRAFT and first.created_by == clerk_a
    assert reasons(first) == ["Bắt đầu lập kế hoạch"]
    assert first.history.first().history_user == clerk_a


def test_start_plan_refused_for_an_agency_kind_the_deadline_does_not_name(deadline, clerk_a):
    commune = AgencyFactory(kind=AgencyKindFactory(code="ubnd-xa", name="UBND xã, phường"))
    with pytest.raises(ValidationError, match="không áp dụng"):
        services.start_plan(deadline=deadline, agency=commune, by=clerk_a)
    assert not Plan.objects.exists()


def test_start_plan_refused_for_a_closed_movement(deadline, agency_a, clerk_a):
    deadline.movement.status = MovementStatus.CLOSED
    deadline.movement.save()
    with pytest.raises(ValidationError, match="không nhận kế hoạch"):
        services.start_plan(deadline=deadline, agency=agency_a, by=clerk_a)


def test_update_plan_cleans_text_and_records_who(plan_a, clerk_a):
    services.update_plan(
        plan=plan_a,
        by=clerk_a,
        number=" 15/KH-UBND ",
        issued_on=date(2026, 3, 5),
        title="Thực hiện công tác dân vận chính quyền năm 2026",
        targets="100% cán bộ được quán triệt\x00",
    )
    plan_a.refresh_from_db()
    assert plan_a.number == "15/KH-UBND" and plan_a.targets == "100% cán bộ được quán triệt"
    last = plan_a.history.order_by("-history_id").first()
    assert last.history_user == clerk_a and last.history_change_reason == "Sửa thông tin kế hoạch"


def test_tasks_are_added_edited_moved_and_removed_with_history(plan_a, clerk_a, areas):
    one = services.add_task(plan=plan_a, by=clerk_a, area=areas[1], task="Một", timing="Quý I")
    two = services.add_task(plan=plan_a, by=clerk_a, area=areas[1], task="Hai")
    three = services.add_task(plan=plan_a, by=clerk_a, area=areas[1], task="Ba")
    services.move_task(plan_task=three, by=clerk_a, up=True)
    order = list(plan_a.tasks.order_by("position").values_list("task", flat=True))
    assert order == ["Một", "Ba", "Hai"]
    services.move_task(plan_task=one, by=clerk_a, up=True)  # already first: nothing moves
    assert list(plan_a.tasks.order_by("position").values_list("task", flat=True)) == order
    services.update_task(
        plan_task=two, by=clerk_a, area=areas[2], task="Hai (sửa)", directs="Chủ tịch"
    )
    two.refresh_from_db()
    assert (two.area, two.task, two.directs) == (areas[2], "Hai (sửa)", "Chủ tịch")
    services.delete_task(plan_task=one, by=clerk_a)
    assert plan_a.tasks.count() == 2
    deleted = PlanTask.history.filter(id=one.pk, history_type="-").get()
    assert deleted.history_user == clerk_a and deleted.history_change_reason == "Xoá nhiệm vụ"
    assert {"Thêm nhiệm vụ", "Đổi thứ tự nhiệm vụ", "Sửa nhiệm vụ", "Xoá nhiệm vụ"} <= set(
        reasons(plan_a)
    )


def test_a_task_needs_its_text_and_an_area_of_the_plans_movement(plan_a, clerk_a):
    from tests.reports.plan_factories import plan_movement

    other = plan_movement().content_areas.first()
    with pytest.raises(ValidationError) as error:
        services.add_task(plan=plan_a, by=clerk_a, area=other, task="Nhiệm vụ")
    assert "không thuộc phong trào" in str(error.value)
    with pytest.raises(ValidationError, match="nhập nhiệm vụ"):
        services.add_task(plan=plan_a, by=clerk_a, task="   ")
    assert not plan_a.tasks.exists()


def test_send_needs_at_least_one_task(plan_a, leader_a):
    with pytest.raises(ValidationError, match="ít nhất một nhiệm vụ"):
        services.submit_plan(plan=plan_a, by=leader_a)
    plan_a.refresh_from_db()
    assert plan_a.state == State.DRAFT


# Deadline edges: “chậm nhất là ngày 10/3/2026” closes at 00:00 on 11/3.


@pytest.fixture
def due_10_march(movement_2026, department_kind):
    return plan_deadline(movement_2026, due_on=date(2026, 3, 10), kinds=[department_kind])


@pytest.fixture
def draft_due_10_march(due_10_march, agency_a, clerk_a, areas):
    plan = services.start_plan(deadline=due_10_march, agency=agency_a, by=clerk_a)
    services.add_task(plan=plan, by=clerk_a, area=areas[0], task="Tuyên truyền")
    return plan


def test_sent_at_23_59_of_the_last_day_is_accepted(draft_due_10_march, leader_a):
    sent = services.submit_plan(
        plan=draft_due_10_march, by=leader_a, now=at(2026, 3, 10, 23, 59, 59)
    )
    assert sent.state == State.SUBMITTED
    assert sent.submitted_at == at(2026, 3, 10, 23, 59, 59) and sent.submitted_by == leader_a


def test_sent_at_midnight_the_day_after_is_refused_with_the_last_moment(
    draft_due_10_march, leader_a
):
    with pytest.raises(ValidationError) as error:
        services.submit_plan(plan=draft_due_10_march, by=leader_a, now=at(2026, 3, 11, 0, 0))
    assert "hạn cuối 23:59 ngày 10/03/2026" in error.value.messages[0]
    draft_due_10_march.refresh_from_db()
    assert draft_due_10_march.state == State.DRAFT


def test_before_the_day_wording_makes_the_day_itself_late(
    movement_2026, agency_a, clerk_a, leader_a
):
    # Seed 002: “trước 10/3/2026” — the 10th is already late.
    due = plan_deadline(movement_2026, due_on=date(2026, 3, 10), due_day_counts=False)
    plan = services.start_plan(deadline=due, agency=agency_a, by=clerk_a)
    services.add_task(plan=plan, by=clerk_a, task="Tuyên truyền")
    with pytest.raises(ValidationError, match="23:59 ngày 09/03/2026"):
        services.submit_plan(plan=plan, by=leader_a, now=at(2026, 3, 10, 0, 0))
    assert services.submit_plan(plan=plan, by=leader_a, now=at(2026, 3, 9, 23, 59)).state == (
        State.SUBMITTED
    )


def test_an_extension_is_honoured(draft_due_10_march, due_10_march, agency_a, leader_a, reviewer):
    DeadlineExtension.objects.create(
        deadline=due_10_march,
        agency=agency_a,
        until_on=date(2026, 3, 20),
        reason="Xã mới sáp nhập",
        granted_by=reviewer,
    )
    sent = services.submit_plan(plan=draft_due_10_march, by=leader_a, now=at(2026, 3, 20, 23, 59))
    assert sent.state == State.SUBMITTED


def test_an_extension_for_another_agency_does_not_count(
    draft_due_10_march, due_10_march, agency_b, leader_a, reviewer
):
    DeadlineExtension.objects.create(
        deadline=due_10_march,
        agency=agency_b,
        until_on=date(2026, 3, 20),
        reason="Xã mới sáp nhập",
        granted_by=reviewer,
    )
    with pytest.raises(ValidationError, match="Đã hết hạn"):
        services.submit_plan(plan=draft_due_10_march, by=leader_a, now=at(2026, 3, 12))


# The state machine


def test_sent_plan_cannot_be_edited_nor_sent_again(plan_a, task_a, clerk_a, leader_a, areas):
    services.submit_plan(plan=plan_a, by=leader_a)
    for write in (
        lambda: services.update_plan(plan=plan_a, by=clerk_a, title="Khác"),
        lambda: services.add_task(plan=plan_a, by=clerk_a, task="Thêm"),
        lambda: services.update_task(plan_task=task_a, by=clerk_a, task="Sửa"),
        lambda: services.delete_task(plan_task=task_a, by=clerk_a),
        lambda: services.move_task(plan_task=task_a, by=clerk_a, up=False),
        lambda: services.attach_signed_scan(plan=plan_a, by=clerk_a, upload=pdf_upload()),
        lambda: services.submit_plan(plan=plan_a, by=leader_a),
    ):
        with pytest.raises(ValidationError, match="Đã gửi"):
            write()
    plan_a.refresh_from_db()
    assert plan_a.title != "Khác" and plan_a.tasks.count() == 1 and not plan_a.signed_scan


def test_return_needs_a_reason(plan_a, task_a, leader_a, reviewer):
    services.submit_plan(plan=plan_a, by=leader_a)
    with pytest.raises(ValidationError, match="lý do trả lại kế hoạch"):
        services.return_plan(plan=plan_a, by=reviewer, reason="  ")
    plan_a.refresh_from_db()
    assert plan_a.state == State.SUBMITTED


def test_return_then_fix_then_resend_after_the_deadline_then_accept(
    draft_due_10_march, clerk_a, leader_a, reviewer
):
    plan = draft_due_10_march
    services.submit_plan(plan=plan, by=leader_a, now=at(2026, 3, 9, 10, 0))
    services.return_plan(plan=plan, by=reviewer, reason="Bổ sung nhiệm vụ bầu cử")
    plan.refresh_from_db()
    assert plan.state == State.RETURNED and plan.return_reason == "Bổ sung nhiệm vụ bầu cử"
    assert plan.reviewed_by == reviewer
    services.add_task(plan=plan, by=clerk_a, task="Tuyên truyền bầu cử")
    # A returned plan was sent on time: it may come back after the close.
    services.submit_plan(plan=plan, by=leader_a, now=at(2026, 3, 15, 9, 0))
    plan.refresh_from_db()
    assert plan.state == State.RESUBMITTED
    assert plan.submitted_at == at(2026, 3, 9, 10, 0)  # the first send, which the tracker reads
    services.accept_plan(plan=plan, by=reviewer)
    plan.refresh_from_db()
    assert plan.state == State.ACCEPTED
    with pytest.raises(ValidationError, match="Đã tiếp nhận"):
        services.update_plan(plan=plan, by=clerk_a, title="Khác")
    with pytest.raises(ValidationError, match="chờ tiếp nhận"):
        services.return_plan(plan=plan, by=reviewer, reason="Sửa lại")
    history = reasons(plan)
    assert "Gửi kế hoạch" in history and "Trả lại: Bổ sung nhiệm vụ bầu cử" in history
    assert history[-2:] == ["Gửi lại kế hoạch", "Tiếp nhận"]


def test_a_draft_cannot_be_accepted_or_returned(plan_a, reviewer):
    with pytest.raises(ValidationError, match="Bản nháp"):
        services.accept_plan(plan=plan_a, by=reviewer)


def test_bulk_review_is_all_or_none(plan_a, plan_b, task_a, leader_a, reviewer):
    services.submit_plan(plan=plan_a, by=leader_a)
    with pytest.raises(ValidationError, match="Không có thay đổi nào được lưu"):
        services.return_plans(plans=[plan_a, plan_b], by=reviewer, reason="Thiếu chỉ tiêu")
    plan_a.refresh_from_db()
    assert plan_a.state == State.SUBMITTED


def test_signed_scan_is_checked_by_name_size_and_content(plan_a, clerk_a):
    with pytest.raises(ValidationError, match="chỉ nhận tệp PDF"):
        services.attach_signed_scan(plan=plan_a, by=clerk_a, upload=pdf_upload("scan.docx"))
    with pytest.raises(ValidationError, match="không phải là PDF"):
        services.attach_signed_scan(
            plan=plan_a, by=clerk_a, upload=pdf_upload(content=b"<html>not a pdf</html>")
        )
    big = pdf_upload(content=b"%PDF-" + b"0" * SIGNED_SCAN_MAX_BYTES)
    with pytest.raises(ValidationError, match="không quá 10 MB"):
        services.attach_signed_scan(plan=plan_a, by=clerk_a, upload=big)
    plan_a.refresh_from_db()
    assert not plan_a.signed_scan
    services.attach_signed_scan(plan=plan_a, by=clerk_a, upload=pdf_upload())
    plan_a.refresh_from_db()
    assert plan_a.signed_scan.read().startswith(b"%PDF-")
    assert reasons(plan_a)[-1] == "Tải lên bản scan có chữ ký"


def test_import_tasks_saves_all_rows_after_the_existing_ones(plan_a, task_a, clerk_a, areas):
    created = services.import_tasks(
        plan=plan_a,
        by=clerk_a,
        rows=[{"area": areas[4], "task": "Đối thoại"}, {"area": None, "task": "Khác"}],
    )
    assert [t.position for t in created] == [task_a.position + 1, task_a.position + 2]
    assert reasons(plan_a)[-1] == "Nhập 2 nhiệm vụ từ Excel"


def test_import_tasks_saves_none_when_one_row_is_refused(plan_a, clerk_a):
    with pytest.raises(ValidationError):
        services.import_tasks(
            plan=plan_a, by=clerk_a, rows=[{"task": "Đúng"}, {"task": "", "timing": "Quý I"}]
        )
    assert not plan_a.tasks.exists()
