"""The annual review (rà soát): every write goes through here. The agency proposes, model by
model, to keep, strengthen (with what) or remove (with why) the models it holds; the leader
sends it through the shared workflow; the coordinator accepts or returns it, and decides per
model, one by one or in bulk, with the decision's number and date (initiatives/services.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from movements.models import Deadline, DeadlineKind, MovementStatus
from notifications.services import notify_review_outcome
from portal.text import clean_text
from portal.workflow import (
    check_state,
    decide,
    delete_with_history,
    lock_all_in_states,
    locked,
    mark_sent,
    required_reason,
    save_with_history,
    start_once,
)

from . import services
from .models import (
    PROPOSED_STATUS,
    REVIEW_AWAITING_STATES,
    REVIEW_EDITABLE_STATES,
    InitiativeReview,
    Proposal,
    ReviewItem,
    ReviewState,
    Status,
)
from .selectors import review_window, reviewed_initiatives

ITEM_FIELDS = ("proposal", "changes", "reason", "assessment", "figures")
# Decided once: the review was sent and not returned, and no decision was recorded yet.
DECIDABLE_REVIEW_STATES = (*REVIEW_AWAITING_STATES, ReviewState.ACCEPTED)


def _clean(value) -> str:
    return (clean_text(value) or "").strip()


def check_review_deadline(*, deadline: Deadline, agency):
    if deadline.kind != DeadlineKind.REVIEW:
        raise ValidationError("Thời hạn này không phải là thời hạn rà soát mô hình.")
    if deadline.movement.status != MovementStatus.OPEN:
        raise ValidationError(
            f"Phong trào “{deadline.movement}” {deadline.movement.get_status_display().lower()}, "
            "không nhận bản rà soát."
        )
    kinds = {k.pk for k in deadline.agency_kinds.all()}
    if kinds and agency.kind_id not in kinds:
        raise ValidationError(f"Thời hạn “{deadline.title}” không áp dụng cho {agency}.")


def _sync_items(review: InitiativeReview, *, by):
    """The review lists the models the agency holds now: one handed over since it was started
    joins it, one that left (removed, or handed on) leaves it. Call inside atomic."""
    held = {i.pk: i for i in reviewed_initiatives(review.agency)}
    for item in review.items.exclude(initiative_id__in=held):
        delete_with_history(item, by=by, reason="Mô hình không còn do đơn vị quản lý")
    listed = set(review.items.values_list("initiative_id", flat=True))
    for pk, initiative in held.items():
        if pk not in listed:
            save_with_history(
                ReviewItem(review=review, initiative=initiative), by=by, reason="Thêm vào rà soát"
            )


def start_review(*, deadline: Deadline, agency, by) -> InitiativeReview:
    """The agency's review for this deadline, made by “Bắt đầu rà soát” (never by a page view),
    listing every model it holds; pressing twice still makes one."""
    check_review_deadline(deadline=deadline, agency=agency)
    with transaction.atomic():
        review = start_once(
            InitiativeReview,
            by=by,
            reason="Bắt đầu rà soát mô hình",
            key={"deadline": deadline, "agency": agency},
            defaults={"created_by": by},
        )
        if review.is_editable:
            _sync_items(review, by=by)
    return review


def _editable(review: InitiativeReview) -> InitiativeReview:
    current = locked(
        InitiativeReview.objects.select_related("deadline__movement", "agency"), review.pk
    )
    check_state(current, REVIEW_EDITABLE_STATES, name="bản rà soát")
    return current


def save_items(*, review: InitiativeReview, by, answers: dict) -> InitiativeReview:
    """``answers``: {initiative id: {proposal, changes, reason, assessment, figures}}. Models not
    in the review are refused; the whole save or nothing."""
    with transaction.atomic():
        current = _editable(review)
        _sync_items(current, by=by)
        items = {item.initiative_id: item for item in current.items.select_related("initiative")}
        unknown = set(answers) - set(items)
        if unknown:
            raise ValidationError(
                "Có mô hình không thuộc bản rà soát của đơn vị; hãy tải lại trang."
            )
        for initiative_id, fields in answers.items():
            extra = set(fields) - set(ITEM_FIELDS)
            if extra:
                raise ValueError(f"Not review item fields: {sorted(extra)}")
            item = items[initiative_id]
            for name, value in fields.items():
                setattr(item, name, _clean(value))
            if item.proposal and item.proposal not in Proposal.values:
                raise ValidationError(f"Đề xuất cho mô hình “{item.initiative}” không hợp lệ.")
            save_with_history(item, by=by, reason="Sửa đề xuất rà soát")
        save_with_history(current, by=by, reason="Sửa bản rà soát", update_fields=["updated_at"])
    return current


def missing_to_submit(review: InitiativeReview) -> list[str]:
    """What blocks sending: each model needs a proposal; strengthening says what, removal why."""
    missing = []
    for item in review.items.select_related("initiative"):
        if not item.proposal:
            missing.append(f"đề xuất cho mô hình “{item.initiative}”")
        elif item.proposal == Proposal.STRENGTHEN and not item.changes:
            missing.append(f"nội dung kiện toàn của mô hình “{item.initiative}”")
        elif item.proposal == Proposal.REMOVE and not item.reason:
            missing.append(f"lý do đưa mô hình “{item.initiative}” ra khỏi danh sách")
    return missing


def submit_review(*, review: InitiativeReview, by, now=None) -> InitiativeReview:
    """The leader sends a draft before the deadline closes for the agency, or resends a
    returned review while the movement is open; the first send's moment stays."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _editable(review)
        _sync_items(current, by=by)
        missing = missing_to_submit(current)
        if missing:
            raise ValidationError(f"Bản rà soát chưa thể gửi: còn thiếu {'; '.join(missing)}.")
        if current.state == ReviewState.DRAFT:
            refusal = review_window(deadline=current.deadline, agency=current.agency).refusal(now)
            if refusal:
                raise ValidationError(refusal)
            current.state = ReviewState.SUBMITTED
            mark_sent(current, by=by, now=now)
            reason = "Gửi bản rà soát"
        else:
            if current.deadline.movement.status != MovementStatus.OPEN:
                raise ValidationError(
                    f"Phong trào “{current.deadline.movement}” đã kết thúc, không nhận gửi lại."
                )
            current.state = ReviewState.RESUBMITTED
            reason = "Gửi lại bản rà soát"
        save_with_history(current, by=by, reason=reason)
    review.refresh_from_db()
    return review


def _review(*, reviews, by, now, new_state, reason=""):
    now = now or timezone.now()
    with transaction.atomic():
        rows = decide(
            InitiativeReview.objects.select_related("agency", "deadline"),
            reviews,
            REVIEW_AWAITING_STATES,
            new_state=new_state,
            by=by,
            now=now,
            reason=reason,
            history_reason="Tiếp nhận"
            if new_state == ReviewState.ACCEPTED
            else f"Trả lại: {reason}",
            describe=lambda r: f"bản rà soát của {r.agency}",
            only="Chỉ xử lý được bản rà soát đang chờ tiếp nhận.",
        )
        notify_review_outcome(
            rows,
            what="Bản rà soát mô hình",
            name_of=lambda r: r.deadline.title,
            accepted=new_state == ReviewState.ACCEPTED,
            verb="tiếp nhận",
            when=now,
            link_of=lambda r: reverse("initiatives:review", kwargs={"deadline_id": r.deadline_id}),
        )
    return rows


def accept_reviews(*, reviews, by, now=None):
    return _review(reviews=reviews, by=by, now=now, new_state=ReviewState.ACCEPTED)


def return_reviews(*, reviews, by, reason: str, now=None):
    reason = required_reason(reason, what="bản rà soát")
    return _review(reviews=reviews, by=by, now=now, new_state=ReviewState.RETURNED, reason=reason)


def decide_items(*, items, by, number: str, decided_on, status: str | None = None):
    """The coordinator's decision on reviewed models, all or none: as each agency proposed
    (``status`` None), or one outcome for all (công nhận lại despite a proposal). Each model's
    decision carries the agency's own words (what to strengthen, why to remove)."""
    with transaction.atomic():
        rows = lock_all_in_states(
            ReviewItem.objects.select_related("review__deadline__movement", "initiative"),
            [item.pk for item in items],
            [""],
            describe=lambda item: f"“{item.initiative}”",
            only="Chỉ quyết định được mô hình chưa có quyết định.",
            field="decision",
        )
        for item in rows:
            if item.review.state not in DECIDABLE_REVIEW_STATES:
                raise ValidationError(
                    f"Bản rà soát của {item.review.agency} chưa được gửi hoặc đang bị trả lại; "
                    "không có thay đổi nào được lưu."
                )
            if not item.proposal:
                raise ValidationError(f"Mô hình “{item.initiative}” chưa có đề xuất của đơn vị.")
            target = status or PROPOSED_STATUS[item.proposal]
            services.decide(
                [item.initiative],
                status=target,
                by=by,
                number=number,
                decided_on=decided_on,
                year=item.review.deadline.movement.year,
                note=item.proposed_note if PROPOSED_STATUS[item.proposal] == target else "",
            )
            item.decision, item.decision_number, item.decided_on = target, number, decided_on
            save_with_history(item, by=by, reason=f"Quyết định: {Status(target).label} ({number})")
    return rows
