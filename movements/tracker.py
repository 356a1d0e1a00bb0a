"""The coordinator's tracker (theo dõi, đôn đốc) and each agency's calendar: a movement's
deadlines against what each agency sent, read through each stage's registered reader."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from portal.models import Agency

from .links import admin_item_links, agency_page
from .models import Deadline, DeadlineExtension, Movement
from .selectors import (
    AgencyDeadline,
    Standing,
    deadlines_asking,
    late_text,
    sent_by_deadline,
    standing_of,
)


class TrackerState(models.TextChoices):
    ON_TIME = Standing.ON_TIME.value, "Đã gửi đúng hạn"
    LATE = Standing.LATE.value, "Gửi trễ hạn"
    RETURNED = "returned", "Bị trả lại, chờ gửi lại"
    EXTENDED = Standing.EXTENDED.value, "Được gia hạn, chưa gửi"
    PENDING = Standing.PENDING.value, "Chưa gửi, còn hạn"
    MISSING = Standing.MISSING.value, "Chưa gửi, đã quá hạn"
    NOT_REQUIRED = "not_required", "Không yêu cầu"


def _date(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _day(moment: datetime) -> str:
    # Called for thousands of cells: astimezone and int formatting, not localtime and strftime.
    return _date(moment.astimezone(timezone.get_current_timezone()))


# Plain strings and a dict: enum attribute and label lookups cost more than the cell's text.
_LABELS = dict(TrackerState.choices)
_ON_TIME, _LATE, _EXTENDED = (
    TrackerState.ON_TIME.value,
    TrackerState.LATE.value,
    TrackerState.EXTENDED.value,
)


@dataclass(frozen=True, slots=True)
class Cell:
    """One agency against one deadline: its state, its window, when it sent, where it leads."""

    state: str
    window: AgencyDeadline | None = None
    sent_at: datetime | None = None
    url: str | None = None

    @property
    def extended_until(self) -> str:
        extension = self.window.extension if self.window else None
        return _date(extension.until_on) if extension else ""

    @property
    def late_by_text(self) -> str:
        if self.state != _LATE:
            return ""
        return late_text(self.sent_at - self.window.closes_at)

    @property
    def text(self) -> str:
        """The cell as the tracker page and its Excel file write it."""
        state = self.state
        if state in (_ON_TIME, _LATE):
            until = self.extended_until
            extended = f", gia hạn đến {until}" if until else ""
            if state == _ON_TIME:
                return f"Đúng hạn ({_day(self.sent_at)}{extended})"
            return f"Trễ {self.late_by_text} ({_day(self.sent_at)}{extended})"
        if state == _EXTENDED:
            return f"Gia hạn đến {self.extended_until}"
        return _LABELS[state]

    @property
    def agency_text(self) -> str:
        """The same state in the agency's own words, on its calendar."""
        if self.state == TrackerState.ON_TIME:
            return f"Đã gửi đúng hạn (ngày {_day(self.sent_at)})"
        if self.state == TrackerState.LATE:
            return f"Gửi trễ {self.late_by_text} (ngày {_day(self.sent_at)})"
        if self.state == TrackerState.RETURNED:
            return "Bị trả lại — cần sửa và gửi lại"
        if self.state == TrackerState.EXTENDED:
            return f"Chưa gửi — được gia hạn đến hết ngày {self.extended_until}"
        if self.state == TrackerState.MISSING:
            return "Đã quá hạn, chưa gửi"
        return "Chưa gửi"


NOT_REQUIRED = Cell(TrackerState.NOT_REQUIRED)


def _cell(
    *, deadline, agency_id, extension, times, link, now, window=None, returned=None, items=None
) -> Cell:
    if window is None or extension is not None:
        window = AgencyDeadline(deadline, extension)
    sent_at = times.get(agency_id)
    if returned is None:
        returned = getattr(times, "returned", ())
    if agency_id in returned:
        state = TrackerState.RETURNED
    else:
        state = standing_of(window=window, sent_at=sent_at, now=now)
    url = None
    if sent_at is not None and link is not None:
        if items is None:
            items = getattr(times, "item_id", {})
        url = link(agency_id, items.get(agency_id))
    return Cell(state, window, sent_at, url)


@dataclass(frozen=True, slots=True)
class ExtensionDates:
    """What a tracker cell reads of an extension: a thousand model instances cost 15 ms."""

    until_on: date
    closes_at: datetime
    wording = DeadlineExtension.wording


@dataclass(frozen=True, slots=True)
class TrackerAgency:
    """What a tracker row shows of its agency, read as plain values (a thousand rows)."""

    pk: int
    code: str
    name: str
    kind_name: str


@dataclass
class TrackerRow:
    agency: TrackerAgency
    cells: list[Cell]


@dataclass
class Tracker:
    """Agencies × the movement's deadlines, with per-column totals of the rows shown."""

    movement: Movement
    deadlines: list[Deadline]
    rows: list[TrackerRow]

    @property
    def totals(self) -> list[tuple[str, str, list[int]]]:
        """(state, label, count per deadline) for every state, in the page's order."""
        counts = {state: [0] * len(self.deadlines) for state in TrackerState.values}
        for row in self.rows:
            for index, cell in enumerate(row.cells):
                counts[cell.state][index] += 1
        return [(state, TrackerState(state).label, counts[state]) for state in TrackerState.values]


def movement_tracker(
    *,
    movement: Movement,
    now: datetime | None = None,
    agency_kind_id: int | None = None,
    state: str | None = None,
    deadline_id: int | None = None,
) -> Tracker:
    """Every active agency against every deadline of the movement, in a fixed number of queries
    however many agencies (one per stage, or per deadline of a stage with only a reader). ``state`` keeps the agencies with a cell in that
    state (in ``deadline_id``'s column when given)."""
    now = now or timezone.now()
    deadlines = list(movement.deadlines.prefetch_related("agency_kinds").order_by("due_on", "pk"))
    extensions = {
        (deadline_id, agency_id): ExtensionDates(until_on, closes_at)
        for deadline_id, agency_id, until_on, closes_at in DeadlineExtension.objects.filter(
            deadline__movement=movement
        ).values_list("deadline_id", "agency_id", "until_on", "closes_at")
    }
    agencies = Agency.objects.filter(active=True)
    if agency_kind_id:
        agencies = agencies.filter(kind_id=agency_kind_id)
    sent = sent_by_deadline(deadlines)
    times = [sent[deadline.pk] for deadline in deadlines]
    links = [admin_item_links(deadline) for deadline in deadlines]
    windows = [AgencyDeadline(deadline) for deadline in deadlines]
    # Read once per column, not once per cell.
    returned = [getattr(t, "returned", ()) for t in times]
    items = [getattr(t, "item_id", {}) for t in times]
    asking_by_kind: dict[int, set[int]] = {}
    rows = []
    for pk, code, name, kind_id, kind_name in agencies.order_by("kind__order", "name").values_list(
        "pk", "code", "name", "kind_id", "kind__name"
    ):
        if kind_id not in asking_by_kind:
            asking_by_kind[kind_id] = {d.pk for d in deadlines_asking(deadlines, kind_id)}
        asking = asking_by_kind[kind_id]
        cells = [
            _cell(
                deadline=deadline,
                agency_id=pk,
                extension=extensions.get((deadline.pk, pk)),
                times=times[index],
                link=links[index],
                now=now,
                window=windows[index],
                returned=returned[index],
                items=items[index],
            )
            if deadline.pk in asking
            else NOT_REQUIRED
            for index, deadline in enumerate(deadlines)
        ]
        rows.append(TrackerRow(TrackerAgency(pk, code, name, kind_name), cells))
    if state:
        columns = [i for i, d in enumerate(deadlines) if not deadline_id or d.pk == deadline_id]
        rows = [row for row in rows if any(row.cells[i].state == state for i in columns)]
    return Tracker(movement=movement, deadlines=deadlines, rows=rows)


# The agency's calendar


@dataclass(frozen=True)
class CalendarItem:
    deadline: Deadline
    cell: Cell
    url: str | None

    @property
    def window(self) -> AgencyDeadline:
        return self.cell.window

    @property
    def state(self) -> str:
        return self.cell.state

    @property
    def status_text(self) -> str:
        return self.cell.agency_text


def agency_calendar(
    *, agency: Agency, movements: list[Movement], now: datetime | None = None
) -> dict[int, list[CalendarItem]]:
    """{movement id: the deadlines asking this agency, each with its own state}, reading this
    agency's rows only, in a number of queries that does not grow with movements."""
    now = now or timezone.now()
    by_movement: dict[int, list[Deadline]] = {m.pk: [] for m in movements}
    for deadline in (
        Deadline.objects.filter(movement__in=movements)
        .prefetch_related("agency_kinds")
        .order_by("due_on", "pk")
    ):
        by_movement[deadline.movement_id].append(deadline)
    asking = {
        movement_id: deadlines_asking(deadlines, agency.kind_id)
        for movement_id, deadlines in by_movement.items()
    }
    asked = [d for deadlines in asking.values() for d in deadlines]
    extensions = {
        e.deadline_id: e
        for e in DeadlineExtension.objects.filter(agency=agency, deadline__in=asked)
    }
    sent = sent_by_deadline(asked, agency_id=agency.pk)
    calendar = {}
    for movement_id, deadlines in asking.items():
        items = []
        for deadline in deadlines:
            cell = _cell(
                deadline=deadline,
                agency_id=agency.pk,
                extension=extensions.get(deadline.pk),
                times=sent[deadline.pk],
                link=None,
                now=now,
            )
            items.append(CalendarItem(deadline, cell, agency_page(deadline)))
        calendar[movement_id] = items
    return calendar
