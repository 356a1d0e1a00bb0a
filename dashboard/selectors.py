"""The dashboard's reads: each target against its fact, and the counts the coordinator and the
province's leaders follow. Every count has a key; ``drill`` lists the rows behind a key with
the same filter, so a drill-down's total is the headline's."""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from awards.models import Nominee
from initiatives.models import EventKind, Initiative, InitiativeEvent, Status
from movements.models import Movement
from movements.tracker import TrackerState, movement_tracker
from registrations.models import Registration
from registrations.models import State as RegistrationState
from scoring.models import Scorecard, ScorecardState

from .facts import TargetFact, fact_text, target_against_fact, target_text

# The events that tell a model's life over the years (seed 001: kept, strengthened, removed).
LIFE_EVENTS = (EventKind.RECOGNISED, EventKind.KEPT, EventKind.STRENGTHENED, EventKind.REMOVED)
BAR_WIDTH = 260


@dataclass
class Line:
    """One number of the dashboard and the key of the rows behind it."""

    label: str
    count: int
    key: str
    of: int | None = None  # a share: ``count`` of ``of``
    other_key: str = ""  # the rest of ``of``: the agencies not counted
    bar: int = 0

    @property
    def other(self) -> int:
        return (self.of or 0) - self.count

    @property
    def share_text(self) -> str:
        if not self.of:
            return ""
        share = round(100 * self.count / self.of, 1)
        return f"{share:g}%".replace(".", ",")


@dataclass
class Block:
    key: str
    title: str
    unit: str
    lines: list[Line] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)

    def scale(self):
        """Bar lengths for the SVG chart, against the block's largest number (or its base)."""
        top = max([line.of or line.count for line in self.lines] + [1])
        for line in self.lines:
            line.bar = round(BAR_WIDTH * line.count / top)
        return self


@dataclass
class TargetRow:
    position: int
    result: TargetFact

    @property
    def target(self):
        return self.result.target

    @property
    def fact_text(self) -> str:
        return fact_text(self.result.fact)

    @property
    def target_text(self) -> str:
        return target_text(self.result.target)

    @property
    def met_key(self) -> str:
        return f"chi-tieu-{self.target.pk}-dat"

    @property
    def missed_key(self) -> str:
        return f"chi-tieu-{self.target.pk}-chua"

    @property
    def verdict(self) -> str:
        return "Đạt" if self.result.met else "Chưa đạt"


@dataclass
class Dashboard:
    movement: Movement
    targets: list[TargetRow]
    blocks: list[Block]
    on_time: Block


def _initiatives():
    """The register's models an agency has sent at least once (drafts are nobody's fact yet)."""
    return Initiative.objects.exclude(status=Status.DRAFT)


def _grouped(queryset, *fields):
    return list(queryset.values(*fields).annotate(n=Count("pk", distinct=True)).order_by(*fields))


def _model_blocks() -> list[Block]:
    base = _initiatives()
    by_field = Block("linh-vuc", "Mô hình theo lĩnh vực", "mô hình")
    for row in _grouped(base, "field__name", "field_id"):
        by_field.lines.append(Line(row["field__name"], row["n"], f"linh-vuc-{row['field_id']}"))
    by_kind = Block("loai", "Mô hình theo loại cơ quan", "mô hình")
    for row in _grouped(base, "agency__kind__order", "agency__kind__name", "agency__kind_id"):
        by_kind.lines.append(
            Line(row["agency__kind__name"], row["n"], f"loai-{row['agency__kind_id']}")
        )
    counts = dict(base.values_list("status").annotate(n=Count("pk")).order_by())
    by_status = Block("trang-thai", "Mô hình theo tình trạng", "mô hình")
    for value, label in Status.choices:
        if value != Status.DRAFT:
            by_status.lines.append(Line(label, counts.get(value, 0), f"trang-thai-{value}"))
    by_year = Block("nam", "Mô hình theo năm bắt đầu", "mô hình")
    for row in _grouped(base, "start_year"):
        year = row["start_year"]
        label, key = (f"Năm {year}", f"nam-{year}") if year else ("Chưa ghi năm", "nam-0")
        by_year.lines.append(Line(label, row["n"], key))
    return [by_field, by_kind, by_status, by_year]


def _life_block() -> Block:
    life = Block(
        "dien-bien", "Mô hình công nhận, công nhận lại, kiện toàn, đưa ra qua các năm", "mô hình"
    )
    labels = dict(EventKind.choices)
    rows = _grouped(InitiativeEvent.objects.filter(kind__in=LIFE_EVENTS), "year", "kind")
    order = {kind: i for i, kind in enumerate(LIFE_EVENTS)}
    for row in sorted(rows, key=lambda r: (r["year"], order[r["kind"]])):
        life.lines.append(
            Line(
                f"{row['year']}: {labels[row['kind']]}",
                row["n"],
                f"su-kien-{row['kind']}-{row['year']}",
            )
        )
    return life


def _registration_block(movement) -> Block:
    counts = dict(
        Registration.objects.filter(movement=movement)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    block = Block("dang-ky", "Mô hình đăng ký theo trạng thái", "mô hình")
    for value, label in RegistrationState.choices:
        block.lines.append(Line(label, counts.get(value, 0), f"dang-ky-{value}"))
    return block


def _band_block(movement) -> Block:
    finalised = Scorecard.objects.filter(movement=movement, state=ScorecardState.FINALISED)
    rows = _grouped(finalised.filter(not_classifiable=False), "band__rank", "band__name", "band_id")
    block = Block("xep-loai", "Kết quả xếp loại (đã thẩm định)", "đơn vị")
    for row in rows:
        label = row["band__name"] or "Chưa có mức xếp loại"
        block.lines.append(Line(label, row["n"], f"xep-loai-{row['band_id'] or 0}"))
    unranked = finalised.filter(not_classifiable=True).count()
    block.lines.append(Line("Không đủ điều kiện xếp loại", unranked, "xep-loai-khong"))
    return block


def _award_block(movement) -> Block:
    rows = _grouped(
        Nominee.objects.filter(decision__movement=movement),
        "decision__decided_on",
        "decision_id",
        "decision__number",
        "decision__award_kind__name",
    )
    block = Block("khen", "Khen thưởng theo quyết định", "tập thể, cá nhân")
    for row in rows:
        label = f"{row['decision__award_kind__name']} — Quyết định số {row['decision__number']}"
        block.lines.append(Line(label, row["n"], f"khen-{row['decision_id']}"))
    return block


def _on_time_block(tracker) -> Block:
    block = Block("dung-han", "Tỷ lệ gửi đúng hạn theo từng thời hạn", "đơn vị")
    for index, deadline in enumerate(tracker.deadlines):
        asked = on_time = 0
        for row in tracker.rows:
            state = row.cells[index].state
            if state != TrackerState.NOT_REQUIRED:
                asked += 1
                on_time += state == TrackerState.ON_TIME
        label = f"{deadline.title} ({deadline.wording})"
        block.lines.append(
            Line(
                label,
                on_time,
                f"han-{deadline.pk}-dung",
                of=asked,
                other_key=f"han-{deadline.pk}-khac",
            )
        )
    return block


def dashboard_for(movement: Movement, *, now=None) -> Dashboard:
    """The whole dashboard in a number of queries that does not grow with agencies or models."""
    now = now or timezone.now()
    tracker = movement_tracker(movement=movement, now=now)
    targets = [
        TargetRow(position, target_against_fact(target, tracker=tracker, now=now))
        for position, target in enumerate(
            movement.targets.select_related("movement", "deadline", "band", "indicator"), start=1
        )
    ]
    blocks = [
        *_model_blocks(),
        _registration_block(movement),
        _band_block(movement),
        _award_block(movement),
        _life_block(),
    ]
    return Dashboard(
        movement=movement,
        targets=targets,
        blocks=[b.scale() for b in blocks],
        on_time=_on_time_block(tracker).scale(),
    )


# Drill-downs


@dataclass
class Drill:
    title: str
    headers: list[str]
    rows: list[list[str]]


AGENCY_HEADERS = ["Mã", "Cơ quan, đơn vị", "Loại cơ quan", "Ghi chú"]
MODEL_HEADERS = ["Tên mô hình", "Cơ quan, đơn vị", "Lĩnh vực", "Tình trạng", "Năm bắt đầu"]


def _model_rows(queryset) -> list[list[str]]:
    return [
        [m.name, m.agency.name, m.field.name, m.get_status_display(), str(m.start_year or "")]
        for m in queryset.select_related("agency", "field").order_by("agency__name", "name")
    ]


def _agency_rows(lines) -> list[list[str]]:
    return [[a.code, a.name, a.kind_name, a.note] for a in lines]


# Every kind of number the dashboard shows, by the first part of its key.
KEY_NAMES = (
    "chi-tieu", "han", "linh-vuc", "loai", "trang-thai", "nam", "su-kien", "dang-ky",
    "xep-loai", "khen",
)  # fmt: skip
PART = re.compile(r"^[a-z0-9_]{1,20}$")


def drill(movement: Movement, key: str, *, now=None) -> Drill:
    """The rows behind one dashboard number; 404 for a key the dashboard never shows."""
    key = key or ""
    name = next((n for n in KEY_NAMES if key.startswith(f"{n}-")), None)
    parts = key[len(name) + 1 :].split("-") if name else []
    result = None
    if name and 1 <= len(parts) <= 2 and all(PART.match(p) for p in parts):
        first, second = parts[0], parts[1] if len(parts) == 2 else None
        number = int(first) if first.isdigit() else None
        result = _drill(movement, name, first, second, number, now or timezone.now())
    if result is None:
        raise Http404("Không có số liệu này trên bảng điều khiển.")
    return result


def _drill(movement, name, first, second, number, now):  # noqa: C901 - one branch per key
    if name == "chi-tieu" and number is not None and second in ("dat", "chua"):
        target = movement.targets.select_related("movement", "deadline", "band", "indicator")
        target = target.filter(pk=number).first()
        if target is None:
            return None
        result = target_against_fact(target, now=now)
        lines = result.fact.met if second == "dat" else result.fact.missed
        which = "được tính" if second == "dat" else "chưa đạt"
        return Drill(f"{target.name} — đơn vị {which}", AGENCY_HEADERS, _agency_rows(lines))
    if name == "han" and number is not None and second in ("dung", "khac"):
        tracker = movement_tracker(movement=movement, now=now)
        deadline = next((d for d in tracker.deadlines if d.pk == number), None)
        if deadline is None:
            return None
        index = tracker.deadlines.index(deadline)
        rows = []
        for row in tracker.rows:
            cell = row.cells[index]
            if cell.state == TrackerState.NOT_REQUIRED:
                continue
            if (cell.state == TrackerState.ON_TIME) == (second == "dung"):
                a = row.agency
                rows.append([a.code, a.name, a.kind_name, cell.text])
        which = "gửi đúng hạn" if second == "dung" else "chưa gửi đúng hạn"
        return Drill(f"{deadline.title} — đơn vị {which}", AGENCY_HEADERS, rows)
    if second is not None and name != "su-kien":
        return None
    base = _initiatives()
    if name == "linh-vuc" and number is not None:
        return Drill(
            "Mô hình theo lĩnh vực", MODEL_HEADERS, _model_rows(base.filter(field_id=number))
        )
    if name == "loai" and number is not None:
        return Drill(
            "Mô hình theo loại cơ quan",
            MODEL_HEADERS,
            _model_rows(base.filter(agency__kind_id=number)),
        )
    if name == "trang-thai" and first in Status.values and first != Status.DRAFT:
        return Drill(Status(first).label, MODEL_HEADERS, _model_rows(base.filter(status=first)))
    if name == "nam" and number is not None:
        chosen = base.filter(start_year=number) if number else base.filter(start_year__isnull=True)
        return Drill(
            f"Mô hình bắt đầu năm {number or '(chưa ghi)'}", MODEL_HEADERS, _model_rows(chosen)
        )
    if name == "su-kien" and first in LIFE_EVENTS and second and second.isdigit():
        chosen = Initiative.objects.filter(events__kind=first, events__year=int(second)).distinct()
        title = f"{EventKind(first).label} năm {second}"
        return Drill(title, MODEL_HEADERS, _model_rows(chosen))
    if name == "dang-ky" and first in RegistrationState.values:
        registrations = (
            Registration.objects.filter(movement=movement, state=first)
            .select_related("agency", "field")
            .order_by("agency__name", "name")
        )
        rows = [
            [r.name, r.agency.name, r.field.name, r.get_state_display(), str(movement.year)]
            for r in registrations
        ]
        return Drill(f"Mô hình đăng ký: {RegistrationState(first).label}", MODEL_HEADERS, rows)
    if name == "xep-loai" and (number is not None or first == "khong"):
        cards = Scorecard.objects.filter(movement=movement, state=ScorecardState.FINALISED)
        if first == "khong":
            cards, title = cards.filter(not_classifiable=True), "Không đủ điều kiện xếp loại"
        else:
            band = Q(band_id=number) if number else Q(band__isnull=True)
            cards, title = cards.filter(band, not_classifiable=False), "Xếp loại"
        rows = [
            [c.agency.code, c.agency.name, c.agency.kind.name, c.band.name if c.band else ""]
            for c in cards.select_related("agency__kind", "band").order_by("agency__name")
        ]
        return Drill(title, AGENCY_HEADERS, rows)
    if name == "khen" and number is not None:
        nominees = (
            Nominee.objects.filter(decision__movement=movement, decision_id=number)
            .select_related("registration__agency", "registration__field", "decision")
            .order_by("registration__agency__name", "position")
        )
        rows = [
            [
                n.registration.name,
                n.registration.agency.name,
                n.registration.field.name,
                f"Quyết định số {n.decision.number}",
                str(movement.year),
            ]
            for n in nominees
        ]
        return Drill("Tập thể, cá nhân được khen thưởng", MODEL_HEADERS, rows)
    return None
