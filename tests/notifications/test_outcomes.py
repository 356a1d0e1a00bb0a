"""Award and scoring outcomes reach the agency: a decision names its awarded models; a returned
scorecard carries the reason; an appraised one says so."""

from datetime import date

import pytest

from awards import services as awards
from notifications.models import Notification
from scoring import services as scoring
from tests.awards.factories import award_movement, complete_proposal, sent_scorecard

pytestmark = pytest.mark.django_db


def test_a_decision_tells_the_agency_which_models_are_awarded(
    agency_a, clerk_a, leader_a, clerk_b, reviewer
):
    movement = award_movement()
    proposal = complete_proposal(movement, agency_a, leader_a)
    awards.submit_proposal(proposal=proposal, by=leader_a)
    first, _second = proposal.nominees.order_by("position")
    awards.record_decision(
        movement=movement,
        award_kind=movement.award_settings.award_kind,
        number="3001/QĐ-UBND",
        decided_on=date(2026, 1, 20),
        signer="Chủ tịch UBND tỉnh",
        nominees=[first],
        by=reviewer,
    )

    told = Notification.objects.get(user=clerk_a, key__startswith="quyet-dinh")
    assert told.subject == "Quyết định khen thưởng số 3001/QĐ-UBND ngày 20/01/2026"
    assert "cho 1 tập thể, cá nhân của đơn vị" in told.body
    assert f"- {first}" in told.body
    assert not Notification.objects.filter(user=clerk_b).exists()


def test_a_returned_then_appraised_scorecard_is_told_with_its_reason(
    agency_a, clerk_a, leader_a, reviewer
):
    movement = award_movement()
    card = sent_scorecard(movement, agency_a, leader_a)
    scoring.return_scorecard(scorecard=card, by=reviewer, reason="Thiếu minh chứng tiêu chí 2.1")
    returned = Notification.objects.get(user=clerk_a)
    assert returned.subject == f"Bản chấm điểm tiêu chí “{movement.title}” bị trả lại"
    assert "Lý do: Thiếu minh chứng tiêu chí 2.1" in returned.body

    scoring.submit_scorecard(scorecard=card, by=leader_a)
    scoring.finalise_scorecard(scorecard=card, by=reviewer)
    done = Notification.objects.filter(user=clerk_a).exclude(pk=returned.pk).get()
    assert done.subject == f"Bản chấm điểm tiêu chí “{movement.title}” đã được thẩm định xong"
