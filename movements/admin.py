from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from registrations.selectors import movement_overview

from .models import DeadlineExtension, Field, Movement, QuotaRule


class QuotaRuleInline(admin.TabularInline):
    model = QuotaRule
    extra = 0
    autocomplete_fields = ()


@admin.register(Movement)
class MovementAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "year",
        "period",
        "status",
        "registration_closes_at",
        "award_closes_at",
        "quota_link",
    )
    list_filter = ("status", "year")
    search_fields = ("title", "document_number")
    inlines = [QuotaRuleInline]
    fieldsets = (
        (None, {"fields": ("title", "province", "year", "period", "status")}),
        (
            "Văn bản ban hành",
            {"fields": ("document_number", "document_date", "document_issuer")},
        ),
        (
            "Thời hạn",
            {"fields": ("registration_opens_at", "registration_closes_at", "award_closes_at")},
        ),
        (
            "Chấm điểm, xếp loại",
            {"fields": ("criteria_set", "band_scheme", "target_band", "target_share")},
        ),
        (
            "Khen thưởng",
            {
                "fields": (
                    "award_kind",
                    "max_nominees",
                    "vote_threshold",
                    "vote_strictly_above",
                    "vote_base",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # Once agencies have scored against it, the sheet and the bands of a movement stay put.
        if obj is not None and obj.scorecards.exists():
            return ("criteria_set", "band_scheme", "target_band")
        return ()

    def get_urls(self):
        return [
            path(
                "<int:pk>/chi-tieu/",
                self.admin_site.admin_view(self.quota_view),
                name="movements_movement_quota",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Tình hình đăng ký")
    def quota_link(self, obj):
        url = reverse("admin:movements_movement_quota", args=[obj.pk])
        return format_html('<a href="{}">Chỉ tiêu &amp; đơn vị chưa đăng ký</a>', url)

    def quota_view(self, request, pk):
        """Every agency's count against its quota, and who has not registered yet."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        movement = get_object_or_404(Movement, pk=pk)
        usages = movement_overview(movement=movement)
        missing = [u for u in usages if u.total == 0]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Tình hình đăng ký: {movement}",
            "movement": movement,
            "usages": usages,
            "missing": missing,
            "registered_count": len(usages) - len(missing),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/movements/movement/quota.html", context)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")


@admin.register(QuotaRule)
class QuotaRuleAdmin(SimpleHistoryAdmin):
    list_display = ("movement", "agency_kind", "max_collectives", "max_individuals", "min_models")
    list_filter = ("movement",)
    list_select_related = ("movement", "agency_kind")


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SimpleHistoryAdmin):
    list_display = ("agency", "movement", "stage", "closes_at", "granted_by", "granted_at")
    list_filter = ("movement", "stage")
    search_fields = ("agency__name", "reason")
    list_select_related = ("agency", "movement", "granted_by")
    autocomplete_fields = ("agency",)
    readonly_fields = ("granted_by", "granted_at")
    fields = ("movement", "agency", "stage", "closes_at", "reason", "granted_by", "granted_at")

    def save_model(self, request, obj, form, change):
        # Who granted it is the reviewer who created it, never a typed-in name; history keeps edits.
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
