"""awards/rules.py: the one VoteRule, against tables of exact answers — which votes pass, the
fewest that pass, the share (the one percentage of votes) and the rule in words, for both bases
and both comparisons, at the edges (exactly the threshold, no base)."""

from decimal import Decimal

import pytest

from awards.models import AwardSettings, VoteBase
from awards.rules import VoteRule, vote_rule_for
from portal.documents import percent
from tests.factories import MovementFactory

TOTAL, PRESENT = VoteBase.TOTAL, VoteBase.PRESENT
ABOVE_HALF = VoteRule()  # the fixture default: more than 50% of all members
HALF_OR_MORE = VoteRule(strictly_above=False)
ABOVE_HALF_PRESENT = VoteRule(base=PRESENT)
HALF_OR_MORE_PRESENT = VoteRule(strictly_above=False, base=PRESENT)
TWO_THIRDS_PRESENT = VoteRule(threshold=Decimal("66.67"), strictly_above=False, base=PRESENT)


def test_the_default_is_more_than_half_of_all_members():
    assert VoteRule() == VoteRule(threshold=Decimal(50), strictly_above=True, base=TOTAL)


@pytest.mark.parametrize(
    ("rule", "total", "present", "base"),
    [
        (ABOVE_HALF, 10, 8, 10),
        (ABOVE_HALF_PRESENT, 10, 8, 8),
        (ABOVE_HALF, None, 8, None),
        (ABOVE_HALF_PRESENT, 10, None, None),
    ],
)
def test_base_count(rule, total, present, base):
    assert rule.base_count(members_total=total, members_present=present) == base


@pytest.mark.parametrize(
    ("rule", "votes", "total", "present", "passes"),
    [
        # More than 50% of all members: exactly half does not pass.
        (ABOVE_HALF, 5, 10, 10, False),
        (ABOVE_HALF, 6, 10, 10, True),
        (ABOVE_HALF, 4, 9, 9, False),
        (ABOVE_HALF, 5, 9, 9, True),
        (ABOVE_HALF, 5, 10, 6, False),  # counted on all members, not on those present
        # 50% or more: exactly half passes.
        (HALF_OR_MORE, 5, 10, 10, True),
        (HALF_OR_MORE, 4, 10, 10, False),
        # On the members present.
        (ABOVE_HALF_PRESENT, 4, 10, 8, False),  # exactly half of 8
        (ABOVE_HALF_PRESENT, 5, 10, 8, True),
        (HALF_OR_MORE_PRESENT, 4, 10, 8, True),
        (HALF_OR_MORE_PRESENT, 3, 10, 8, False),
        # Two thirds, rounded as a clerk types it: 6/9 is 66.66…%, short of 66.67%.
        (TWO_THIRDS_PRESENT, 6, 12, 9, False),
        (TWO_THIRDS_PRESENT, 7, 12, 9, True),
        # No votes or no base: nothing passes.
        (ABOVE_HALF, None, 10, 10, False),
        (ABOVE_HALF, 5, None, 10, False),
        (ABOVE_HALF, 0, 0, 0, False),
        (ABOVE_HALF_PRESENT, 5, 10, None, False),
        (ABOVE_HALF_PRESENT, 0, 10, 0, False),
        # The ends of the scale.
        (VoteRule(threshold=Decimal(0), strictly_above=False), 0, 5, 5, True),
        (VoteRule(threshold=Decimal(0)), 0, 5, 5, False),
        (VoteRule(threshold=Decimal(100)), 5, 5, 5, False),
        (VoteRule(threshold=Decimal(100), strictly_above=False), 5, 5, 5, True),
    ],
)
def test_passes(rule, votes, total, present, passes):
    assert rule.passes(votes=votes, members_total=total, members_present=present) is passes


@pytest.mark.parametrize(
    ("rule", "total", "present", "needed"),
    [
        (ABOVE_HALF, 9, 8, 5),
        (ABOVE_HALF, 10, 8, 6),
        (HALF_OR_MORE, 10, 8, 5),
        (HALF_OR_MORE, 9, 8, 5),
        (ABOVE_HALF_PRESENT, 10, 8, 5),
        (HALF_OR_MORE_PRESENT, 10, 8, 4),
        (TWO_THIRDS_PRESENT, 12, 9, 7),
        (ABOVE_HALF, 1, 1, 1),
        (VoteRule(threshold=Decimal(0), strictly_above=False), 7, 7, 0),
        (VoteRule(threshold=Decimal(100), strictly_above=False), 7, 7, 7),
        (VoteRule(threshold=Decimal(100)), 7, 7, None),  # nothing can pass
        (ABOVE_HALF, None, 8, None),  # the base is unknown
        (ABOVE_HALF, 0, 0, None),
        (ABOVE_HALF_PRESENT, 10, None, None),
        (ABOVE_HALF_PRESENT, 10, 0, None),
    ],
)
def test_votes_needed(rule, total, present, needed):
    assert rule.votes_needed(members_total=total, members_present=present) == needed


@pytest.mark.parametrize(("rule", "total", "present"), [(ABOVE_HALF, 9, 7), (HALF_OR_MORE, 9, 7)])
def test_votes_needed_is_the_first_vote_that_passes(rule, total, present):
    needed = rule.votes_needed(members_total=total, members_present=present)
    assert rule.passes(votes=needed, members_total=total, members_present=present)
    assert not rule.passes(votes=needed - 1, members_total=total, members_present=present)


@pytest.mark.parametrize(
    ("rule", "votes", "total", "present", "share", "text"),
    [
        (ABOVE_HALF, 2, 3, 3, Decimal("66.67"), "66,67%"),
        (ABOVE_HALF, 1, 3, 3, Decimal("33.33"), "33,33%"),
        (ABOVE_HALF, 7, 9, 8, Decimal("77.78"), "77,78%"),
        (ABOVE_HALF, 8, 9, 8, Decimal("88.89"), "88,89%"),
        (ABOVE_HALF, 5, 10, 8, Decimal("50.00"), "50%"),  # exactly half
        (ABOVE_HALF, 9, 9, 9, Decimal("100.00"), "100%"),
        (ABOVE_HALF, 0, 9, 9, Decimal("0.00"), "0%"),
        (ABOVE_HALF_PRESENT, 4, 10, 8, Decimal("50.00"), "50%"),  # on those present
        (ABOVE_HALF_PRESENT, 7, 10, 8, Decimal("87.50"), "87,5%"),
        (ABOVE_HALF, 1, 800, 800, Decimal("0.13"), "0,13%"),  # 0.125 rounds half up
        (ABOVE_HALF, None, 9, 9, None, ""),
        (ABOVE_HALF, 5, None, 9, None, ""),
        (ABOVE_HALF, 0, 0, 0, None, ""),
        (ABOVE_HALF_PRESENT, 5, 9, None, None, ""),
        (ABOVE_HALF_PRESENT, 0, 9, 0, None, ""),
    ],
)
def test_share(rule, votes, total, present, share, text):
    value = rule.share(votes=votes, members_total=total, members_present=present)
    assert value == share
    if share is not None:
        assert value.as_tuple().exponent == -2  # always two decimals
    assert percent(value) == text


@pytest.mark.parametrize(
    ("rule", "sentence", "base_words"),
    [
        (ABOVE_HALF, "trên 50% tổng số thành viên Hội đồng", "tổng số thành viên Hội đồng"),
        (
            HALF_OR_MORE,
            "từ 50% tổng số thành viên Hội đồng trở lên",
            "tổng số thành viên Hội đồng",
        ),
        (
            ABOVE_HALF_PRESENT,
            "trên 50% số thành viên Hội đồng có mặt",
            "số thành viên Hội đồng có mặt",
        ),
        (
            HALF_OR_MORE_PRESENT,
            "từ 50% số thành viên Hội đồng có mặt trở lên",
            "số thành viên Hội đồng có mặt",
        ),
        (
            TWO_THIRDS_PRESENT,
            "từ 66,67% số thành viên Hội đồng có mặt trở lên",
            "số thành viên Hội đồng có mặt",
        ),
        (
            VoteRule(threshold=Decimal("50.00")),
            "trên 50% tổng số thành viên Hội đồng",
            "tổng số thành viên Hội đồng",
        ),
        (
            VoteRule(base="unknown"),
            "trên 50% tổng số thành viên Hội đồng",
            "tổng số thành viên Hội đồng",
        ),
    ],
)
def test_sentence(rule, sentence, base_words):
    assert rule.base_words == base_words
    assert rule.sentence == sentence


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({}, VoteRule()),
        (
            {
                "vote_threshold": Decimal("66.67"),
                "vote_strictly_above": False,
                "vote_base": PRESENT,
            },
            TWO_THIRDS_PRESENT,
        ),
        ({"vote_threshold": 50, "vote_base": PRESENT}, ABOVE_HALF_PRESENT),
    ],
)
def test_a_rule_of_award_settings(fields, rule):
    assert VoteRule.of(AwardSettings(**fields)) == rule


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        (None, VoteRule()),  # no award settings: the default
        ({"vote_strictly_above": False}, HALF_OR_MORE),
        (
            {"vote_threshold": Decimal("66.67"), "vote_base": PRESENT},
            VoteRule(Decimal("66.67"), True, PRESENT),
        ),
    ],
)
def test_vote_rule_for_a_movement(fields, rule):
    movement = MovementFactory(**(fields or {}))
    assert vote_rule_for(movement) == rule
