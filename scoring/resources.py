"""A criteria sheet to and from Excel: one row per criterion, parents above their children.

The sheet a province publishes becomes data: the reviewer picks the criteria set on the import
form, every row is created (or, for a code the set already has, updated) in file order, and the
whole tree is checked at the end (scoring.services.validate_tree). One bad row, or sums that do
not add up, and nothing is saved. The export writes the same columns, so it imports back.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from import_export import fields, results, widgets

from portal.excel import excel_row
from portal.import_widgets import LabelChoiceWidget, YesNoWidget
from portal.resources import ModelResource

from .models import Criterion, CriterionKind
from .services import check_set_editable, validate_tree

CODE = "Mã tiêu chí"
PARENT = "Mã nhóm cha"
TEXT = "Nội dung tiêu chí"
MAX_POINTS = "Điểm tối đa"
KIND = "Loại"
GUIDANCE = "Hướng dẫn chấm"
EVIDENCE = "Bắt buộc minh chứng"
HEADERS = [CODE, PARENT, TEXT, MAX_POINTS, KIND, GUIDANCE, EVIDENCE]

# Criterion.max_points is DecimalField(max_digits=6, decimal_places=2).
POINTS_LIMIT = Decimal("10000")
HUNDREDTH = Decimal("0.01")


def _text(value):
    return "" if value is None else str(value).strip()


def _code(value):
    """A code cell: "1.2.a" as text; a number typed as 2 or 2.0 reads "2", 1.2 reads "1.2"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _text(value)


def points_text(value):
    """7.50 → "7,5"; 10.00 → "10" (Vietnamese decimal comma, as the sheets are written)."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class ImportRefused(Exception):
    """A refusal of the whole file, addressed to the reviewer (not a programming error)."""


class ReviewerError(results.Error):
    """An import error as the admin lists it: a refusal shows its message, no stack trace."""

    @cached_property
    def traceback(self):
        if isinstance(self.error, ImportRefused):
            return ""
        return super().traceback


class CodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return _code(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PointsWidget(widgets.Widget):
    """Points as typed in a Vietnamese sheet ("7,5") or elsewhere ("7.5"), or a number cell."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(f"{MAX_POINTS} “{value}” không phải là số.")
        if isinstance(value, int | float | Decimal):
            raw = str(value)
        else:
            raw = _text(value).replace(" ", "").replace(",", ".")
        if raw == "":
            raise ValueError(f"Thiếu {MAX_POINTS.lower()}.")
        try:
            points = Decimal(raw)
        except InvalidOperation:
            raise ValueError(f"{MAX_POINTS} “{_text(value)}” không phải là số.") from None
        if not points.is_finite():
            raise ValueError(f"{MAX_POINTS} “{_text(value)}” không phải là số.")
        if points < 0:
            raise ValueError(
                f"{MAX_POINTS} không được âm (với điểm trừ, ghi số điểm trừ tối đa là số dương)."
            )
        if points != points.quantize(HUNDREDTH):
            raise ValueError(f"{MAX_POINTS} chỉ lấy tối đa 2 chữ số thập phân.")
        if points >= POINTS_LIMIT:
            raise ValueError(f"{MAX_POINTS} phải nhỏ hơn {POINTS_LIMIT}.")
        return points.quantize(HUNDREDTH)

    def render(self, value, obj=None, **kwargs):
        return points_text(value)


class KindWidget(LabelChoiceWidget):
    """The kind by its Vietnamese label; a blank cell takes the kind of the row's group."""

    def clean(self, value, row=None, **kwargs):
        if _text(value) == "":
            return None
        return super().clean(value, row, **kwargs)


class EvidenceWidget(YesNoWidget):
    """“Có” / “Không”; a blank cell means no evidence is required."""

    def clean(self, value, row=None, **kwargs):
        if _text(value) == "":
            return False
        return super().clean(value, row, **kwargs)


class CriterionResource(ModelResource):
    sheet_title = "Bộ tiêu chí"
    code = fields.Field(attribute="code", column_name=CODE, widget=CodeWidget())
    parent_code = fields.Field(column_name=PARENT)
    text = fields.Field(attribute="text", column_name=TEXT, widget=widgets.CharWidget())
    max_points = fields.Field(attribute="max_points", column_name=MAX_POINTS, widget=PointsWidget())
    kind = fields.Field(
        attribute="kind",
        column_name=KIND,
        widget=KindWidget(CriterionKind.choices, what=KIND),
    )
    guidance = fields.Field(
        attribute="guidance", column_name=GUIDANCE, widget=widgets.CharWidget(allow_blank=True)
    )
    evidence_required = fields.Field(
        attribute="evidence_required", column_name=EVIDENCE, widget=EvidenceWidget()
    )

    class Meta:
        model = Criterion
        fields = (
            "code",
            "parent_code",
            "text",
            "max_points",
            "kind",
            "guidance",
            "evidence_required",
        )
        export_order = fields
        import_id_fields = ("code",)
        # Row by row: a row's parent may be the row saved just above it.
        use_bulk = False

    def __init__(self, criteria_set=None, **kwargs):
        super().__init__(**kwargs)
        self.criteria_set = criteria_set

    def get_error_result_class(self):
        return ReviewerError

    # Export

    def dehydrate_parent_code(self, criterion):
        return criterion.parent.code if criterion.parent_id else ""

    def get_queryset(self):
        return super().get_queryset().select_related("parent")

    # Import

    def before_import(self, dataset, **kwargs):
        self._seen_codes = {}
        refusal = None
        if self.criteria_set is None:
            refusal = "Chưa chọn bộ tiêu chí để nhập."
        else:
            try:
                check_set_editable(self.criteria_set)
            except ValidationError as error:
                refusal = " ".join(error.messages)
        if refusal:
            # Refused as a whole: no row is read, so no row error hides the reason.
            del dataset[0 : len(dataset)]
            raise ImportRefused(refusal)

    def get_instance(self, instance_loader, row):
        code = _code(row.get(CODE))
        if self.criteria_set is None or not code:
            return None
        return Criterion.objects.filter(criteria_set=self.criteria_set, code=code).first()

    def import_instance(self, instance, row, **kwargs):
        """Every cell is read; the row's problems come back together, named by their column."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            columns = {f.attribute: f.column_name for f in self.get_import_fields()}
            for attribute, messages in error.message_dict.items():
                errors[columns.get(attribute, attribute)] = messages
        row_number = kwargs.get("row_number")
        code = _code(row.get(CODE))
        code_length = Criterion._meta.get_field("code").max_length
        if len(code) > code_length:
            errors.setdefault(CODE, []).append(f"Mã tiêu chí “{code}” dài quá {code_length} ký tự.")
        elif code:
            if code in self._seen_codes:
                errors.setdefault(CODE, []).append(
                    f"Mã tiêu chí “{code}” bị trùng với dòng {self._seen_codes[code]} trong tệp."
                )
            else:
                self._seen_codes[code] = excel_row(row_number)
        else:
            errors.setdefault(CODE, []).append("Thiếu mã tiêu chí.")
        if not _text(row.get(TEXT)):
            errors.setdefault(TEXT, []).append("Thiếu nội dung tiêu chí.")
        parent, problem = self._parent_for(instance, code, _code(row.get(PARENT)))
        if problem:
            errors.setdefault(PARENT, []).append(problem)
        if errors:
            raise ValidationError(errors)
        instance.criteria_set = self.criteria_set
        instance.parent = parent
        if instance.kind is None:
            instance.kind = parent.kind if parent else CriterionKind.ORDINARY
        # Rows are the sheet's reading order.
        instance.position = row_number

    def _parent_for(self, instance, code, parent_code):
        """The group above the row: already in the set, or saved from a row above in the file."""
        if not parent_code:
            return None, None
        if parent_code == code:
            return None, f"Tiêu chí “{code}” không thể là nhóm cha của chính nó."
        parent = (
            Criterion.objects.filter(criteria_set=self.criteria_set, code=parent_code)
            .select_related("parent")
            .first()
        )
        if parent is None:
            return None, (
                f"Không có nhóm cha mã “{parent_code}”: nhóm cha phải nằm ở dòng phía trên "
                "trong tệp hoặc đã có trong bộ tiêu chí."
            )
        if instance.pk:
            # Updating an existing criterion: its new parent may not sit below it.
            ancestor = parent
            while ancestor is not None:
                if ancestor.pk == instance.pk:
                    return None, (
                        f"Nhóm cha “{parent_code}” đang thuộc tiêu chí “{code}”: "
                        "cây tiêu chí không thể quay vòng."
                    )
                ancestor = ancestor.parent
        return parent, None

    def after_import(self, dataset, result, **kwargs):
        """The tree as a whole: group maxima are the sums of their children, and the set's
        maximum the sum of its scoring and bonus groups. Wrong sums refuse the whole file."""
        if result.has_errors() or result.has_validation_errors():
            return  # the rows' own errors come first; the sums would only repeat them
        try:
            validate_tree(self.criteria_set)
        except ValidationError as error:
            result.append_base_error(
                ReviewerError(
                    ImportRefused(
                        "Cây tiêu chí sau khi nhập không hợp lệ, không dòng nào được nhập."
                    )
                )
            )
            for message in error.messages:
                result.append_base_error(ReviewerError(ImportRefused(message)))
