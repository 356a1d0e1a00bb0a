"""Reads of plans and reports that other pages share (the tracker, the agency's calendar)."""

from movements.models import DeadlineKind
from movements.selectors import first_sent_times, register_sent_times

from .models import SENT_STATES, Plan, Report


@register_sent_times(DeadlineKind.PLAN)
def plan_sent_times(deadline) -> dict:
    """When each agency first sent its plan for this deadline."""
    return first_sent_times(Plan.objects.filter(deadline=deadline, state__in=SENT_STATES))


@register_sent_times(DeadlineKind.REPORT)
def report_sent_times(deadline) -> dict:
    """When each agency first sent its report for this deadline."""
    return first_sent_times(Report.objects.filter(deadline=deadline, state__in=SENT_STATES))
