import re

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from portal.admin_history import HistoryAdmin
from portal.documents import moment_text
from portal.models import AgencyKind
from portal.paging import paginate
from portal.responses import xlsx_response

from .exports import tracker_workbook
from .models import Deadline, DeadlineExtension, Field, Movement, QuotaRule
from .tracker import TrackerState, movement_tracker, tracker_grid, tracker_page

# As many rows as Django's admin lists show a page: the page's HTML, not the grid, is the cost.
TRACKER_PER_PAGE = 100


class QuotaRuleInline(admin.TabularInline):
    model = QuotaRule
    extra = 0


class DeadlineInline(admin.TabularInline):
    """The movement's schedule, entered as the plan words each date."""

    model = Deadline
    extra = 0
    fields = (
        "kind",
        "title",
        "opens_at",
        "due_on",
        "due_day_counts",
        "agency_kinds",
        "last_moment",
    )
    readonly_fields = ("last_moment",)
    filter_horizontal = ()

    @admin.display(description="Hạn cuối")
    def last_moment(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return f"{obj.wording} — hạn cuối {obj.last_moment_text}"


@admin.register(Movement)
class MovementAdmin(HistoryAdmin):
    list_display = ("title", "year", "period", "status", "schedule", "quota_link", "tracker_link")
    list_filter = ("status", "year")
    search_fields = ("title", "document_number")
    inlines = [DeadlineInline, QuotaRuleInline]
    # Later stages (scoring, awards) add their settings inline and their pages here, so this
    # app imports nothing from the apps built on it.
    stage_inlines: list = []
    stage_urls: list = []
    fieldsets = (
        (None, {"fields": ("title", "province", "year", "period", "status")}),
        (
            "Văn bản ban hành",
            {
                "fields": (
                    "document_type",
                    "document_number",
                    "document_date",
                    "document_issuer",
                    "document_subject",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("deadlines")

    def get_inlines(self, request, obj):
        return [*self.inlines, *self.stage_inlines]

    def get_urls(self):
        view = self.admin_site.admin_view
        own = [
            path("<int:pk>/theo-doi/", view(self.tracker_view), name="movements_movement_tracker"),
            path(
                "<int:pk>/theo-doi/excel/",
                view(self.tracker_excel_view),
                name="movements_movement_tracker_excel",
            ),
        ]
        extra = [url for make in self.stage_urls for url in make(self)]
        return [*own, *extra, *super().get_urls()]

    def _tracker(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        movement = get_object_or_404(Movement, pk=pk)
        filters = tracker_filters(request.GET)
        return movement_tracker(movement=movement, **filters), filters

    def tracker_view(self, request, pk):
        """Theo dõi, đôn đốc: every agency against every deadline of the movement, a hundred
        agencies a page (``?trang=``); the filters and the totals cover every page, read from
        the movement's kept grid, and only the page's agencies are read in full."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        movement = get_object_or_404(Movement, pk=pk)
        filters = tracker_filters(request.GET)
        grid, whole = tracker_grid(movement=movement)
        kept = grid.pick(**filters)
        paged = paginate(request, kept, TRACKER_PER_PAGE)
        tracker = tracker_page(
            movement=movement, grid=grid, whole=whole, kept=kept, shown=list(paged.page)
        )
        excel_url = reverse("admin:movements_movement_tracker_excel", args=[pk])
        context = {
            **self.admin_site.each_context(request),
            "title": f"Theo dõi, đôn đốc: {tracker.movement}",
            "movement": tracker.movement,
            "tracker": tracker,
            "filters": filters,
            "kinds": AgencyKind.objects.order_by("order", "name"),
            "states": TrackerState.choices,
            "paged": paged,
            # The Excel file is the whole filtered table, whichever page asks for it.
            "excel_url": f"{excel_url}?{paged.kept_query}" if paged.kept_query else excel_url,
            "opts": Movement._meta,
            # The table needs the page's full width; the breadcrumbs lead back.
            "is_nav_sidebar_enabled": False,
        }
        return TemplateResponse(request, "admin/movements/movement/tracker.html", context)

    def tracker_excel_view(self, request, pk):
        tracker, _ = self._tracker(request, pk)
        filename = f"theo-doi-don-doc-{tracker.movement.year}-{tracker.movement.pk}.xlsx"
        return xlsx_response(tracker_workbook(tracker), filename)

    @admin.display(description="Thời hạn")
    def schedule(self, obj):
        return format_html_join(
            "",
            "<div>{}: {}</div>",
            ((d.title, d.wording) for d in obj.deadlines.all()),
        )

    @admin.display(description="Tình hình đăng ký")
    def quota_link(self, obj):
        url = reverse("admin:movements_movement_quota", args=[obj.pk])
        return format_html('<a href="{}">Chỉ tiêu &amp; đơn vị chưa đăng ký</a>', url)

    @admin.display(description="Theo dõi, đôn đốc")
    def tracker_link(self, obj):
        url = reverse("admin:movements_movement_tracker", args=[obj.pk])
        return format_html('<a href="{}">Ai gửi, ai trễ hạn</a>', url)


_ID = re.compile(r"[0-9]{1,12}")


def tracker_filters(query) -> dict:
    """The tracker's filters from the query string; anything malformed is ignored."""
    kind, state, deadline = query.get("loai", ""), query.get("trang-thai", ""), query.get("han", "")
    return {
        "agency_kind_id": int(kind) if _ID.fullmatch(kind) else None,
        "state": state if state in TrackerState.values else None,
        "deadline_id": int(deadline) if _ID.fullmatch(deadline) else None,
    }


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")


@admin.register(QuotaRule)
class QuotaRuleAdmin(HistoryAdmin):
    list_display = ("movement", "agency_kind", "max_collectives", "max_individuals", "min_models")
    list_filter = ("movement",)
    list_select_related = ("movement", "agency_kind")


class DeadlineExtensionForm(forms.ModelForm):
    class Meta:
        model = DeadlineExtension
        fields = ("deadline", "agency", "until_on", "reason")
        widgets = {"until_on": forms.DateInput(format="%d/%m/%Y")}
        help_texts = {
            "until_on": "Gõ đúng ngày ghi trong văn bản cho phép: “gia hạn đến ngày 20/4” là "
            "20/04/…; ngày đó vẫn được nhận trọn ngày (đến 23:59)."
        }


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(HistoryAdmin):
    form = DeadlineExtensionForm
    list_display = ("agency", "deadline", "movement", "until_text", "granted_by", "granted_at")
    list_filter = ("deadline__movement", "deadline__kind")
    search_fields = ("agency__name", "reason")
    list_select_related = ("agency", "deadline__movement", "granted_by")
    autocomplete_fields = ("agency",)
    readonly_fields = ("granted_by", "granted_at")
    fields = ("deadline", "agency", "until_on", "reason", "granted_by", "granted_at")

    @admin.display(description="Phong trào", ordering="deadline__movement")
    def movement(self, obj):
        return obj.deadline.movement

    @admin.display(description="Gia hạn đến", ordering="until_on")
    def until_text(self, obj):
        return f"{obj.wording} (hạn cuối {moment_text(obj.closes_at, last_minute=True)})"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "deadline":
            kwargs["queryset"] = Deadline.objects.select_related("movement")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Who granted it is the reviewer who created it, never a typed-in name; history keeps edits.
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
