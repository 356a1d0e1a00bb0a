"""Each target's fact, read from what the portal holds: who sent the plan on time, who sent a
report, whose appraised band reaches a band, a report figure's sum, or a value typed with its
source. Each reader takes a fixed number of queries, however many agencies."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Sum

from movements.models import DeadlineKind
from movements.tracker import Tracker, TrackerState, movement_tracker
from portal.models import Agency
from reports.models import SENT_STATES, IndicatorKind, ReportFigure, State
from scoring.models import Scorecard, ScorecardState

from .models import Comparison, FactKind, Target

HUNDRED = Decimal(100)
# A report that came back is not sent until the agency sends it again.
COUNTED_REPORT_STATES = [s for s in SENT_STATES if s != State.RETURNED]


@dataclass(frozen=True)
class AgencyLine:
    """One agency behind a number, with what the fact says of it."""

    pk: int
    code: str
    name: str
    kind_name: str
    note: str = ""


@dataclass
class Fact:
    """What the portal holds for a target: ``numerator`` of ``denominator`` agencies for a
    share (``denominator`` None for a number), the agencies counted and those not."""

    numerator: Decimal | int | None
    denominator: int | None = None
    met: list[AgencyLine] = field(default_factory=list)
    missed: list[AgencyLine] = field(default_factory=list)
    source: str = ""
    unit: str = "đơn vị"

    @property
    def is_share(self) -> bool:
        return self.denominator is not None

    @property
    def value(self) -> Decimal | None:
        """The share in per cent, or the number; None when nothing can be measured."""
        if self.is_share:
            if not self.denominator:
                return None
            return Decimal(self.numerator) * HUNDRED / self.denominator
        return None if self.numerator is None else Decimal(self.numerator)


@dataclass
class TargetFact:
    target: Target
    fact: Fact
    met: bool

    @property
    def value(self):
        return self.fact.value


def number_text(value) -> str:
    """“90”, “87,5”, “1.234”: Vietnamese separators, at most one decimal."""
    if value is None:
        return "—"
    value = Decimal(value).quantize(Decimal("0.1"))
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    whole, _, fraction = f"{value:,.1f}".partition(".")
    return f"{whole.replace(',', '.')},{fraction}"


def fact_text(fact: Fact) -> str:
    """“45/50 đơn vị (90%)”, “— (chưa có đơn vị nào được yêu cầu)” or the figure itself."""
    if fact.is_share:
        if not fact.denominator:
            return "— (không có đơn vị nào thuộc diện)"
        return f"{fact.numerator}/{fact.denominator} {fact.unit} ({number_text(fact.value)}%)"
    return number_text(fact.value)


def target_text(target: Target) -> str:
    sign = "≥" if target.comparison == Comparison.AT_LEAST else ">"
    return f"{sign} {number_text(target.target_value)}{'%' if target.is_share else ''}"


def reaches(fact: Fact, target: Target) -> bool:
    """At least / more than the target, compared exactly (45/50 against 90% is met with “từ”,
    not with “trên”); nothing to measure is never met."""
    if fact.value is None:
        return False
    if fact.is_share:
        left, right = Decimal(fact.numerator) * HUNDRED, target.target_value * fact.denominator
    else:
        left, right = fact.value, target.target_value
    return left >= right if target.comparison == Comparison.AT_LEAST else left > right


def _line(row, note="") -> AgencyLine:
    agency = row.agency
    return AgencyLine(agency.pk, agency.code, agency.name, agency.kind_name, note)


def _plan_deadline(target: Target, tracker: Tracker):
    if target.deadline_id:
        return next((d for d in tracker.deadlines if d.pk == target.deadline_id), None)
    return next((d for d in tracker.deadlines if d.kind == DeadlineKind.PLAN), None)


def _from_column(tracker: Tracker, deadline, counted: set[str]) -> Fact:
    """The agencies a deadline asks, split by their cell's state in the tracker."""
    if deadline is None:
        return Fact(0, 0)
    index = tracker.deadlines.index(deadline)
    met, missed = [], []
    for row in tracker.rows:
        cell = row.cells[index]
        if cell.state == TrackerState.NOT_REQUIRED:
            continue
        (met if cell.state in counted else missed).append(_line(row, cell.text))
    return Fact(len(met), len(met) + len(missed), met, missed)


def plan_on_time(target: Target, *, tracker: Tracker | None = None, now=None) -> Fact:
    """Share of the agencies the plan deadline asks that sent it before their own closing
    moment (an extension counts; late, returned or unsent plans do not)."""
    tracker = tracker or movement_tracker(movement=target.movement, now=now)
    return _from_column(tracker, _plan_deadline(target, tracker), {TrackerState.ON_TIME.value})


def report_sent(target: Target, *, tracker: Tracker | None = None, now=None) -> Fact:
    """Share of the agencies a report deadline asks that sent it, on time or late; a report
    sent back to its agency is not counted until sent again."""
    tracker = tracker or movement_tracker(movement=target.movement, now=now)
    deadline = next((d for d in tracker.deadlines if d.pk == target.deadline_id), None)
    return _from_column(tracker, deadline, {TrackerState.ON_TIME.value, TrackerState.LATE.value})


def band_reached(target: Target, *, tracker: Tracker | None = None, now=None) -> Fact:
    """Share of the agencies asked for a scorecard (every active agency when the movement has
    no scorecard deadline) whose appraisal is final and classified at the band or above."""
    tracker = tracker or movement_tracker(movement=target.movement, now=now)
    band = target.band
    reached = dict(
        Scorecard.objects.filter(
            movement_id=target.movement_id,
            state=ScorecardState.FINALISED,
            not_classifiable=False,
            band__scheme_id=band.scheme_id,
            band__min_total__gte=band.min_total,
        ).values_list("agency_id", "band__name")
    )
    deadline = next((d for d in tracker.deadlines if d.kind == DeadlineKind.SCORECARD), None)
    index = tracker.deadlines.index(deadline) if deadline else None
    met, missed = [], []
    for row in tracker.rows:
        if index is not None and row.cells[index].state == TrackerState.NOT_REQUIRED:
            continue
        if row.agency.pk in reached:
            met.append(_line(row, reached[row.agency.pk]))
        else:
            missed.append(_line(row, f"Chưa đạt mức “{band.name}”"))
    return Fact(len(met), len(met) + len(missed), met, missed)


def _report_standing(tracker: Tracker, deadline_id: int | None) -> dict[int, str]:
    """{agency id: “sent”, “returned” or “unsent”} for the agencies the report deadline asks (any
    of the movement's report deadlines when the target names none: sent is sent one of them)."""
    indexes = [
        i
        for i, d in enumerate(tracker.deadlines)
        if (d.pk == deadline_id if deadline_id else d.kind == DeadlineKind.REPORT)
    ]
    standing = {}
    for row in tracker.rows:
        states = {row.cells[i].state for i in indexes} - {TrackerState.NOT_REQUIRED.value}
        if not states:
            continue
        if states & {TrackerState.ON_TIME.value, TrackerState.LATE.value}:
            standing[row.agency.pk] = "sent"
        elif TrackerState.RETURNED.value in states:
            standing[row.agency.pk] = "returned"
        else:
            standing[row.agency.pk] = "unsent"
    return standing


def report_figure(target: Target, *, tracker: Tracker | None = None, now=None) -> Fact:
    """The indicator over the reports sent (returned ones excluded), of the target's deadline
    when it names one: numbers summed, percentages averaged (reports/models.Indicator).
    Counted: the agencies with a figure. Missed: the agencies asked that sent no report or left
    the figure out, and for a percentage those whose own figure misses the target (a summed
    number has no share per agency to compare)."""
    tracker = tracker or movement_tracker(movement=target.movement, now=now)
    indicator = target.indicator
    percent = indicator.kind == IndicatorKind.PERCENT
    figures = ReportFigure.objects.filter(
        indicator=indicator, report__state__in=COUNTED_REPORT_STATES
    )
    if target.deadline_id:
        figures = figures.filter(report__deadline_id=target.deadline_id)
    per_agency = dict(
        figures.values("report__agency_id")
        .annotate(total=Avg("value") if percent else Sum("value"))
        .order_by()
        .values_list("report__agency_id", "total")
    )
    # “70%”, “12 cuộc”: a figure reads with its unit on its line.
    unit = "%" if percent else f" {indicator.unit}".rstrip()
    agencies = Agency.objects.filter(pk__in=per_agency).select_related("kind").order_by("name")
    met = [
        AgencyLine(a.pk, a.code, a.name, a.kind.name, f"{number_text(per_agency[a.pk])}{unit}")
        for a in agencies
    ]
    standing = _report_standing(tracker, target.deadline_id)
    missed = []
    for row in tracker.rows:
        pk = row.agency.pk
        if pk in per_agency:
            own = Fact(per_agency[pk])
            if percent and not reaches(own, target):
                text = f"{number_text(own.value)}{unit}, dưới chỉ tiêu {target_text(target)}"
                missed.append(_line(row, text))
        elif standing.get(pk) == "sent":
            missed.append(_line(row, "Không điền chỉ tiêu"))
        elif standing.get(pk) == "returned":
            missed.append(_line(row, "Báo cáo bị trả lại, chưa gửi lại"))
        elif pk in standing:
            missed.append(_line(row, "Chưa gửi báo cáo"))
    if percent:
        value = figures.aggregate(v=Avg("value"))["v"]
    else:
        value = sum(per_agency.values(), Decimal(0)) if per_agency else Decimal(0)
    return Fact(value, None, met, missed, unit=indicator.unit_label)


def manual(target: Target, **_) -> Fact:
    """A value someone typed, with where it comes from."""
    return Fact(target.manual_value, None, source=target.source)


READERS = {
    FactKind.PLAN_ON_TIME: plan_on_time,
    FactKind.REPORT_SENT: report_sent,
    FactKind.BAND_REACHED: band_reached,
    FactKind.REPORT_FIGURE: report_figure,
    FactKind.MANUAL: manual,
}


def fact_of(target: Target, *, tracker: Tracker | None = None, now=None) -> Fact:
    return READERS[target.fact_kind](target, tracker=tracker, now=now)


def target_against_fact(target: Target, *, tracker: Tracker | None = None, now=None) -> TargetFact:
    """The target's fact and whether it is met."""
    fact = fact_of(target, tracker=tracker, now=now)
    return TargetFact(target, fact, reaches(fact, target))
