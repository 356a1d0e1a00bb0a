"""Criteria sheets, their Excel import/export, and classification bands in the admin."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm

from portal.admin_history import HistoryAdmin
from portal.admin_imports import ExcelImportExportMixin, ExcelImportForm

from ..models import (
    Band,
    BandScheme,
    CriteriaSet,
    Criterion,
    CriterionKind,
)
from ..resources import CriterionResource, points_text
from ..rules import band_scheme_is_frozen, criteria_set_is_frozen, with_frozen_flag
from ..selectors import criteria_tree
from ..services import (
    check_set_editable,
    copy_criteria_set,
    validate_tree,
)


def _tree_problems(criteria_set):
    """validate_tree's messages (an empty list when the sums hold); refreshes the leaves."""
    try:
        validate_tree(criteria_set)
    except ValidationError as error:
        return error.messages
    return []


# Criteria sets


class CriteriaSetForm(forms.ModelForm):
    class Meta:
        model = CriteriaSet
        fields = (
            "title",
            "code",
            "issuer",
            "issued_on",
            "province",
            "year_from",
            "year_to",
            "max_total",
            "version",
            "is_sample",
        )

    def clean(self):
        cleaned = super().clean()
        # A set a finalised scorecard was appraised against is frozen (copy it instead).
        check_set_editable(self.instance)
        return cleaned


@admin.register(CriteriaSet)
class CriteriaSetAdmin(HistoryAdmin):
    form = CriteriaSetForm
    list_display = (
        "title",
        "code",
        "province",
        "years",
        "version",
        "max_total",
        "is_sample",
        "in_use",
    )
    list_filter = ("province", "year_from", "is_sample")
    search_fields = ("title", "code", "province", "issuer")
    list_per_page = 50
    readonly_fields = ("based_on", "tree")
    actions = ["copy_as_new_version"]
    fieldsets = (
        (None, {"fields": ("title", "code", "issuer", "issued_on", "is_sample")}),
        (
            "Phạm vi áp dụng",
            {"fields": ("province", "year_from", "year_to", "max_total", "version", "based_on")},
        ),
        ("Cây tiêu chí", {"fields": ("tree",)}),
    )

    def get_queryset(self, request):
        return with_frozen_flag(super().get_queryset(request))

    @admin.display(description="Năm áp dụng", ordering="year_from")
    def years(self, obj):
        if obj.year_to and obj.year_to != obj.year_from:
            return f"{obj.year_from}–{obj.year_to}"
        return f"{obj.year_from}" if obj.year_to else f"Từ {obj.year_from}"

    @admin.display(description="Đã khoá (đã có bản chấm gửi đi)", boolean=True, ordering="frozen")
    def in_use(self, obj):
        flag = getattr(obj, "frozen", None)
        return criteria_set_is_frozen(obj) if flag is None else flag

    @admin.display(description="Các tiêu chí và điểm tối đa")
    def tree(self, obj):
        if obj is None or obj.pk is None:
            return "Lưu bộ tiêu chí trước, rồi nhập các tiêu chí từ Excel ở trang “Tiêu chí”."
        criteria = criteria_tree(obj)
        if not criteria:
            return "Bộ tiêu chí chưa có tiêu chí nào. Nhập từ Excel ở trang “Tiêu chí”."
        rows = format_html_join(
            "",
            '<tr><td style="padding-left:{}em">{}</td><td>{}</td><td>{}</td>'
            '<td style="text-align:right">{}</td><td>{}</td></tr>',
            (
                (
                    0.5 + 1.5 * criterion.depth,
                    format_html("<strong>{}</strong>", criterion.code)
                    if criterion.parent_id is None
                    else criterion.code,
                    criterion.text,
                    criterion.get_kind_display(),
                    points_text(criterion.max_points),
                    "Có" if criterion.evidence_required else "",
                )
                for criterion in criteria
            ),
        )
        counted = sum(
            (
                c.max_points
                for c in criteria
                if c.parent_id is None and c.kind != CriterionKind.DEDUCTION
            ),
            Decimal("0"),
        )
        return format_html(
            "<table><thead><tr><th>Mã</th><th>Nội dung tiêu chí</th><th>Loại</th>"
            "<th>Điểm tối đa</th><th>Minh chứng</th></tr></thead><tbody>{}</tbody>"
            '<tfoot><tr><td></td><td colspan="2">Tổng các nhóm chấm điểm và điểm thưởng '
            '(không tính điểm trừ)</td><td style="text-align:right"><strong>{}</strong>'
            "</td><td></td></tr></tfoot></table>",
            rows,
            points_text(counted),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Issue 3: "A group's maximum is the sum of its children's, checked when a set is saved".
        problems = _tree_problems(form.instance)
        if problems:
            messages.error(
                request,
                "Cây tiêu chí chưa khớp điểm, cần sửa trước khi dùng để chấm: "
                + " ".join(problems),
            )

    @admin.action(description="Tạo phiên bản mới (sao chép)", permissions=["add"])
    def copy_as_new_version(self, request, queryset):
        for criteria_set in queryset:
            copy = copy_criteria_set(criteria_set=criteria_set, by=request.user)
            url = reverse("admin:scoring_criteriaset_change", args=[copy.pk])
            self.message_user(
                request,
                format_html(
                    'Đã tạo <a href="{}">{} (phiên bản {})</a>, sao chép từ phiên bản {}. '
                    "Phiên bản cũ giữ nguyên.",
                    url,
                    copy.title,
                    copy.version,
                    criteria_set.version,
                ),
                messages.SUCCESS,
            )


# Criteria


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = (
            "criteria_set",
            "parent",
            "code",
            "text",
            "max_points",
            "kind",
            "guidance",
            "evidence_required",
            "scored_by_superior",
            "position",
        )

    def clean(self):
        cleaned = super().clean()
        criteria_set = cleaned.get("criteria_set")
        errors = []
        sets = {s for s in (criteria_set,) if s is not None}
        if self.instance.pk and self.instance.criteria_set_id:
            sets.add(self.instance.criteria_set)  # moving out of a frozen set changes it too
        for each in sets:
            try:
                check_set_editable(each)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        parent = cleaned.get("parent")
        if parent is not None and criteria_set is not None:
            if parent.criteria_set_id != criteria_set.pk:
                self.add_error("parent", "Nhóm cha phải thuộc cùng bộ tiêu chí.")
            elif self.instance.pk:
                ancestor = parent
                while ancestor is not None:
                    if ancestor.pk == self.instance.pk:
                        self.add_error(
                            "parent", "Không thể chọn chính tiêu chí này hoặc tiêu chí con của nó."
                        )
                        break
                    ancestor = ancestor.parent
        return cleaned


class CriterionImportForm(ExcelImportForm):
    criteria_set = forms.ModelChoiceField(
        queryset=CriteriaSet.objects.all(),
        label="Bộ tiêu chí",
        help_text="Các dòng trong tệp được nhập vào bộ tiêu chí này; mã đã có thì được cập nhật. "
        "Nhóm cha phải nằm ở dòng phía trên nhóm con.",
    )

    def clean_criteria_set(self):
        criteria_set = self.cleaned_data["criteria_set"]
        check_set_editable(criteria_set)
        return criteria_set


class CriterionConfirmImportForm(ConfirmImportForm):
    """Carries the chosen criteria set from the preview to the confirmed import."""

    criteria_set = forms.ModelChoiceField(
        queryset=CriteriaSet.objects.all(), widget=forms.HiddenInput
    )


@admin.register(Criterion)
class CriterionAdmin(ExcelImportExportMixin, ImportExportMixin, admin.ModelAdmin):
    form = CriterionForm
    resource_classes = [CriterionResource]
    import_form_class = CriterionImportForm
    confirm_form_class = CriterionConfirmImportForm
    list_display = (
        "code",
        "short_text",
        "criteria_set",
        "kind",
        "max_points",
        "evidence_required",
        "scored_by_superior",
        "is_leaf",
    )
    list_display_links = ("code", "short_text")
    list_filter = ("criteria_set", "kind", "is_leaf")
    search_fields = ("code", "text", "guidance")
    list_select_related = ("criteria_set",)
    list_per_page = 100
    readonly_fields = ("is_leaf",)
    fields = (
        "criteria_set",
        "parent",
        "code",
        "text",
        "max_points",
        "kind",
        "guidance",
        "evidence_required",
        "scored_by_superior",
        "position",
        "is_leaf",
    )

    @admin.display(description="Nội dung tiêu chí", ordering="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:119] + "…"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "parent" in form.base_fields:
            # Only groups of the same sheet make sense as the parent.
            form.base_fields["parent"].queryset = Criterion.objects.filter(
                criteria_set_id=obj.criteria_set_id
            ).exclude(pk=obj.pk)
        return form

    def has_delete_permission(self, request, obj=None):
        if obj is not None and criteria_set_is_frozen(obj.criteria_set):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._check_tree(request, obj.criteria_set)

    def delete_model(self, request, obj):
        criteria_set = obj.criteria_set
        super().delete_model(request, obj)
        self._check_tree(request, criteria_set)

    def delete_queryset(self, request, queryset):
        sets = list(CriteriaSet.objects.filter(pk__in=queryset.values("criteria_set")))
        for criteria_set in sets:
            try:
                check_set_editable(criteria_set)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return
        super().delete_queryset(request, queryset)
        for criteria_set in sets:
            self._check_tree(request, criteria_set)

    def _check_tree(self, request, criteria_set):
        # Also refreshes which criteria are leaves (a new child turns its group into a group).
        problems = _tree_problems(criteria_set)
        if problems:
            self.message_user(
                request,
                f"Bộ tiêu chí “{criteria_set}” chưa khớp điểm: " + " ".join(problems),
                messages.WARNING,
            )

    # Import and export

    def get_import_resource_kwargs(self, request, **kwargs):
        # The GET of the import page passes an unbound form, which has no cleaned_data.
        cleaned = getattr(kwargs.get("form"), "cleaned_data", None) or {}
        return {"criteria_set": cleaned.get("criteria_set")}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["criteria_set"] = import_form.cleaned_data["criteria_set"].pk
        return initial

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("parent")


# Classification bands


class BandInline(admin.TabularInline):
    model = Band
    fields = ("name", "min_total", "rank")
    extra = 0
    ordering = ("rank",)


@admin.register(BandScheme)
class BandSchemeAdmin(HistoryAdmin):
    list_display = ("name", "bands_summary")
    search_fields = ("name",)
    inlines = [BandInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bands")

    def has_change_permission(self, request, obj=None):
        # Bands that classified a finalised scorecard are on record: read-only from then on.
        if obj is not None and band_scheme_is_frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and band_scheme_is_frozen(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="Các mức xếp loại")
    def bands_summary(self, obj):
        bands = sorted(obj.bands.all(), key=lambda b: b.rank)
        return "; ".join(f"{b.name} từ {points_text(b.min_total)} điểm" for b in bands)
