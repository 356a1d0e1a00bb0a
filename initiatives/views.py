"""An agency's own models (sổ mô hình của đơn vị), current and past, each one's life, and its
yearly review of them (rà soát). Thin: scope to the user's agency, call a service."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from portal.access import agency_member_required, require_perm
from portal.actions import perform
from portal.coordinator import current_coordinator

from . import reviews
from .models import ACTIVE_STATUSES, InitiativeReview, Proposal
from .selectors import (
    came_from,
    held_by,
    life_of,
    register,
    review_deadlines_for,
    review_of,
    review_window,
)


@agency_member_required
def initiative_list(request):
    initiatives = list(held_by(request.user.agency))
    origins = came_from(initiatives)
    rows = [(initiative, origins.get(initiative.pk, "")) for initiative in initiatives]
    return render(
        request,
        "initiatives/list.html",
        {
            "current": [row for row in rows if row[0].status in ACTIVE_STATUSES],
            "past": [row for row in rows if row[0].status not in ACTIVE_STATUSES],
        },
    )


@agency_member_required
def initiative_detail(request, pk):
    # Another agency's model is not found, never shown.
    initiative = get_object_or_404(register().filter(agency_id=request.user.agency_id), pk=pk)
    return render(request, "initiatives/detail.html", {"life": life_of(initiative)})


# The annual review

CANNOT_EDIT = "Bạn không có quyền lập bản rà soát mô hình."
CANNOT_SEND = "Chỉ lãnh đạo đơn vị được gửi bản rà soát."


def _deadline_for(user, deadline_id):
    return get_object_or_404(review_deadlines_for(user.agency), pk=deadline_id)


@agency_member_required
def review_list(request):
    deadlines = list(review_deadlines_for(request.user.agency))
    reviews = {
        r.deadline_id: r
        for r in InitiativeReview.objects.filter(agency=request.user.agency, deadline__in=deadlines)
    }
    rows = [(d, reviews.get(d.pk)) for d in deadlines]
    return render(request, "initiatives/review_list.html", {"rows": rows})


def _answers(post, items) -> dict:
    return {
        item.initiative_id: {
            name: post.get(f"m{item.initiative_id}-{name}", "") for name in reviews.ITEM_FIELDS
        }
        for item in items
    }


@agency_member_required
def review_detail(request, deadline_id):
    deadline = _deadline_for(request.user, deadline_id)
    agency = request.user.agency
    review = review_of(deadline=deadline, agency=agency)
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step == "start":
            require_perm(request.user, "initiatives.add_initiativereview", CANNOT_EDIT)
            perform(
                request,
                lambda: reviews.start_review(deadline=deadline, agency=agency, by=request.user),
                done="Đã bắt đầu rà soát: mỗi mô hình đơn vị đang quản lý có một dòng đề xuất.",
            )
        elif review is None:
            raise Http404("Đơn vị chưa bắt đầu rà soát cho thời hạn này.")
        elif step in ("save", "send"):
            require_perm(request.user, "initiatives.change_initiativereview", CANNOT_EDIT)
            saved = perform(
                request,
                lambda: reviews.save_items(
                    review=review,
                    by=request.user,
                    answers=_answers(request.POST, review.items.all()),
                ),
                done="Đã lưu bản rà soát.",
            )
            if saved and step == "send":
                require_perm(request.user, "initiatives.submit_initiativereview", CANNOT_SEND)
                perform(
                    request,
                    lambda: reviews.submit_review(review=review, by=request.user),
                    done=f"Đã gửi bản rà soát tới {current_coordinator().short_name}.",
                )
        return redirect("initiatives:review", deadline_id=deadline.pk)
    items = list(review.items.select_related("initiative__field")) if review else []
    origins = came_from([item.initiative_id for item in items])
    return render(
        request,
        "initiatives/review.html",
        {
            "deadline": deadline,
            "review": review,
            "window": review_window(deadline=deadline, agency=agency),
            "items": [(item, origins.get(item.initiative_id, "")) for item in items],
            "proposals": Proposal.choices,
            "missing": reviews.missing_to_submit(review) if review and review.is_editable else [],
        },
    )
