"""Every write to award proposals: browser, admin and decisions alike (seed 000, IV.2)."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from movements.models import DeadlineKind
from movements.selectors import agency_deadline
from notifications.services import event_key, notify_agencies, notify_review_outcome
from portal.coordinator import current_coordinator
from portal.workflow import (
    check_state,
    delete_with_history,
    lock_all_in_states,
    locked,
    required_reason,
    save_with_history,
    start_once,
)
from registrations.models import Carrier
from registrations.models import State as RegistrationState
from scoring.models import ScorecardState
from scoring.rules import sample_sheet_missing

from .models import (
    EDITABLE_PROPOSAL_STATES,
    AwardDecision,
    AwardProposal,
    Nominee,
    ProposalState,
)
from .rules import vote_rule_for
from .selectors import award_settings_for

logger = logging.getLogger(__name__)

MEETING_FIELDS = (
    "meeting_date",
    "meeting_started_at",
    "meeting_ended_at",
    "meeting_place",
    "meeting_chair",
    "meeting_secretary",
    "members_total",
    "members_present",
    "members_attending",
    "ballots_issued",
    "ballots_returned",
    "ballots_valid",
)
# Filled when they apply; a blank number is written in by hand when the document is signed.
OPTIONAL_MEETING_FIELDS = ("minutes_number", "members_absent")
OPTIONAL_REPORT_FIELDS = ("report_number",)
LETTER_FIELDS = (
    "letter_number",
    "letter_symbol",
    "letter_date",
    "letter_recipients",
    "signer_authority",
    "signer_title",
    "signer_name",
)
REPORT_FIELDS = ("report_results", "report_limitations", "report_lessons", "report_proposals")
PROPOSAL_FIELDS = (
    MEETING_FIELDS
    + OPTIONAL_MEETING_FIELDS
    + LETTER_FIELDS
    + REPORT_FIELDS
    + OPTIONAL_REPORT_FIELDS
)
ACHIEVEMENT_FIELDS = ("summary", "actions", "results", "effectiveness", "replicability")
# Section I of the achievement report: what the form asks of a collective, of an individual
# (required for submission), and what an individual fills when it applies.
COLLECTIVE_FIELDS = ("situation",)
PERSON_FIELDS = ("birth_date", "gender", "hometown", "residence", "qualification", "duties")
PERSON_OPTIONAL_FIELDS = ("ethnicity", "political_theory", "academic_title")
NOMINEE_FIELDS = (
    "votes_in_favour",
    *COLLECTIVE_FIELDS,
    *PERSON_FIELDS,
    *PERSON_OPTIONAL_FIELDS,
    *ACHIEVEMENT_FIELDS,
    "earlier_awards",
)


@dataclass(frozen=True)
class EarlierAward:
    """One line of “Các hình thức đã được khen thưởng”: year; form; decision."""

    year: str
    award: str
    decision: str


def earlier_awards(text: str) -> list[EarlierAward]:
    """The earlier commendations as the report's table shows them, one per non-empty line
    “năm; hình thức; số, ngày quyết định”. Raises ValidationError naming the line to fix."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != 3 or not all(parts):
            raise ValidationError(
                {
                    "earlier_awards": f"Dòng {number} “{line.strip()[:80]}” cần đủ 3 phần, cách "
                    "nhau bằng dấu chấm phẩy: năm; hình thức khen thưởng; số, ngày quyết định."
                }
            )
        if not (len(parts[0]) == 4 and parts[0].isascii() and parts[0].isdigit()):
            raise ValidationError(
                {"earlier_awards": f"Dòng {number}: năm “{parts[0][:20]}” phải là 4 chữ số."}
            )
        rows.append(EarlierAward(*parts))
    return rows


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name)


def vote_passes(*, votes, proposal, rule=None) -> bool:
    """Whether a nominee's votes pass the movement's rule (awards/rules.py: VoteRule)."""
    rule = rule or vote_rule_for(proposal.movement)
    return rule.passes(
        votes=votes, members_total=proposal.members_total, members_present=proposal.members_present
    )


def votes_needed(*, proposal, rule=None) -> int | None:
    """The fewest votes that pass, for the form's hint."""
    rule = rule or vote_rule_for(proposal.movement)
    return rule.votes_needed(
        members_total=proposal.members_total, members_present=proposal.members_present
    )


# Proposals


@transaction.atomic
def start_proposal(*, movement, agency, by) -> AwardProposal:
    """The agency's proposal begins with its first save, never with a page view (a GET that
    made one left a coordinator's draft counted as pending). Two first saves at once make one."""
    settings = award_settings_for(movement)
    if settings.award_kind_id is None:
        raise ValidationError(f"Phong trào “{movement}” chưa mở đề nghị khen thưởng.")
    proposal = start_once(
        AwardProposal,
        by=by,
        reason="Bắt đầu lập đề nghị",
        key={"movement": movement, "agency": agency},
        defaults={"award_kind_id": settings.award_kind_id},
    )
    proposal.movement, proposal.agency = movement, agency
    return proposal


def _started(proposal, *, by) -> AwardProposal:
    """The page's unsaved proposal becomes a row with the first write, in that write's
    transaction: a refused first save leaves nothing behind."""
    if proposal.pk is not None:
        return proposal
    return start_proposal(movement=proposal.movement, agency=proposal.agency, by=by)


def _check_editable(proposal):
    check_state(proposal, EDITABLE_PROPOSAL_STATES)


def _locked(proposal) -> AwardProposal:
    return locked(AwardProposal.objects.select_related("movement"), proposal.pk)


@transaction.atomic
def update_proposal(*, proposal, by, **fields) -> AwardProposal:
    """Meeting minutes, the submission letter and the year's report (any subset); the first
    save starts the proposal."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"Not proposal fields: {sorted(unknown)}")
    current = _locked(_started(proposal, by=by))
    _check_editable(current)
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    number = current.letter_number
    if number and not (number.isascii() and number.isdigit()):
        raise ValidationError(
            {"letter_number": "Số tờ trình chỉ ghi số (ví dụ: 05); ký hiệu ghi ở ô “Ký hiệu”."}
        )
    if current.members_total is not None and current.members_total < 1:
        raise ValidationError({"members_total": "Hội đồng phải có ít nhất 1 thành viên."})
    if (
        current.members_total is not None
        and current.members_present is not None
        and current.members_present > current.members_total
    ):
        raise ValidationError(
            {"members_present": "Số thành viên có mặt không thể nhiều hơn tổng số thành viên."}
        )
    for name in ("minutes_number", "report_number"):
        number = getattr(current, name)
        if number and not (number.isascii() and number.isdigit()):
            raise ValidationError({name: "Chỉ ghi số (ví dụ: 03); ký hiệu do cổng tự ghi."})
    _check_meeting(current)
    over = [n for n in current.nominees.all() if _votes_over_members(n.votes_in_favour, current)]
    if over:
        raise ValidationError(
            "Số thành viên hoặc số phiếu hợp lệ mới ít hơn số phiếu đồng ý đã nhập cho: "
            + "; ".join(f"“{n.registration}”" for n in over)
            + ". Hãy sửa số phiếu trước."
        )
    save_with_history(current, by=by)
    return current


def _check_meeting(proposal):
    """The meeting's times and ballots must add up: a meeting ends after it starts, and ballots
    valid ≤ returned ≤ issued ≤ members present."""
    started, ended = proposal.meeting_started_at, proposal.meeting_ended_at
    if started is not None and ended is not None and ended <= started:
        raise ValidationError({"meeting_ended_at": "Giờ kết thúc phải sau giờ bắt đầu cuộc họp."})
    chain = (
        ("ballots_valid", "Số phiếu hợp lệ", "ballots_returned", "số phiếu thu về"),
        ("ballots_returned", "Số phiếu thu về", "ballots_issued", "số phiếu phát ra"),
        ("ballots_issued", "Số phiếu phát ra", "members_present", "số thành viên có mặt"),
    )
    for name, label, limit_name, limit_label in chain:
        value, limit = getattr(proposal, name), getattr(proposal, limit_name)
        if value is not None and limit is not None and value > limit:
            raise ValidationError({name: f"{label} không thể nhiều hơn {limit_label} ({limit})."})


def _votes_over_members(votes, proposal) -> bool:
    """Votes in favour come from valid ballots, cast by members present, who are among all
    members."""
    if votes is None:
        return False
    limits = [
        n
        for n in (proposal.ballots_valid, proposal.members_present, proposal.members_total)
        if n is not None
    ]
    return any(votes > limit for limit in limits)


def eligible_registrations(proposal):
    """Only this agency's accepted registrations of this movement, not yet proposed."""
    from registrations.models import Registration

    return (
        Registration.objects.filter(
            agency_id=proposal.agency_id,
            movement_id=proposal.movement_id,
            state=RegistrationState.ACCEPTED,
        )
        .exclude(nominations__isnull=False)
        .select_related("field")
        .order_by("carrier", "name")
    )


@transaction.atomic
def add_nominee(*, proposal, registration, by) -> Nominee:
    """The first nominee added starts the proposal."""
    current = _locked(_started(proposal, by=by))
    _check_editable(current)
    if (
        registration.agency_id != current.agency_id
        or registration.movement_id != current.movement_id
    ):
        raise ValidationError("Chỉ đề nghị mô hình do chính đơn vị đăng ký trong phong trào này.")
    if registration.state != RegistrationState.ACCEPTED:
        raise ValidationError(
            f"Mô hình “{registration}” chưa được {current_coordinator().short_name} chấp thuận, "
            "không thể đề nghị."
        )
    if Nominee.objects.filter(registration=registration).exists():
        raise ValidationError(f"Mô hình “{registration}” đã có trong danh sách đề nghị.")
    count = current.nominees.count()
    max_nominees = award_settings_for(current.movement).max_nominees
    if count >= max_nominees:
        raise ValidationError(
            f"Mỗi đơn vị đề nghị tối đa {max_nominees} mô hình; đơn vị đã có {count}."
        )
    nominee = Nominee(
        proposal=current,
        registration=registration,
        position=count + 1,
        summary=registration.content,
        replicability=registration.replicability,
    )
    save_with_history(nominee, by=by, reason=f"Thêm vào danh sách đề nghị: {_named(nominee)}")
    return nominee


def _named(nominee) -> str:
    """The nominee as the history names it: who carries the model, then the model."""
    registration = nominee.registration
    return f"{registration.carrier_name} – {registration.name}"


def _update_reason(nominee, before: dict) -> str:
    votes = nominee.votes_in_favour != before["votes_in_favour"]
    report = any(getattr(nominee, n) != before[n] for n in ACHIEVEMENT_FIELDS)
    if votes and report:
        what = "Cập nhật số phiếu đồng ý và báo cáo thành tích"
    elif votes:
        what = "Cập nhật số phiếu đồng ý"
    elif report:
        what = "Cập nhật báo cáo thành tích"
    else:
        what = "Lưu lại báo cáo thành tích, không thay đổi"
    return f"{what}: {_named(nominee)}"


@transaction.atomic
def update_nominee(*, nominee, by, **fields) -> Nominee:
    unknown = set(fields) - set(NOMINEE_FIELDS)
    if unknown:
        raise ValueError(f"Not nominee fields: {sorted(unknown)}")
    _check_editable(_locked(nominee.proposal))
    nominee = Nominee.objects.select_related("proposal", "registration").get(pk=nominee.pk)
    before = {name: getattr(nominee, name) for name in NOMINEE_FIELDS}
    for name, value in fields.items():
        setattr(nominee, name, value.strip() if isinstance(value, str) else value)
    earlier_awards(nominee.earlier_awards)
    if nominee.birth_date is not None and nominee.birth_date >= timezone.localdate():
        raise ValidationError({"birth_date": "Ngày sinh phải trước ngày hôm nay."})
    if _votes_over_members(nominee.votes_in_favour, nominee.proposal):
        raise ValidationError(
            {
                "votes_in_favour": "Số phiếu đồng ý không thể nhiều hơn số thành viên có mặt "
                "hay số phiếu hợp lệ."
            }
        )
    save_with_history(nominee, by=by, reason=_update_reason(nominee, before))
    return nominee


@transaction.atomic
def remove_nominee(*, nominee, by):
    _check_editable(_locked(nominee.proposal))
    nominee = Nominee.objects.select_related("registration").filter(pk=nominee.pk).first()
    if nominee is None:
        return  # removed already, by a second click or another tab
    delete_with_history(nominee, by=by, reason=f"Bỏ khỏi danh sách đề nghị: {_named(nominee)}")


def report_gaps(nominee) -> list[str]:
    """What the nominee's achievement report still lacks, as labels: the fields its carrier's
    form asks (a collective's situation, a person's particulars), then the achievements."""
    collective = nominee.registration.carrier == Carrier.COLLECTIVE
    asked = COLLECTIVE_FIELDS if collective else PERSON_FIELDS
    return [
        _label(Nominee, name).lower()
        for name in (*asked, *ACHIEVEMENT_FIELDS)
        if getattr(nominee, name) in (None, "")
    ]


def missing_for_submission(proposal, *, now=None) -> list[str]:
    """What still blocks submission, in the words a clerk can act on."""
    now = now or timezone.now()
    movement = proposal.movement
    missing = []
    window = agency_deadline(movement=movement, kind=DeadlineKind.AWARD, agency=proposal.agency)
    refusal = window.refusal(now)
    if refusal:
        missing.append(refusal.rstrip("."))
    settings = award_settings_for(movement)
    rule = vote_rule_for(movement)
    # A proposal not started yet (the page before the first save) has no nominees.
    nominees = list(proposal.nominees.select_related("registration")) if proposal.pk else []
    if not nominees:
        missing.append("Chưa chọn mô hình nào để đề nghị")
    if len(nominees) > settings.max_nominees:
        missing.append(f"Vượt số mô hình đề nghị tối đa ({settings.max_nominees})")
    for name in MEETING_FIELDS:
        if getattr(proposal, name) in (None, ""):
            missing.append(f"Biên bản họp: {_label(AwardProposal, name).lower()}")
    for name in LETTER_FIELDS:
        if getattr(proposal, name) in (None, ""):
            missing.append(f"Tờ trình: {_label(AwardProposal, name).lower()}")
    for name in REPORT_FIELDS:
        if not getattr(proposal, name):
            missing.append(f"Báo cáo đánh giá: {_label(AwardProposal, name).lower()}")
    for nominee in nominees:
        who = f"“{nominee.registration}”"
        if nominee.registration.state != RegistrationState.ACCEPTED:
            missing.append(f"{who}: mô hình không còn ở trạng thái đã chấp thuận")
        empty = report_gaps(nominee)
        if empty:
            missing.append(f"{who}: báo cáo thành tích còn thiếu {', '.join(empty)}")
        if nominee.votes_in_favour is None:
            missing.append(f"{who}: chưa nhập số phiếu đồng ý")
        elif _votes_over_members(nominee.votes_in_favour, proposal):
            missing.append(
                f"{who}: số phiếu đồng ý nhiều hơn số thành viên có mặt hay số phiếu hợp lệ"
            )
        elif not vote_passes(votes=nominee.votes_in_favour, proposal=proposal, rule=rule):
            missing.append(f"{who}: số phiếu đồng ý chưa đạt ngưỡng, không thể đề nghị")
    scorecard = movement.scorecards.filter(agency_id=proposal.agency_id).first()
    if scorecard is None or scorecard.state not in (
        ScorecardState.SUBMITTED,
        ScorecardState.FINALISED,
    ):
        missing.append("Bản chấm điểm tiêu chí của đơn vị chưa được gửi")
    missing.extend(sample_sheet_missing(movement=movement, agency=proposal.agency))
    return missing


def _refuse_if_incomplete(proposal, *, now):
    missing = missing_for_submission(proposal, now=now)
    if missing:
        raise ValidationError(
            "Chưa thể gửi đề nghị khen thưởng. Còn thiếu: " + "; ".join(missing) + "."
        )


def submit_proposal(*, proposal, by, now=None) -> AwardProposal:
    """The leader sends the dossier; every completeness rule must hold at this moment
    (seed 000: “trước ngày 15/12/2025” — the 15th itself is late).

    The state change commits first; the dossier (1–2 s of rendering) is stored after the
    commit, holding no lock, so no other writer waits behind it."""
    if proposal.pk is None:
        _refuse_if_incomplete(proposal, now=now)  # never started: always incomplete
    with transaction.atomic():
        current = _locked(proposal)
        _check_editable(current)
        _refuse_if_incomplete(current, now=now)
        current.state = ProposalState.SUBMITTED
        current.submitted_at = now or timezone.now()
        current.submitted_by = by
        current.return_reason = ""
        save_with_history(current, by=by, reason="Gửi đề nghị")
        transaction.on_commit(lambda pk=current.pk: _store_dossier(pk))
    return current


def _store_dossier(proposal_pk) -> None:
    """After the commit: keep a sent dossier as sent, or drop a returned one's file.

    A failure leaves the state change standing (and is logged); the download then renders the
    dossier live, as it does for a draft."""
    from .storage import store_dossier  # the dossier module reads these services' vote rule

    try:
        proposal = AwardProposal.objects.select_related("movement", "agency", "award_kind").get(
            pk=proposal_pk
        )
        store_dossier(proposal)
    except Exception:
        logger.exception("Could not store the dossier of award proposal %s", proposal_pk)


@transaction.atomic
def return_proposals(*, proposals, by, reason, now=None) -> list[AwardProposal]:
    """The coordinator returns sent proposals with one reason, all or none."""
    reason = required_reason(reason)
    rows = lock_all_in_states(
        AwardProposal.objects,
        [p.pk for p in proposals],
        (ProposalState.SUBMITTED,),
        describe=lambda p: str(p.agency),
        only="Chỉ trả lại được đề nghị đã gửi.",
    )
    for row in rows:
        row.state = ProposalState.RETURNED
        row.return_reason = reason
        row.reviewed_at = now or timezone.now()
        row.reviewed_by = by
        save_with_history(row, by=by, reason="Trả lại")
        # Drops the stored file once committed: the agency will change the dossier.
        transaction.on_commit(lambda pk=row.pk: _store_dossier(pk))
    notify_review_outcome(
        rows,
        what="Hồ sơ đề nghị khen thưởng",
        name_of=lambda row: row.movement.title,
        accepted=False,
        when=now,
        link_of=lambda row: reverse("awards:proposal", args=[row.movement_id]),
    )
    return rows


@transaction.atomic
def record_decision(*, movement, award_kind, number, decided_on, signer, nominees, by):
    """The decision awards some of the proposed nominees; their registrations show as commended."""
    number = (number or "").strip()
    if not number or decided_on is None:
        raise ValidationError("Vui lòng nhập số và ngày của quyết định khen thưởng.")
    nominees = list(
        Nominee.objects.select_for_update()
        .select_related("proposal")
        .filter(pk__in=[n.pk for n in nominees])
    )
    if not nominees:
        raise ValidationError("Chọn ít nhất một tập thể, cá nhân được khen thưởng.")
    wrong = [
        n
        for n in nominees
        if n.proposal.movement_id != movement.pk
        or n.proposal.state not in (ProposalState.SUBMITTED, ProposalState.DECIDED)
        or n.decision_id is not None
    ]
    if wrong:
        listed = "; ".join(str(n) for n in wrong)
        raise ValidationError(
            f"Chỉ ghi nhận cho mô hình trong đề nghị đã gửi của phong trào này và chưa có "
            f"quyết định: {listed}."
        )
    if AwardDecision.objects.filter(movement=movement, number=number).exists():
        raise ValidationError(f"Quyết định số {number} đã được ghi nhận.")
    decision = AwardDecision(
        movement=movement,
        award_kind=award_kind,
        number=number,
        decided_on=decided_on,
        signer=(signer or "").strip(),
        recorded_by=by,
    )
    save_with_history(decision, by=by)
    for nominee in nominees:
        nominee.decision = decision
        save_with_history(nominee, by=by, reason=f"Được khen thưởng theo {decision}")
    for proposal in {n.proposal_id: n.proposal for n in nominees}.values():
        current = _locked(proposal)
        current.state = ProposalState.DECIDED
        current.reviewed_at, current.reviewed_by = timezone.now(), by
        save_with_history(current, by=by, reason="Có quyết định khen thưởng")
    _tell_awarded(decision, nominees)
    return decision


def _tell_awarded(decision, nominees):
    """Each agency hears which of its nominees the decision awards."""
    by_proposal = {}
    for nominee in nominees:
        by_proposal.setdefault(nominee.proposal, []).append(nominee)
    decided = f"{decision.number} ngày {decision.decided_on:%d/%m/%Y}"
    notify_agencies(
        (
            proposal.agency_id,
            event_key("quyet-dinh", decision.pk, proposal.pk),
            f"Quyết định khen thưởng số {decided}",
            f"{decision.award_kind} theo Quyết định số {decided} cho "
            f"{len(awarded)} tập thể, cá nhân của đơn vị:\n"
            + "\n".join(f"- {nominee}" for nominee in awarded),
            reverse("awards:proposal", args=[proposal.movement_id]),
        )
        for proposal, awarded in by_proposal.items()
    )
