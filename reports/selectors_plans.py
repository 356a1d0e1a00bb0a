"""Reads of plans shared by the agency's pages, the admin and the PDF: which plan deadlines an
agency answers, its plan for one, and the tasks grouped by content area."""

from dataclasses import dataclass

from django.db.models import Q

from movements.models import Deadline, DeadlineExtension, DeadlineKind, MovementStatus
from movements.selectors import AgencyDeadline

from .models import ContentArea, Plan, PlanTask


def plan_deadlines_for(agency):
    """The plan deadlines of the movements under way that name the agency's kind, or every kind
    (seed 002: commune and ward People's Committees send theirs before 10/3/2026)."""
    return (
        Deadline.objects.filter(kind=DeadlineKind.PLAN)
        .exclude(movement__status=MovementStatus.DRAFT)
        .filter(Q(agency_kinds=agency.kind_id) | Q(agency_kinds__isnull=True))
        .distinct()
        .select_related("movement")
        .order_by("-movement__year", "due_on", "pk")
    )


@dataclass(frozen=True)
class PlanItem:
    """One row of the agency's plans page: the deadline, when it closes for the agency, the plan."""

    deadline: Deadline
    window: AgencyDeadline
    plan: Plan | None


def plan_items_for(agency) -> list[PlanItem]:
    """Every plan deadline of the agency with its window and plan, in three queries."""
    deadlines = list(plan_deadlines_for(agency))
    ids = [d.pk for d in deadlines]
    extensions = {
        e.deadline_id: e
        for e in DeadlineExtension.objects.filter(deadline_id__in=ids, agency_id=agency.pk)
    }
    plans = {p.deadline_id: p for p in Plan.objects.filter(deadline_id__in=ids, agency=agency)}
    return [
        PlanItem(d, AgencyDeadline(d, extensions.get(d.pk)), plans.get(d.pk)) for d in deadlines
    ]


def plan_window(*, deadline: Deadline, agency) -> AgencyDeadline:
    """When this plan deadline closes for this agency: its extension counts."""
    extension = DeadlineExtension.objects.filter(deadline=deadline, agency=agency).first()
    return AgencyDeadline(deadline, extension)


def plan_of(*, deadline: Deadline, agency) -> Plan | None:
    return (
        Plan.objects.select_related("deadline__movement", "agency__parent")
        .filter(deadline=deadline, agency=agency)
        .first()
    )


def areas_of(movement) -> list[ContentArea]:
    """The movement's content areas in order; an area's number is its place in this list."""
    return list(ContentArea.objects.filter(movement=movement).order_by("position", "pk"))


@dataclass
class TaskGroup:
    """The tasks of one content area, numbered as the plan prints them (I, II, … and 1, 2, …)."""

    number: str
    area: ContentArea | None
    tasks: list[PlanTask]

    @property
    def title(self) -> str:
        return self.area.name if self.area is not None else "Nhiệm vụ khác"


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]


def roman(number: int) -> str:
    return ROMAN[number - 1] if 0 < number <= len(ROMAN) else str(number)


def ordered_tasks(plan) -> list[PlanTask]:
    """The plan's tasks in print order: by content area, then by their place within it."""
    return sorted(
        PlanTask.objects.filter(plan=plan).select_related("area"),
        key=lambda t: (
            t.area is None,
            (t.area.position, t.area_id) if t.area else (0, 0),
            t.position,
            t.pk,
        ),
    )


def task_groups(plan, tasks=None) -> list[TaskGroup]:
    """The plan's tasks grouped by content area in the movement's order; tasks without an
    area last. Only areas holding a task are listed."""
    tasks = ordered_tasks(plan) if tasks is None else tasks
    groups: list[TaskGroup] = []
    for task in tasks:
        if not groups or groups[-1].area != task.area:
            groups.append(TaskGroup(number=roman(len(groups) + 1), area=task.area, tasks=[]))
        groups[-1].tasks.append(task)
    return groups
