"""Reads of criteria sheets and scorecards: the tree, totals by the database, the ranking."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat

from movements.models import DeadlineKind
from movements.selectors import register_sent_rows

from .models import Band, Criterion, Scorecard, ScorecardState, ScoreEntry, ScoringSettings

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


# A criterion the level above scores has no self-score: only its appraisal counts.
SELF_SCORED = Q(criterion__scored_by_superior=False)


def _self_points():
    return Sum("self_points", filter=SELF_SCORED)


def _final_points():
    """Appraised points, else the claim; for a criterion the level above scores, the appraisal."""
    return Sum(
        Case(
            When(criterion__scored_by_superior=True, then=F("appraised_points")),
            default=Coalesce("appraised_points", "self_points"),
            output_field=_DECIMAL,
        )
    )


def scorecard_totals(scorecard) -> Totals:
    """Self and appraised totals summed by the database (appraised falls back to self)."""
    row = ScoreEntry.objects.filter(scorecard=scorecard, criterion__is_leaf=True).aggregate(
        self_total=Coalesce(_self_points(), Value(ZERO), output_field=_DECIMAL),
        appraised_total=Coalesce(_final_points(), Value(ZERO), output_field=_DECIMAL),
        answered=Count("id", filter=Q(self_points__isnull=False) & SELF_SCORED),
    )
    return Totals(
        self_total=row["self_total"],
        appraised_total=row["appraised_total"],
        answered=row["answered"],
        leaves=leaves(scorecard.criteria_set).filter(scored_by_superior=False).count(),
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


def group_subtotals(scorecard) -> dict:
    """{group id: (self, appraised)} summed by the database: a group's leaves are the criteria
    whose code extends the group's (“1.2.a” under “1.2” under “1”)."""
    under_group = ScoreEntry.objects.filter(
        scorecard=scorecard,
        criterion__is_leaf=True,
        criterion__criteria_set_id=OuterRef("criteria_set_id"),
        criterion__code__startswith=Concat(OuterRef("code"), Value(".")),
    ).values("scorecard")
    groups = Criterion.objects.filter(
        criteria_set_id=scorecard.criteria_set_id, is_leaf=False
    ).annotate(
        group_self=Subquery(
            under_group.annotate(total=_self_points()).values("total"),
            output_field=_DECIMAL,
        ),
        group_appraised=Subquery(
            under_group.annotate(total=_final_points()).values("total"),
            output_field=_DECIMAL,
        ),
    )
    return {g.pk: (g.group_self, g.group_appraised) for g in groups}


def scorecard_rows(scorecard) -> list[SheetRow]:
    """The sheet in reading order; groups carry their subtotals (one aggregate query)."""
    entries = {e.criterion_id: e for e in ScoreEntry.objects.filter(scorecard=scorecard).order_by()}
    subtotals = group_subtotals(scorecard)
    rows = []
    for criterion in criteria_tree(scorecard.criteria_set):
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


def reuse_loaded(scorecard, *, movement, agency):
    """Reuse the objects the caller already holds instead of fetching them again."""
    scorecard.movement, scorecard.agency = movement, agency
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
