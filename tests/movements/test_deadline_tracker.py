"""The one tracker selector (movements.selectors.deadline_standing) over each stage's own
“who sent when”: registrations, scorecards and award proposals register their readers."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardProposal, ProposalState
from movements.models import DeadlineKind
from movements.selectors import Standing, deadline_standing
from registrations.models import State
from scoring import services as scoring
from scoring.models import Scorecard, ScorecardState
from tests.factories import (
    AgencyFactory,
    MovementFactory,
    QuotaRuleFactory,
    RegistrationFactory,
    deadline_on,
    extend,
)
from tests.scoring.factories import build_bands, build_sheet, full_answers

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*args):
    return datetime(*args, tzinfo=VN)


@pytest.fixture
def province(department_kind, agency_a):
    others = {
        code: AgencyFactory(code=code, name=name, kind=department_kind)
        for code, name in [("SXD", "Sở Xây dựng"), ("STC", "Sở Tài chính"), ("SYT", "Sở Y tế")]
    }
    return {"STP": agency_a, **others}


def standing_by_code(deadline, now):
    return {row.agency.code: row for row in deadline_standing(deadline=deadline, now=now)}


def test_registrations_tracked_on_time_late_extended_and_missing(province, reviewer):
    movement = MovementFactory(registration_closes_at=at(2025, 4, 16), registration_opens_at=None)
    QuotaRuleFactory(movement=movement)
    deadline = movement.deadlines.get(kind=DeadlineKind.REGISTRATION)
    RegistrationFactory(
        movement=movement,
        agency=province["STP"],
        state=State.SUBMITTED,
        submitted_at=at(2025, 4, 15, 23, 59),
    )
    RegistrationFactory(
        movement=movement,
        agency=province["SXD"],
        state=State.ACCEPTED,
        submitted_at=at(2025, 4, 18, 10, 30),
    )
    RegistrationFactory(movement=movement, agency=province["SYT"])  # a draft is not sent
    extend(movement, DeadlineKind.REGISTRATION, province["STC"], date(2025, 4, 20), by=reviewer)

    rows = standing_by_code(deadline, now=at(2025, 4, 19, 9, 0))

    assert rows["STP"].standing == Standing.ON_TIME
    assert rows["SXD"].standing == Standing.LATE
    assert rows["SXD"].late_by == timedelta(days=2, hours=10, minutes=30)
    assert rows["SXD"].late_by_text == "2 ngày 10 giờ"
    assert rows["STC"].standing == Standing.EXTENDED
    assert rows["STC"].window.last_moment_text == "23:59 ngày 20/04/2025"
    assert rows["SYT"].standing == Standing.MISSING
    assert rows["SYT"].standing_label == "Chưa gửi, đã quá hạn"
    # Once its extension has passed too, the extended agency is simply missing.
    later = standing_by_code(deadline, now=at(2025, 4, 21, 0, 0))
    assert later["STC"].standing == Standing.MISSING


def test_a_deadline_for_some_agency_kinds_tracks_only_those(province, health_kind):
    health = AgencyFactory(code="SYT2", name="Sở Y tế (ngành)", kind=health_kind)
    movement = MovementFactory()
    deadline = deadline_on(movement, DeadlineKind.PLAN, at(2026, 3, 10), title="Gửi kế hoạch năm")
    deadline.agency_kinds.set([health_kind])
    assert [row.agency for row in deadline_standing(deadline=deadline, now=at(2026, 3, 1))] == [
        health
    ]
    assert standing_by_code(deadline, now=at(2026, 3, 1))["SYT2"].standing == Standing.PENDING


def test_scorecards_and_proposals_are_tracked_by_their_own_readers(province, leader_a, agency_a):
    scheme, _ = build_bands()
    movement = MovementFactory(criteria_set=build_sheet(), band_scheme=scheme)
    scoring_deadline = deadline_on(movement, DeadlineKind.SCORECARD, at(2099, 1, 1))
    card = scoring.start_scorecard(movement=movement, agency=agency_a, by=leader_a)
    scoring.save_self_scores(scorecard=card, by=leader_a, answers=full_answers(card.criteria_set))
    scoring.submit_scorecard(scorecard=card, by=leader_a, now=at(2026, 5, 1, 8, 0))
    Scorecard.objects.create(
        movement=movement, agency=province["SXD"], criteria_set=card.criteria_set
    )  # a draft has not been sent

    rows = standing_by_code(scoring_deadline, now=at(2026, 5, 2))
    assert rows["STP"].standing == Standing.ON_TIME
    assert rows["SXD"].standing == Standing.PENDING

    award_deadline = movement.deadlines.get(kind=DeadlineKind.AWARD)
    from awards.models import AwardKind

    kind = AwardKind.objects.create(code="bk", name="Bằng khen")
    AwardProposal.objects.create(
        movement=movement,
        agency=province["SXD"],
        award_kind=kind,
        state=ProposalState.SUBMITTED,
        submitted_at=award_deadline.closes_at + timedelta(hours=3),
    )
    rows = standing_by_code(award_deadline, now=award_deadline.closes_at + timedelta(days=1))
    assert rows["SXD"].standing == Standing.LATE
    assert rows["SXD"].late_by_text == "3 giờ"
    assert rows["STP"].standing == Standing.MISSING


def test_a_scorecard_deadline_refuses_a_late_submission_unless_extended(
    agency_a, leader_a, reviewer
):
    scheme, _ = build_bands()
    movement = MovementFactory(criteria_set=build_sheet(), band_scheme=scheme)
    deadline_on(movement, DeadlineKind.SCORECARD, at(2026, 11, 20))  # “trước ngày 20/11/2026”
    card = scoring.start_scorecard(movement=movement, agency=agency_a, by=leader_a)
    scoring.save_self_scores(scorecard=card, by=leader_a, answers=full_answers(card.criteria_set))

    with pytest.raises(ValidationError, match="hạn cuối 23:59 ngày 19/11/2026"):
        scoring.submit_scorecard(scorecard=card, by=leader_a, now=at(2026, 11, 20, 0, 0))
    assert Scorecard.objects.get(pk=card.pk).state == ScorecardState.DRAFT

    extend(movement, DeadlineKind.SCORECARD, agency_a, date(2026, 11, 25), by=reviewer)
    scoring.submit_scorecard(scorecard=card, by=leader_a, now=at(2026, 11, 25, 23, 59))
    assert Scorecard.objects.get(pk=card.pk).state == ScorecardState.SUBMITTED
