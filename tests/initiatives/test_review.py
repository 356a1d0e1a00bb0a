"""The annual review (rà soát): the agency proposes per model, the leader sends, the coordinator
accepts or returns it and decides per model; merged units' models are reviewed by the successor."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from initiatives import reviews, services
from initiatives.models import (
    EventKind,
    Initiative,
    InitiativeReview,
    Proposal,
    ReviewItem,
    ReviewState,
    Status,
)
from movements.models import Deadline, DeadlineKind
from movements.tracker import movement_tracker
from notifications.models import Notification
from tests.factories import AgencyFactory, InitiativeFactory, UserFactory

DECIDED = date(2026, 12, 10)


@pytest.fixture
def review_deadline(movement):
    return Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REVIEW,
        title="Rà soát mô hình năm 2026",
        due_on=timezone.localdate() + timedelta(days=20),
    )


@pytest.fixture
def held(agency_a, department_kind, reviewer):
    """Agency A's recognised models: two of its own, one from a unit merged into it, one removed
    (not reviewed) and one merely registered (not reviewed)."""
    former = AgencyFactory(kind=department_kind, name="Xã Nhơn Phúc")
    from_former = InitiativeFactory(agency=former, status=Status.RECOGNISED, name="Tổ hòa giải")
    services.merge_agency(merged=former, into=agency_a, by=reviewer)
    own = [
        InitiativeFactory(agency=agency_a, status=Status.RECOGNISED, name="Chợ văn minh"),
        InitiativeFactory(agency=agency_a, status=Status.KEPT, name="Một cửa thân thiện"),
    ]
    InitiativeFactory(
        agency=agency_a, status=Status.REMOVED, name="Đã loại", removed_reason="Không hiệu quả"
    )
    InitiativeFactory(agency=agency_a, status=Status.REGISTERED, name="Mới đăng ký")
    return [*own, from_former]


def answer(review, by, proposals):
    return reviews.save_items(
        review=review,
        by=by,
        answers={
            initiative.pk: {
                "proposal": proposal,
                "changes": "Bổ sung tổ công nghệ số" if proposal == Proposal.STRENGTHEN else "",
                "reason": "Không còn phù hợp" if proposal == Proposal.REMOVE else "",
                "assessment": "Hiệu quả tốt",
                "figures": "120 hộ tham gia",
            }
            for initiative, proposal in proposals.items()
        },
    )


def test_a_review_lists_every_recognised_model_the_agency_holds(
    review_deadline, agency_a, leader_a, held
):
    review = reviews.start_review(deadline=review_deadline, agency=agency_a, by=leader_a)
    assert {item.initiative for item in review.items.all()} == set(held)
    # Pressing twice still makes one review.
    again = reviews.start_review(deadline=review_deadline, agency=agency_a, by=leader_a)
    assert again.pk == review.pk and InitiativeReview.objects.count() == 1


def test_a_review_is_sent_only_complete_then_decided_per_model(
    review_deadline, agency_a, leader_a, reviewer, held
):
    market, one_stop, mediation = held
    review = reviews.start_review(deadline=review_deadline, agency=agency_a, by=leader_a)
    answer(review, leader_a, {market: Proposal.KEEP, one_stop: Proposal.STRENGTHEN})
    with pytest.raises(ValidationError, match="đề xuất cho mô hình “Tổ hòa giải”"):
        reviews.submit_review(review=review, by=leader_a)
    answer(review, leader_a, {mediation: Proposal.REMOVE})
    reviews.submit_review(review=review, by=leader_a)
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED and review.submitted_at is not None
    # Sent: the agency can no longer change it.
    with pytest.raises(ValidationError, match="không thể sửa"):
        answer(review, leader_a, {market: Proposal.REMOVE})

    items = list(review.items.all())
    reviews.decide_items(items=items, by=reviewer, number="20/QĐ-UBND", decided_on=DECIDED)
    statuses = dict(
        Initiative.objects.filter(pk__in=[i.pk for i in held]).values_list("name", "status")
    )
    assert statuses == {
        "Chợ văn minh": Status.KEPT,
        "Một cửa thân thiện": Status.STRENGTHENED,
        "Tổ hòa giải": Status.REMOVED,
    }
    mediation.refresh_from_db()
    assert mediation.removed_reason == "Không còn phù hợp"
    strengthened = one_stop.events.get(kind=EventKind.STRENGTHENED)
    assert (strengthened.note, strengthened.decision_number, strengthened.year) == (
        "Bổ sung tổ công nghệ số",
        "20/QĐ-UBND",
        review_deadline.movement.year,
    )
    # Decided once: a second decision is refused whole.
    with pytest.raises(ValidationError, match="Không có thay đổi nào được lưu"):
        reviews.decide_items(items=items, by=reviewer, number="21", decided_on=DECIDED)


def test_no_decision_on_an_unsent_or_returned_review(
    review_deadline, agency_a, leader_a, reviewer, held
):
    review = reviews.start_review(deadline=review_deadline, agency=agency_a, by=leader_a)
    answer(review, leader_a, dict.fromkeys(held, Proposal.KEEP))
    with pytest.raises(ValidationError, match="chưa được gửi"):
        reviews.decide_items(
            items=list(review.items.all()), by=reviewer, number="1", decided_on=DECIDED
        )
    reviews.submit_review(review=review, by=leader_a)
    reviews.return_reviews(reviews=[review], by=reviewer, reason="Bổ sung số liệu")
    with pytest.raises(ValidationError, match="đang bị trả lại"):
        reviews.decide_items(
            items=list(review.items.all()), by=reviewer, number="1", decided_on=DECIDED
        )
    assert not Initiative.objects.filter(status=Status.KEPT, pk__in=[i.pk for i in held[:1]])
    assert Notification.objects.filter(user__agency=agency_a).exists()
    reviews.submit_review(review=review, by=leader_a)
    review.refresh_from_db()
    assert review.state == ReviewState.RESUBMITTED


def test_a_coordinator_can_keep_a_model_the_agency_wanted_removed(
    review_deadline, agency_a, leader_a, reviewer, held
):
    review = reviews.start_review(deadline=review_deadline, agency=agency_a, by=leader_a)
    answer(review, leader_a, dict.fromkeys(held, Proposal.REMOVE))
    reviews.submit_review(review=review, by=leader_a)
    item = review.items.get(initiative=held[0])
    reviews.decide_items(
        items=[item], by=reviewer, number="5", decided_on=DECIDED, status=Status.KEPT
    )
    held[0].refresh_from_db()
    assert held[0].status == Status.KEPT
    item.refresh_from_db()
    assert (item.decision, item.decision_number) == (Status.KEPT, "5")


def test_a_late_first_send_is_refused_and_the_tracker_sees_the_review(
    review_deadline, agency_a, leader_a, held
):
    review = reviews.start_review(deadline=review_deadline, agency=agency_a, by=leader_a)
    answer(review, leader_a, dict.fromkeys(held, Proposal.KEEP))
    late = review_deadline.closes_at + timedelta(hours=1)
    with pytest.raises(ValidationError, match="Đã hết hạn"):
        reviews.submit_review(review=review, by=leader_a, now=late)
    column = [d.pk for d in movement_tracker(movement=review_deadline.movement).deadlines]
    tracker = movement_tracker(movement=review_deadline.movement)
    row = next(r for r in tracker.rows if r.agency.pk == agency_a.pk)
    assert row.cells[column.index(review_deadline.pk)].state == "pending"
    reviews.submit_review(review=review, by=leader_a)
    tracker = movement_tracker(movement=review_deadline.movement)
    row = next(r for r in tracker.rows if r.agency.pk == agency_a.pk)
    cell = row.cells[column.index(review_deadline.pk)]
    assert cell.state == "on_time"
    assert cell.url == reverse("admin:initiatives_initiativereview_change", args=[review.pk])


def test_the_agency_page_starts_saves_and_sends(
    client, review_deadline, agency_a, clerk_a, leader_a, held
):
    url = reverse("initiatives:review", args=[review_deadline.pk])
    client.force_login(clerk_a)
    page = client.get(url)
    assert "Bắt đầu rà soát" in page.content.decode()
    assert not InitiativeReview.objects.exists()  # a GET starts nothing
    client.post(url, {"step": "start"})
    review = InitiativeReview.objects.get()
    form = {"step": "save"}
    for initiative in held:
        form[f"m{initiative.pk}-proposal"] = "keep"
        form[f"m{initiative.pk}-assessment"] = "Tốt"
    client.post(url, form)
    assert set(review.items.values_list("proposal", flat=True)) == {"keep"}
    page = client.get(url).content.decode()
    assert "(từ Xã Nhơn Phúc)" in page
    assert "Lưu và gửi" not in page  # the clerk prepares; the leader sends
    client.force_login(leader_a)
    client.post(url, {**form, "step": "send"})
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED


def test_another_agency_never_sees_or_touches_the_review(
    client, review_deadline, agency_a, agency_b, leader_a, clerk_b, held
):
    review = reviews.start_review(deadline=review_deadline, agency=agency_a, by=leader_a)
    client.force_login(clerk_b)
    url = reverse("initiatives:review", args=[review_deadline.pk])
    page = client.get(url).content.decode()
    assert "Chợ văn minh" not in page and "Bắt đầu rà soát" in page
    client.post(url, {"step": "save", f"m{held[0].pk}-proposal": "remove"})
    assert not ReviewItem.objects.filter(review=review).exclude(proposal="").exists()


def test_the_coordinator_decides_as_proposed_in_bulk_in_the_admin(
    client, review_deadline, agency_a, leader_a, reviewer, held
):
    review = reviews.start_review(deadline=review_deadline, agency=agency_a, by=leader_a)
    answer(review, leader_a, dict.fromkeys(held, Proposal.KEEP))
    reviews.submit_review(review=review, by=leader_a)
    client.force_login(reviewer)
    ids = [str(pk) for pk in review.items.values_list("pk", flat=True)]
    url = reverse("admin:initiatives_reviewitem_changelist")
    action = {"action": "decide_as_proposed", "_selected_action": ids}
    assert "Quyết định theo đề xuất <strong>3</strong>" in client.post(url, action).content.decode()
    response = client.post(
        url, {**action, "confirm": "yes", "number": "30/QĐ-UBND", "decided_on": "10/12/2026"}
    )
    assert response.status_code == 302
    assert set(
        Initiative.objects.filter(pk__in=[i.pk for i in held]).values_list("status", flat=True)
    ) == {Status.KEPT}
    # An agency account cannot decide.
    other = UserFactory(username="khac", agency=agency_a)
    client.force_login(other)
    assert client.get(url).status_code == 302


def test_the_review_admin_accepts_and_lists_in_constant_queries(
    client, review_deadline, agency_a, leader_a, reviewer, held, django_assert_max_num_queries
):
    review = reviews.start_review(deadline=review_deadline, agency=agency_a, by=leader_a)
    answer(review, leader_a, dict.fromkeys(held, Proposal.KEEP))
    reviews.submit_review(review=review, by=leader_a)
    client.force_login(reviewer)
    for name in ("initiativereview", "reviewitem"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(f"admin:initiatives_{name}_changelist")).status_code == 200
    client.post(
        reverse("admin:initiatives_initiativereview_changelist"),
        {"action": "accept_selected", "_selected_action": [review.pk], "confirm": "yes"},
    )
    review.refresh_from_db()
    assert review.state == ReviewState.ACCEPTED
