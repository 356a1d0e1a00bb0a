"""The agency's scorecard pages, evidence and PDF downloads, and the ranking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from movements.models import DeadlineKind, Movement, MovementStatus
from movements.selectors import agency_deadline
from portal.access import agency_member_required, require_perm
from portal.actions import perform
from portal.coordinator import current_coordinator
from portal.models import AgencyKind
from portal.paging import paginate
from portal.responses import document_response, xlsx_response

from . import services
from .exports import ranking_workbook
from .models import Criterion, Scorecard, ScoreEntry
from .pdf import score_sheet_docx, score_sheet_pdf
from .rules import SUPERIOR_NOTE, sample_set_refusal
from .selectors import (
    answers_of,
    band_for,
    ranking,
    scorecard_of,
    scoring_settings_for,
)

# As many units as Django's admin lists show a page.
RANKING_PER_PAGE = 100


def _scoring_movements():
    return (
        Movement.objects.exclude(status=MovementStatus.DRAFT)
        .filter(scoring_settings__criteria_set__isnull=False)
        .select_related("scoring_settings__criteria_set", "scoring_settings__band_scheme")
    )


def _movement(movement_pk):
    return get_object_or_404(_scoring_movements(), pk=movement_pk)


def _looked_at(user, movement) -> Scorecard:
    """The agency's scorecard to show; before the first save, a blank one that is not stored
    (looking never writes: the set is not frozen by a visit)."""
    scorecard = scorecard_of(movement, user.agency)
    if scorecard is None:
        scorecard = Scorecard(
            movement=movement,
            agency=user.agency,
            criteria_set=scoring_settings_for(movement).criteria_set,
        )
    return scorecard


def _started(user, movement) -> Scorecard:
    """The agency's scorecard, started by this save if it is the first."""
    return services.start_scorecard(movement=movement, agency=user.agency, by=user)


def _criterion_id(key, prefix):
    """The criterion id in a posted field's name (“points-12” → 12), or None if it is not one."""
    criterion_id = key.removeprefix(prefix)
    if key == criterion_id or not (
        criterion_id.isascii() and criterion_id.isdigit() and len(criterion_id) <= 12
    ):
        return None
    return int(criterion_id)


def _answers(request):
    """{criterion_id: answer} from the posted form, for the leaves present in it (files apart)."""
    answers = {}
    for key in request.POST:
        criterion_id = _criterion_id(key, "points-")
        if criterion_id is None:
            continue
        answers[criterion_id] = {
            "points": request.POST.get(key, ""),
            "explanation": request.POST.get(f"explanation-{criterion_id}", ""),
            "evidence_note": request.POST.get(f"evidence_note-{criterion_id}", ""),
        }
    return answers


def _store_files(request, scorecard):
    """Store each evidence file chosen in the posted form on its own, whatever else the form
    holds. Returns ({criterion_id: file name}, {criterion_id: why it was refused})."""
    uploads = {}
    for key in request.FILES:
        criterion_id = _criterion_id(key, "evidence_file-")
        if criterion_id is not None:
            uploads[criterion_id] = request.FILES[key]
    criteria = Criterion.objects.filter(
        criteria_set_id=scorecard.criteria_set_id, is_leaf=True, pk__in=list(uploads)
    ).in_bulk()
    saved, refused = {}, {}
    for criterion_id, upload in uploads.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            refused[criterion_id] = "Có tiêu chí không thuộc bộ tiêu chí của phong trào."
            continue
        try:
            services.save_evidence_file(
                scorecard=scorecard, criterion=criterion, upload=upload, by=request.user
            )
        except ValidationError as error:
            refused[criterion_id] = " ".join(error.messages)
        else:
            saved[criterion_id] = f"{criterion.code} – {upload.name}"
    return saved, refused


def _file_name(entry):
    return entry.evidence_file.name.rsplit("/", 1)[-1] if entry and entry.evidence_file else ""


def _page_context(scorecard, *, posted=None, errors=None, saved_files=None, refused_files=None):
    started = scorecard.pk is not None
    # One read of the tree and the entries gives the rows, the totals and what is missing; not
    # started yet, the bare tree with nothing scored.
    sheet = answers_of(scorecard, whole_tree=True)
    rows, totals = sheet.rows(), sheet.totals()
    scheme = scoring_settings_for(scorecard.movement).band_scheme
    saved_files, refused_files = saved_files or {}, refused_files or {}
    for row in rows:
        key = row.criterion.pk
        row.evidence_name = _file_name(row.entry)
        row.file_saved = key in saved_files
        row.file_error = refused_files.get(key, "")
        if posted:
            row.typed = {
                "points": posted.get(f"points-{key}", ""),
                "explanation": posted.get(f"explanation-{key}", ""),
                "evidence_note": posted.get(f"evidence_note-{key}", ""),
            }
    return {
        "scorecard": scorecard,
        "window": agency_deadline(
            movement=scorecard.movement, kind=DeadlineKind.SCORECARD, agency=scorecard.agency
        ),
        "started": started,
        "movement": scorecard.movement,
        "rows": rows,
        "totals": totals,
        "live_band": band_for(scheme=scheme, total=totals.self_total),
        "missing": sheet.missing() if scorecard.is_editable else [],
        "sheet_refusal": sample_set_refusal(scorecard.criteria_set),
        "superior_note": SUPERIOR_NOTE,
        "errors": errors or [],
        "saved_files": list(saved_files.values()),
    }


@agency_member_required
def scorecard_list(request):
    movements = list(_scoring_movements().order_by("-year"))
    cards = {
        card.movement_id: card
        for card in Scorecard.objects.filter(
            agency=request.user.agency, movement__in=movements
        ).select_related("band")
    }
    items = [(movement, cards.get(movement.pk)) for movement in movements]
    return render(request, "scoring/list.html", {"items": items})


@agency_member_required
def scorecard_page(request, movement_pk):
    # Only those who score open it; looking makes nothing, the first save starts the scorecard.
    require_perm(request.user, "scoring.change_scorecard", "Bạn không có quyền chấm điểm.")
    movement = _movement(movement_pk)
    if request.method == "POST":
        scorecard = _started(request.user, movement)
        # Files first and each on its own: a refused value elsewhere must not lose them (the
        # browser would not send them again).
        saved_files, refused_files = _store_files(request, scorecard)
        try:
            services.save_self_scores(
                scorecard=scorecard, by=request.user, answers=_answers(request)
            )
        except ValidationError as error:
            points_errors = error.messages
        else:
            points_errors = []
        if points_errors or refused_files:
            context = _page_context(
                scorecard,
                posted=request.POST,
                errors=list(dict.fromkeys([*refused_files.values(), *points_errors])),
                saved_files=saved_files,
                refused_files=refused_files,
            )
            context["points_saved"] = not points_errors
            return render(request, "scoring/scorecard.html", context, status=200)
        done = "Đã lưu bản chấm điểm."
        if saved_files:
            done += " Đã tải lên tệp minh chứng: " + "; ".join(saved_files.values()) + "."
        messages.success(request, done)
        return redirect("scoring:scorecard", movement_pk=movement_pk)
    return render(
        request, "scoring/scorecard.html", _page_context(_looked_at(request.user, movement))
    )


@require_POST
@agency_member_required
def save_one(request, movement_pk, criterion_pk):
    """htmx: save one criterion as it is typed; answer with the row's message and new totals."""
    require_perm(request.user, "scoring.change_scorecard", "Bạn không có quyền chấm điểm.")
    movement = _movement(movement_pk)
    answer = {
        "points": request.POST.get(f"points-{criterion_pk}", ""),
        "explanation": request.POST.get(f"explanation-{criterion_pk}", ""),
        "evidence_note": request.POST.get(f"evidence_note-{criterion_pk}", ""),
    }
    error = ""
    try:
        sheet = services.autosave(
            movement=movement,
            agency_id=request.user.agency_id,
            by=request.user,
            answers={criterion_pk: answer},
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
        # Refused: nothing changed, the scorecard (started by the first save) as it stands.
        sheet = answers_of(_started(request.user, movement))
    # Only what the response redraws: the row's status, the totals box and the missing list.
    return render(
        request,
        "scoring/_saved_row.html",
        {**_redrawn(sheet), "criterion_pk": criterion_pk, "row_error": error},
    )


def _redrawn(sheet) -> dict:
    """The state badge, the totals box and the missing list, redrawn after a save."""
    scorecard = sheet.scorecard
    totals = sheet.totals()
    return {
        "scorecard": scorecard,
        "totals": totals,
        "live_band": band_for(
            scheme=scoring_settings_for(scorecard.movement).band_scheme, total=totals.self_total
        ),
        "missing": sheet.missing(),
    }


@require_POST
@agency_member_required
def upload_evidence(request, movement_pk, criterion_pk):
    """One evidence file, sent as soon as it is chosen (static/js/scorecard.js). Answers with
    the file's line (its name and link, or why it was refused; 400) and the redrawn totals."""
    require_perm(request.user, "scoring.change_scorecard", "Bạn không có quyền chấm điểm.")
    movement = _movement(movement_pk)
    scorecard = scorecard_of(movement, request.user.agency)
    criterion = get_object_or_404(
        Criterion,
        pk=criterion_pk,
        is_leaf=True,
        criteria_set_id=scorecard.criteria_set_id
        if scorecard
        else scoring_settings_for(movement).criteria_set_id,
    )
    upload = request.FILES.get(f"evidence_file-{criterion.pk}")
    entry, error = None, ""
    if upload is None:
        error = f"Tiêu chí {criterion.code}: chưa chọn tệp minh chứng."
    else:
        scorecard = scorecard or _started(request.user, movement)
        try:
            entry = services.save_evidence_file(
                scorecard=scorecard, criterion=criterion, upload=upload, by=request.user
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if entry is None and scorecard is not None:  # refused: the file stored before stays
        entry = scorecard.entries.filter(criterion=criterion).first()
    context = {
        "scorecard": scorecard,
        "c": criterion,
        "e": entry,
        "evidence_name": _file_name(entry),
        "file_saved": not error,
        "file_error": error,
    }
    if scorecard is not None:
        context.update(_redrawn(answers_of(scorecard)))
    return render(request, "scoring/_evidence_saved.html", context, status=400 if error else 200)


@require_POST
@agency_member_required
def scorecard_submit(request, movement_pk):
    require_perm(
        request.user,
        "scoring.submit_scorecard",
        "Chỉ lãnh đạo đơn vị được gửi bản chấm điểm để thẩm định.",
    )
    movement = _movement(movement_pk)
    scorecard = scorecard_of(movement, request.user.agency)
    if scorecard is None:
        messages.error(
            request,
            "Đơn vị chưa bắt đầu chấm điểm nên chưa có bản chấm điểm để gửi. "
            "Vui lòng chấm điểm và lưu trước khi gửi.",
        )
        return redirect("scoring:scorecard", movement_pk=movement_pk)
    perform(
        request,
        lambda: services.submit_scorecard(scorecard=scorecard, by=request.user),
        done=f"Đã gửi bản chấm điểm đến {current_coordinator().short_name} để thẩm định.",
    )
    return redirect("scoring:scorecard", movement_pk=movement_pk)


@agency_member_required
def scorecard_pdf(request, movement_pk, fmt="pdf"):
    require_perm(request.user, "scoring.view_scorecard", "Bạn không có quyền xem bản chấm điểm.")
    movement = _movement(movement_pk)
    scorecard = scorecard_of(movement, request.user.agency)
    if scorecard is None:
        raise Http404("Đơn vị chưa bắt đầu chấm điểm.")  # a download never makes a scorecard
    try:
        return _pdf_response(scorecard, fmt)
    except ValidationError as error:  # a sample criteria set: no official sheet
        messages.error(request, " ".join(error.messages))
        return redirect("scoring:scorecard", movement_pk=movement_pk)


def _pdf_response(scorecard, fmt="pdf"):
    """The score sheet as PDF, or as DOCX (fmt="docx") to adjust before signing;
    ValidationError when no official sheet can come from it."""
    return document_response(
        fmt,
        lambda: score_sheet_pdf(scorecard),
        lambda: score_sheet_docx(scorecard),
        f"ban-cham-diem-{scorecard.agency.code}-{scorecard.movement.year}",
    )


def can_see_scorecard(user, scorecard) -> bool:
    """Its own agency, or the coordinator's staff who may view scorecards; nobody else."""
    if user.is_staff and user.has_perm("scoring.view_scorecard"):
        return True
    return user.agency_id is not None and user.agency_id == scorecard.agency_id


@login_required
def evidence_file(request, entry_pk):
    """Evidence is served only to people allowed to see the scorecard (never a public URL)."""
    entry = get_object_or_404(
        ScoreEntry.objects.select_related("scorecard"), pk=entry_pk, evidence_file__gt=""
    )
    if not can_see_scorecard(request.user, entry.scorecard):
        raise Http404
    try:
        handle = entry.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = entry.evidence_file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
def ranking_page(request, movement_pk):
    if not request.user.has_perm("scoring.view_ranking"):
        raise PermissionDenied("Bạn không có quyền xem bảng xếp hạng.")
    movement = get_object_or_404(_scoring_movements(), pk=movement_pk)
    kinds = AgencyKind.objects.all()
    kind = None
    kind_code = request.GET.get("loai", "")
    if kind_code:
        kind = kinds.filter(code=kind_code).first()
    result = ranking(movement=movement, agency_kind=kind)
    if request.GET.get("xuat") == "xlsx":
        return xlsx_response(
            ranking_workbook(movement, result, kind), f"xep-hang-cham-diem-{movement.year}.xlsx"
        )
    # Ranks run on across pages (page 2 starts at 101); only the page's scorecards are loaded.
    paged = paginate(request, result.places, RANKING_PER_PAGE)
    rows = list(paged.page)
    return render(
        request,
        "scoring/ranking.html",
        {
            "movement": movement,
            "result": result,
            "kinds": kinds,
            "kind": kind,
            "paged": paged,
            "ranked": [(rank, card) for rank, card in rows if rank is not None],
            "unranked": [card for rank, card in rows if rank is None],
        },
    )
