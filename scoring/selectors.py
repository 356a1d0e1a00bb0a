"""Reads of criteria sheets and scorecards: the tree, the totals, the ranking."""

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q

from movements.models import DeadlineKind
from movements.selectors import register_sent_rows

from .models import (
    Band,
    Criterion,
    Scorecard,
    ScorecardState,
    ScoreEntry,
    ScoringSettings,
    classification_of,
)

ZERO = Decimal("0")


def criteria_tree(criteria_set) -> list[Criterion]:
    """Every criterion of the set in reading order (group, its criteria, their sub-criteria)."""
    return list(Criterion.objects.filter(criteria_set=criteria_set).order_by("position"))


@dataclass
class Totals:
    self_total: Decimal = ZERO
    appraised_total: Decimal = ZERO
    answered: int = 0
    leaves: int = 0

    @property
    def difference(self):
        return self.appraised_total - self.self_total


def self_points(criterion, entry) -> Decimal | None:
    """What a leaf adds to the self-assessment: a criterion the level above scores adds nothing."""
    if entry is None or criterion.scored_by_superior:
        return None
    return entry.self_points


def final_points(criterion, entry) -> Decimal | None:
    """Appraised points, else the claim; for a criterion the level above scores, the appraisal."""
    if entry is None:
        return None
    if criterion.scored_by_superior or entry.appraised_points is not None:
        return entry.appraised_points
    return entry.self_points


def _sum(values, *, empty=None) -> Decimal | None:
    """As the database sums: ``empty`` (None) when nothing was scored."""
    scored = [value for value in values if value is not None]
    return sum(scored, ZERO) if scored else empty


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


@dataclass
class Answers:
    """A scorecard's criteria in reading order (its leaves, or the whole tree) and its entries
    by criterion, read in two queries: the rows, totals and what still blocks sending all come
    from them, so a page that shows all three reads nothing more."""

    scorecard: Scorecard
    criteria: list
    entries: dict

    @property
    def leaves(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.is_leaf]

    def totals(self) -> Totals:
        own = [c for c in self.leaves if not c.scored_by_superior]
        pairs = [(c, self.entries.get(c.pk)) for c in self.leaves]
        return Totals(
            self_total=_sum((self_points(c, e) for c, e in pairs), empty=ZERO),
            appraised_total=_sum((final_points(c, e) for c, e in pairs), empty=ZERO),
            answered=sum(1 for c in own if self_points(c, self.entries.get(c.pk)) is not None),
            leaves=len(own),
        )

    def rows(self) -> list[SheetRow]:
        """The sheet in reading order; a group carries the subtotals of the leaves whose code
        extends its own (“1.2.a” under “1.2” under “1”)."""
        under = {}
        for leaf in self.leaves:
            parts = leaf.code.split(".")
            for depth in range(1, len(parts)):
                under.setdefault(".".join(parts[:depth]), []).append(leaf)
        rows = []
        for criterion in self.criteria:
            row = SheetRow(criterion=criterion, entry=self.entries.get(criterion.pk))
            if not criterion.is_leaf:
                pairs = [(c, self.entries.get(c.pk)) for c in under.get(criterion.code, [])]
                row.group_self = _sum(self_points(c, e) for c, e in pairs)
                row.group_appraised = _sum(final_points(c, e) for c, e in pairs)
            rows.append(row)
        return rows

    def missing(self) -> list[str]:
        """What blocks submission: leaves without points, and required evidence not given (the
        criteria the level above scores are not the agency's to answer)."""
        missing = []
        for criterion in self.leaves:
            if criterion.scored_by_superior:
                continue
            entry = self.entries.get(criterion.pk)
            if entry is None or entry.self_points is None:
                missing.append(f"{criterion.code} (chưa chấm điểm)")
            elif not criterion.lower_bound <= entry.self_points <= criterion.upper_bound:
                missing.append(f"{criterion.code} (điểm ngoài giới hạn của tiêu chí)")
            elif criterion.evidence_required and not (entry.evidence_note or entry.evidence_file):
                missing.append(f"{criterion.code} (thiếu minh chứng)")
        return missing


def answers_of(scorecard, *, whole_tree=False) -> Answers:
    """The scorecard's leaves (or every criterion) and entries; a scorecard not yet started has
    no entries: every leaf is still to be scored."""
    criteria = Criterion.objects.filter(criteria_set_id=scorecard.criteria_set_id)
    if not whole_tree:
        criteria = criteria.filter(is_leaf=True)
    entries = ScoreEntry.objects.filter(scorecard=scorecard).order_by() if scorecard.pk else []
    return Answers(
        scorecard=scorecard,
        criteria=list(criteria.order_by("position")),
        entries={entry.criterion_id: entry for entry in entries},
    )


def scorecard_totals(scorecard) -> Totals:
    """Self and appraised totals (appraised falls back to self)."""
    return answers_of(scorecard).totals()


def scorecard_rows(scorecard) -> list[SheetRow]:
    """The sheet in reading order; groups carry their subtotals."""
    return answers_of(scorecard, whole_tree=True).rows()


@dataclass(frozen=True)
class RankGroup:
    """The units of one total (ranked, or listed apart): where they start in the list and how
    many they are."""

    unranked: bool
    total: Decimal | None
    first: int
    count: int

    @property
    def rank(self) -> int | None:
        # Equal totals share a rank and the next rank counts them all (1, 2, 2, 4): one more
        # than the units before (the ranked units come first).
        return None if self.unranked else self.first + 1

    def units(self) -> Q:
        if self.total is None:
            return Q(not_classifiable=self.unranked, appraised_total__isnull=True)
        return Q(not_classifiable=self.unranked, appraised_total=self.total)


def _spanning(groups) -> Q:
    """The units of these consecutive groups: each side's totals between its first and last."""
    parts = []
    for unranked in (False, True):
        totals = [group.total for group in groups if group.unranked == unranked]
        if not totals:
            continue
        known = [total for total in totals if total is not None]
        within = [Q(appraised_total__isnull=True)] if None in totals else []
        if known:
            within.append(Q(appraised_total__gte=min(known), appraised_total__lte=max(known)))
        parts.append(Q(not_classifiable=unranked) & reduce(or_, within))
    return reduce(or_, parts)


class Places:
    """The ranking's places in order, (rank, unit) with the unit as plain values, rank None for
    a unit listed apart; read a slice at a time, a page reading only the units of the totals it
    shows (the groups counted them beforehand)."""

    def __init__(self, finalised, groups: list[RankGroup]):
        self.finalised, self.groups = finalised, groups
        self.starts = [group.first for group in groups]
        self.ranks = {(group.unranked, group.total): group.rank for group in groups}

    def __len__(self) -> int:
        last = self.groups[-1] if self.groups else None
        return last.first + last.count if last else 0

    def __getitem__(self, index: slice) -> list:
        start, stop, _ = index.indices(len(self))
        if start >= stop:
            return []
        first, last = bisect_right(self.starts, start) - 1, bisect_right(self.starts, stop - 1)
        span = self.groups[first:last]
        if len(span) == 1:
            # One total: the agency name alone orders it (the database walks the name index).
            units = self._units(span[0].units()).order_by("agency__name", "pk")
        else:
            units = self._units(_spanning(span)).order_by(*RANKING_ORDER)
        offset = start - span[0].first
        return self._places(units[offset : offset + stop - start])

    def __iter__(self):
        return iter(self._places(self._units(Q()).order_by(*RANKING_ORDER)))

    def _units(self, condition: Q):
        return self.finalised.filter(condition).values(*RANKING_VALUES, **RANKING_NAMES)

    def _places(self, units) -> list[tuple[int | None, dict]]:
        places = []
        for unit in units:
            key = (unit["not_classifiable"], unit["appraised_total"])
            if key not in self.ranks:  # finalised or reopened since the counts: left out
                continue
            unit["classification"] = classification_of(
                not_classifiable=unit["not_classifiable"], band_name=unit["band_name"]
            )
            places.append((self.ranks[key], unit))
        return places


@dataclass
class Ranking:
    """A movement's finalised scorecards in ranking order with the counts beside them; the
    counts and the ranks come from one grouped read, a page loads only its own units."""

    # (rank, unit) of the classified units by appraised total, then (None, unit) of the units
    # “không đủ điều kiện xếp loại”, listed apart without a rank.
    places: Places | list = field(default_factory=list)
    band_counts: list = field(default_factory=list)
    not_classified: int = 0
    finalised: int = 0
    target_met: int = 0
    target_share: int | None = None
    target_band: Band | None = None

    @property
    def ranked_count(self) -> int:
        return self.finalised - self.not_classified

    @property
    def achieved_share(self):
        return round(100 * self.target_met / self.finalised, 1) if self.finalised else None

    def cards(self) -> list[tuple[int | None, dict]]:
        """(rank, unit) of every place, in one query (the Excel file lists them all)."""
        return list(self.places)


def scoring_settings_for(movement) -> ScoringSettings:
    """The movement's scoring settings, or unsaved empty ones (a read never creates them)."""
    try:
        return movement.scoring_settings  # cached by a select_related or an earlier read
    except ScoringSettings.DoesNotExist:
        return ScoringSettings(movement=movement)


def reuse_loaded(scorecard, *, movement, agency=None):
    """Reuse the objects the caller already holds instead of fetching them again."""
    scorecard.movement = movement
    if agency is not None:
        scorecard.agency = agency
    settings = scoring_settings_for(movement)
    if scorecard.criteria_set_id == settings.criteria_set_id:
        scorecard.criteria_set = settings.criteria_set


def scorecard_of(movement, agency) -> Scorecard | None:
    """The agency's scorecard in this movement if it was started; never makes one (pages that
    only look call this)."""
    scorecard = Scorecard.objects.filter(movement=movement, agency=agency).first()
    if scorecard is not None:
        reuse_loaded(scorecard, movement=movement, agency=agency)
    return scorecard


# Units listed apart close the list; then by appraised total, agency name, and the id (so a
# page's units stay where they were).
RANKING_ORDER = (
    "not_classifiable",
    F("appraised_total").desc(nulls_last=True),
    "agency__name",
    "pk",
)
# What the ranking page and its Excel file show of each unit.
RANKING_VALUES = (
    "pk",
    "self_total",
    "appraised_total",
    "not_classifiable",
    "not_classifiable_reason",
)
RANKING_NAMES = {
    "agency_name": F("agency__name"),
    "kind_name": F("agency__kind__name"),
    "band_name": F("band__name"),
    "difference": F("appraised_total") - F("self_total"),
}


def ranking(*, movement, agency_kind=None) -> Ranking:
    """Finalised scorecards by appraised total, with band counts and the share at or above
    the movement's target band (seed 003: "80% of units meet the criteria"). Equal totals
    share a rank and the next rank counts them all (1, 2, 2, 4; ``RankGroup.rank``). One
    grouped read counts the units of each total and band: the ranks and the counts come from
    it, whatever the number of units; no unit is read until a page asks for its slice."""
    finalised = Scorecard.objects.filter(movement=movement, state=ScorecardState.FINALISED)
    if agency_kind is not None:
        finalised = finalised.filter(agency__kind=agency_kind)
    settings = scoring_settings_for(movement)
    bands = list(settings.band_scheme.bands.all()) if settings.band_scheme_id else []
    # The target band is one of the scheme's (ScoringSettings.clean): no read of its own.
    target = next((band for band in bands if band.pk == settings.target_band_id), None)
    if target is None and settings.target_band_id:
        target = settings.target_band
    # A unit's band is one of the scheme's: locked once the movement's scoring started.
    floors = {band.pk: band.min_total for band in bands}
    groups, counts, met, not_classified, listed = [], {}, 0, 0, 0
    for unranked, total, band_id, count in (
        finalised.values_list("not_classifiable", "appraised_total", "band_id")
        .annotate(count=Count("*"))
        .order_by(*RANKING_ORDER[:2])
    ):
        last = groups[-1] if groups else None
        if last is not None and (last.unranked, last.total) == (unranked, total):
            groups[-1] = replace(last, count=last.count + count)  # one total, two bands
        else:
            groups.append(RankGroup(unranked=unranked, total=total, first=listed, count=count))
        listed += count
        if unranked:
            not_classified += count
            continue
        counts[band_id] = counts.get(band_id, 0) + count
        floor = floors.get(band_id)
        if target is not None and floor is not None and floor >= target.min_total:
            met += count
    return Ranking(
        places=Places(finalised, groups),
        band_counts=[(band, counts.get(band.pk, 0)) for band in bands],
        not_classified=not_classified,
        finalised=listed,
        target_met=met,
        target_share=settings.target_share,
        target_band=target,
    )


@register_sent_rows(DeadlineKind.SCORECARD)
def sent_scorecards():
    """The scorecards agencies sent for appraisal, of any movement."""
    return Scorecard.objects.exclude(state=ScorecardState.DRAFT)
