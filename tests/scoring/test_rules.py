"""scoring/rules.py, the frozen rules, state by state: a criteria set is frozen by a scorecard
sent against it (submitted, returned, finalised) but not by a draft, and the list's column says
the same; a band scheme only by a finalised scorecard; a movement's scoring settings are locked
once any scorecard exists."""

import pytest

from movements.models import Movement
from scoring.models import CriteriaSet, Scorecard, ScorecardState
from scoring.rules import (
    band_scheme_is_frozen,
    criteria_set_is_frozen,
    movement_scoring_is_locked,
    with_frozen_flag,
)
from tests.factories import AgencyFactory, MovementFactory
from tests.scoring.factories import build_bands, build_sheet

pytestmark = pytest.mark.django_db

DRAFT, SUBMITTED, RETURNED, FINALISED = (
    ScorecardState.DRAFT,
    ScorecardState.SUBMITTED,
    ScorecardState.RETURNED,
    ScorecardState.FINALISED,
)


@pytest.fixture
def sheet():
    return build_sheet()


@pytest.fixture
def scheme():
    return build_bands()[0]


@pytest.fixture
def movement(sheet, scheme):
    return MovementFactory(criteria_set=sheet, band_scheme=scheme)


def scorecard(movement, sheet, state, agency=None):
    return Scorecard.objects.create(
        movement=movement, agency=agency or AgencyFactory(), criteria_set=sheet, state=state
    )


def flag(sheet):
    return with_frozen_flag(CriteriaSet.objects.filter(pk=sheet.pk)).get().frozen


# Criteria sets


@pytest.mark.parametrize(
    ("states", "frozen"),
    [
        ((), False),
        ((DRAFT,), False),  # a draft freezes nothing
        ((DRAFT, DRAFT), False),
        ((SUBMITTED,), True),
        ((RETURNED,), True),  # what was sent was scored against this exact sheet
        ((FINALISED,), True),
        ((DRAFT, SUBMITTED), True),
    ],
)
def test_a_criteria_set_is_frozen_once_a_scorecard_was_sent(movement, sheet, states, frozen):
    for state in states:
        scorecard(movement, sheet, state)
    assert criteria_set_is_frozen(sheet) is frozen
    assert flag(sheet) is frozen  # the list's column agrees with the rule


@pytest.mark.parametrize("state", [DRAFT, SUBMITTED, RETURNED, FINALISED])
def test_the_column_agrees_with_the_rule_for_every_state(movement, sheet, state):
    card = scorecard(movement, sheet, DRAFT)
    Scorecard.objects.filter(pk=card.pk).update(state=state)
    other = CriteriaSet.objects.create(
        code="02/HD-BDVTU", title="Bộ khác", province="Vĩnh Long", year_from=2025, max_total=10
    )
    rows = {row.pk: row.frozen for row in with_frozen_flag(CriteriaSet.objects.all())}
    assert rows == {sheet.pk: criteria_set_is_frozen(sheet), other.pk: False}
    assert rows[sheet.pk] is (state != DRAFT)


def test_another_sets_scorecard_does_not_freeze_this_one(movement, sheet):
    other = CriteriaSet.objects.create(
        code="02/HD-BDVTU", title="Bộ khác", province="Vĩnh Long", year_from=2025, max_total=10
    )
    scorecard(movement, other, FINALISED)
    assert not criteria_set_is_frozen(sheet)
    assert criteria_set_is_frozen(other)


def test_an_unsaved_criteria_set_is_not_frozen():
    assert criteria_set_is_frozen(CriteriaSet(code="01/HD", title="Mới")) is False


# Band schemes


@pytest.mark.parametrize(
    ("states", "frozen"),
    [
        ((), False),
        ((DRAFT,), False),
        ((SUBMITTED,), False),  # sent, but not classified yet
        ((RETURNED,), False),
        ((FINALISED,), True),  # the result is on record
        ((DRAFT, SUBMITTED, RETURNED), False),
        ((SUBMITTED, FINALISED), True),
    ],
)
def test_a_band_scheme_is_frozen_only_by_a_finalised_scorecard(
    movement, sheet, scheme, states, frozen
):
    for state in states:
        scorecard(movement, sheet, state)
    assert band_scheme_is_frozen(scheme) is frozen


def test_a_finalised_scorecard_freezes_only_its_movements_scheme(movement, sheet, scheme):
    other_scheme = build_bands()[0]
    other_movement = MovementFactory(criteria_set=sheet, band_scheme=other_scheme)
    scorecard(other_movement, sheet, FINALISED)
    assert band_scheme_is_frozen(other_scheme)
    assert not band_scheme_is_frozen(scheme)


# A movement's scoring settings


@pytest.mark.parametrize(("state", "locked"), [(None, False)] + [(s, True) for s in ScorecardState])
def test_a_movements_scoring_is_locked_once_a_scorecard_exists(movement, sheet, state, locked):
    if state is not None:
        scorecard(movement, sheet, state)
    assert movement_scoring_is_locked(movement) is locked


def test_another_movements_scorecard_does_not_lock_this_one(movement, sheet):
    scorecard(MovementFactory(criteria_set=sheet), sheet, DRAFT)
    assert not movement_scoring_is_locked(movement)


def test_an_unsaved_movement_is_not_locked():
    assert (
        movement_scoring_is_locked(Movement(title="Mới", province="Vĩnh Long", year=2026)) is False
    )
