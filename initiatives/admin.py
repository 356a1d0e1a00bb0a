"""The coordinator's model register (sổ theo dõi mô hình): every model with its filters, its
timeline, the decisions on it one by one or in bulk, its Excel export, and the agencies that
replicated it. Every write calls initiatives/services.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Min, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from movements.models import Movement
from portal.admin import AgencyAdmin as PortalAgencyAdmin
from portal.admin_filters import state_filter
from portal.admin_history import HistoryAdmin, ReadOnlyAdminMixin
from portal.admin_review import ACCEPT, RETURN, ReviewConfirmationMixin
from portal.forms import DATE_WIDGET
from portal.models import Agency
from portal.responses import xlsx_response

from . import reviews, services
from .exports import register_workbook
from .forms import DecisionForm
from .models import (
    REVIEW_AWAITING_STATES,
    Initiative,
    InitiativeEvent,
    InitiativeReview,
    Proposal,
    Replication,
    ReviewItem,
    Status,
)
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
        # The movements' periods: a handful of rows, where the registrations are tens of thousands.
        periods = (
            Movement.objects.exclude(period="")
            .order_by("-period")
            .values_list("period", flat=True)
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
        # The span of years, from two plain aggregates (a distinct over dates scans every row).
        span = Initiative.objects.aggregate(first=Min("recognised_on"), last=Max("recognised_on"))
        if span["first"] is None:
            return []
        years = range(span["last"].year, span["first"].year - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value.isdigit() and len(value) == 4:
            return queryset.filter(recognised_on__year=int(value))
        return queryset


def decision_page(model_admin, request, rows, *, verb, action_name, status, lines, apply):
    """The page between choosing models and deciding on them: it asks for the decision's
    document, then ``apply(cleaned data)`` saves all or none and returns to the list."""
    confirming = "confirm" in request.POST
    form = DecisionForm(request.POST if confirming else None, status=status)
    if confirming and form.is_valid():
        try:
            decided = apply(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                model_admin.message_user(request, message, messages.ERROR)
        else:
            model_admin.message_user(
                request, f"Đã ghi nhận: {verb.lower()} {len(decided)} mô hình."
            )
            return redirect(request.get_full_path())
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{verb} mô hình",
        "opts": opts,
        "verb": verb,
        "lines": lines,
        "form": form,
        "action_name": action_name,
        "selected_ids": [row.pk for row in rows],
        "cancel_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/initiatives/decide.html", context)


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
        "field",
        "carrier",
        "start_year",
        "status",
        "recognition",
    )
    list_filter = (
        "status",
        "agency__kind",
        "field",
        PeriodFilter,
        RecognisedYearFilter,
        CommendedFilter,
        ReplicatedFilter,
    )
    # No list of agencies in the sidebar (a province has hundreds): search by their name.
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
        return register(super().get_queryset(request))

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

    @admin.display(description="Công nhận")
    def recognition(self, obj):
        if not obj.recognised_number:
            return "—"
        day = obj.recognised_on.strftime("%d/%m/%Y") if obj.recognised_on else ""
        return f"{obj.recognised_number} ({day})"

    def _decide(self, request, queryset, action_name):
        status, verb = DECISION_ACTIONS[action_name]
        if not self.has_decide_permission(request):
            raise PermissionDenied
        rows = list(queryset.order_by("agency__name", "name"))
        return decision_page(
            self,
            request,
            rows,
            verb=verb,
            action_name=action_name,
            status=status,
            lines=[f"{row.name} — {row.agency} ({row.get_status_display()})" for row in rows],
            apply=lambda data: services.decide(rows, status=status, by=request.user, **data),
        )

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


class ReplicationForm(forms.ModelForm):
    class Meta:
        model = Replication
        fields = ("initiative", "agency", "since", "note")
        widgets = {"since": DATE_WIDGET}

    def clean(self):
        data = super().clean()
        if data.get("initiative") and data.get("agency"):
            # The service's own rule, so a refusal is a message on the form, never an error page.
            services.check_replicable(data["initiative"], agency=data["agency"])
        return data


@admin.register(Replication)
class ReplicationAdmin(HistoryAdmin):
    form = ReplicationForm
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


# The annual review: the agencies' reviews (accept, return) and the decision on each model.


class ReviewItemInline(admin.TabularInline):
    model = ReviewItem
    extra = 0
    fields = ("initiative", "proposal", "changes", "reason", "assessment", "figures", "decision")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InitiativeReview)
class InitiativeReviewAdmin(ReadOnlyAdminMixin, ReviewConfirmationMixin, HistoryAdmin):
    list_display = ("agency", "deadline", "state", "submitted_at", "item_count")
    list_filter = (
        "deadline__movement",
        state_filter(REVIEW_AWAITING_STATES),
        "agency__kind",
        ("deadline", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("agency__name", "agency__code")
    list_select_related = ("agency", "deadline__movement")
    list_per_page = 50
    actions = ["accept_selected", "return_selected"]
    inlines = [ReviewItemInline]
    readonly_fields = ("review_buttons",)
    fieldsets = (
        (None, {"fields": ("review_buttons", "deadline", "agency", "state", "return_reason")}),
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
    review_noun = "bản rà soát"
    review_accept_verb = "Tiếp nhận"
    review_waiting_label = "chờ tiếp nhận"
    review_slugs = {"tiep-nhan": ACCEPT, "tra-lai": RETURN}
    review_waiting_states = REVIEW_AWAITING_STATES

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    @admin.display(description="Số mô hình", ordering="item_total")
    def item_count(self, obj):
        return obj.item_total

    @admin.display(description="Xử lý")
    def review_buttons(self, obj):
        if obj.state not in REVIEW_AWAITING_STATES:
            return f"Trạng thái hiện tại: {obj.get_state_display()}"
        accept = reverse("admin:initiatives_initiativereview_review", args=[obj.pk, "tiep-nhan"])
        back = reverse("admin:initiatives_initiativereview_review", args=[obj.pk, "tra-lai"])
        decide = reverse("admin:initiatives_reviewitem_changelist") + f"?review__id__exact={obj.pk}"
        return format_html(
            '<a class="button" href="{}">Tiếp nhận</a> <a class="button" href="{}">Trả lại</a> '
            '<a href="{}">Quyết định từng mô hình</a>',
            accept,
            back,
            decide,
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/xu-ly/<str:decision>/",
                view(self.review_one_view),
                name="initiatives_initiativereview_review",
            ),
            *super().get_urls(),
        ]

    def review_line(self, row):
        return f"{row.agency.name} — {row.deadline.title} ({row.get_state_display()})"

    def review_rows(self, queryset):
        return list(queryset.select_related("agency", "deadline").order_by("agency__name", "pk"))

    def accept_rows(self, rows, *, by):
        reviews.accept_reviews(reviews=rows, by=by)

    def return_rows(self, rows, *, by, reason):
        reviews.return_reviews(reviews=rows, by=by, reason=reason)

    def has_review_permission(self, request):
        return request.user.has_perm("initiatives.review_initiativereview")

    @admin.action(description="Tiếp nhận các bản rà soát đã chọn", permissions=["review"])
    def accept_selected(self, request, queryset):
        return self.review_selected(
            request, queryset, decision=ACCEPT, action_name="accept_selected"
        )

    @admin.action(description="Trả lại các bản rà soát đã chọn (kèm lý do)", permissions=["review"])
    def return_selected(self, request, queryset):
        return self.review_selected(
            request, queryset, decision=RETURN, action_name="return_selected"
        )


class DecidedFilter(YesNoFilter):
    title = "đã có quyết định"
    parameter_name = "da-quyet-dinh"

    def condition(self):
        return ~Q(decision="")


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    """Every reviewed model with the agency's proposal; decided one by one or in bulk."""

    list_display = (
        "initiative",
        "agency",
        "proposal",
        "proposed_text",
        "review_state",
        "decision",
        "decision_document",
    )
    list_filter = (
        "review__deadline__movement",
        "proposal",
        DecidedFilter,
        "review__state",
        ("review__deadline", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("initiative__name", "review__agency__name")
    list_select_related = ("initiative", "review__agency", "review__deadline")
    list_per_page = 100
    actions = ["decide_as_proposed", "keep_selected"]
    fields = (
        "review",
        "initiative",
        "proposal",
        "changes",
        "reason",
        "assessment",
        "figures",
        "decision",
        "decision_number",
        "decided_on",
    )

    @admin.display(description="Cơ quan, đơn vị", ordering="review__agency__name")
    def agency(self, obj):
        return obj.review.agency

    @admin.display(description="Nội dung kiện toàn / lý do")
    def proposed_text(self, obj):
        return obj.changes if obj.proposal == Proposal.STRENGTHEN else obj.reason

    @admin.display(description="Bản rà soát", ordering="review__state")
    def review_state(self, obj):
        return obj.review.get_state_display()

    @admin.display(description="Văn bản quyết định")
    def decision_document(self, obj):
        if not obj.decision_number:
            return "—"
        return (
            f"{obj.decision_number} ({obj.decided_on:%d/%m/%Y})"
            if obj.decided_on
            else obj.decision_number
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("initiatives.decide_reviewitem"):
            actions.pop("decide_as_proposed", None)
            actions.pop("keep_selected", None)
        return actions

    def _decide_items(self, request, queryset, *, action_name, verb, status):
        if not request.user.has_perm("initiatives.decide_reviewitem"):
            raise PermissionDenied
        rows = list(
            queryset.select_related("initiative", "review__agency").order_by(
                "review__agency__name", "pk"
            )
        )
        return decision_page(
            self,
            request,
            rows,
            verb=verb,
            action_name=action_name,
            status=None,
            lines=[
                f"{row.initiative} — {row.review.agency}: đề xuất {row.get_proposal_display().lower() or 'chưa có'}"
                for row in rows
            ],
            apply=lambda data: reviews.decide_items(
                items=rows,
                by=request.user,
                status=status,
                number=data["number"],
                decided_on=data["decided_on"],
            ),
        )

    @admin.action(description="Quyết định theo đề xuất của đơn vị")
    def decide_as_proposed(self, request, queryset):
        return self._decide_items(
            request,
            queryset,
            action_name="decide_as_proposed",
            verb="Quyết định theo đề xuất",
            status=None,
        )

    @admin.action(description="Công nhận lại (không theo đề xuất)")
    def keep_selected(self, request, queryset):
        return self._decide_items(
            request, queryset, action_name="keep_selected", verb="Công nhận lại", status=Status.KEPT
        )
