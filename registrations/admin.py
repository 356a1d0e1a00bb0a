"""The coordinator's desk: review, consolidate and chase registrations. Every write calls a service."""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm

from movements.admin import MovementAdmin
from movements.models import Movement
from portal.admin_filters import AgencyFilter, related_filter, state_filter
from portal.admin_history import HistoryAdmin, ReadOnlyAdminMixin
from portal.admin_imports import ExcelImportExportMixin, ExcelImportForm
from portal.admin_lists import FastListMixin
from portal.admin_review import ACCEPT, RETURN, ReviewConfirmationMixin
from portal.paging import paginate
from portal.responses import xlsx_response

from . import services
from .exports import consolidated_workbook
from .models import AWAITING_REVIEW_STATES, Registration
from .resources import RegistrationResource
from .selectors import consolidated_list, movement_overview


class RegistrationImportForm(ExcelImportForm):
    movement = forms.ModelChoiceField(
        queryset=Movement.objects.all(),
        label="Phong trào",
        help_text="Các dòng trong tệp được đăng ký và gửi vào phong trào này.",
    )


class RegistrationConfirmImportForm(ConfirmImportForm):
    """Carries the chosen movement from the preview to the confirmed import."""

    movement = forms.ModelChoiceField(queryset=Movement.objects.all(), widget=forms.HiddenInput)


@admin.register(Registration)
class RegistrationAdmin(
    FastListMixin,
    # Content is the agency's: reviewers read it and act through the review actions.
    ReadOnlyAdminMixin,
    ReviewConfirmationMixin,
    ExcelImportExportMixin,
    ImportExportMixin,
    HistoryAdmin,
):
    resource_classes = [RegistrationResource]
    import_form_class = RegistrationImportForm
    confirm_form_class = RegistrationConfirmImportForm
    # What a reviewer reads at 1366 px; the movement, field and carrier's name are filters,
    # search or on the change page.
    list_display = ("name", "agency", "carrier", "state", "submitted_at")
    list_filter = (
        related_filter(Registration, "movement"),
        related_filter(Registration, "agency__kind"),
        "carrier",
        state_filter(AWAITING_REVIEW_STATES),
        related_filter(Registration, "field"),
        # Typed, not picked: a province has hundreds of agencies.
        AgencyFilter,
    )
    search_fields = ("name", "collective_name", "person_name", "agency__name", "agency__code")
    list_select_related = ("agency",)
    # What a row reads (its columns, its name in the checkbox): the long texts stay unread.
    list_only = ("name", "agency", "agency__name", "carrier", "state", "submitted_at")
    list_per_page = 50
    actions = ["accept_selected", "return_selected", "submit_selected", "export_consolidated"]
    readonly_fields = ("review_buttons", "initiative")
    fieldsets = (
        (None, {"fields": ("review_buttons", "movement", "agency", "state", "return_reason")}),
        (
            "Mô hình",
            {"fields": (*services.IDENTITY_FIELDS, "initiative")},
        ),
        (
            "Nội dung đăng ký",
            {"fields": services.DESCRIPTION_FIELDS},
        ),
        (
            "Quá trình xử lý",
            {
                "fields": (
                    "created_by",
                    "created_at",
                    "submitted_by",
                    "submitted_at",
                    "reviewed_by",
                    "reviewed_at",
                )
            },
        ),
    )

    def get_import_resource_kwargs(self, request, **kwargs):
        # The GET of the import page passes an unbound form, which has no cleaned_data.
        cleaned = getattr(kwargs.get("form"), "cleaned_data", None) or {}
        return {"movement": cleaned.get("movement")}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["movement"] = import_form.cleaned_data["movement"].pk
        return initial

    def get_export_queryset(self, request):
        return consolidated_list(queryset=super().get_export_queryset(request))

    @admin.display(description="Tập thể / cá nhân thực hiện")
    def carrier_name(self, obj):
        return obj.carrier_name

    @admin.display(description="Xử lý")
    def review_buttons(self, obj):
        if obj.state not in AWAITING_REVIEW_STATES:
            return f"Trạng thái hiện tại: {obj.get_state_display()}"
        accept = reverse("admin:registrations_registration_review", args=[obj.pk, "chap-thuan"])
        back = reverse("admin:registrations_registration_review", args=[obj.pk, "tra-lai"])
        return format_html(
            '<a class="button" href="{}">Chấp thuận</a> <a class="button" href="{}">Trả lại</a>',
            accept,
            back,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/xu-ly/<str:decision>/",
                self.admin_site.admin_view(self.review_one_view),
                name="registrations_registration_review",
            ),
            *super().get_urls(),
        ]

    # One confirmation page serves the bulk actions and the per-registration buttons.
    review_noun = "mô hình"
    review_waiting_label = "chờ duyệt"

    def review_line(self, row):
        return f"{row.name} — {row.agency.name} ({row.get_carrier_display()}, {row.get_state_display()})"

    review_waiting_states = AWAITING_REVIEW_STATES

    def review_rows(self, queryset):
        return list(consolidated_list(queryset=queryset))

    def accept_rows(self, rows, *, by):
        services.accept_registrations(registrations=rows, by=by)

    def return_rows(self, rows, *, by, reason):
        services.return_registrations(registrations=rows, by=by, reason=reason)

    @admin.action(description="Chấp thuận các mô hình đã chọn", permissions=["review"])
    def accept_selected(self, request, queryset):
        return self.review_selected(
            request, queryset, decision=ACCEPT, action_name="accept_selected"
        )

    @admin.action(description="Trả lại các mô hình đã chọn (kèm lý do)", permissions=["review"])
    def return_selected(self, request, queryset):
        return self.review_selected(
            request, queryset, decision=RETURN, action_name="return_selected"
        )

    @admin.action(description="Gửi thay đơn vị các bản nháp đã chọn", permissions=["review"])
    def submit_selected(self, request, queryset):
        done, failed = 0, []
        for registration in queryset.select_related("movement", "agency"):
            try:
                services.submit_registration(registration=registration, by=request.user)
                done += 1
            except ValidationError as error:
                failed.append(" ".join(error.messages))
        if done:
            self.message_user(request, f"Đã gửi {done} mô hình.", messages.SUCCESS)
        for message in failed:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description="Xuất danh sách tổng hợp (Excel)", permissions=["view"])
    def export_consolidated(self, request, queryset):
        return xlsx_response(consolidated_workbook(queryset), "danh-sach-tong-hop-mo-hinh.xlsx")

    def has_review_permission(self, request):
        return request.user.has_perm("registrations.review_registration")

    def has_import_permission(self, request):
        # Importing a consolidated list submits for agencies: a reviewer's act, not a clerk's.
        return request.user.has_perm("registrations.review_registration")


# As many rows as Django's admin lists show a page; both tables page apart (?trang=, ?trang-chua=).
PER_PAGE = 100
_KIND = re.compile(r"[0-9]{1,12}")


def quota_view(model_admin, request, pk):
    """Every agency's count against its quota, and who has not registered yet, a page at a time;
    the headline counts the whole movement on every page."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    movement = get_object_or_404(Movement, pk=pk)
    overview = movement_overview(movement=movement)
    raw_kind = request.GET.get("loai", "")
    kind_id = int(raw_kind) if _KIND.fullmatch(raw_kind) else None
    agencies, missing = overview.agencies, overview.missing
    if kind_id is not None:
        agencies = [a for a in agencies if a.kind_id == kind_id]
        missing = [a for a in missing if a.kind_id == kind_id]
    quota_paged = paginate(request, agencies, PER_PAGE, anchor="so-voi-chi-tieu")
    missing_paged = paginate(request, missing, PER_PAGE, param="trang-chua", anchor="chua-dang-ky")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Tình hình đăng ký: {movement}",
        "movement": movement,
        "overview": overview,
        "kinds": overview.kinds(),
        "kind_id": kind_id,
        "quota_paged": quota_paged,
        "missing_paged": missing_paged,
        "quota_rows": [overview.printed[a.pk] for a in quota_paged.page],
        "missing_rows": [overview.printed[a.pk] for a in missing_paged.page],
        "notices": [n for n in (missing_paged.notice, quota_paged.notice) if n],
        "opts": Movement._meta,
    }
    return TemplateResponse(request, "admin/movements/movement/quota.html", context)


def _quota_urls(model_admin):
    return [
        path(
            "<int:pk>/chi-tieu/",
            model_admin.admin_site.admin_view(
                lambda request, pk: quota_view(model_admin, request, pk)
            ),
            name="movements_movement_quota",
        )
    ]


MovementAdmin.stage_urls.append(_quota_urls)
