"""Every write to criteria sheets and scorecards: browser, admin and Excel import alike."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from movements.models import DeadlineKind
from movements.selectors import agency_deadline
from notifications.services import notify_review_outcome
from portal.models import Agency
from portal.uploads import content_matches
from portal.workflow import check_state, locked, required_reason, save_with_history, start_once

from .models import (
    EDITABLE_SCORECARD_STATES,
    CriteriaSet,
    Criterion,
    CriterionKind,
    Scorecard,
    ScorecardState,
    ScoreEntry,
)
from .rules import check_self_scored, criteria_set_is_frozen
from .selectors import (
    Answers,
    answers_of,
    band_for,
    reuse_loaded,
    scorecard_totals,
    scoring_settings_for,
)

EVIDENCE_EXTENSIONS = {".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


# Criteria sheets


def check_set_editable(criteria_set):
    if criteria_set_is_frozen(criteria_set):
        raise ValidationError(
            f"Bộ tiêu chí “{criteria_set}” đã được dùng để chấm điểm, không thể sửa. "
            "Hãy tạo phiên bản mới (sao chép) rồi sửa phiên bản đó."
        )


def validate_tree(criteria_set) -> None:
    """Seed sheets: a group's maximum is the sum of its children's; the set's maximum is the sum
    of its top-level scoring and bonus groups. Also refreshes which criteria are leaves, and
    gives every criterion its top group's “do cấp trên chấm” flag."""
    criteria = list(Criterion.objects.filter(criteria_set=criteria_set).order_by("position"))
    children = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)
    by_pk = {criterion.pk: criterion for criterion in criteria}
    errors = []
    for criterion in criteria:
        kids = children.get(criterion.pk, [])
        is_leaf = not kids
        if criterion.is_leaf != is_leaf:
            Criterion.objects.filter(pk=criterion.pk).update(is_leaf=is_leaf)
        superior = _top_group(criterion, by_pk).scored_by_superior
        if criterion.scored_by_superior != superior:
            Criterion.objects.filter(pk=criterion.pk).update(scored_by_superior=superior)
        if kids:
            total = sum((k.max_points for k in kids), Decimal("0"))
            if total != criterion.max_points:
                errors.append(
                    f"Nhóm {criterion.code}: điểm tối đa {_points(criterion.max_points)} "
                    f"nhưng tổng các tiêu chí con là {_points(total)}."
                )
            for kid in kids:
                if kid.kind != criterion.kind:
                    errors.append(
                        f"Tiêu chí {kid.code} phải cùng loại với nhóm {criterion.code} "
                        f"({CriterionKind(criterion.kind).label})."
                    )
    top = children.get(None, [])
    counted = sum((c.max_points for c in top if c.kind != CriterionKind.DEDUCTION), Decimal("0"))
    if top and counted != criteria_set.max_total:
        errors.append(
            f"Tổng điểm tối đa của bộ là {_points(criteria_set.max_total)} nhưng các nhóm "
            f"chấm điểm và điểm thưởng cộng lại là {_points(counted)}."
        )
    if errors:
        raise ValidationError(errors)


def _top_group(criterion, by_pk):
    seen = set()
    while criterion.parent_id in by_pk and criterion.pk not in seen:
        seen.add(criterion.pk)
        criterion = by_pk[criterion.parent_id]
    return criterion


def _points(value):
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return text.replace(".", ",")


@transaction.atomic
def copy_criteria_set(*, criteria_set, by=None) -> CriteriaSet:
    """A new version with the same tree, free to edit (the old one stays as it was used)."""
    latest = (
        CriteriaSet.objects.filter(code=criteria_set.code, province=criteria_set.province)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    copy = CriteriaSet.objects.create(
        code=criteria_set.code,
        title=criteria_set.title,
        issuer=criteria_set.issuer,
        issued_on=criteria_set.issued_on,
        province=criteria_set.province,
        year_from=criteria_set.year_from,
        year_to=criteria_set.year_to,
        max_total=criteria_set.max_total,
        is_sample=criteria_set.is_sample,
        version=(latest or criteria_set.version) + 1,
        based_on=criteria_set,
    )
    new_ids = {}
    for criterion in criteria_tree_ordered(criteria_set):
        old_pk = criterion.pk
        criterion.pk = None
        criterion.criteria_set = copy
        criterion.parent_id = new_ids.get(criterion.parent_id)
        criterion.save()
        new_ids[old_pk] = criterion.pk
    return copy


def criteria_tree_ordered(criteria_set):
    """Parents before children, whatever the positions say."""
    criteria = list(Criterion.objects.filter(criteria_set=criteria_set).order_by("position"))
    done, ordered = set(), []
    while len(ordered) < len(criteria):
        progressed = False
        for criterion in criteria:
            if criterion.pk in done:
                continue
            if criterion.parent_id is None or criterion.parent_id in done:
                ordered.append(criterion)
                done.add(criterion.pk)
                progressed = True
        if not progressed:
            raise ValidationError("Cây tiêu chí có vòng lặp giữa các nhóm.")
    return ordered


# Scorecards


def start_scorecard(*, movement, agency, by) -> Scorecard:
    """The agency's scorecard in this movement, started by its first save against the movement's
    criteria set (which is then the set it is scored by)."""
    settings = scoring_settings_for(movement)
    if settings.criteria_set_id is None:
        raise ValidationError(f"Phong trào “{movement}” chưa có bộ tiêu chí chấm điểm.")
    scorecard = start_once(
        Scorecard,
        by=by,
        reason="Bắt đầu chấm điểm",
        key={"movement": movement, "agency": agency},
        defaults={"criteria_set_id": settings.criteria_set_id},
    )
    reuse_loaded(scorecard, movement=movement, agency=agency)
    return scorecard


def _check_editable(scorecard):
    check_state(scorecard, EDITABLE_SCORECARD_STATES)


def parse_points(raw, criterion) -> Decimal | None:
    """Points as typed ("7,5" or "7.5"); empty means not answered. Bounds depend on the kind."""
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip().replace(",", ".")
    try:
        value = Decimal(text) if len(text) <= 12 else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(f"Tiêu chí {criterion.code}: “{raw}” không phải là số.")
    if not criterion.lower_bound <= value <= criterion.upper_bound:
        raise ValidationError(
            f"Tiêu chí {criterion.code}: điểm phải từ {_points(criterion.lower_bound)} "
            f"đến {_points(criterion.upper_bound)}."
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(f"Tiêu chí {criterion.code}: điểm chỉ lấy tối đa 2 chữ số thập phân.")
    return value + 0  # normalises −0 to 0


def check_evidence_file(upload, criterion):
    if upload is None:
        return
    name = upload.name.lower()
    extension = next((ext for ext in EVIDENCE_EXTENSIONS if name.endswith(ext)), None)
    if extension is None:
        raise ValidationError(
            f"Tiêu chí {criterion.code}: tệp minh chứng chỉ nhận PDF, DOCX, XLSX, JPG, PNG."
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(f"Tiêu chí {criterion.code}: tệp minh chứng không quá 10 MB.")
    if not content_matches(upload, extension):
        raise ValidationError(
            f"Tiêu chí {criterion.code}: nội dung tệp “{upload.name}” không phải là "
            f"{extension.lstrip('.').upper()} (tệp bị đổi tên hoặc bị hỏng)."
        )


@transaction.atomic
def save_self_scores(*, scorecard, by, answers: dict) -> Scorecard:
    """Save the agency's answers: {criterion_id: {"points", "explanation", "evidence_note",
    "evidence_file"}}. All answers are checked first; one bad answer saves none."""
    scorecard = locked(Scorecard.objects, scorecard.pk)
    _save_answers(scorecard, by=by, answers=answers)
    return scorecard


def autosave(*, movement, agency_id, by, answers: dict) -> Answers:
    """The scorecard page's save as the clerk types: ``save_self_scores`` on the agency's
    scorecard, found and locked in one read (started by this save if it is the first). Returns
    the scorecard's answers as saved, so the page redraws its totals without reading again."""
    with transaction.atomic():
        scorecard = (
            Scorecard.objects.select_for_update()
            .filter(movement=movement, agency_id=agency_id)
            .first()
        )
        if scorecard is not None:
            reuse_loaded(scorecard, movement=movement)
            return _save_answers(scorecard, by=by, answers=answers)
    # Started outside the save: the first save starts the scorecard even if its answer is refused.
    agency = Agency.objects.get(pk=agency_id)
    started = start_scorecard(movement=movement, agency=agency, by=by)
    with transaction.atomic():
        scorecard = locked(Scorecard.objects, started.pk)
        reuse_loaded(scorecard, movement=movement, agency=agency)
        return _save_answers(scorecard, by=by, answers=answers)


def _save_answers(scorecard, *, by, answers: dict) -> Answers:
    """Check every answer against the scorecard's leaves, then save them all (call with the
    scorecard locked). Returns its answers with these saved."""
    _check_editable(scorecard)
    sheet = answers_of(scorecard)
    criteria = {criterion.pk: criterion for criterion in sheet.leaves}
    errors, cleaned = [], {}
    for criterion_id, answer in answers.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            errors.append("Có tiêu chí không thuộc bộ tiêu chí của phong trào.")
            continue
        try:
            check_self_scored(criterion)
            points = parse_points(answer.get("points"), criterion)
            check_evidence_file(answer.get("evidence_file"), criterion)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        cleaned[criterion.pk] = (criterion, points, answer)
    if errors:
        raise ValidationError(errors)
    for criterion_id, (criterion, points, answer) in cleaned.items():
        entry = sheet.entries.get(criterion_id) or ScoreEntry(
            scorecard=scorecard, criterion=criterion
        )
        entry.self_points = points
        entry.explanation = (answer.get("explanation") or "").strip()
        entry.evidence_note = (answer.get("evidence_note") or "").strip()
        if answer.get("evidence_file") is not None:
            entry.evidence_file = answer["evidence_file"]
        save_with_history(entry, by=by)
        sheet.entries[criterion_id] = entry
    return sheet


@transaction.atomic
def save_evidence_file(*, scorecard, criterion, upload, by) -> ScoreEntry:
    """Store one criterion's evidence file on its own, as soon as it is chosen: the points and
    notes are saved apart, so a bad value elsewhere never loses a file the clerk chose."""
    scorecard = locked(Scorecard.objects, scorecard.pk)
    _check_editable(scorecard)
    if criterion.criteria_set_id != scorecard.criteria_set_id or not criterion.is_leaf:
        raise ValidationError("Có tiêu chí không thuộc bộ tiêu chí của phong trào.")
    check_self_scored(criterion)
    if upload is None:
        raise ValidationError(f"Tiêu chí {criterion.code}: chưa chọn tệp minh chứng.")
    check_evidence_file(upload, criterion)
    entry = ScoreEntry.objects.filter(scorecard=scorecard, criterion=criterion).first()
    if entry is None:
        entry = ScoreEntry(scorecard=scorecard, criterion=criterion)
    entry.evidence_file = upload
    save_with_history(entry, by=by, reason="Tải lên tệp minh chứng")
    return entry


def missing_answers(scorecard) -> list[str]:
    """What blocks submission (``Answers.missing``): leaves without points, and required
    evidence not given."""
    return answers_of(scorecard).missing()


@transaction.atomic
def submit_scorecard(*, scorecard, by, now=None) -> Scorecard:
    """The leader sends the self-assessment; after this the agency cannot change it unless
    The coordinator returns it."""
    scorecard = locked(Scorecard.objects, scorecard.pk)
    _check_editable(scorecard)
    # A movement may set a date for scorecards; without one, they are sent with the dossier.
    window = agency_deadline(
        movement=scorecard.movement, kind=DeadlineKind.SCORECARD, agency=scorecard.agency
    )
    if window.deadline is not None and window.refusal(now):
        raise ValidationError(window.refusal(now))
    sheet = answers_of(scorecard)
    missing = sheet.missing()
    if missing:
        raise ValidationError("Chưa thể gửi bản chấm điểm. Còn thiếu: " + "; ".join(missing) + ".")
    scorecard.state = ScorecardState.SUBMITTED
    scorecard.submitted_at = now or timezone.now()
    scorecard.submitted_by = by
    scorecard.self_total = sheet.totals().self_total
    scorecard.return_reason = ""
    save_with_history(scorecard, by=by, reason="Gửi thẩm định")
    return scorecard


def _check_submitted(scorecard):
    if scorecard.state != ScorecardState.SUBMITTED:
        raise ValidationError(
            f"Bản chấm điểm đang ở trạng thái “{scorecard.get_state_display()}”, "
            "chỉ thẩm định bản đã gửi."
        )


@transaction.atomic
def appraise(*, scorecard, by, changes: dict) -> Scorecard:
    """The coordinator's points per criterion: {criterion_id: (points, note)}. A changed score needs
    a note (DOMAIN.md: 87 → 78 moved a commune from “Tốt” to “Khá”). The points of a criterion
    the level above scores are its only score: no claim to differ from, no note needed."""
    scorecard = locked(Scorecard.objects, scorecard.pk)
    _check_submitted(scorecard)
    entries = {
        e.criterion_id: e
        for e in scorecard.entries.select_related("criterion").filter(criterion_id__in=changes)
    }
    for criterion in Criterion.objects.filter(
        criteria_set_id=scorecard.criteria_set_id,
        is_leaf=True,
        scored_by_superior=True,
        pk__in=[int(pk) for pk in changes],
    ).exclude(pk__in=list(entries)):
        entries[criterion.pk] = ScoreEntry(scorecard=scorecard, criterion=criterion)
    errors, updates = [], []
    for criterion_id, (raw, note) in changes.items():
        entry = entries.get(int(criterion_id))
        if entry is None:
            errors.append("Có tiêu chí không thuộc bản chấm điểm này.")
            continue
        try:
            points = parse_points(raw, entry.criterion)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        note = (note or "").strip()
        superior = entry.criterion.scored_by_superior
        if points is not None and points != entry.self_points and not note and not superior:
            errors.append(f"Tiêu chí {entry.criterion.code}: thay đổi điểm phải ghi rõ lý do.")
            continue
        updates.append((entry, points, note))
    if errors:
        raise ValidationError(errors)
    for entry, points, note in updates:
        if entry.pk is None and points is None:
            continue  # a superior criterion left blank: nothing to keep
        # Appraising a score equal to the claim keeps no separate figure.
        entry.appraised_points = None if points == entry.self_points else points
        entry.appraisal_note = note
        save_with_history(entry, by=by)
    return scorecard


@transaction.atomic
def return_scorecard(*, scorecard, by, reason) -> Scorecard:
    scorecard = locked(Scorecard.objects, scorecard.pk)
    _check_submitted(scorecard)
    reason = required_reason(reason, what="bản chấm điểm")
    scorecard.state = ScorecardState.RETURNED
    scorecard.return_reason = reason
    save_with_history(scorecard, by=by, reason="Trả lại")
    _tell_agency(scorecard, accepted=False)
    return scorecard


@transaction.atomic
def finalise_scorecard(
    *,
    scorecard,
    by,
    changes=None,
    note="",
    not_classifiable=False,
    not_classifiable_reason="",
    now=None,
) -> Scorecard:
    """Store the appraised totals and band with who and when; or mark the unit as
    “không đủ điều kiện xếp loại” with a reason (a reviewer's override). Appraisal ``changes``
    made on the same page are saved with it, or not at all."""
    if changes:
        appraise(scorecard=scorecard, by=by, changes=changes)
    scorecard = locked(Scorecard.objects, scorecard.pk)
    _check_submitted(scorecard)
    reason = (not_classifiable_reason or "").strip()
    if not_classifiable and not reason:
        raise ValidationError("Phải nêu lý do không đủ điều kiện xếp loại.")
    totals = scorecard_totals(scorecard)
    scheme = scoring_settings_for(scorecard.movement).band_scheme
    scorecard.self_total = totals.self_total
    scorecard.appraised_total = totals.appraised_total
    scorecard.not_classifiable = bool(not_classifiable)
    scorecard.not_classifiable_reason = reason if not_classifiable else ""
    scorecard.band = (
        None if not_classifiable else band_for(scheme=scheme, total=totals.appraised_total)
    )
    scorecard.reviewer_note = (note or "").strip()
    scorecard.state = ScorecardState.FINALISED
    scorecard.finalised_at = now or timezone.now()
    scorecard.finalised_by = by
    save_with_history(scorecard, by=by, reason="Thẩm định xong")
    _tell_agency(scorecard, accepted=True, when=scorecard.finalised_at)
    return scorecard


def _tell_agency(scorecard, *, accepted, when=None):
    notify_review_outcome(
        [scorecard],
        what="Bản chấm điểm tiêu chí",
        name_of=lambda card: card.movement.title,
        accepted=accepted,
        verb="thẩm định xong",
        when=when,
        link_of=lambda card: reverse("scoring:scorecard", args=[card.movement_id]),
    )
