"""Reads of a movement's rules: which quota applies, when a deadline closes for an agency, and
who sent on time."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from portal.coordinator import current_coordinator
from portal.documents import moment_text
from portal.models import Agency

from .models import Deadline, DeadlineExtension, DeadlineKind, Movement, QuotaRule
from .signals import watch_sent_rows


def quota_rules_by_kind(*, movement: Movement) -> dict:
    """All of a movement's rules keyed by agency kind id; the default rule under None."""
    return {rule.agency_kind_id: rule for rule in movement.quota_rules.all()}


def rule_of_kind(rules: dict, agency_kind_id):
    """The one quota rule: the kind's own rule, else the movement's default (seed 000: 02/04
    for provincial agencies, 05/10 for the sectors named); None when neither exists."""
    return rules.get(agency_kind_id) or rules.get(None)


def quota_rule_for(*, movement: Movement, agency_kind_id: int, rules: dict | None = None):
    """The rule for this kind, else the movement's default rule (seed 000: 02/04 vs 05/10)."""
    if rules is None:
        rules = {
            rule.agency_kind_id: rule
            for rule in QuotaRule.objects.filter(
                Q(agency_kind_id=agency_kind_id) | Q(agency_kind__isnull=True), movement=movement
            )
        }
    rule = rule_of_kind(rules, agency_kind_id)
    if rule is None:
        raise ValidationError(
            f"Phong trào “{movement}” chưa có chỉ tiêu đăng ký cho loại cơ quan này "
            f"và chưa có chỉ tiêu mặc định. Vui lòng liên hệ {current_coordinator().short_name}."
        )
    return rule


def quota_holder_id(*, chain, rules: dict):
    """Which agency's quota a registration uses.

    ``chain`` is [(agency_id, kind_id), (parent_id, kind_id), (grandparent_id, kind_id)],
    nearest first. The highest ancestor whose rule pools its subordinates holds the quota
    (seed 000: a district's 05/10 counts its divisions and communes); otherwise the agency.
    """
    holder = chain[0][0]
    for agency_id, kind_id in chain[1:]:
        if agency_id is None:
            break
        rule = rule_of_kind(rules, kind_id)
        if rule is not None and rule.pools_subordinates:
            holder = agency_id
    return holder


def agency_chain(agency):
    """(id, kind_id) of the agency and up to two ancestors; parents must be select_related."""
    parent = agency.parent if agency.parent_id else None
    grandparent = parent.parent if parent is not None and parent.parent_id else None
    return [
        (agency.pk, agency.kind_id),
        (parent.pk, parent.kind_id) if parent else (None, None),
        (grandparent.pk, grandparent.kind_id) if grandparent else (None, None),
    ]


# Deadlines


@dataclass(frozen=True)
class AgencyDeadline:
    """When one deadline closes for one agency: the movement's date, or its extension."""

    deadline: Deadline | None
    extension: DeadlineExtension | None = None

    @property
    def closes_at(self) -> datetime | None:
        if self.extension is not None:
            return self.extension.closes_at
        return self.deadline.closes_at if self.deadline else None

    @property
    def extended(self) -> bool:
        return self.extension is not None

    @property
    def last_moment(self) -> datetime | None:
        """The last minute still on time (“23:59 ngày 15/04/2025”)."""
        return self.closes_at - timedelta(minutes=1) if self.closes_at else None

    @property
    def last_moment_text(self) -> str:
        return moment_text(self.closes_at, last_minute=True) if self.closes_at else ""

    @property
    def wording(self) -> str:
        """The plan's wording, or the extension's (“chậm nhất là ngày 20/4/2025”)."""
        if self.extension is not None:
            return self.extension.wording
        return self.deadline.wording if self.deadline else ""

    def is_open(self, now=None) -> bool:
        return self.refusal(now) is None

    def has_passed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closes_at is not None and now >= self.closes_at

    def refusal(self, now=None) -> str | None:
        """Why nothing can be sent at ``now``, in words a clerk can act on; None when open."""
        now = now or timezone.now()
        if self.deadline is None:
            return "Phong trào chưa đặt thời hạn cho nội dung này."
        title = self.deadline.title[:1].lower() + self.deadline.title[1:]
        opens_at = self.deadline.opens_at
        if opens_at is not None and now < opens_at:
            return f"Chưa đến thời gian {title}; bắt đầu nhận từ {moment_text(opens_at)}."
        if now >= self.closes_at:
            return (
                f"Đã hết hạn {title} (hạn cuối {self.last_moment_text}). "
                f"Nếu cần gia hạn, vui lòng liên hệ {current_coordinator().short_name}."
            )
        return None


def _pick(deadlines, agency_kind_id):
    """The deadline naming this agency kind, else the one for every kind (seed 000: one date)."""
    general = None
    for deadline in deadlines:
        kinds = {k.pk for k in deadline.agency_kinds.all()}
        if agency_kind_id in kinds:
            return deadline
        if not kinds and general is None:
            general = deadline
    return general


# Kinds a movement asks once of each agency: its one window is picked by ``_pick``.
ONCE_PER_MOVEMENT = (DeadlineKind.REGISTRATION, DeadlineKind.SCORECARD, DeadlineKind.AWARD)


def deadlines_asking(deadlines, agency_kind_id) -> list[Deadline]:
    """Of a movement's deadlines (agency_kinds prefetched), those asking this agency kind: each
    names the kind or names none; of a kind asked once, only the deadline ``_pick`` chooses."""
    asking = []
    for deadline in deadlines:
        if not deadline_applies(deadline, agency_kind_id):
            continue
        if deadline.kind in ONCE_PER_MOVEMENT:
            siblings = [d for d in deadlines if d.kind == deadline.kind]
            if _pick(siblings, agency_kind_id) is not deadline:
                continue
        asking.append(deadline)
    return asking


def deadlines_of(*, movement_ids, kind: str) -> dict[int, list[Deadline]]:
    """A movement's deadlines of one kind, with the agency kinds they name (two queries)."""
    by_movement = {}
    for deadline in (
        Deadline.objects.filter(movement_id__in=movement_ids, kind=kind)
        .prefetch_related("agency_kinds")
        .order_by("due_on", "pk")
    ):
        by_movement.setdefault(deadline.movement_id, []).append(deadline)
    return by_movement


def agency_deadlines(
    *, movements, kind: str, agencies, by_movement: dict | None = None
) -> dict[tuple[int, int], AgencyDeadline]:
    """AgencyDeadline for every movement × agency pair, in three queries (one when the caller
    already holds ``deadlines_of`` the movements as ``by_movement``)."""
    movement_ids = [m.pk for m in movements]
    if by_movement is None:
        by_movement = deadlines_of(movement_ids=movement_ids, kind=kind)
    picked = {
        (movement_id, agency.pk): _pick(deadlines, agency.kind_id)
        for movement_id, deadlines in by_movement.items()
        for agency in agencies
    }
    extensions = {
        (e.deadline_id, e.agency_id): e
        for e in DeadlineExtension.objects.filter(
            deadline_id__in={d.pk for d in picked.values() if d is not None},
            agency_id__in=[a.pk for a in agencies],
        )
    }
    result = {}
    for movement_id in movement_ids:
        for agency in agencies:
            deadline = picked.get((movement_id, agency.pk))
            extension = extensions.get((deadline.pk, agency.pk)) if deadline else None
            result[(movement_id, agency.pk)] = AgencyDeadline(deadline, extension)
    return result


def agency_deadline(*, movement: Movement, kind: str, agency: Agency) -> AgencyDeadline:
    """When this deadline closes for this agency: its extension counts."""
    return agency_deadlines(movements=[movement], kind=kind, agencies=[agency])[
        (movement.pk, agency.pk)
    ]


# Who sent on time: each stage says when each agency sent what a deadline of its kind asks for,
# either as a reader (deadline → times) or, batchable, as the queryset of its sent rows.
SentTimesReader = Callable[[Deadline], dict[int, datetime]]
_SENT_TIMES: dict[str, SentTimesReader] = {}
_SENT_ROWS: dict[str, tuple[Callable[[], models.QuerySet], str]] = {}

# Every stage's state for a row that came back to its agency (portal/workflow.py).
RETURNED = "returned"


class SentTimes(dict):
    """{agency_id: first moment it sent}, and from the same query what the tracker shows
    beside it: the sent row's id when the agency has one, and whether any row came back."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_id: dict[int, int] = {}
        self.returned: set[int] = set()


def _moment(value) -> datetime:
    """An aggregated send time as the database gave it: an aware datetime from PostgreSQL, the
    stored UTC text from SQLite."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value


def _native_moments(cursor):
    """Send times read by psycopg's compiled loader on this cursor: Django's own, which only
    sets the zone it already has, runs in Python (~9 µs a value: most of the tracker's read).
    The instants are the same; the zone is the connection's (UTC, as Django sets it)."""
    if cursor.db.vendor != "postgresql":
        return
    import psycopg
    from psycopg.postgres import types
    from psycopg.pq import Format

    oid = types["timestamptz"].oid
    cursor.cursor.adapters.register_loader(oid, psycopg.adapters.get_loader(oid, Format.TEXT))


def _sent_times_by(queryset, key: str) -> dict:
    """{``key`` value: SentTimes} of the sent rows in ``queryset``, grouped in one query."""
    grouped = (
        queryset.filter(submitted_at__isnull=False)
        .values("agency_id", key)
        .annotate(
            first=Min("submitted_at"),
            count=Count("pk"),
            last_id=Max("pk"),
            returned=Count("pk", filter=Q(state=RETURNED)),
        )
        .order_by()
        .values_list(key, "agency_id", "first", "count", "last_id", "returned")
    )
    # The ORM's SQL, fetched as plain tuples: its per-value converters took as long as the
    # query itself for the tracker's few thousand rows (send times parsed by _moment).
    sql, params = grouped.query.sql_with_params()
    with connections[grouped.db].cursor() as cursor:
        _native_moments(cursor)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result: dict = {}
    for group, agency_id, first, count, last_id, returned in rows:
        times = result.get(group)
        if times is None:
            times = result[group] = SentTimes()
        times[agency_id] = _moment(first)
        if count == 1:
            times.item_id[agency_id] = last_id
        if returned:
            times.returned.add(agency_id)
    return result


def register_sent_times(kind: str):
    """Decorator for a stage's reader: deadline → {agency_id: first moment it sent}."""

    def decorator(reader: SentTimesReader) -> SentTimesReader:
        _SENT_TIMES[kind] = reader
        return reader

    return decorator


def register_sent_rows(kind: str, *, answered_by: str = "movement"):
    """Decorator for a stage's sent rows: () → every row its agencies sent (agency,
    submitted_at, state). A deadline of ``kind`` is answered by the rows of its movement, or
    of the deadline itself (``answered_by="deadline"``). Lets many deadlines read at once."""

    def decorator(rows):
        _SENT_ROWS[kind] = (rows, f"{answered_by}_id")
        watch_sent_rows(rows().model, answered_by)
        return rows

    return decorator


def _answer_key(deadline: Deadline, field: str) -> int:
    return deadline.movement_id if field == "movement_id" else deadline.pk


def sent_by_deadline(deadlines, *, agency_id: int | None = None) -> dict[int, SentTimes]:
    """{deadline id: SentTimes}: one query per kind whose stage registered its rows, one per
    deadline for a stage with only a reader. ``agency_id`` reads one agency's rows only."""
    result = {}
    by_kind: dict[str, list[Deadline]] = {}
    for deadline in deadlines:
        by_kind.setdefault(deadline.kind, []).append(deadline)
    for kind, group in by_kind.items():
        if kind not in _SENT_ROWS:
            reader = _SENT_TIMES.get(kind)
            for deadline in group:
                result[deadline.pk] = reader(deadline) if reader else {}
            continue
        rows, field = _SENT_ROWS[kind]
        queryset = rows().filter(**{f"{field}__in": {_answer_key(d, field) for d in group}})
        if agency_id is not None:
            queryset = queryset.filter(agency_id=agency_id)
        times = _sent_times_by(queryset, field)
        for deadline in group:
            result[deadline.pk] = times.get(_answer_key(deadline, field), SentTimes())
    return result


def sent_times_of(deadline: Deadline) -> dict[int, datetime]:
    """When each agency sent what this deadline asks; {} for a kind nobody sends."""
    return sent_by_deadline([deadline])[deadline.pk]


def tracked_kinds() -> set[str]:
    """Deadline kinds some stage reports “who sent when” for (others cannot be chased)."""
    return set(_SENT_TIMES) | set(_SENT_ROWS)


class Standing(models.TextChoices):
    ON_TIME = "on_time", "Đã gửi đúng hạn"
    LATE = "late", "Gửi trễ hạn"
    EXTENDED = "extended", "Được gia hạn, chưa gửi"
    PENDING = "pending", "Chưa gửi, còn hạn"
    MISSING = "missing", "Chưa gửi, đã quá hạn"


@dataclass(frozen=True)
class DeadlineRow:
    """One required agency's standing against one deadline."""

    agency: Agency
    window: AgencyDeadline
    sent_at: datetime | None
    standing: str

    @property
    def late_by(self) -> timedelta | None:
        if self.sent_at is None or self.standing != Standing.LATE:
            return None
        return self.sent_at - self.window.closes_at

    @property
    def late_by_text(self) -> str:
        """“3 ngày 4 giờ”: how late, as a reviewer reads it."""
        late = self.late_by
        return "" if late is None else late_text(late)

    @property
    def standing_label(self) -> str:
        return Standing(self.standing).label


def late_text(late: timedelta) -> str:
    """“3 ngày 4 giờ”, “3 giờ”, “1 phút”: how late, as a reviewer reads it (00:00 of the first
    late day is one minute late)."""
    days, hours = late.days, late.seconds // 3600
    minutes = (late.seconds % 3600) // 60
    parts = [f"{days} ngày"] if days else []
    if hours:
        parts.append(f"{hours} giờ")
    if not days and (minutes or not hours):
        parts.append(f"{max(minutes, 1)} phút")
    return " ".join(parts)


def required_agencies(deadline: Deadline):
    """The active agencies a deadline applies to: the kinds it names, or every agency
    (the same rule as ``deadline_applies``, as a query)."""
    agencies = Agency.objects.filter(active=True).select_related("kind")
    kind_ids = [k.pk for k in deadline.agency_kinds.all()]
    if kind_ids:
        agencies = agencies.filter(kind_id__in=kind_ids)
    return agencies.order_by("kind__order", "name")


def deadline_applies(deadline: Deadline, agency_kind_id: int) -> bool:
    """A deadline names the agency kinds it asks, or asks every agency (agency_kinds must be
    prefetched)."""
    kind_ids = {k.pk for k in deadline.agency_kinds.all()}
    return not kind_ids or agency_kind_id in kind_ids


def deadline_standing(
    *, deadline: Deadline, sent_at: dict[int, datetime] | None = None, now=None
) -> list[DeadlineRow]:
    """For one deadline: which required agencies sent on time, sent late (by how much), are
    extended, or have sent nothing. ``sent_at`` defaults to the stage's registered reader."""
    now = now or timezone.now()
    if sent_at is None:
        sent_at = sent_times_of(deadline)
    extensions = {e.agency_id: e for e in deadline.extensions.all()}
    rows = []
    for agency in required_agencies(deadline):
        window = AgencyDeadline(deadline, extensions.get(agency.pk))
        sent = sent_at.get(agency.pk)
        standing = standing_of(window=window, sent_at=sent, now=now)
        rows.append(DeadlineRow(agency=agency, window=window, sent_at=sent, standing=standing))
    return rows


def standing_of(*, window: AgencyDeadline, sent_at: datetime | None, now: datetime) -> str:
    """Sent before the agency's closing moment is on time (23:59 of the last day still is);
    not sent is pending, extended while the extension runs, missing once it has passed."""
    if sent_at is not None:
        return Standing.ON_TIME if sent_at < window.closes_at else Standing.LATE
    if now < window.closes_at:
        return Standing.EXTENDED if window.extended else Standing.PENDING
    return Standing.MISSING
