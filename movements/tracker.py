"""The coordinator's tracker (theo dõi, đôn đốc) and each agency's calendar: a movement's
deadlines against what each agency sent, read through each stage's registered reader."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from django.db import models
from django.utils import timezone

from portal import versions
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
    # Called for thousands of cells: astimezone and int formatting, not localtime and strftime;
    # the default zone (cached) since the portal activates no other, where the current zone
    # is a thread-local lookup per call.
    return _date(moment.astimezone(timezone.get_default_timezone()))


# Plain strings and a dict: enum attribute and label lookups cost more than the cell's text.
_LABELS = dict(TrackerState.choices)
_ON_TIME, _LATE, _EXTENDED = (
    TrackerState.ON_TIME.value,
    TrackerState.LATE.value,
    TrackerState.EXTENDED.value,
)


# Not frozen: a thousand agencies make thousands of cells, and frozen fields cost a call each.
@dataclass(slots=True)
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


class CellView(NamedTuple):
    """A cell as the tracker page prints it, kept in the grid: ``window`` only says whether
    the deadline asks this agency (the cell then carries an id)."""

    state: str
    text: str
    url: str | None
    window: bool


def _cell(window: AgencyDeadline, sent_at, returned: bool, now, url=None) -> Cell:
    """One agency's cell: returned, else its standing against its own window."""
    if returned:
        return Cell(TrackerState.RETURNED, window, sent_at, url)
    return Cell(standing_of(window=window, sent_at=sent_at, now=now), window, sent_at, url)


@dataclass(frozen=True, slots=True)
class Column:
    """One deadline's cells: the one shared by every agency that neither sent nor was extended
    (pending or missing alike), and a cell of its own for each agency that did."""

    unsent: Cell
    own: dict[int, Cell]


def _column(*, deadline, times, extensions, now) -> Column:
    window = AgencyDeadline(deadline)
    link = admin_item_links(deadline)
    returned = getattr(times, "returned", set())
    items = getattr(times, "item_id", {})
    own = {}
    for agency_id in times.keys() | returned | extensions.keys():
        extension = extensions.get(agency_id)
        sent_at = times.get(agency_id)
        own[agency_id] = _cell(
            window if extension is None else AgencyDeadline(deadline, extension),
            sent_at,
            agency_id in returned,
            now,
            None if sent_at is None else link(agency_id, items.get(agency_id)),
        )
    return Column(_cell(window, None, False, now), own)


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
    kind_id: int


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
    # The next moment a cell's state changes by the clock alone (a window closing); None: never.
    changes_at: datetime | None = None

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def totals(self) -> list[tuple[str, str, list[int]]]:
        """(state, label, count per deadline) for every state, in the page's order."""
        return _totals([[cell.state for cell in row.cells] for row in self.rows], self.deadlines)


def _totals(states, deadlines) -> list[tuple[str, str, list[int]]]:
    counts = {state: [0] * len(deadlines) for state in TrackerState.values}
    for row in states:
        for index, state in enumerate(row):
            counts[state][index] += 1
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
    however many agencies (one per stage, or per deadline of a stage with only a reader).
    ``state`` keeps the agencies with a cell in that state (in ``deadline_id``'s column when
    given)."""
    now = now or timezone.now()
    deadlines = list(movement.deadlines.prefetch_related("agency_kinds").order_by("due_on", "pk"))
    extensions: dict[int, dict[int, ExtensionDates]] = {d.pk: {} for d in deadlines}
    granted = DeadlineExtension.objects.filter(deadline__movement=movement)
    # The closing moment follows from the day, once per day granted (not per extension).
    dates: dict[date, ExtensionDates] = {}
    for deadline_pk, agency_id, until_on in granted.values_list(
        "deadline_id", "agency_id", "until_on"
    ):
        if until_on not in dates:
            dates[until_on] = ExtensionDates(until_on, DeadlineExtension.closing_moment(until_on))
        extensions[deadline_pk][agency_id] = dates[until_on]
    sent = sent_by_deadline(deadlines)
    columns = [
        _column(deadline=d, times=sent[d.pk], extensions=extensions[d.pk], now=now)
        for d in deadlines
    ]
    closings = [d.closes_at for d in deadlines] + [e.closes_at for e in dates.values()]
    changes_at = min((moment for moment in closings if moment > now), default=None)
    agencies = Agency.objects.filter(active=True)
    if agency_kind_id:
        agencies = agencies.filter(kind_id=agency_kind_id)
    # Per agency kind, each column's cells or None where the deadline does not ask that kind.
    kind_columns: dict[int, list[Column | None]] = {}
    rows = []
    for pk, code, name, kind_id, kind_name in agencies.order_by("kind__order", "name").values_list(
        "pk", "code", "name", "kind_id", "kind__name"
    ):
        mask = kind_columns.get(kind_id)
        if mask is None:
            asking = {d.pk for d in deadlines_asking(deadlines, kind_id)}
            mask = kind_columns[kind_id] = [
                column if d.pk in asking else None
                for d, column in zip(deadlines, columns, strict=True)
            ]
        cells = [
            NOT_REQUIRED if column is None else column.own.get(pk, column.unsent) for column in mask
        ]
        rows.append(TrackerRow(TrackerAgency(pk, code, name, kind_name, kind_id), cells))
    if state:
        shown = _columns_shown(deadlines, deadline_id)
        rows = [row for row in rows if any(row.cells[i].state == state for i in shown)]
    return Tracker(movement=movement, deadlines=deadlines, rows=rows, changes_at=changes_at)


def _columns_shown(deadlines, deadline_id) -> list[int]:
    return [i for i, d in enumerate(deadlines) if not deadline_id or d.pk == deadline_id]


# The whole table in plain values, kept between requests

# In the kept grid's name: a grid stored by an earlier release is never read as this one.
GRID_FORMAT = 3


@dataclass(frozen=True)
class TrackerGrid:
    """Every active agency's state under every deadline, in table order, as plain values: what
    the filters, the count and the totals read, and what a page's rows print (each cell's
    state, text and link). Kept in the cache under the movement's data version
    (portal/versions.py) until a window closes (``changes_at``)."""

    deadline_ids: tuple[int, ...]
    # (agency id, kind id, state per deadline, (code, name, kind name), CellView per deadline)
    rows: list[tuple]
    changes_at: datetime | None
    # The totals of every row, read by the unfiltered page (most pages) without a pass.
    totals: list[tuple[str, str, list[int]]]

    @classmethod
    def of(cls, tracker: Tracker) -> "TrackerGrid":
        # The same state strings and the shared cells' views are one object each in every row:
        # the pickled grid stores each once.
        states = {value: value for value in TrackerState.values}
        views: dict[int, tuple] = {}

        def view(cell: Cell) -> tuple:
            found = views.get(id(cell))
            if found is None:
                found = views[id(cell)] = CellView(
                    states[cell.state], cell.text, cell.url, cell.window is not None
                )
            return found

        return cls(
            tuple(d.pk for d in tracker.deadlines),
            [
                (
                    row.agency.pk,
                    row.agency.kind_id,
                    tuple(states[cell.state] for cell in row.cells),
                    (row.agency.code, row.agency.name, row.agency.kind_name),
                    tuple(view(cell) for cell in row.cells),
                )
                for row in tracker.rows
            ],
            tracker.changes_at,
            tracker.totals,
        )

    def fresh(self) -> bool:
        return self.changes_at is None or timezone.now() < self.changes_at

    def pick(self, *, agency_kind_id=None, state=None, deadline_id=None) -> list:
        """The rows the tracker's filters keep, as ``movement_tracker`` keeps them."""
        rows = self.rows
        if agency_kind_id:
            rows = [row for row in rows if row[1] == agency_kind_id]
        if state:
            shown = [
                i for i, pk in enumerate(self.deadline_ids) if not deadline_id or pk == deadline_id
            ]
            rows = [row for row in rows if any(row[2][i] == state for i in shown)]
        return rows


def tracker_grid(*, movement: Movement) -> tuple[TrackerGrid, Tracker | None]:
    """The movement's grid from the cache, or computed (with the whole Tracker it came from,
    so the page that computed it reads its rows from there)."""
    computed = []

    def compute():
        computed.append(movement_tracker(movement=movement))
        return TrackerGrid.of(computed[0])

    grid = versions.remember(
        f"tracker:{movement.pk}:{GRID_FORMAT}",
        ("agencies", f"movement:{movement.pk}"),
        compute,
        fresh=TrackerGrid.fresh,
    )
    return grid, (computed[0] if computed else None)


@dataclass
class TrackerPage:
    """One page of the tracker: the shown agencies' rows, the count and totals of every row
    the filters keep (across pages)."""

    movement: Movement
    deadlines: list[Deadline]
    rows: list[TrackerRow]
    count: int
    totals: list[tuple[str, str, list[int]]]


def tracker_page(*, movement: Movement, grid, whole, kept: list, shown: list) -> TrackerPage:
    """``kept``: the grid rows the filters keep; ``shown``: those of them on this page, printed
    from the grid as they were computed."""
    if whole is not None:
        deadlines = whole.deadlines
    else:
        deadlines = list(movement.deadlines.order_by("due_on", "pk"))
    rows = [
        TrackerRow(TrackerAgency(pk, code, name, kind_name, kind_id), list(cells))
        for pk, kind_id, _, (code, name, kind_name), cells in shown
    ]
    return TrackerPage(
        movement=movement,
        deadlines=deadlines,
        rows=rows,
        count=len(kept),
        totals=grid.totals if kept is grid.rows else _totals([row[2] for row in kept], deadlines),
    )


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
            times = sent[deadline.pk]
            cell = _cell(
                AgencyDeadline(deadline, extensions.get(deadline.pk)),
                times.get(agency.pk),
                agency.pk in getattr(times, "returned", ()),
                now,
            )
            items.append(CalendarItem(deadline, cell, agency_page(deadline)))
        calendar[movement_id] = items
    return calendar
