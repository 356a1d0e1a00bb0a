"""The coordinator's desk for award proposals: review and return, the province's consolidated list
(Excel, its own Tờ trình to UBND tỉnh) and the decision. Agencies own the proposals' content;
every write here goes through awards.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from movements.admin import MovementAdmin
from movements.models import Movement
from portal.admin_filters import state_filter
from portal.admin_history import HistoryAdmin, ReadOnlyAdminMixin
from portal.admin_review import RETURN, ReviewConfirmationMixin
from portal.coordinator import coordinator_symbol
from portal.forms import DATE_WIDGET, add_service_error
from portal.history import timeline, tracked_relations
from portal.responses import document_response, xlsx_response

from . import services
from .docx import dossier_docx
from .exports import (
    DEFAULT_COPIES,
    awardee_sections,
    awardees_workbook,
    default_legal_bases,
    provincial_letter_docx,
    provincial_letter_pdf,
)
from .models import (
    AwardDecision,
    AwardKind,
    AwardProposal,
    AwardSettings,
    Nominee,
    ProposalState,
)
from .selectors import agencies_without_proposal, award_settings_for, proposed_awardees
from .services import (
    ACHIEVEMENT_FIELDS,
    COLLECTIVE_FIELDS,
    LETTER_FIELDS,
    MEETING_FIELDS,
    OPTIONAL_MEETING_FIELDS,
    OPTIONAL_REPORT_FIELDS,
    PERSON_FIELDS,
    PERSON_OPTIONAL_FIELDS,
    REPORT_FIELDS,
)
from .signing import signature_label
from .storage import dossier_for_download
from .views import signed_dossier_response


class AwardSettingsInline(admin.StackedInline):
    """The movement's award settings, edited inline on the movement (movements/admin.py)."""

    model = AwardSettings
    can_delete = False
    max_num = 1
    verbose_name = verbose_name_plural = "Khen thưởng"
    fields = (
        "award_kind",
        "max_nominees",
        "vote_threshold",
        "vote_strictly_above",
        "vote_base",
        "legal_bases",
        "collective_form",
        "individual_form",
    )


MovementAdmin.stage_inlines.append(AwardSettingsInline)


@admin.register(AwardKind)
class AwardKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "issuer", "order")
    search_fields = ("name", "code")


class NomineeInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Nominee
    extra = 0
    fields = (
        "registration",
        "carrier",
        "votes_in_favour",
        "vote_result",
        *COLLECTIVE_FIELDS,
        *PERSON_FIELDS,
        *PERSON_OPTIONAL_FIELDS,
        *ACHIEVEMENT_FIELDS,
        "earlier_awards",
        "decision",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("registration", "decision", "proposal__movement")
        )

    @admin.display(description="Tập thể / Cá nhân")
    def carrier(self, obj):
        return f"{obj.registration.get_carrier_display()}: {obj.registration.carrier_name}"

    @admin.display(description="Kết quả bình xét")
    def vote_result(self, obj):
        proposal = obj.proposal
        passes = services.vote_passes(votes=obj.votes_in_favour, proposal=proposal)
        return "Đạt ngưỡng" if passes else "Chưa đạt ngưỡng"


class ProvincialLetterForm(forms.Form):
    """The coordinator's Tờ trình; number and date may stay empty for the văn thư to fill by hand."""

    number = forms.CharField(label="Số", max_length=20, required=False)
    symbol = forms.CharField(label="Ký hiệu", max_length=40, help_text="Ví dụ: TTr-SNV")
    issued_on = forms.DateField(label="Ngày", required=False, widget=DATE_WIDGET)
    addressees = forms.CharField(
        label="Kính gửi",
        initial="Ủy ban nhân dân tỉnh",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mỗi nơi một dòng.",
    )
    legal_bases = forms.CharField(
        label="Căn cứ",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Mỗi căn cứ một dòng.",
    )
    copies = forms.CharField(
        label="Nơi nhận",
        initial="\n".join(DEFAULT_COPIES),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi nơi một dòng.",
    )
    sign_authority = forms.CharField(
        label="Thẩm quyền ký", max_length=80, required=False, initial="KT. GIÁM ĐỐC"
    )
    sign_title = forms.CharField(label="Chức vụ người ký", max_length=120, initial="PHÓ GIÁM ĐỐC")
    signer_name = forms.CharField(label="Họ tên người ký", max_length=120)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not number.isdigit():
            raise ValidationError("Số văn bản chỉ gồm chữ số, ví dụ 12 hoặc 05.")
        return number

    @staticmethod
    def _lines(value):
        return [line.strip() for line in value.splitlines() if line.strip()]

    def letter_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "symbol": data["symbol"].strip(),
            "issued_on": data["issued_on"],
            "addressees": self._lines(data["addressees"]),
            "legal_bases": self._lines(data["legal_bases"]),
            "copies": self._lines(data["copies"]),
            "sign_authority": data["sign_authority"].strip(),
            "sign_title": data["sign_title"].strip(),
            "signer_name": data["signer_name"].strip(),
        }


class IdChoices(forms.ModelMultipleChoiceField):
    """Refuses ids that are not plain numbers before they reach the database (an overflow)."""

    def clean(self, value):
        for item in value or []:
            text = str(item)
            if not (text.isascii() and text.isdigit() and len(text) <= 12):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text},
                )
        return super().clean(value)


class DecisionForm(forms.Form):
    award_kind = forms.ModelChoiceField(
        queryset=AwardKind.objects.all(), label="Hình thức khen thưởng", empty_label=None
    )
    number = forms.CharField(label="Số quyết định", max_length=60, help_text="Ví dụ: 3120/QĐ-UBND")
    decided_on = forms.DateField(label="Ngày quyết định", widget=DATE_WIDGET)
    signer = forms.CharField(label="Người ký", max_length=160, required=False)
    # Any nominee of the movement passes the form; awards.services.record_decision says which
    # may be awarded, so the rule and its message live in one place.
    nominees = IdChoices(
        queryset=Nominee.objects.none(),
        label="Tập thể, cá nhân được khen thưởng",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Chọn ít nhất một tập thể, cá nhân được khen thưởng.",
            "invalid_choice": "Lựa chọn không thuộc danh sách đề nghị của phong trào này.",
            "invalid_pk_value": "Lựa chọn không thuộc danh sách đề nghị của phong trào này.",
            "invalid_list": "Lựa chọn không hợp lệ.",
        },
    )

    def __init__(self, *args, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = Nominee.objects.filter(proposal__movement=movement)


@admin.register(AwardProposal)
class AwardProposalAdmin(ReadOnlyAdminMixin, ReviewConfirmationMixin, HistoryAdmin):
    list_display = ("agency", "state", "nominee_count", "submitted_at", "dossier_link", "signature")
    list_filter = ("movement", "agency__kind", state_filter((ProposalState.SUBMITTED,)))
    search_fields = ("agency__name", "agency__code")
    list_select_related = ("agency", "movement")
    list_per_page = 50
    actions = ["return_selected"]
    inlines = [NomineeInline]
    fieldsets = (
        (None, {"fields": ("movement", "agency", "award_kind", "state", "return_reason")}),
        ("Biên bản họp bình xét", {"fields": (*MEETING_FIELDS, *OPTIONAL_MEETING_FIELDS)}),
        ("Tờ trình", {"fields": LETTER_FIELDS}),
        ("Báo cáo đánh giá kết quả", {"fields": (*OPTIONAL_REPORT_FIELDS, *REPORT_FIELDS)}),
        ("Hồ sơ đã ký số", {"fields": ("signature", "signature_checked_at")}),
        (
            "Quá trình xử lý",
            {
                "fields": (
                    "created_at",
                    "submitted_by",
                    "submitted_at",
                    "reviewed_by",
                    "reviewed_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(nominee_count=Count("nominees"))

    # The proposal's history also lists its nominees' (added, votes, report, removed).
    object_history_template = "admin/awards/awardproposal/object_history.html"

    def history_entries(self, request, obj, page_obj):
        """The proposal's own entries on this page, merged in time with its nominees' entries
        of the same stretch of time (one query for every nominee's history)."""
        entries = super().history_entries(request, obj, page_obj)
        if not entries:
            return entries
        records = page_obj.object_list
        newest = records[0].history_date if page_obj.has_previous() else None
        oldest = records[-1].history_date if page_obj.has_next() else None

        def on_this_page(record):
            return (newest is None or record.history_date < newest) and (
                oldest is None or record.history_date >= oldest
            )

        nominee_records = Nominee.history.filter(proposal_id=obj.pk).select_related(
            *tracked_relations(Nominee.history.model)
        )
        nominee_entries = timeline(
            nominee_records,
            subject=lambda record: f"{Nominee._meta.verbose_name} “{record.registration}”",
            shown=on_this_page,
        )
        return sorted(
            [*entries, *nominee_entries], key=lambda e: (e.when, e.record.history_id), reverse=True
        )

    @admin.display(description="Số mô hình đề nghị", ordering="nominee_count")
    def nominee_count(self, obj):
        return obj.nominee_count

    def has_review_permission(self, request):
        return request.user.has_perm("awards.review_awardproposal")

    def changelist_view(self, request, extra_context=None):
        extra = {"award_movements": []}
        if self.has_review_permission(request):
            extra["award_movements"] = list(
                Movement.objects.filter(award_settings__award_kind__isnull=False).order_by(
                    "-year", "title"
                )
            )
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "tong-hop/<int:movement_pk>/",
                view(self.consolidated_view),
                name="awards_awardproposal_consolidated",
            ),
            path(
                "tong-hop/<int:movement_pk>/excel/",
                view(self.excel_view),
                name="awards_awardproposal_excel",
            ),
            path(
                "tong-hop/<int:movement_pk>/to-trinh/",
                view(self.letter_view),
                name="awards_awardproposal_letter",
            ),
            path(
                "tong-hop/<int:movement_pk>/quyet-dinh/",
                view(self.decision_view),
                name="awards_awardproposal_decision",
            ),
            path(
                "<int:pk>/ho-so.pdf", view(self.dossier_view), name="awards_awardproposal_dossier"
            ),
            path(
                "<int:pk>/ho-so-ky-so.pdf",
                view(self.signed_dossier_view),
                name="awards_awardproposal_signed_dossier",
            ),
            path(
                "<int:pk>/ho-so.docx",
                view(self.dossier_view),
                {"fmt": "docx"},
                name="awards_awardproposal_dossier_docx",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Hồ sơ")
    def dossier_link(self, obj):
        url = reverse("admin:awards_awardproposal_dossier", args=[obj.pk])
        docx = reverse("admin:awards_awardproposal_dossier_docx", args=[obj.pk])
        return format_html('<a href="{}">Tải PDF</a> · <a href="{}">DOCX</a>', url, docx)

    def dossier_view(self, request, pk, fmt="pdf"):
        """Reviewers download any agency's dossier; agencies use their own pages."""
        if not self.has_review_permission(request):
            raise PermissionDenied
        proposal = get_object_or_404(
            AwardProposal.objects.select_related("movement", "agency", "award_kind"), pk=pk
        )
        return document_response(
            fmt,
            lambda: dossier_for_download(proposal, request=request),
            lambda: dossier_docx(proposal, request=request),
            f"ho-so-khen-thuong-{proposal.agency.code}-{proposal.movement.year}",
        )

    @admin.display(description="Hồ sơ ký số")
    def signature(self, obj):
        """“Đã ký số bởi … lúc …”, linked to the signed file the agency's leader uploaded."""
        label = signature_label(obj)
        if not label:
            return "Chưa có bản ký số"
        url = reverse("admin:awards_awardproposal_signed_dossier", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, label)

    def signed_dossier_view(self, request, pk):
        if not self.has_review_permission(request):
            raise PermissionDenied
        proposal = get_object_or_404(
            AwardProposal.objects.select_related("movement", "agency"), pk=pk
        )
        return signed_dossier_response(proposal)

    # Bulk return

    @admin.action(description="Trả lại các đề nghị đã chọn (kèm lý do)", permissions=["review"])
    def return_selected(self, request, queryset):
        def perform(rows, reason):
            services.return_proposals(proposals=rows, by=request.user, reason=reason)
            return f"Đã trả lại {len(rows)} đề nghị khen thưởng kèm lý do."

        return self.confirm_review(
            request,
            list(queryset.select_related("agency", "movement").order_by("agency__name", "pk")),
            decision=RETURN,
            perform=perform,
            waiting_states=(ProposalState.SUBMITTED,),
            action_name="return_selected",
            cancel_url=reverse("admin:awards_awardproposal_changelist"),
        )

    review_noun = "đề nghị khen thưởng"
    review_waiting_label = "đã gửi"

    def review_line(self, row):
        return (
            f"{row.agency.name} — {row.movement.title} ({row.get_state_display()}, "
            f"{row.nominee_count} mô hình)"
        )

    # The province's consolidated list

    def _movement(self, request, movement_pk, *, perm=None):
        if not self.has_review_permission(request) or (perm and not request.user.has_perm(perm)):
            raise PermissionDenied
        return get_object_or_404(Movement, pk=movement_pk)

    def _context(self, request, movement, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "movement": movement,
            **extra,
        }

    def consolidated_view(self, request, movement_pk):
        movement = self._movement(request, movement_pk)
        sections = awardee_sections(movement)
        states = dict(
            AwardProposal.objects.filter(movement=movement)
            .values_list("state")
            .annotate(n=Count("pk"))
            .order_by()
        )
        context = self._context(
            request,
            movement,
            title=f"Danh sách đề nghị khen thưởng: {movement}",
            sections=sections,
            total=sum(len(s.rows) for s in sections),
            submitted_count=states.get(ProposalState.SUBMITTED, 0),
            decided_count=states.get(ProposalState.DECIDED, 0),
            pending_count=states.get(ProposalState.DRAFT, 0)
            + states.get(ProposalState.RETURNED, 0),
            none_count=agencies_without_proposal(movement).count(),
            tracker_url=reverse("admin:movements_movement_tracker", args=[movement.pk]),
            can_decide=request.user.has_perm("awards.add_awarddecision"),
        )
        return TemplateResponse(request, "admin/awards/awardproposal/consolidated.html", context)

    def excel_view(self, request, movement_pk):
        movement = self._movement(request, movement_pk)
        filename = f"danh-sach-de-nghi-khen-thuong-{movement.year}-{movement.pk}.xlsx"
        return xlsx_response(awardees_workbook(movement), filename)

    def letter_view(self, request, movement_pk):
        movement = self._movement(request, movement_pk)
        initial = {
            "legal_bases": "\n".join(default_legal_bases(movement)),
            "symbol": coordinator_symbol("TTr"),
        }
        form = ProvincialLetterForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            if not proposed_awardees(movement=movement).exists():
                form.add_error(
                    None,
                    "Chưa có đề nghị khen thưởng nào được gửi trong phong trào này; "
                    "chưa thể lập tờ trình.",
                )
            else:
                # The second button of the form asks for the DOCX copy of the same letter.
                return document_response(
                    request.POST.get("fmt", "pdf"),
                    lambda: provincial_letter_pdf(movement, **form.letter_fields()),
                    lambda: provincial_letter_docx(movement, **form.letter_fields()),
                    f"to-trinh-de-nghi-khen-thuong-{movement.year}",
                )
        context = self._context(
            request, movement, title=f"Lập tờ trình đề nghị khen thưởng: {movement}", form=form
        )
        return TemplateResponse(request, "admin/awards/awardproposal/letter_form.html", context)

    def decision_view(self, request, movement_pk):
        movement = self._movement(request, movement_pk, perm="awards.add_awarddecision")
        form = DecisionForm(
            request.POST or None,
            movement=movement,
            initial={"award_kind": award_settings_for(movement).award_kind_id},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.record_decision(
                    movement=movement,
                    award_kind=data["award_kind"],
                    number=data["number"],
                    decided_on=data["decided_on"],
                    signer=data["signer"],
                    nominees=list(data["nominees"]),
                    by=request.user,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                self.message_user(
                    request,
                    f"Đã ghi nhận {decision}: {decision.awarded.count()} tập thể, cá nhân "
                    "được khen thưởng.",
                    messages.SUCCESS,
                )
                return redirect("admin:awards_awardproposal_consolidated", movement.pk)
        candidates = list(
            proposed_awardees(movement=movement).filter(
                decision__isnull=True,
                proposal__state__in=(ProposalState.SUBMITTED, ProposalState.DECIDED),
            )
        )
        chosen = {str(pk) for pk in form["nominees"].value() or []}
        context = self._context(
            request,
            movement,
            title=f"Ghi nhận quyết định khen thưởng: {movement}",
            form=form,
            candidates=candidates,
            chosen=chosen,
        )
        return TemplateResponse(request, "admin/awards/awardproposal/decision_form.html", context)


@admin.register(AwardDecision)
class AwardDecisionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    """Decisions are recorded from the consolidated list (one form per movement), never typed
    in here, so the awarded nominees and their proposals change together."""

    list_display = (
        "number",
        "decided_on",
        "award_kind",
        "movement",
        "awarded_count",
        "signer",
        "recorded_by",
    )
    list_filter = ("movement", "award_kind")
    search_fields = ("number",)
    list_select_related = ("movement", "award_kind", "recorded_by")
    date_hierarchy = "decided_on"
    fields = (
        "movement",
        "award_kind",
        "number",
        "decided_on",
        "signer",
        "awarded_list",
        "recorded_by",
        "recorded_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(awarded_count=Count("awarded"))

    @admin.display(description="Số được khen thưởng", ordering="awarded_count")
    def awarded_count(self, obj):
        return obj.awarded_count

    @admin.display(description="Tập thể, cá nhân được khen thưởng")
    def awarded_list(self, obj):
        nominees = obj.awarded.select_related("registration", "proposal__agency").order_by(
            "registration__carrier", "proposal__agency__name", "position"
        )
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} – {} ({})</li>",
                (
                    (n.registration.carrier_name, n.registration.name, n.proposal.agency.name)
                    for n in nominees
                ),
            ),
        )

    def changelist_view(self, request, extra_context=None):
        movements = []
        if request.user.has_perm("awards.review_awardproposal") and request.user.has_perm(
            "awards.add_awarddecision"
        ):
            movements = [
                (m, reverse("admin:awards_awardproposal_decision", args=[m.pk]))
                for m in Movement.objects.filter(award_settings__award_kind__isnull=False).order_by(
                    "-year"
                )
            ]
        return super().changelist_view(
            request, {"decision_links": movements, **(extra_context or {})}
        )
