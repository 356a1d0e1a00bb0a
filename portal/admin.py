from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from import_export.admin import ImportExportMixin

from .admin_history import HistoryAdmin
from .admin_imports import ExcelImportExportMixin
from .models import Agency, AgencyKind, User
from .resources import AgencyResource


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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Vai trò")
    def role_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())
