"""Reads of plans and reports that other pages share (the tracker, the agency's calendar)."""

from movements.models import DeadlineKind
from movements.selectors import register_sent_rows

from .models import SENT_STATES, Plan, Report


@register_sent_rows(DeadlineKind.PLAN, answered_by="deadline")
def sent_plans():
    """The plans agencies sent (and any that came back), each answering its own deadline."""
    return Plan.objects.filter(state__in=SENT_STATES)


@register_sent_rows(DeadlineKind.REPORT, answered_by="deadline")
def sent_reports():
    """The reports agencies sent (and any that came back), each answering its own deadline."""
    return Report.objects.filter(state__in=SENT_STATES)
