from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from import_export.admin import ImportExportMixin

from .accounts import (
    AGENCY_ROLE_CHOICES,
    AGENCY_ROLES,
    agency_role_of,
    is_agency_account,
    save_agency_account,
    send_password_link,
)
from .admin_history import HistoryAdmin
from .admin_imports import ExcelImportExportMixin
from .models import Agency, AgencyKind, Coordinator, User
from .resources import AgencyResource


@admin.register(Coordinator)
class CoordinatorAdmin(HistoryAdmin):
    """The coordinating body's names: one row, entered once and edited, never deleted."""

    list_display = ("name", "short_name", "parent_name", "place_name", "reminder_days")
    autocomplete_fields = ("agency",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Coordinator.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgencyKind)
class AgencyKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "tier", "order")
    list_filter = ("tier",)
    search_fields = ("name", "code")


@admin.register(Agency)
class AgencyAdmin(ExcelImportExportMixin, ImportExportMixin, HistoryAdmin):
    resource_classes = [AgencyResource]
    list_display = ("name", "code", "short_name", "kind", "parent", "active", "merged_into")
    list_filter = ("kind__tier", "kind", "active")
    search_fields = ("name", "short_name", "code")
    list_select_related = ("kind", "parent", "merged_into")
    autocomplete_fields = ("parent", "merged_into")
    list_per_page = 50


class AgencyAccountForm(forms.ModelForm):
    """What a reviewer fills in for a person of an agency: no password, no staff flags."""

    role = forms.ChoiceField(label="Vai trò", choices=AGENCY_ROLE_CHOICES)

    class Meta:
        model = User
        fields = ("username", "full_name", "email", "agency", "role", "position", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].required = True
        self.fields["email"].required = True
        self.fields["email"].label = "Thư điện tử"
        self.fields["email"].help_text = "Liên kết đặt mật khẩu được gửi tới địa chỉ này."
        self.fields["full_name"].required = True
        role = agency_role_of(self.instance)
        if role is not None:
            self.initial["role"] = role.value


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "agency", "role_names", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_active", "agency__kind")
    search_fields = ("username", "full_name", "email", "agency__name")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)
    # Django's "Personal info" asks for first and last name; here it is one name, họ first.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin cá nhân", {"fields": ("full_name", "email")}),
        *BaseUserAdmin.fieldsets[2:],
        ("Cơ quan, đơn vị", {"fields": ("agency", "position", "phone")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )

    actions = ["send_password_links"]
    reviewer_fieldsets = (
        (None, {"fields": ("username", "full_name", "email")}),
        ("Cơ quan, đơn vị", {"fields": ("agency", "role", "position", "phone")}),
        ("Trạng thái", {"fields": ("is_active",)}),
    )
    reviewer_add_fieldsets = reviewer_fieldsets[:2]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return queryset
        # A reviewer sees only agency accounts: never staff, superusers or other reviewers.
        staff_roles = Group.objects.exclude(name__in=[role.label for role in AGENCY_ROLES])
        return queryset.filter(is_staff=False, is_superuser=False).exclude(groups__in=staff_roles)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.reviewer_add_fieldsets if obj is None else self.reviewer_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = AgencyAccountForm
        return super().get_form(request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and is_agency_account(obj)

    def save_model(self, request, obj, form, change):
        if request.user.is_superuser:
            return super().save_model(request, obj, form, change)
        save_agency_account(obj, role=form.cleaned_data["role"], by=request.user, request=request)
        if not change:
            self.message_user(
                request,
                f"Đã gửi liên kết đặt mật khẩu (dùng một lần) tới {obj.email}.",
                messages.SUCCESS,
            )

    def save_related(self, request, form, formsets, change):
        if request.user.is_superuser:
            super().save_related(request, form, formsets, change)

    def user_change_password(self, request, id, form_url=""):
        # A reviewer never sets someone's password: the person sets it through a link.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.action(description="Gửi liên kết đặt mật khẩu", permissions=["change"])
    def send_password_links(self, request, queryset):
        sent, skipped = [], []
        for user in queryset:
            if not (request.user.is_superuser or is_agency_account(user)) or not user.is_active:
                skipped.append(user.username)
                continue
            try:
                send_password_link(user, request=request)
            except ValidationError:
                skipped.append(user.username)
                continue
            sent.append(user.username)
        if sent:
            self.message_user(
                request, f"Đã gửi liên kết tới {len(sent)} tài khoản.", messages.SUCCESS
            )
        if skipped:
            self.message_user(
                request,
                "Không gửi được cho (chưa có thư điện tử hoặc không hoạt động): "
                + ", ".join(skipped),
                messages.WARNING,
            )

    @admin.display(description="Vai trò")
    def role_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())
