"""The clerk's pages. Thin: scope to the user's agency, call a service, show the outcome."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from movements.models import Movement, MovementStatus
from portal.access import agency_member_required, require_perm
from portal.actions import perform
from portal.coordinator import current_coordinator
from portal.forms import add_service_error
from portal.history import recent_entries
from portal.pdf import render_pdf
from portal.responses import pdf_response

from . import services
from .forms import RegistrationForm
from .models import Carrier, Registration
from .selectors import agency_desk, registrations_for_agency, usage_for

TEMPLATE_SHEET = "registrations/print.html"


def home(request):
    """The agency's desk: each movement under way, its registration window and quota, and its
    calendar: what is due, by when, what was sent, late or returned."""
    sections = []
    if request.user.is_authenticated and request.user.agency_id:
        sections = agency_desk(agency=request.user.agency).sections
    return render(request, "portal/home.html", {"sections": sections})


def get_registration_for_user(user, pk) -> Registration:
    """The registration if it belongs to the user's agency, else 404 (never reveal others')."""
    return get_object_or_404(
        Registration.objects.select_related("movement", "agency", "field", "initiative"),
        pk=pk,
        agency_id=user.agency_id,
    )


@agency_member_required
def registration_list(request):
    movements = Movement.objects.exclude(status=MovementStatus.DRAFT).order_by("-year", "pk")
    selected = None
    movement_id = request.GET.get("phong-trao", "")
    if re.fullmatch(r"[0-9]{1,12}", movement_id):
        selected = get_object_or_404(movements, pk=movement_id)
    registrations = registrations_for_agency(agency=request.user.agency, movement=selected)
    return render(
        request,
        "registrations/list.html",
        {"registrations": registrations, "movements": movements, "selected": selected},
    )


@agency_member_required
def registration_create(request, movement_pk):
    require_perm(
        request.user, "registrations.add_registration", "Bạn không có quyền đăng ký mô hình."
    )
    movement = get_object_or_404(Movement, pk=movement_pk, status=MovementStatus.OPEN)
    agency = request.user.agency
    refusal = usage_for(movement=movement, agency=agency).refusal()
    if refusal:
        messages.error(request, refusal)
        return redirect("home")
    initial = {}
    if request.GET.get("loai") in Carrier.values:
        initial["carrier"] = request.GET["loai"]
    form = RegistrationForm(request.POST or None, agency=agency, movement=movement, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.create_registration(
                movement=movement, agency=agency, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Đã lưu bản nháp mô hình “{registration}”.")
            return redirect("registrations:detail", pk=registration.pk)
    return render(
        request,
        "registrations/form.html",
        {"form": form, "movement": movement, "usage": usage_for(movement=movement, agency=agency)},
    )


@agency_member_required
def registration_detail(request, pk):
    registration = get_registration_for_user(request.user, pk)
    return render(
        request,
        "registrations/detail.html",
        {
            "registration": registration,
            "missing": services.missing_to_submit(registration),
            "usage": usage_for(movement=registration.movement, agency=registration.agency),
            "history": recent_entries(registration.history, 20),
            "awards": registration.nominations.filter(decision__isnull=False).select_related(
                "decision__award_kind"
            ),
        },
    )


@agency_member_required
def registration_edit(request, pk):
    registration = get_registration_for_user(request.user, pk)
    require_perm(request.user, "registrations.change_registration", "Bạn không có quyền sửa.")
    if not registration.is_editable:
        messages.error(
            request,
            f"Mô hình đang ở trạng thái “{registration.get_state_display()}”, không thể sửa.",
        )
        return redirect("registrations:detail", pk=pk)
    form = RegistrationForm(
        request.POST or None,
        instance=registration,
        agency=registration.agency,
        movement=registration.movement,
    )
    if request.method == "POST" and form.is_valid():
        try:
            fresh = Registration.objects.get(pk=pk)
            services.update_registration(
                registration=fresh, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("registrations:detail", pk=pk)
    return render(
        request,
        "registrations/form.html",
        {
            "form": form,
            "movement": registration.movement,
            "registration": registration,
            "usage": usage_for(movement=registration.movement, agency=registration.agency),
        },
    )


@agency_member_required
def registration_delete(request, pk):
    registration = get_registration_for_user(request.user, pk)
    require_perm(request.user, "registrations.delete_registration", "Bạn không có quyền xoá.")
    if request.method == "POST":
        try:
            services.delete_registration(registration=registration, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("registrations:detail", pk=pk)
        messages.success(request, f"Đã xoá bản nháp “{registration}”.")
        return redirect("registrations:list")
    return render(
        request,
        "registrations/confirm.html",
        {
            "registration": registration,
            "title": "Xoá bản nháp",
            "question": "Xoá hẳn bản nháp này? Thao tác không thể hoàn tác.",
            "button": "Xoá bản nháp",
            "danger": True,
        },
    )


@require_POST
@agency_member_required
def registration_submit(request, pk):
    registration = get_registration_for_user(request.user, pk)
    require_perm(
        request.user,
        "registrations.submit_registration",
        f"Chỉ lãnh đạo đơn vị được gửi đăng ký đến {current_coordinator().short_name}.",
    )
    perform(
        request,
        lambda: services.submit_registration(registration=registration, by=request.user),
        done=f"Đã gửi mô hình “{registration}” đến {current_coordinator().short_name}.",
    )
    return redirect("registrations:detail", pk=pk)


@agency_member_required
def registration_withdraw(request, pk):
    registration = get_registration_for_user(request.user, pk)
    require_perm(
        request.user,
        "registrations.withdraw_registration",
        "Chỉ lãnh đạo đơn vị được rút đăng ký.",
    )
    if request.method == "POST":
        perform(
            request,
            lambda: services.withdraw_registration(registration=registration, by=request.user),
            done=f"Đã rút đăng ký mô hình “{registration}”.",
        )
        return redirect("registrations:detail", pk=pk)
    return render(
        request,
        "registrations/confirm.html",
        {
            "registration": registration,
            "title": "Rút đăng ký",
            "question": "Rút đăng ký mô hình này? Mô hình sẽ không còn tính vào chỉ tiêu "
            "và được giữ lại trong hồ sơ với trạng thái “Đã rút”.",
            "button": "Rút đăng ký",
            "danger": True,
        },
    )


def sheet_context(registration) -> dict:
    """The registration sheet as a state document: the agency's letterhead, blanks for the date
    the leader signs it, and no workflow state (a signed sheet does not say “Đã gửi”)."""
    agency, movement = registration.agency, registration.movement
    return {
        "registration": registration,
        "title": f"Phiếu đăng ký — {registration.name}",
        "parent_body": agency.parent.name if agency.parent_id else f"UBND tỉnh {movement.province}",
        "issuing_body": agency.name,
        "place": movement.province,
        "issued_on": None,
        "doc_type": "PHIẾU ĐĂNG KÝ MÔ HÌNH “DÂN VẬN KHÉO”",
        "summary": movement.title,
        "sign_title": "Thủ trưởng cơ quan, đơn vị",
        "sign_note": "(Ký, ghi rõ họ tên, đóng dấu)",
    }


@agency_member_required
def registration_print(request, pk):
    registration = get_registration_for_user(request.user, pk)
    # A PDF, like every document: the page's styles and fonts would be refused by the CSP.
    filename = f"phieu-dang-ky-{registration.agency.code}-{registration.pk}.pdf"
    return pdf_response(render_pdf(TEMPLATE_SHEET, sheet_context(registration)), filename)


@agency_member_required
def movement_counters(request, movement_pk):
    """The live counters of one movement (htmx partial on the home and form pages)."""
    movement = get_object_or_404(
        Movement.objects.exclude(status=MovementStatus.DRAFT), pk=movement_pk
    )
    usage = usage_for(movement=movement, agency=request.user.agency)
    return render(request, "registrations/_counters.html", {"usage": usage})
