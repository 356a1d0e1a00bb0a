"""Reads of criteria sheets and scorecards: the tree, the totals, the ranking."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F

from movements.models import DeadlineKind
from movements.selectors import register_sent_rows

from .models import (
    Band,
    Criterion,
    Scorecard,
    ScorecardState,
    ScoreEntry,
    ScoringSettings,
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


@dataclass
class Ranking:
    """A movement's finalised scorecards in ranking order, read as (rank, id) pairs with the
    counts beside them; a page loads its own scorecards (``cards``)."""

    # (rank, scorecard id) of the classified units by appraised total, then (None, id) of the
    # units “không đủ điều kiện xếp loại”, listed apart without a rank.
    places: list = field(default_factory=list)
    band_counts: list = field(default_factory=list)
    not_classified: int = 0
    finalised: int = 0
    target_met: int = 0
    target_share: int | None = None
    target_band: Band | None = None
    scorecards: object = None

    @property
    def ranked_count(self) -> int:
        return self.finalised - self.not_classified

    @property
    def achieved_share(self):
        return round(100 * self.target_met / self.finalised, 1) if self.finalised else None

    def cards(self, places=None) -> list[tuple[int | None, Scorecard]]:
        """(rank, scorecard) of these places (a page's), or of every place, in one query."""
        if places is None:
            places, loaded = self.places, self.scorecards
        else:
            places = list(places)
            loaded = self.scorecards.filter(pk__in=[pk for _, pk in places])
        by_pk = {card.pk: card for card in loaded}
        # A card reopened between the two reads is left out, not a 500.
        return [(rank, by_pk[pk]) for rank, pk in places if pk in by_pk]


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


def ranking(*, movement, agency_kind=None) -> Ranking:
    """Finalised scorecards by appraised total, with band counts and the share at or above
    the movement's target band (seed 003: "80% of units meet the criteria"). Equal totals
    share a rank and the next rank counts them all (1, 2, 2, 4). Ranks and counts come from
    one read of plain values for every unit; no scorecard is built until a page asks."""
    queryset = Scorecard.objects.filter(movement=movement, state=ScorecardState.FINALISED)
    if agency_kind is not None:
        queryset = queryset.filter(agency__kind=agency_kind)
    queryset = queryset.order_by(F("appraised_total").desc(nulls_last=True), "agency__name")
    settings = scoring_settings_for(movement)
    bands = list(settings.band_scheme.bands.all()) if settings.band_scheme_id else []
    target = settings.target_band
    ranked, unranked, counts, met = [], [], {}, 0
    rank, previous = 0, object()
    for pk, total, not_classifiable, band_id, band_floor in queryset.values_list(
        "pk", "appraised_total", "not_classifiable", "band_id", "band__min_total"
    ):
        if not_classifiable:
            unranked.append((None, pk))
            continue
        if total != previous:
            rank, previous = len(ranked) + 1, total
        ranked.append((rank, pk))
        counts[band_id] = counts.get(band_id, 0) + 1
        if target is not None and band_floor is not None and band_floor >= target.min_total:
            met += 1
    return Ranking(
        places=ranked + unranked,
        band_counts=[(band, counts.get(band.pk, 0)) for band in bands],
        not_classified=len(unranked),
        finalised=len(ranked) + len(unranked),
        target_met=met,
        target_share=settings.target_share,
        target_band=target,
        scorecards=queryset.select_related("agency__kind", "band").annotate(
            difference=F("appraised_total") - F("self_total")
        ),
    )


@register_sent_rows(DeadlineKind.SCORECARD)
def sent_scorecards():
    """The scorecards agencies sent for appraisal, of any movement."""
    return Scorecard.objects.exclude(state=ScorecardState.DRAFT)
