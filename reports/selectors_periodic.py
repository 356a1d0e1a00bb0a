"""Reads of periodic reports that the agency's pages, the admin and the documents share."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q

from movements.models import Deadline, DeadlineExtension, DeadlineKind, MovementStatus
from movements.selectors import AgencyDeadline

from .models import Indicator, Report, ReportFigure, ReportModelStatus, ReportSection


@dataclass
class ReportItem:
    """One report deadline as the agency sees it: its own report (or none yet) and its window."""

    deadline: Deadline
    report: Report | None
    window: AgencyDeadline


def report_deadlines(*, agency=None):
    """Report deadlines of movements under way; for an agency, only those naming its kind or
    naming none."""
    deadlines = (
        Deadline.objects.filter(kind=DeadlineKind.REPORT)
        .exclude(movement__status=MovementStatus.DRAFT)
        .select_related("movement")
        .prefetch_related("agency_kinds")
    )
    if agency is not None:
        deadlines = deadlines.filter(
            Q(agency_kinds__isnull=True) | Q(agency_kinds=agency.kind_id)
        ).distinct()
    return deadlines.order_by("-movement__year", "movement_id", "due_on", "pk")


def report_items(*, agency) -> list[ReportItem]:
    """Every report deadline of the agency with its report and window, in four queries."""
    deadlines = list(report_deadlines(agency=agency))
    ids = [d.pk for d in deadlines]
    reports = {r.deadline_id: r for r in Report.objects.filter(agency=agency, deadline_id__in=ids)}
    extensions = {
        e.deadline_id: e
        for e in DeadlineExtension.objects.filter(agency=agency, deadline_id__in=ids)
    }
    return [
        ReportItem(d, reports.get(d.pk), AgencyDeadline(d, extensions.get(d.pk))) for d in deadlines
    ]


def report_of(*, deadline, agency) -> Report | None:
    """The agency's report for this deadline with everything its page shows, or None."""
    return (
        Report.objects.filter(deadline=deadline, agency=agency)
        .select_related("deadline__movement", "agency__kind", "submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch("sections", queryset=ReportSection.objects.select_related("area")),
            Prefetch(
                "model_statuses",
                queryset=ReportModelStatus.objects.select_related("registration__field"),
            ),
            Prefetch("figures", queryset=ReportFigure.objects.select_related("indicator")),
        )
        .first()
    )


@dataclass
class FigureLine:
    indicator: Indicator
    value: Decimal | None


def figure_lines(report: Report) -> list[FigureLine]:
    """Every indicator of the movement, with the report's value when it has one."""
    values = {f.indicator_id: f.value for f in report.figures.all()}
    return [
        FigureLine(indicator, values.get(indicator.pk))
        for indicator in Indicator.objects.filter(movement=report.deadline.movement_id)
    ]
