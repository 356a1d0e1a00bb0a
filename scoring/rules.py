"""When scoring data stops changing: one home for the frozen rules (README: “Rules → files”).

- A criteria set is frozen once a scorecard was **sent** against it (submitted, returned or
  finalised): what an agency sent was scored against that exact sheet. A draft does not freeze
  it. To change a frozen set, copy it to a new version.
- A band scheme is frozen once it **classified** a finalised scorecard (the result is on record).
- A movement's sheet, bands and target band are locked once any of its agencies **started**
  a scorecard (its first saved answer): the drafts were made against them. Opening a page
  starts nothing.
"""

from django.db.models import Exists, OuterRef

from .models import Scorecard, ScorecardState

FREEZING_STATES = (ScorecardState.SUBMITTED, ScorecardState.RETURNED, ScorecardState.FINALISED)


def _freezing_scorecards():
    return Scorecard.objects.filter(state__in=FREEZING_STATES)


def criteria_set_is_frozen(criteria_set) -> bool:
    return bool(criteria_set.pk) and (
        _freezing_scorecards().filter(criteria_set=criteria_set).exists()
    )


def with_frozen_flag(criteria_sets):
    """The same rule as a column: ``frozen`` on every set, in the list's one query."""
    return criteria_sets.annotate(
        frozen=Exists(_freezing_scorecards().filter(criteria_set=OuterRef("pk")))
    )


def band_scheme_is_frozen(scheme) -> bool:
    return Scorecard.objects.filter(
        movement__scoring_settings__band_scheme=scheme, state=ScorecardState.FINALISED
    ).exists()


def movement_scoring_is_locked(movement) -> bool:
    return bool(movement.pk) and Scorecard.objects.filter(movement=movement).exists()
