"""Targets of a movement (seed 003: “100% đơn vị … 80% đạt tiêu chí ‘Dân vận khéo’”), each
saying how its fact is read from what the portal holds; the dashboard owns no other rule."""

from django.core.exceptions import ValidationError
from django.db import models

from movements.models import Deadline, DeadlineKind, Movement
from reports.models import Indicator
from scoring.models import Band


class FactKind(models.TextChoices):
    PLAN_ON_TIME = "plan_on_time", "Tỷ lệ đơn vị gửi kế hoạch đúng hạn"
    REPORT_SENT = "report_sent", "Tỷ lệ đơn vị đã gửi báo cáo theo thời hạn"
    BAND_REACHED = "band_reached", "Tỷ lệ đơn vị được thẩm định đạt từ mức xếp loại"
    REPORT_FIGURE = "report_figure", "Giá trị chỉ số báo cáo (tổng các báo cáo đã gửi)"
    MANUAL = "manual", "Nhập tay (ghi rõ nguồn số liệu)"


# Facts that are a share of agencies: their target is a percentage.
SHARE_FACTS = (FactKind.PLAN_ON_TIME, FactKind.REPORT_SENT, FactKind.BAND_REACHED)


class ValueKind(models.TextChoices):
    SHARE = "share", "Tỷ lệ (%)"
    NUMBER = "number", "Số lượng"


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", "Từ (≥)"
    MORE_THAN = "more_than", "Trên (>)"


class Target(models.Model):
    """One target of a movement against the fact it is measured by."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="targets", verbose_name="Phong trào"
    )
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)
    name = models.CharField(
        "Chỉ tiêu",
        max_length=400,
        help_text="Ví dụ: 100% đơn vị quán triệt kế hoạch, đưa vào chương trình công tác năm.",
    )
    fact_kind = models.CharField("Cách tính thực tế", max_length=20, choices=FactKind.choices)
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Thời hạn",
        help_text="Kế hoạch: để trống là thời hạn gửi kế hoạch đầu tiên. Báo cáo: bắt buộc.",
    )
    band = models.ForeignKey(
        Band,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Đạt từ mức xếp loại",
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Chỉ số báo cáo",
    )
    target_value = models.DecimalField("Giá trị chỉ tiêu", max_digits=14, decimal_places=2)
    value_kind = models.CharField(
        "Chỉ tiêu là", max_length=10, choices=ValueKind.choices, default=ValueKind.SHARE
    )
    comparison = models.CharField(
        "So sánh", max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    manual_value = models.DecimalField(
        "Giá trị thực tế (nhập tay)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(
        "Nguồn số liệu",
        max_length=400,
        blank=True,
        help_text="Bắt buộc khi nhập tay. Ví dụ: Báo cáo số 45/BC-SNV ngày 05/12/2026.",
    )

    class Meta:
        ordering = ["movement", "position", "pk"]
        verbose_name = "Chỉ tiêu"
        verbose_name_plural = "Chỉ tiêu"
        permissions = [("view_dashboard", "Xem bảng điều khiển chỉ tiêu và thực tế")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_value__gte=0),
                name="target_value_not_negative",
                violation_error_message="Giá trị chỉ tiêu không được âm.",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        kind = self.fact_kind
        if kind in SHARE_FACTS and self.value_kind != ValueKind.SHARE:
            errors["value_kind"] = "Cách tính này cho ra tỷ lệ đơn vị: chỉ tiêu phải là tỷ lệ (%)."
        share = self.value_kind == ValueKind.SHARE
        if share and self.target_value is not None and self.target_value > 100:
            errors["target_value"] = "Tỷ lệ không được vượt quá 100%."
        if kind == FactKind.REPORT_SENT and self.deadline_id is None:
            errors["deadline"] = "Chọn thời hạn báo cáo mà chỉ tiêu theo dõi."
        if kind == FactKind.BAND_REACHED and self.band_id is None:
            errors["band"] = "Chọn mức xếp loại cần đạt."
        if kind == FactKind.REPORT_FIGURE and self.indicator_id is None:
            errors["indicator"] = "Chọn chỉ số báo cáo."
        if kind == FactKind.MANUAL:
            if self.manual_value is None:
                errors["manual_value"] = "Nhập giá trị thực tế."
            if not self.source.strip():
                errors["source"] = "Ghi rõ nguồn số liệu nhập tay."
        wanted = {
            FactKind.PLAN_ON_TIME: DeadlineKind.PLAN,
            FactKind.REPORT_SENT: DeadlineKind.REPORT,
        }
        if self.deadline_id and "deadline" not in errors:
            deadline = self.deadline
            if kind in wanted and deadline.kind != wanted[kind]:
                errors["deadline"] = f"Chọn thời hạn loại “{DeadlineKind(wanted[kind]).label}”."
            elif self.movement_id and deadline.movement_id != self.movement_id:
                errors["deadline"] = "Thời hạn thuộc phong trào khác."
        indicator_checked = self.indicator_id and self.movement_id and "indicator" not in errors
        if indicator_checked and self.indicator.movement_id != self.movement_id:
            errors["indicator"] = "Chỉ số báo cáo thuộc phong trào khác."
        if errors:
            raise ValidationError(errors)

    @property
    def is_share(self) -> bool:
        return self.value_kind == ValueKind.SHARE
