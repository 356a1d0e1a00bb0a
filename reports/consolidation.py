"""The coordinator's consolidation of one report deadline: every figure summed (numbers) or
averaged (percentages) over the agencies whose reports count, overall and by agency kind; who
sent on time, late, or nothing; the text gathered by content area; and the Excel workbook.

    consolidate(deadline)           -> Consolidation, read in a fixed number of queries
    consolidation_workbook(c)       -> bytes (.xlsx): figures, standing, texts

The consolidated “BÁO CÁO” in the state format is rendered by reports/pdf_periodic.py.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook

from movements.models import Deadline
from movements.selectors import DeadlineRow, Standing, deadline_standing
from portal.documents import two_digits
from portal.excel import ReportSheet
from portal.models import AgencyKind

from .models import (
    ContentArea,
    Indicator,
    IndicatorKind,
    Report,
    ReportFigure,
    ReportModelStatus,
    ReportSection,
    State,
)

# A report counts in the consolidation once sent and while not returned: a returned report's
# figures are being corrected (its agency still shows as having sent, on time or late).
COUNTED_STATES = (State.SUBMITTED, State.RESUBMITTED, State.ACCEPTED)
CENT = Decimal("0.01")


@dataclass
class Aggregate:
    """Numbers are summed; percentages averaged over the agencies that gave a value."""

    kind: str
    values: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def value(self) -> Decimal | None:
        if not self.values:
            return None
        total = sum(self.values, Decimal(0))
        if self.kind == IndicatorKind.PERCENT:
            return (total / len(self.values)).quantize(CENT, rounding=ROUND_HALF_UP)
        return total

    @property
    def how(self) -> str:
        return "bình quân" if self.kind == IndicatorKind.PERCENT else "cộng"


@dataclass
class IndicatorSummary:
    indicator: Indicator
    overall: Aggregate
    by_kind: dict  # agency kind id → Aggregate


@dataclass
class KindGroup:
    """The counted reports of one agency kind, with that kind's aggregates per indicator."""

    kind: AgencyKind
    reports: list
    aggregates: list  # Aggregate per indicator, in the indicators' order


@dataclass
class TextEntry:
    agency: object
    text: str


@dataclass
class AreaTexts:
    title: str
    entries: list


@dataclass
class Consolidation:
    deadline: Deadline
    standing: list  # DeadlineRow per required agency
    reports: list  # the counted reports
    states: dict  # agency id → the report's state label, for every report of the deadline
    indicators: list
    summaries: list  # IndicatorSummary per indicator
    groups: list  # KindGroup per agency kind
    values: dict  # (agency id, indicator id) → Decimal
    areas: list  # AreaTexts per content area, then models, difficulties, proposals
    models_total: int
    models_running: int
    generated_at: object

    @property
    def movement(self):
        return self.deadline.movement

    def rows_in(self, *standings) -> list[DeadlineRow]:
        return [row for row in self.standing if row.standing in standings]

    @property
    def on_time(self):
        return self.rows_in(Standing.ON_TIME)

    @property
    def late(self):
        return self.rows_in(Standing.LATE)

    @property
    def sent(self):
        return self.rows_in(Standing.ON_TIME, Standing.LATE)

    @property
    def nothing_sent(self):
        """Required agencies without a report past their deadline."""
        return self.rows_in(Standing.MISSING)

    @property
    def waiting(self):
        """Not sent yet but still in time (the deadline or their extension has not passed)."""
        return self.rows_in(Standing.PENDING, Standing.EXTENDED)

    def standing_lines(self):
        """Each required agency's standing with its report's state (“Chưa lập” without one)."""
        return [(row, self.states.get(row.agency.pk, "Chưa lập")) for row in self.standing]

    def value_of(self, report, indicator):
        return self.values.get((report.agency_id, indicator.pk))


def _aggregates(indicators, reports, values):
    result = []
    for indicator in indicators:
        aggregate = Aggregate(indicator.kind)
        for report in reports:
            value = values.get((report.agency_id, indicator.pk))
            if value is not None:
                aggregate.values.append(value)
        result.append(aggregate)
    return result


def consolidate(deadline: Deadline, *, now=None) -> Consolidation:
    """Everything the consolidation page, workbook and document show, in about a dozen queries
    whatever the number of agencies."""
    now = now or timezone.now()
    deadline = (
        Deadline.objects.select_related("movement")
        .prefetch_related("agency_kinds", "extensions")
        .get(pk=deadline.pk)
    )
    standing = deadline_standing(deadline=deadline, now=now)
    all_reports = list(
        Report.objects.filter(deadline=deadline)
        .select_related("agency__kind")
        .prefetch_related(
            Prefetch("sections", queryset=ReportSection.objects.order_by("area_id")),
            Prefetch(
                "model_statuses",
                queryset=ReportModelStatus.objects.select_related("registration"),
            ),
            Prefetch("figures", queryset=ReportFigure.objects.all()),
        )
        .order_by("agency__kind__order", "agency__kind__name", "agency__name", "pk")
    )
    reports = [r for r in all_reports if r.state in COUNTED_STATES]
    movement = deadline.movement
    indicators = list(Indicator.objects.filter(movement=movement))
    areas = list(ContentArea.objects.filter(movement=movement))
    values = {(r.agency_id, f.indicator_id): f.value for r in reports for f in r.figures.all()}

    kinds, by_kind = {}, {}
    for report in reports:
        kinds.setdefault(report.agency.kind_id, report.agency.kind)
        by_kind.setdefault(report.agency.kind_id, []).append(report)
    groups = [
        KindGroup(kind, by_kind[kind_id], _aggregates(indicators, by_kind[kind_id], values))
        for kind_id, kind in kinds.items()
    ]
    overall = _aggregates(indicators, reports, values)
    summaries = [
        IndicatorSummary(
            indicator,
            overall[index],
            {group.kind.pk: group.aggregates[index] for group in groups},
        )
        for index, indicator in enumerate(indicators)
    ]

    texts = {area.pk: [] for area in areas}
    models, difficulties, proposals = [], [], []
    models_total = models_running = 0
    for report in reports:
        for section in report.sections.all():
            if section.results.strip() and section.area_id in texts:
                texts[section.area_id].append(TextEntry(report.agency, section.results))
        for status in report.model_statuses.all():
            models_total += 1
            models_running += status.running
            state = "đang duy trì" if status.running else "đã dừng hoạt động"
            line = f"Mô hình “{status.registration.name}” ({state})"
            if status.results.strip():
                line += f": {status.results.strip()}"
            models.append(TextEntry(report.agency, line))
        if report.difficulties.strip():
            difficulties.append(TextEntry(report.agency, report.difficulties))
        if report.proposals.strip():
            proposals.append(TextEntry(report.agency, report.proposals))
    gathered = [AreaTexts(area.name, texts[area.pk]) for area in areas]
    gathered += [
        AreaTexts("Tình hình các mô hình “Dân vận khéo”", models),
        AreaTexts("Khó khăn, vướng mắc", difficulties),
        AreaTexts("Đề xuất, kiến nghị", proposals),
    ]
    return Consolidation(
        deadline=deadline,
        standing=standing,
        reports=reports,
        states={r.agency_id: r.get_state_display() for r in all_reports},
        indicators=indicators,
        summaries=summaries,
        groups=groups,
        values=values,
        areas=gathered,
        models_total=models_total,
        models_running=models_running,
        generated_at=now,
    )


# The workbook


def indicator_heading(indicator: Indicator) -> str:
    """“Số cuộc đối thoại trực tiếp với Nhân dân (cuộc) – cộng”."""
    how = "bình quân" if indicator.kind == IndicatorKind.PERCENT else "cộng"
    unit = f" ({indicator.unit_label})" if indicator.unit_label else ""
    return f"{indicator.name}{unit} – {how}"


def _units(count: int) -> str:
    return f"({two_digits(count)} đơn vị)"


def _sheet(workbook, c: Consolidation, name, title, headers, widths):
    deadline = c.deadline
    return ReportSheet(
        workbook,
        name,
        title=title,
        movement=c.movement,
        details=[f"Kỳ báo cáo: {deadline.title} ({deadline.wording})"],
        headers=headers,
        widths=widths,
    )


def _figures_sheet(workbook, c: Consolidation):
    sheet = _sheet(
        workbook,
        c,
        "Số liệu",
        "Tổng hợp số liệu báo cáo",
        ["STT", "Cơ quan, đơn vị", "Loại cơ quan", "Trạng thái báo cáo"]
        + [indicator_heading(i) for i in c.indicators],
        [6, 40, 28, 16] + [18] * len(c.indicators),
    )
    number = 0
    for group in c.groups:
        sheet.append([None, group.kind.name], bold=True)
        for report in group.reports:
            number += 1
            sheet.append(
                [
                    number,
                    report.agency.name,
                    group.kind.name,
                    report.get_state_display(),
                    *(c.value_of(report, i) for i in c.indicators),
                ],
            )
        sheet.append(
            [
                None,
                f"Tổng hợp {group.kind.name} {_units(len(group.reports))}",
                None,
                None,
                *(a.value for a in group.aggregates),
            ],
            bold=True,
        )
    sheet.append(
        [
            None,
            f"TỔNG HỢP CHUNG {_units(len(c.reports))}",
            None,
            None,
            *(s.overall.value for s in c.summaries),
        ],
        bold=True,
    )


def _standing_sheet(workbook, c: Consolidation):
    sheet = _sheet(
        workbook,
        c,
        "Tình hình gửi báo cáo",
        "Tình hình gửi báo cáo",
        [
            "STT",
            "Cơ quan, đơn vị",
            "Loại cơ quan",
            "Thời hạn",
            "Hạn cuối",
            "Gửi lần đầu lúc",
            "Tình hình",
            "Trễ hạn",
            "Trạng thái báo cáo",
        ],
        [6, 40, 28, 30, 18, 18, 24, 14, 18],
    )
    for number, (row, state) in enumerate(c.standing_lines(), start=1):
        sheet.append(
            [
                number,
                row.agency.name,
                row.agency.kind.name,
                row.window.wording,
                row.window.last_moment,
                row.sent_at,
                row.standing_label,
                row.late_by_text,
                state,
            ]
        )


def _texts_sheet(workbook, c: Consolidation):
    sheet = _sheet(
        workbook,
        c,
        "Nội dung theo lĩnh vực",
        "Tổng hợp nội dung báo cáo theo lĩnh vực",
        ["STT", "Nội dung công tác", "Cơ quan, đơn vị", "Kết quả, nội dung"],
        [6, 40, 36, 100],
    )
    number = 0
    for area in c.areas:
        for entry in area.entries:
            number += 1
            sheet.append([number, area.title, entry.agency.name, entry.text], wrap=True)


def consolidation_workbook(c: Consolidation) -> bytes:
    """Three sheets: figures by agency and by kind; who sent when; the text by content area.
    Text typed by agencies stays text (“=…” is no formula)."""
    workbook = Workbook(write_only=True)
    _figures_sheet(workbook, c)
    _standing_sheet(workbook, c)
    _texts_sheet(workbook, c)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
