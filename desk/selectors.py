"""The reviewer's desk on the admin's home: what waits on the coordinator now, and the deadlines
around today with the agencies that have not sent. Reads each stage's own states and the
deadline tracker's selectors; owns no rule."""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from awards.models import AwardProposal, ProposalState
from initiatives.models import REVIEW_AWAITING_STATES, InitiativeReview, ReviewItem
from movements.models import Deadline, Movement, MovementStatus
from movements.selectors import Standing, deadline_standing, tracked_kinds
from portal.admin_filters import AWAITING
from registrations.models import AWAITING_REVIEW_STATES, Registration
from reports.models import AWAITING_REVIEW_STATES as REPORT_AWAITING_STATES
from reports.models import Plan, Report
from scoring.models import Scorecard, ScorecardState

# How far around today the desk looks for deadlines.
AHEAD, BEHIND = timedelta(days=30), timedelta(days=30)


@dataclass(frozen=True)
class Waiting:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class DeadlineLine:
    deadline: Deadline
    not_sent: int
    url: str
    passed: bool


def _waiting(user, model, label, queryset, url_query=f"trang-thai={AWAITING}"):
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return None
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return Waiting(label, queryset.count(), f"{url}?{url_query}" if url_query else url)


def waiting_for(user) -> list[Waiting]:
    """What waits on the coordinator, for each list the user may open."""
    lines = [
        _waiting(
            user,
            Registration,
            "Đăng ký mô hình chờ duyệt",
            Registration.objects.filter(state__in=AWAITING_REVIEW_STATES),
        ),
        _waiting(
            user,
            Scorecard,
            "Bản chấm điểm chờ thẩm định",
            Scorecard.objects.filter(state=ScorecardState.SUBMITTED),
        ),
        _waiting(
            user,
            AwardProposal,
            "Hồ sơ đề nghị khen thưởng chờ xử lý",
            AwardProposal.objects.filter(state=ProposalState.SUBMITTED),
        ),
        _waiting(
            user,
            Plan,
            "Kế hoạch chờ tiếp nhận",
            Plan.objects.filter(state__in=REPORT_AWAITING_STATES),
        ),
        _waiting(
            user,
            Report,
            "Báo cáo chờ tiếp nhận",
            Report.objects.filter(state__in=REPORT_AWAITING_STATES),
        ),
        _waiting(
            user,
            InitiativeReview,
            "Bản rà soát mô hình chờ tiếp nhận",
            InitiativeReview.objects.filter(state__in=REVIEW_AWAITING_STATES),
        ),
        _waiting(
            user,
            ReviewItem,
            "Mô hình đã rà soát chờ quyết định",
            ReviewItem.objects.filter(decision="").exclude(review__state__in=("draft", "returned")),
            url_query="da-quyet-dinh=khong",
        ),
    ]
    return [line for line in lines if line is not None]


@dataclass(frozen=True)
class MovementLinks:
    movement: object
    tracker_url: str
    ranking_url: str


def open_movements(user) -> list[MovementLinks]:
    """Each movement under way, with its tracker (who has not sent: registration, plan,
    reports, scorecard, award dossier) and its ranking."""
    if not user.has_perm("movements.view_movement"):
        return []
    return [
        MovementLinks(
            movement,
            reverse("admin:movements_movement_tracker", args=[movement.pk]),
            reverse("scoring:ranking", args=[movement.pk]),
        )
        for movement in Movement.objects.filter(status=MovementStatus.OPEN).order_by("-year", "pk")
    ]


def deadlines_around(user, *, now=None) -> list[DeadlineLine]:
    """The tracked deadlines of open movements due within a month either side of today, each
    with how many required agencies have sent nothing, linking to the tracker's column."""
    if not user.has_perm("movements.view_movement"):
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    deadlines = (
        Deadline.objects.filter(
            movement__status=MovementStatus.OPEN,
            kind__in=tracked_kinds(),
            due_on__gte=today - BEHIND,
            due_on__lte=today + AHEAD,
        )
        .select_related("movement")
        .prefetch_related("agency_kinds", "extensions")
        .order_by("due_on", "pk")
    )
    lines = []
    for deadline in deadlines:
        rows = deadline_standing(deadline=deadline, now=now)
        silent = [
            r for r in rows if r.standing in (Standing.MISSING, Standing.PENDING, Standing.EXTENDED)
        ]
        passed = now >= deadline.closes_at
        tracker = reverse("admin:movements_movement_tracker", args=[deadline.movement_id])
        state = Standing.MISSING if passed else Standing.PENDING
        url = f"{tracker}?han={deadline.pk}&trang-thai={state}"
        lines.append(DeadlineLine(deadline, len(silent), url, passed))
    return lines
