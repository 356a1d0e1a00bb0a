"""Reads of criteria sheets and scorecards: the tree, totals by the database, the ranking."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from .models import Band, Criterion, Scorecard, ScorecardState, ScoreEntry

ZERO = Decimal("0")
_DECIMAL = DecimalField(max_digits=8, decimal_places=2)


def criteria_tree(criteria_set) -> list[Criterion]:
    """Every criterion of the set in reading order (group, its criteria, their sub-criteria)."""
    return list(Criterion.objects.filter(criteria_set=criteria_set).order_by("position"))


def leaves(criteria_set):
    return Criterion.objects.filter(criteria_set=criteria_set, is_leaf=True).order_by("position")


@dataclass
class Totals:
    self_total: Decimal = ZERO
    appraised_total: Decimal = ZERO
    answered: int = 0
    leaves: int = 0

    @property
    def difference(self):
        return self.appraised_total - self.self_total


def scorecard_totals(scorecard) -> Totals:
    """Self and appraised totals summed by the database (appraised falls back to self)."""
    row = ScoreEntry.objects.filter(scorecard=scorecard, criterion__is_leaf=True).aggregate(
        self_total=Coalesce(Sum("self_points"), Value(ZERO), output_field=_DECIMAL),
        appraised_total=Coalesce(
            Sum(Coalesce("appraised_points", "self_points")), Value(ZERO), output_field=_DECIMAL
        ),
        answered=Count("id", filter=Q(self_points__isnull=False)),
    )
    return Totals(
        self_total=row["self_total"],
        appraised_total=row["appraised_total"],
        answered=row["answered"],
        leaves=leaves(scorecard.criteria_set).count(),
    )


def band_for(*, scheme, total, bands=None) -> Band | None:
    """The highest band whose threshold the total reaches (a total exactly on it counts)."""
    if scheme is None or total is None:
        return None
    candidates = bands if bands is not None else list(scheme.bands.all())
    for band in sorted(candidates, key=lambda b: b.min_total, reverse=True):
        if total >= band.min_total:
            return band
    return None


@dataclass
class SheetRow:
    criterion: Criterion
    entry: ScoreEntry | None
    group_self: Decimal | None = None
    group_appraised: Decimal | None = None
    # What the clerk typed when a save was refused, shown again so nothing typed is lost.
    typed: dict | None = None


def scorecard_rows(scorecard) -> list[SheetRow]:
    """The sheet in reading order; groups carry their subtotals (from one aggregate query)."""
    criteria = criteria_tree(scorecard.criteria_set)
    entries = {e.criterion_id: e for e in ScoreEntry.objects.filter(scorecard=scorecard).order_by()}
    by_id = {c.pk: c for c in criteria}
    subtotals = {}
    # Each leaf's points roll up to every ancestor; the tree is small, the sums come from entries.
    for criterion in criteria:
        entry = entries.get(criterion.pk)
        if not criterion.is_leaf or entry is None:
            continue
        parent_id = criterion.parent_id
        while parent_id is not None:
            mine, theirs = subtotals.get(parent_id, (ZERO, ZERO))
            subtotals[parent_id] = (
                mine + (entry.self_points or ZERO),
                theirs + (entry.final_points or ZERO),
            )
            parent_id = by_id[parent_id].parent_id
    rows = []
    for criterion in criteria:
        group_self, group_appraised = subtotals.get(criterion.pk, (None, None))
        rows.append(
            SheetRow(
                criterion=criterion,
                entry=entries.get(criterion.pk),
                group_self=group_self,
                group_appraised=group_appraised,
            )
        )
    return rows


@dataclass
class Ranking:
    rows: list = field(default_factory=list)
    band_counts: list = field(default_factory=list)
    not_classified: int = 0
    finalised: int = 0
    target_met: int = 0
    target_share: int | None = None
    target_band: Band | None = None

    @property
    def achieved_share(self):
        return round(100 * self.target_met / self.finalised, 1) if self.finalised else None


def ranking(*, movement, agency_kind=None) -> Ranking:
    """Finalised scorecards by appraised total, with band counts and the share at or above
    the movement's target band (seed 003: "80% of units meet the criteria")."""
    queryset = (
        Scorecard.objects.filter(movement=movement, state=ScorecardState.FINALISED)
        .select_related("agency__kind", "band")
        .annotate(difference=F("appraised_total") - F("self_total"))
        .order_by(F("appraised_total").desc(nulls_last=True), "agency__name")
    )
    if agency_kind is not None:
        queryset = queryset.filter(agency__kind=agency_kind)
    rows = list(queryset)
    bands = list(movement.band_scheme.bands.all()) if movement.band_scheme_id else []
    counts = {band.pk: 0 for band in bands}
    for row in rows:
        if row.band_id in counts and not row.not_classifiable:
            counts[row.band_id] += 1
    target = movement.target_band
    met = sum(
        1
        for row in rows
        if target is not None
        and not row.not_classifiable
        and row.band is not None
        and row.band.min_total >= target.min_total
    )
    return Ranking(
        rows=rows,
        band_counts=[(band, counts[band.pk]) for band in bands],
        not_classified=sum(1 for row in rows if row.not_classifiable),
        finalised=len(rows),
        target_met=met,
        target_share=movement.target_share,
        target_band=target,
    )
