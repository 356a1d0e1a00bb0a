"""Plans: draft, tasks, send, accept or return, resend.

Every write to a plan goes through here — the agency's pages, the Excel import and the admin —
with who and why in the history (portal/workflow.py).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from movements.models import Deadline, DeadlineKind, MovementStatus
from notifications.services import notify_review_outcome
from portal.text import clean_text
from portal.uploads import check_signed_scan
from portal.workflow import (
    check_state,
    decide,
    delete_with_history,
    locked,
    mark_sent,
    required_reason,
    save_with_history,
    start_once,
)

from ..models import AWAITING_REVIEW_STATES, EDITABLE_STATES, Plan, PlanTask, State
from ..selectors_plans import plan_window

# What the agency writes on the plan itself; state and review fields change only below.
PLAN_FIELDS = ("number", "issued_on", "title", "targets")
TASK_FIELDS = ("area", "task", "directs", "carries_out", "timing")


def _clean(value):
    value = clean_text(value)
    return value.strip() if isinstance(value, str) else value


def check_plan_deadline(*, deadline: Deadline, agency):
    """A plan answers a plan deadline of a movement under way that names the agency's kind
    (or every kind)."""
    if deadline.kind != DeadlineKind.PLAN:
        raise ValidationError("Thời hạn này không phải là thời hạn gửi kế hoạch.")
    if deadline.movement.status != MovementStatus.OPEN:
        raise ValidationError(
            f"Phong trào “{deadline.movement}” {deadline.movement.get_status_display().lower()}, "
            "không nhận kế hoạch."
        )
    kinds = {k.pk for k in deadline.agency_kinds.all()}
    if kinds and agency.kind_id not in kinds:
        raise ValidationError(f"Thời hạn “{deadline.title}” không áp dụng cho {agency}.")


def start_plan(*, deadline: Deadline, agency, by) -> Plan:
    """The agency's plan for this deadline, made by the first “Bắt đầu lập kế hoạch” (never by
    opening the page); pressing it twice, or two people at once, still makes one plan."""
    check_plan_deadline(deadline=deadline, agency=agency)
    return start_once(
        Plan,
        by=by,
        reason="Bắt đầu lập kế hoạch",
        key={"deadline": deadline, "agency": agency},
        defaults={"created_by": by},
    )


def _editable(plan: Plan) -> Plan:
    """The plan as it is now, locked, if it may still be changed (call inside atomic): a page
    opened before the leader sent it must not change what was sent."""
    current = locked(Plan.objects.select_related("deadline__movement"), plan.pk)
    check_state(current, EDITABLE_STATES, name="kế hoạch")
    return current


def update_plan(*, plan: Plan, by, **fields) -> Plan:
    """The plan's number, date, title and the targets the agency commits to."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"Not plan fields: {sorted(unknown)}")
    with transaction.atomic():
        current = _editable(plan)
        for name, value in fields.items():
            setattr(current, name, _clean(value))
        current.full_clean(exclude=["created_by", "signed_scan"])
        save_with_history(
            current, by=by, reason="Sửa thông tin kế hoạch", update_fields=[*fields, "updated_at"]
        )
    plan.refresh_from_db()
    return plan


def _task_fields(plan: Plan, fields: dict) -> dict:
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"Not task fields: {sorted(unknown)}")
    cleaned = {name: _clean(value) for name, value in fields.items()}
    area = cleaned.get("area")
    if area is not None and area.movement_id != plan.deadline.movement_id:
        raise ValidationError({"area": "Nội dung công tác không thuộc phong trào của kế hoạch."})
    if "task" in cleaned and not cleaned["task"]:
        raise ValidationError({"task": "Vui lòng nhập nhiệm vụ."})
    return cleaned


def _touch(plan: Plan, *, by, reason: str):
    """A change of the tasks is a change of the plan: its history says who and why."""
    save_with_history(plan, by=by, reason=reason, update_fields=["updated_at"])


def _next_position(plan: Plan) -> int:
    return (plan.tasks.aggregate(last=Max("position"))["last"] or 0) + 1


def add_task(*, plan: Plan, by, **fields) -> PlanTask:
    with transaction.atomic():
        current = _editable(plan)
        task = PlanTask(plan=current, position=_next_position(current))
        for name, value in _task_fields(current, fields).items():
            setattr(task, name, value)
        task.full_clean()
        save_with_history(task, by=by, reason="Thêm nhiệm vụ")
        _touch(current, by=by, reason="Thêm nhiệm vụ")
    return task


def update_task(*, plan_task: PlanTask, by, **fields) -> PlanTask:
    with transaction.atomic():
        current = _editable(plan_task.plan)
        row = locked(PlanTask.objects.filter(plan=current), plan_task.pk)
        for name, value in _task_fields(current, fields).items():
            setattr(row, name, value)
        row.full_clean()
        save_with_history(row, by=by, reason="Sửa nhiệm vụ")
        _touch(current, by=by, reason="Sửa nhiệm vụ")
    return row


def delete_task(*, plan_task: PlanTask, by):
    with transaction.atomic():
        current = _editable(plan_task.plan)
        row = PlanTask.objects.select_for_update().filter(pk=plan_task.pk, plan=current).first()
        if row is None:
            return
        delete_with_history(row, by=by, reason="Xoá nhiệm vụ")
        _touch(current, by=by, reason="Xoá nhiệm vụ")


def move_task(*, plan_task: PlanTask, by, up: bool) -> PlanTask:
    """Swap a task with its neighbour within its content area (the plan prints by area)."""
    with transaction.atomic():
        current = _editable(plan_task.plan)
        siblings = list(
            PlanTask.objects.select_for_update()
            .filter(plan=current, area_id=plan_task.area_id)
            .order_by("position", "pk")
        )
        index = next((i for i, t in enumerate(siblings) if t.pk == plan_task.pk), None)
        if index is None:
            raise ValidationError("Nhiệm vụ không còn trong kế hoạch.")
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return siblings[index]
        # Positions are renumbered in order first, so two tasks sharing one still swap.
        for position, sibling in enumerate(siblings, start=1):
            sibling.position = position
        siblings[index].position, siblings[other].position = (
            siblings[other].position,
            siblings[index].position,
        )
        for sibling in siblings:
            save_with_history(sibling, by=by, reason="Đổi thứ tự nhiệm vụ")
        _touch(current, by=by, reason="Đổi thứ tự nhiệm vụ")
    return siblings[index]


def import_tasks(*, plan: Plan, by, rows: list[dict]) -> list[PlanTask]:
    """Add the tasks read from a workbook (reports/excel_plans.py), after the plan's own: all
    rows or none."""
    if not rows:
        raise ValidationError("Tệp không có nhiệm vụ nào để nhập.")
    created = []
    with transaction.atomic():
        current = _editable(plan)
        position = _next_position(current)
        for offset, fields in enumerate(rows):
            task = PlanTask(plan=current, position=position + offset)
            for name, value in _task_fields(current, fields).items():
                setattr(task, name, value)
            task.full_clean()
            save_with_history(task, by=by, reason="Nhập nhiệm vụ từ Excel")
            created.append(task)
        _touch(current, by=by, reason=f"Nhập {len(created)} nhiệm vụ từ Excel")
    return created


def attach_signed_scan(*, plan: Plan, by, upload) -> Plan:
    check_signed_scan(upload)
    with transaction.atomic():
        current = _editable(plan)
        current.signed_scan = upload
        save_with_history(
            current,
            by=by,
            reason="Tải lên bản scan có chữ ký",
            update_fields=["signed_scan", "updated_at"],
        )
    plan.refresh_from_db()
    return plan


def missing_to_submit(plan: Plan) -> list[str]:
    """What blocks sending: a plan without a single task says nothing."""
    return [] if plan.tasks.exists() else ["ít nhất một nhiệm vụ"]


def submit_plan(*, plan: Plan, by, now=None) -> Plan:
    """The leader sends a draft, or resends a returned plan.

    A first send must reach the coordinator before the deadline's closing moment, or the
    agency's extension of it (seed 002: “trước 10/3/2026”). A returned plan was sent on time and
    may be resent after the close. ``submitted_at`` keeps the first send, which the deadline
    tracker reads; each resend is in the history.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = locked(Plan.objects.select_related("deadline__movement", "agency"), plan.pk)
        check_state(current, EDITABLE_STATES, name="kế hoạch", action="gửi")
        missing = missing_to_submit(current)
        if missing:
            raise ValidationError(f"Kế hoạch chưa thể gửi: cần {'; '.join(missing)}.")
        if current.state == State.DRAFT:
            refusal = plan_window(deadline=current.deadline, agency=current.agency).refusal(now)
            if refusal:
                raise ValidationError(refusal)
            current.state = State.SUBMITTED
            mark_sent(current, by=by, now=now)
            reason = "Gửi kế hoạch"
        else:
            if current.deadline.movement.status != MovementStatus.OPEN:
                raise ValidationError(
                    f"Phong trào “{current.deadline.movement}” đã kết thúc, không nhận gửi lại."
                )
            current.state = State.RESUBMITTED
            reason = "Gửi lại kế hoạch"
        save_with_history(current, by=by, reason=reason)
    plan.refresh_from_db()
    return plan


def _review(*, plans, by, now, new_state, reason=""):
    now = now or timezone.now()
    with transaction.atomic():
        rows = decide(
            Plan.objects.select_related("agency"),
            plans,
            AWAITING_REVIEW_STATES,
            new_state=new_state,
            by=by,
            now=now,
            reason=reason,
            history_reason="Tiếp nhận" if new_state == State.ACCEPTED else f"Trả lại: {reason}",
            describe=lambda p: f"kế hoạch của {p.agency}",
            only="Chỉ xử lý được kế hoạch đang chờ tiếp nhận.",
        )
        # In the same transaction: the agency is told exactly when the decision is saved.
        notify_review_outcome(
            rows,
            what="Kế hoạch",
            name_of=lambda plan: plan.title or plan.deadline.title,
            accepted=new_state == State.ACCEPTED,
            verb="tiếp nhận",
            when=now,
            link_of=lambda plan: reverse(
                "reports:plan_detail", kwargs={"deadline_id": plan.deadline_id}
            ),
        )
    return rows


def accept_plans(*, plans, by, now=None) -> list[Plan]:
    """The coordinator accepts sent plans, all or none; accepted is final."""
    return _review(plans=plans, by=by, now=now, new_state=State.ACCEPTED)


def return_plans(*, plans, by, reason: str, now=None) -> list[Plan]:
    """The coordinator returns sent plans with one reason, all or none."""
    reason = required_reason(reason, what="kế hoạch")
    return _review(plans=plans, by=by, now=now, new_state=State.RETURNED, reason=reason)


def accept_plan(*, plan, by, now=None) -> Plan:
    return accept_plans(plans=[plan], by=by, now=now)[0]


def return_plan(*, plan, by, reason, now=None) -> Plan:
    return return_plans(plans=[plan], by=by, reason=reason, now=now)[0]
