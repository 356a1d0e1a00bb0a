"""Reads of a movement's rules: which quota applies, when a deadline closes for an agency, and
who sent on time."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone

from portal.coordinator import current_coordinator
from portal.documents import moment_text
from portal.models import Agency

from .models import Deadline, DeadlineExtension, Movement, QuotaRule


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


def agency_deadlines(*, movements, kind: str, agencies) -> dict[tuple[int, int], AgencyDeadline]:
    """AgencyDeadline for every movement × agency pair, in three queries."""
    movement_ids = [m.pk for m in movements]
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


# Who sent on time: each stage says when each agency sent what a deadline of its kind asks for.
SentTimes = Callable[[Deadline], dict[int, datetime]]
_SENT_TIMES: dict[str, SentTimes] = {}


def first_sent_times(queryset) -> dict[int, datetime]:
    """{agency_id: earliest submitted_at} of the sent rows in ``queryset``."""
    rows = (
        queryset.filter(submitted_at__isnull=False)
        .values("agency_id")
        .annotate(first=Min("submitted_at"))
        .order_by()
    )
    return {row["agency_id"]: row["first"] for row in rows}


def register_sent_times(kind: str):
    """Decorator for a stage's reader: deadline → {agency_id: first moment it sent}."""

    def decorator(reader: SentTimes) -> SentTimes:
        _SENT_TIMES[kind] = reader
        return reader

    return decorator


def tracked_kinds() -> set[str]:
    """Deadline kinds some stage reports “who sent when” for (others cannot be chased)."""
    return set(_SENT_TIMES)


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
        if late is None:
            return ""
        days, hours = late.days, late.seconds // 3600
        minutes = (late.seconds % 3600) // 60
        parts = [f"{days} ngày"] if days else []
        if hours:
            parts.append(f"{hours} giờ")
        if not days and (minutes or not hours):
            parts.append(f"{max(minutes, 1)} phút")
        return " ".join(parts)

    @property
    def standing_label(self) -> str:
        return Standing(self.standing).label


def required_agencies(deadline: Deadline):
    """The active agencies a deadline applies to: the kinds it names, or every agency."""
    agencies = Agency.objects.filter(active=True).select_related("kind")
    kind_ids = [k.pk for k in deadline.agency_kinds.all()]
    if kind_ids:
        agencies = agencies.filter(kind_id__in=kind_ids)
    return agencies.order_by("kind__order", "name")


def deadline_standing(
    *, deadline: Deadline, sent_at: dict[int, datetime] | None = None, now=None
) -> list[DeadlineRow]:
    """For one deadline: which required agencies sent on time, sent late (by how much), are
    extended, or have sent nothing. ``sent_at`` defaults to the stage's registered reader."""
    now = now or timezone.now()
    if sent_at is None:
        reader = _SENT_TIMES.get(deadline.kind)
        sent_at = reader(deadline) if reader else {}
    extensions = {e.agency_id: e for e in deadline.extensions.all()}
    rows = []
    for agency in required_agencies(deadline):
        window = AgencyDeadline(deadline, extensions.get(agency.pk))
        sent = sent_at.get(agency.pk)
        if sent is not None:
            standing = Standing.ON_TIME if sent < window.closes_at else Standing.LATE
        elif now < window.closes_at:
            standing = Standing.EXTENDED if window.extended else Standing.PENDING
        else:
            standing = Standing.MISSING
        rows.append(DeadlineRow(agency=agency, window=window, sent_at=sent, standing=standing))
    return rows
