"""The coordinator's model register (sổ theo dõi mô hình): every model with its filters, its
timeline, the decisions on it one by one or in bulk, its Excel export, and the agencies that
replicated it. Every write calls initiatives/services.py."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from portal.admin import AgencyAdmin as PortalAgencyAdmin
from portal.admin_history import HistoryAdmin, ReadOnlyAdminMixin
from portal.models import Agency
from portal.responses import xlsx_response

from . import services
from .exports import register_workbook
from .forms import DecisionForm
from .models import Initiative, InitiativeEvent, Replication, Status
from .selectors import commended_filter, period_filter, register, replicated_filter

DECISION_ACTIONS = {
    "recognise_selected": (Status.RECOGNISED, "Công nhận"),
    "keep_selected": (Status.KEPT, "Công nhận lại"),
    "strengthen_selected": (Status.STRENGTHENED, "Kiện toàn, bổ sung"),
    "remove_selected": (Status.REMOVED, "Đưa ra khỏi danh sách"),
}


class YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [("co", "Có"), ("khong", "Không")]

    def queryset(self, request, queryset):
        if self.value() == "co":
            return queryset.filter(self.condition())
        if self.value() == "khong":
            return queryset.exclude(self.condition())
        return queryset


class CommendedFilter(YesNoFilter):
    title = "đã được khen thưởng"
    parameter_name = "khen-thuong"

    def condition(self):
        return commended_filter()


class ReplicatedFilter(YesNoFilter):
    title = "đã được nhân rộng"
    parameter_name = "nhan-rong"

    def condition(self):
        return replicated_filter()


class PeriodFilter(admin.SimpleListFilter):
    title = "giai đoạn"
    parameter_name = "giai-doan"

    def lookups(self, request, model_admin):
        periods = (
            Initiative.registrations.rel.related_model.objects.exclude(movement__period="")
            .order_by("-movement__period")
            .values_list("movement__period", flat=True)
            .distinct()
        )
        return [(period, period) for period in periods]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(pk__in=Initiative.objects.filter(period_filter(self.value())))
        return queryset


class RecognisedYearFilter(admin.SimpleListFilter):
    title = "năm công nhận"
    parameter_name = "nam-cong-nhan"

    def lookups(self, request, model_admin):
        years = Initiative.objects.filter(recognised_on__isnull=False).dates(
            "recognised_on", "year", order="DESC"
        )
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value.isdigit() and len(value) == 4:
            return queryset.filter(recognised_on__year=int(value))
        return queryset


class EventInline(admin.TabularInline):
    model = InitiativeEvent
    extra = 0
    fields = (
        "year",
        "kind",
        "decision_number",
        "decided_on",
        "note",
        "from_agency",
        "to_agency",
        "recorded_by",
    )
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "Diễn biến qua các năm"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = (
        "name",
        "agency",
        "agency_kind",
        "field",
        "carrier",
        "start_year",
        "status",
        "recognition",
        "registration_count",
    )
    list_filter = (
        "status",
        "agency__kind",
        "field",
        PeriodFilter,
        RecognisedYearFilter,
        CommendedFilter,
        ReplicatedFilter,
        ("agency", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "agency__name", "agency__code")
    list_per_page = 50
    actions = list(DECISION_ACTIONS)
    inlines = [EventInline]
    fieldsets = (
        (None, {"fields": ("name", "carrier", "field", "agency", "start_year", "status")}),
        ("Công nhận", {"fields": ("recognised_by", "recognised_number", "recognised_on")}),
        (
            "Đưa ra khỏi danh sách",
            {"fields": ("removed_reason", "removed_number", "removed_on")},
        ),
    )

    def get_queryset(self, request):
        return register(super().get_queryset(request)).annotate(
            registration_total=Count("registrations", distinct=True)
        )

    def has_decide_permission(self, request):
        return request.user.has_perm("initiatives.decide_initiative")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_decide_permission(request):
            for name in DECISION_ACTIONS:
                actions.pop(name, None)
        return actions

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("excel/", view(self.excel_view), name="initiatives_initiative_excel"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        query = request.GET.urlencode()
        excel = reverse("admin:initiatives_initiative_excel")
        extra_context = {
            **(extra_context or {}),
            "excel_url": f"{excel}?{query}" if query else excel,
        }
        return super().changelist_view(request, extra_context)

    def excel_view(self, request):
        """The register as filtered on the list, every row, with Vietnamese headers."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        rows = changelist.get_queryset(request)
        day = timezone.localdate().strftime("%Y%m%d")
        return xlsx_response(register_workbook(rows), f"so-theo-doi-mo-hinh-{day}.xlsx")

    @admin.display(description="Loại cơ quan", ordering="agency__kind__order")
    def agency_kind(self, obj):
        return obj.agency.kind.name

    @admin.display(description="Công nhận")
    def recognition(self, obj):
        if not obj.recognised_number:
            return "—"
        day = obj.recognised_on.strftime("%d/%m/%Y") if obj.recognised_on else ""
        return f"{obj.recognised_number} ({day})"

    @admin.display(description="Số năm đăng ký", ordering="registration_total")
    def registration_count(self, obj):
        return obj.registration_total

    def _decide(self, request, queryset, action_name):
        status, verb = DECISION_ACTIONS[action_name]
        if not self.has_decide_permission(request):
            raise PermissionDenied
        rows = list(queryset.order_by("agency__name", "name"))
        form = DecisionForm(request.POST if "confirm" in request.POST else None, status=status)
        if "confirm" in request.POST and form.is_valid():
            try:
                decided = services.decide(rows, status=status, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(request, f"Đã ghi nhận: {verb.lower()} {len(decided)} mô hình.")
                return redirect(request.get_full_path())
        context = {
            **self.admin_site.each_context(request),
            "title": f"{verb} mô hình",
            "opts": self.model._meta,
            "verb": verb,
            "rows": rows,
            "form": form,
            "action_name": action_name,
            "selected_ids": [row.pk for row in rows],
            "cancel_url": reverse("admin:initiatives_initiative_changelist"),
        }
        return TemplateResponse(request, "admin/initiatives/decide.html", context)

    @admin.action(description="Công nhận mô hình đã chọn")
    def recognise_selected(self, request, queryset):
        return self._decide(request, queryset, "recognise_selected")

    @admin.action(description="Công nhận lại mô hình đã chọn")
    def keep_selected(self, request, queryset):
        return self._decide(request, queryset, "keep_selected")

    @admin.action(description="Kiện toàn, bổ sung mô hình đã chọn")
    def strengthen_selected(self, request, queryset):
        return self._decide(request, queryset, "strengthen_selected")

    @admin.action(description="Đưa mô hình đã chọn ra khỏi danh sách")
    def remove_selected(self, request, queryset):
        return self._decide(request, queryset, "remove_selected")


@admin.register(Replication)
class ReplicationAdmin(HistoryAdmin):
    list_display = ("initiative", "agency", "since")
    list_select_related = ("initiative", "agency")
    search_fields = ("initiative__name", "agency__name")
    autocomplete_fields = ("initiative", "agency")
    fields = ("initiative", "agency", "since", "note")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = services.replicate(
            initiative=obj.initiative,
            agency=obj.agency,
            since=obj.since,
            by=request.user,
            note=obj.note,
        ).pk

    def save_related(self, request, form, formsets, change):
        pass


# A unit merged into another hands its models over, whichever way the admin records the merger.
admin.site.unregister(Agency)


@admin.register(Agency)
class AgencyAdmin(PortalAgencyAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "merged_into" in form.changed_data and obj.merged_into_id:
            moved = services.hand_over(merged=obj, by=request.user)
            if moved:
                self.message_user(
                    request,
                    f"Đã chuyển {moved} mô hình của {obj} sang {services.successor_of(obj)}.",
                )
