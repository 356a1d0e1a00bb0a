"""The agency's award proposal: nominees, meeting votes, letter, report, submission, dossier."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from movements.models import DeadlineKind, Movement, MovementStatus
from movements.selectors import agency_deadline, agency_deadlines
from portal.access import agency_member_required, require_perm
from portal.actions import perform
from portal.coordinator import current_coordinator
from portal.forms import add_service_error
from portal.responses import document_response, stored_file_response

from . import services, signing
from .docx import document_docx, dossier_docx
from .forms import SECTION_FORMS, SECTION_TITLES, AddNomineeForm, NomineeForm, SignedDossierForm
from .models import AwardProposal, Nominee
from .pdf import document_pdf
from .rules import vote_rule_for
from .selectors import nominees_of, proposal_of, unstarted_proposal
from .storage import dossier_for_download


def _award_movements():
    return (
        Movement.objects.exclude(status=MovementStatus.DRAFT)
        .filter(award_settings__award_kind__isnull=False)
        .select_related("award_settings__award_kind")
    )


def get_proposal_for_user(user, movement_pk) -> AwardProposal:
    """The user's own agency's proposal in this movement; 404 while it has none."""
    movement = get_object_or_404(_award_movements(), pk=movement_pk)
    proposal = proposal_of(movement=movement, agency=user.agency)
    if proposal is None:
        raise Http404("Đơn vị chưa lập đề nghị khen thưởng trong phong trào này.")
    return proposal


def get_proposal_or_unstarted_for_user(user, movement_pk) -> AwardProposal:
    """The agency's proposal, or an unsaved empty one: looking starts nothing, the first
    save does (awards.services.start_proposal)."""
    movement = get_object_or_404(_award_movements(), pk=movement_pk)
    agency = user.agency
    return proposal_of(movement=movement, agency=agency) or unstarted_proposal(
        movement=movement, agency=agency
    )


def _as_stored(proposal) -> AwardProposal:
    """The proposal again as the database has it (a refused form wrote its values onto it)."""
    if proposal.pk is None:
        return unstarted_proposal(movement=proposal.movement, agency=proposal.agency)
    proposal.refresh_from_db()
    return proposal


def get_nominee_for_user(user, movement_pk, nominee_pk) -> Nominee:
    proposal = get_proposal_for_user(user, movement_pk)
    nominee = get_object_or_404(
        Nominee.objects.select_related("registration"), pk=nominee_pk, proposal=proposal
    )
    nominee.proposal = proposal
    return nominee


@agency_member_required
def proposal_list(request):
    movements = list(_award_movements().order_by("-year"))
    proposals = {
        p.movement_id: p
        for p in AwardProposal.objects.filter(agency=request.user.agency, movement__in=movements)
    }
    windows = agency_deadlines(
        movements=movements, kind=DeadlineKind.AWARD, agencies=[request.user.agency]
    )
    items = [
        (movement, proposals.get(movement.pk), windows[(movement.pk, request.user.agency_id)])
        for movement in movements
    ]
    return render(request, "awards/list.html", {"items": items})


@agency_member_required
def proposal_page(request, movement_pk):
    """Each section (minutes, letter, report) saves on its own POST. htmx saves it in place and
    answers with that section and what it changes, so text typed elsewhere stays on the page;
    without JavaScript the POST redirects, or re-renders with everything posted."""
    # Only those who prepare it open it; opening starts nothing (the first save does).
    require_perm(request.user, "awards.change_awardproposal", "Bạn không có quyền lập đề nghị.")
    proposal = get_proposal_or_unstarted_for_user(request.user, movement_pk)
    forms = {
        name: form_class(instance=proposal, prefix=name)
        for name, form_class in SECTION_FORMS.items()
    }
    section, saved_at = None, None
    if request.method == "POST":
        section = request.POST.get("section")
        if section not in SECTION_FORMS:
            raise Http404
        form = SECTION_FORMS[section](request.POST, instance=proposal, prefix=section)
        forms[section] = form
        if form.is_valid():
            try:
                proposal = services.update_proposal(
                    proposal=proposal, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if not request.htmx:
                    messages.success(request, "Đã lưu.")
                    return redirect(f"{request.path}#{section}")
                saved_at = timezone.localtime()
                proposal = get_proposal_for_user(request.user, movement_pk)
                forms[section] = SECTION_FORMS[section](instance=proposal, prefix=section)
        if saved_at is None:
            proposal = _as_stored(proposal)
    context = _proposal_context(proposal, forms)
    if request.htmx and section:
        context["section"] = next(s for s in context["sections"] if s.name == section)
        context["saved_at"] = saved_at
        response = render(request, "awards/_section_saved.html", context)
        response["X-Proposal-Section"] = section  # proposal.js swaps nothing else (a login page)
        return response
    return render(request, "awards/proposal.html", context)


@dataclass
class Section:
    name: str
    title: str
    form: object


def _proposal_context(proposal, forms) -> dict:
    nominees = nominees_of(proposal)
    rule = vote_rule_for(proposal.movement)
    for nominee in nominees:
        nominee.report_gaps = services.report_gaps(nominee)
        nominee.passes = services.vote_passes(
            votes=nominee.votes_in_favour, proposal=proposal, rule=rule
        )
    year = proposal.movement.year
    return {
        "proposal": proposal,
        "movement": proposal.movement,
        "nominees": nominees,
        "sections": [
            Section(name, SECTION_TITLES[name].format(year=year), form)
            for name, form in forms.items()
        ],
        "add_form": AddNomineeForm(eligible=services.eligible_registrations(proposal)),
        "missing": services.missing_for_submission(proposal),
        "votes_needed": services.votes_needed(proposal=proposal, rule=rule),
        "vote_rule": rule,
        "vote_base": rule.base_count(
            members_total=proposal.members_total, members_present=proposal.members_present
        ),
        "window": agency_deadline(
            movement=proposal.movement, kind=DeadlineKind.AWARD, agency=proposal.agency
        ),
        "settings": services.award_settings_for(proposal.movement),
        "signature_label": signing.signature_label(proposal),
        "signed_form": SignedDossierForm(),
    }


@require_POST
@agency_member_required
def nominee_add(request, movement_pk):
    require_perm(request.user, "awards.change_awardproposal", "Bạn không có quyền sửa.")
    proposal = get_proposal_or_unstarted_for_user(request.user, movement_pk)
    form = AddNomineeForm(request.POST, eligible=services.eligible_registrations(proposal))
    if form.is_valid():
        perform(
            request,
            lambda: services.add_nominee(
                proposal=proposal, registration=form.cleaned_data["registration"], by=request.user
            ),
            done="Đã thêm mô hình vào danh sách đề nghị.",
        )
    else:
        messages.error(request, "Vui lòng chọn một mô hình đã được chấp thuận của đơn vị.")
    return redirect("awards:proposal", movement_pk=movement_pk)


@agency_member_required
def nominee_edit(request, movement_pk, nominee_pk):
    require_perm(request.user, "awards.view_awardproposal", "Bạn không có quyền xem đề nghị.")
    nominee = get_nominee_for_user(request.user, movement_pk, nominee_pk)
    form = NomineeForm(request.POST or None, instance=nominee)
    if request.method == "POST":
        require_perm(request.user, "awards.change_awardproposal", "Bạn không có quyền sửa.")
        if form.is_valid():
            try:
                services.update_nominee(nominee=nominee, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"Đã lưu báo cáo thành tích “{nominee.registration}”.")
                return redirect("awards:proposal", movement_pk=movement_pk)
    return render(
        request,
        "awards/nominee.html",
        {
            "form": form,
            "nominee": nominee,
            "proposal": nominee.proposal,
            "votes_needed": services.votes_needed(proposal=nominee.proposal),
        },
    )


@require_POST
@agency_member_required
def nominee_remove(request, movement_pk, nominee_pk):
    require_perm(request.user, "awards.change_awardproposal", "Bạn không có quyền sửa.")
    nominee = get_nominee_for_user(request.user, movement_pk, nominee_pk)
    perform(
        request,
        lambda: services.remove_nominee(nominee=nominee, by=request.user),
        done=f"Đã bỏ “{nominee.registration}” khỏi danh sách đề nghị.",
    )
    return redirect("awards:proposal", movement_pk=movement_pk)


@require_POST
@agency_member_required
def proposal_submit(request, movement_pk):
    require_perm(
        request.user,
        "awards.submit_awardproposal",
        "Chỉ lãnh đạo đơn vị được gửi đề nghị khen thưởng.",
    )
    proposal = get_proposal_or_unstarted_for_user(request.user, movement_pk)
    perform(
        request,
        lambda: services.submit_proposal(proposal=proposal, by=request.user),
        done=f"Đã gửi đề nghị khen thưởng đến {current_coordinator().short_name}.",
    )
    return redirect("awards:proposal", movement_pk=movement_pk)


def _own_proposal(request, movement_pk):
    require_perm(request.user, "awards.view_awardproposal", "Bạn không có quyền xem đề nghị.")
    return get_proposal_for_user(request.user, movement_pk)


# Each download serves the PDF or, from its .docx URL (fmt="docx"), the Word copy to adjust
# before signing: one view, so both formats pass the same checks.


@agency_member_required
def dossier_download(request, movement_pk, fmt="pdf"):
    proposal = _own_proposal(request, movement_pk)
    return document_response(
        fmt,
        lambda: dossier_for_download(proposal, request=request),
        lambda: dossier_docx(proposal, request=request),
        f"ho-so-khen-thuong-{proposal.agency.code}-{proposal.movement.year}",
    )


@agency_member_required
def document_download(request, movement_pk, name, fmt="pdf"):
    proposal = _own_proposal(request, movement_pk)
    try:
        return document_response(
            fmt,
            lambda: document_pdf(proposal, name, request=request),
            lambda: document_docx(proposal, name, request=request),
            f"{name}-{proposal.agency.code}-{proposal.movement.year}",
        )
    except (KeyError, ValueError, Nominee.DoesNotExist):
        raise Http404 from None


@agency_member_required
def achievement_download(request, movement_pk, nominee_pk, fmt="pdf"):
    proposal = _own_proposal(request, movement_pk)
    nominee = get_object_or_404(Nominee, pk=nominee_pk, proposal=proposal)
    name = f"thanh-tich-{nominee.pk}"
    return document_response(
        fmt,
        lambda: document_pdf(proposal, name, request=request),
        lambda: document_docx(proposal, name, request=request),
        f"bao-cao-thanh-tich-{nominee.pk}",
    )


# The signed dossier (awards.signing)


@require_POST
@agency_member_required
def signed_dossier_upload(request, movement_pk):
    require_perm(
        request.user,
        "awards.submit_awardproposal",
        "Chỉ lãnh đạo đơn vị được tải lên hồ sơ đã ký số.",
    )
    proposal = get_proposal_for_user(request.user, movement_pk)
    form = SignedDossierForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, signing.NO_FILE)
    else:
        perform(
            request,
            lambda: signing.attach_signed_dossier(
                proposal=proposal, upload=form.cleaned_data["signed_dossier"], by=request.user
            ),
            done="Đã kiểm tra chữ ký số và lưu hồ sơ đã ký số.",
        )
    return redirect(f"{reverse('awards:proposal', args=[movement_pk])}#signed-dossier")


@agency_member_required
def signed_dossier_download(request, movement_pk):
    """The signed record, served only to its own agency (the admin has its own link)."""
    proposal = _own_proposal(request, movement_pk)
    return signed_dossier_response(proposal)


def signed_dossier_response(proposal):
    name = f"ho-so-khen-thuong-{proposal.agency.code}-{proposal.movement.year}-da-ky-so.pdf"
    return stored_file_response(
        proposal.signed_dossier,
        name,
        as_attachment=True,
        missing="Đề nghị chưa có hồ sơ đã ký số.",
    )
