"""Reads of registrations reused by the clerk's pages, the admin and the exports."""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from movements.models import Deadline, DeadlineKind, Movement, MovementStatus, QuotaRule
from movements.selectors import (
    AgencyDeadline,
    agency_chain,
    agency_deadlines,
    deadlines_asking,
    deadlines_of,
    quota_holder_id,
    register_sent_rows,
    rule_of_kind,
)
from movements.signals import agency_scope, movement_scope, rules_scope
from movements.tracker import CalendarItem, agency_calendar
from portal import versions
from portal.coordinator import current_coordinator
from portal.models import Agency, AgencyKind

from .models import QUOTA_STATES, Carrier, Registration, State


@dataclass
class QuotaUsage:
    """One agency's standing in one movement: slots used against its quota rule."""

    movement: Movement
    agency: Agency
    holder: Agency
    rule: QuotaRule | None
    collectives: int = 0
    individuals: int = 0
    drafts: int = 0
    window: AgencyDeadline | None = None

    @property
    def shared(self):
        """The agency's models count in a superior agency's pooled quota."""
        return self.holder.pk != self.agency.pk

    @property
    def max_collectives(self):
        return self.rule.max_collectives if self.rule else 0

    @property
    def max_individuals(self):
        return self.rule.max_individuals if self.rule else 0

    @property
    def total(self):
        return self.collectives + self.individuals

    @property
    def collectives_full(self):
        return self.collectives >= self.max_collectives

    @property
    def individuals_full(self):
        return self.individuals >= self.max_individuals

    @property
    def below_minimum(self):
        return bool(self.rule) and self.total < self.rule.min_models

    @property
    def closes_at(self):
        return self.window.closes_at if self.window else None

    def full_for(self, carrier) -> bool:
        return self.collectives_full if carrier == Carrier.COLLECTIVE else self.individuals_full

    def refusal(self, now=None) -> str | None:
        """Why no new registration can be made now; None when one can."""
        if self.movement.status != MovementStatus.OPEN:
            return f"Phong trào {self.movement.get_status_display().lower()}."
        if self.rule is None:
            return (
                "Phong trào chưa có chỉ tiêu đăng ký cho đơn vị; vui lòng liên hệ "
                f"{current_coordinator().short_name}."
            )
        if self.window is None:
            return "Phong trào chưa đặt thời hạn đăng ký."
        refusal = self.window.refusal(now)
        if refusal:
            return refusal
        if self.collectives_full and self.individuals_full:
            return f"Đã đủ chỉ tiêu: {self.label}."
        return None

    @property
    def collective_refusal(self) -> str | None:
        return self.carrier_refusal(Carrier.COLLECTIVE)

    @property
    def individual_refusal(self) -> str | None:
        return self.carrier_refusal(Carrier.INDIVIDUAL)

    def carrier_refusal(self, carrier, now=None) -> str | None:
        """Why no new registration of this carrier can be made: the window, then its quota."""
        refusal = self.refusal(now)
        if refusal:
            return refusal
        if self.full_for(carrier):
            used, limit = (
                (self.collectives, self.max_collectives)
                if carrier == Carrier.COLLECTIVE
                else (self.individuals, self.max_individuals)
            )
            return f"Đã đủ chỉ tiêu {Carrier(carrier).label.lower()} {used}/{limit}."
        return None

    @property
    def label(self):
        return (
            f"Tập thể {self.collectives}/{self.max_collectives} · "
            f"Cá nhân {self.individuals}/{self.max_individuals}"
        )


def pool_filter(holder_ids):
    """Registrations of the holders and of the agencies under them (two levels)."""
    return (
        Q(agency_id__in=holder_ids)
        | Q(agency__parent_id__in=holder_ids)
        | Q(agency__parent__parent_id__in=holder_ids)
    )


# Up to this many quota holders the counts are read for them alone; past it the movement's whole
# count costs less than a filter naming them all (the reviewers' page always reads it whole).
POOL_FILTER_LIMIT = 50


def _pool_totals(*, movement_ids, rules: dict, holder_ids=None) -> dict[tuple[int, int], list]:
    """{(movement id, quota holder id): [collectives, individuals, drafts]} in one query:
    the pools of ``holder_ids`` only, or (None) every registration of the movements."""
    rows = Registration.objects.filter(movement_id__in=movement_ids)
    if holder_ids is not None:
        rows = rows.filter(pool_filter(holder_ids))
    rows = (
        rows.values(
            "movement_id",
            "agency_id",
            "agency__kind_id",
            "agency__parent_id",
            "agency__parent__kind_id",
            "agency__parent__parent_id",
            "agency__parent__parent__kind_id",
        )
        .annotate(
            collectives=Count("id", filter=Q(carrier=Carrier.COLLECTIVE, state__in=QUOTA_STATES)),
            individuals=Count("id", filter=Q(carrier=Carrier.INDIVIDUAL, state__in=QUOTA_STATES)),
            drafts=Count("id", filter=Q(state=State.DRAFT)),
        )
        .order_by()
    )
    totals = {}
    for row in rows:
        chain = [
            (row["agency_id"], row["agency__kind_id"]),
            (row["agency__parent_id"], row["agency__parent__kind_id"]),
            (row["agency__parent__parent_id"], row["agency__parent__parent__kind_id"]),
        ]
        holder = quota_holder_id(chain=chain, rules=rules.get(row["movement_id"], {}))
        total = totals.setdefault((row["movement_id"], holder), [0, 0, 0])
        total[0] += row["collectives"]
        total[1] += row["individuals"]
        total[2] += row["drafts"]
    return totals


def _usages(*, movements, agencies):
    """QuotaUsage for every movement × agency pair, in a fixed number of queries."""
    movement_ids = [m.pk for m in movements]
    rules = {}
    for rule in QuotaRule.objects.filter(movement_id__in=movement_ids):
        rules.setdefault(rule.movement_id, {})[rule.agency_kind_id] = rule
    holders = {
        (movement.pk, agency.pk): quota_holder_id(
            chain=agency_chain(agency), rules=rules.get(movement.pk, {})
        )
        for movement in movements
        for agency in agencies
    }
    holder_ids = set(holders.values())
    holder_agencies = {a.pk: a for a in agencies}
    missing = holder_ids - set(holder_agencies)
    if missing:
        holder_agencies |= {a.pk: a for a in Agency.objects.filter(pk__in=missing)}
    windows = agency_deadlines(
        movements=movements, kind=DeadlineKind.REGISTRATION, agencies=agencies
    )
    narrow = holder_ids if len(holder_ids) <= POOL_FILTER_LIMIT else None
    totals = _pool_totals(movement_ids=movement_ids, rules=rules, holder_ids=narrow)
    usages = []
    for movement in movements:
        movement_rules = rules.get(movement.pk, {})
        for agency in agencies:
            holder_id = holders[(movement.pk, agency.pk)]
            holder = holder_agencies[holder_id]
            counted = totals.get((movement.pk, holder_id), [0, 0, 0])
            usages.append(
                QuotaUsage(
                    movement=movement,
                    agency=agency,
                    holder=holder,
                    rule=rule_of_kind(movement_rules, holder.kind_id),
                    collectives=counted[0],
                    individuals=counted[1],
                    drafts=counted[2],
                    window=windows[(movement.pk, agency.pk)],
                )
            )
    return usages


def usage_for(*, movement: Movement, agency: Agency) -> QuotaUsage:
    return _usages(movements=[movement], agencies=[agency])[0]


@dataclass
class Desk:
    """The agency's home: each movement open for registration with its quota usage and the
    agency's calendar in it. Kept in the cache under the agency's, its movements' rules' and
    the agencies' versions until the next window closes (``changes_at``)."""

    sections: list[tuple[QuotaUsage, list[CalendarItem]]]
    changes_at: datetime | None

    def fresh(self) -> bool:
        return self.changes_at is None or timezone.now() < self.changes_at


def agency_desk(*, agency: Agency) -> Desk:
    movements = list(Movement.objects.filter(status=MovementStatus.OPEN).order_by("-year", "pk"))

    def compute():
        now = timezone.now()
        usages = _usages(movements=movements, agencies=[agency])
        calendar = agency_calendar(agency=agency, movements=movements, now=now)
        windows = [u.window for u in usages] + [i.window for m in calendar.values() for i in m]
        closings = [w.closes_at for w in windows if w is not None and w.closes_at is not None]
        return Desk(
            sections=[(usage, calendar[usage.movement.pk]) for usage in usages],
            changes_at=min((moment for moment in closings if moment > now), default=None),
        )

    scopes = ("agencies", agency_scope(agency.pk), *(rules_scope(m.pk) for m in movements))
    return versions.remember(f"desk:{agency.pk}", scopes, compute, fresh=Desk.fresh, local=False)


class Listed(NamedTuple):
    """An agency the quota page lists, as plain values: 5,000 model instances (with their kind
    and two superiors) cost more than the page's hundred rows."""

    pk: int
    kind_id: int


class QuotaRow(NamedTuple):
    """One agency as the quota page prints it (both tables), kept with the movement's counts."""

    name: str
    kind: str
    superior: str
    closes: str
    extended: bool
    collectives: str
    individuals: str
    minimum: int
    drafts: int
    note: str


def quota_row(usage: QuotaUsage) -> QuotaRow:
    if not usage.rule:
        note = "Chưa có chỉ tiêu"
    elif usage.collectives_full and usage.individuals_full:
        note = "Đủ chỉ tiêu"
    elif usage.below_minimum:
        note = "Chưa đạt tối thiểu"
    else:
        note = ""
    agency = usage.agency
    return QuotaRow(
        name=agency.name,
        kind=str(agency.kind),
        superior=agency.parent.name if agency.parent else "",
        closes=usage.window.last_moment_text,
        extended=usage.window.extended,
        collectives=f"{usage.collectives}/{usage.max_collectives}",
        individuals=f"{usage.individuals}/{usage.max_individuals}",
        minimum=(usage.rule.min_models if usage.rule else 0) or 0,
        drafts=usage.drafts,
        note=note,
    )


@dataclass
class QuotaOverview:
    """A movement's registrations for the reviewers' page: the agencies listed (each holding its
    own quota; a pooled one counts with its superior), who has sent nothing, and the headline,
    all read for every agency in a fixed number of queries; the rich rows (QuotaUsage) only
    for the agencies a page shows (``usages``)."""

    movement: Movement
    agencies: list[Listed]
    missing: list[Listed]
    deadlines: list[Deadline]
    rules: dict
    totals: dict
    by_movement: dict
    # {agency id: QuotaRow} of every agency listed, as the page prints it.
    printed: dict

    @property
    def registered_count(self) -> int:
        return len(self.agencies) - len(self.missing)

    def kinds(self) -> list[AgencyKind]:
        """The agency kinds listed, for a filter."""
        return list(AgencyKind.objects.filter(pk__in={a.kind_id for a in self.agencies}))

    def usages(self, listed) -> dict[int, QuotaUsage]:
        """{agency id: QuotaUsage} of these listed agencies (a page's), in two queries."""
        agencies = list(
            Agency.objects.filter(pk__in={a.pk for a in listed}).select_related("kind", "parent")
        )
        windows = agency_deadlines(
            movements=[self.movement],
            kind=DeadlineKind.REGISTRATION,
            agencies=agencies,
            by_movement=self.by_movement,
        )
        usages = {}
        for agency in agencies:
            counted = self.totals.get((self.movement.pk, agency.pk), [0, 0, 0])
            usages[agency.pk] = QuotaUsage(
                movement=self.movement,
                agency=agency,
                holder=agency,
                rule=rule_of_kind(self.rules, agency.kind_id),
                collectives=counted[0],
                individuals=counted[1],
                drafts=counted[2],
                window=windows[(self.movement.pk, agency.pk)],
            )
        return usages


# In the kept reading's name: one stored by an earlier release is never read as this one.
QUOTA_FORMAT = 2


def _quota_counts(movement, rules):
    """(the agencies listed, the counts of every pool, who has sent nothing) of a movement."""
    listed = []
    for pk, kind_id, *superiors in (
        Agency.objects.filter(active=True)
        .order_by("kind__order", "parent__name", "name")
        .values_list(
            "pk",
            "kind_id",
            "parent_id",
            "parent__kind_id",
            "parent__parent_id",
            "parent__parent__kind_id",
        )
    ):
        chain = [(pk, kind_id), tuple(superiors[:2]), tuple(superiors[2:])]
        # Agencies inside a pooled quota are counted with their superior, not listed alone.
        if quota_holder_id(chain=chain, rules=rules) == pk:
            listed.append(Listed(pk, kind_id))
    totals = _pool_totals(movement_ids=[movement.pk], rules={movement.pk: rules})
    missing = [a for a in listed if sum(totals.get((movement.pk, a.pk), (0, 0))[:2]) == 0]
    return listed, totals, missing


def movement_overview(*, movement: Movement) -> QuotaOverview:
    """Every active agency's count against its quota in this movement (the reviewers' page).
    Who is listed, the counts and every agency's printed row are kept in the cache under the
    movement's data version (an extension, a rule, a registration, an agency moves it)."""
    rules = {rule.agency_kind_id: rule for rule in QuotaRule.objects.filter(movement=movement)}
    by_movement = deadlines_of(movement_ids=[movement.pk], kind=DeadlineKind.REGISTRATION)

    def compute():
        listed, totals, missing = _quota_counts(movement, rules)
        whole = QuotaOverview(movement, listed, missing, [], rules, totals, by_movement, {})
        printed = {pk: quota_row(usage) for pk, usage in whole.usages(listed).items()}
        return listed, totals, missing, printed

    listed, totals, missing, printed = versions.remember(
        f"quota:{movement.pk}:{QUOTA_FORMAT}",
        ("agencies", movement_scope(movement.pk)),
        compute,
    )
    deadlines = by_movement.get(movement.pk, [])
    # The deadlines the listed agencies' windows close on, asked once per kind, not per agency.
    picked = {
        deadline
        for kind_id in {a.kind_id for a in listed}
        for deadline in deadlines_asking(deadlines, kind_id)
    }
    return QuotaOverview(
        movement=movement,
        agencies=listed,
        missing=missing,
        deadlines=sorted(picked, key=lambda d: (d.due_on, d.pk)),
        rules=rules,
        totals=totals,
        by_movement=by_movement,
        printed=printed,
    )


def registrations_for_agency(*, agency: Agency, movement: Movement | None = None) -> QuerySet:
    """The agency's registrations; ``commended`` counts the award decisions that named it (read
    through the reverse relation, so this app imports nothing from awards)."""
    queryset = (
        Registration.objects.filter(agency=agency)
        .select_related("movement", "field")
        .annotate(commended=Count("nominations", filter=Q(nominations__decision__isnull=False)))
    )
    if movement is not None:
        queryset = queryset.filter(movement=movement)
    return queryset.order_by("-movement__year", "movement_id", "carrier", "-updated_at")


def consolidated_list(*, queryset: QuerySet | None = None) -> QuerySet:
    """The provincial consolidated list: by agency kind, agency, collectives before individuals."""
    queryset = Registration.objects.all() if queryset is None else queryset
    return queryset.select_related("movement", "agency", "agency__kind", "field").order_by(
        "movement__year", "agency__kind__order", "agency__name", "carrier", "pk"
    )


@register_sent_rows(DeadlineKind.REGISTRATION)
def sent_registrations():
    """The registrations agencies sent (a draft or a withdrawn one was not), of any movement."""
    return Registration.objects.filter(state__in=QUOTA_STATES)
