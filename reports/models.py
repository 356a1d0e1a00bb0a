"""What agencies send between registration and awards: their yearly plan (kế hoạch) and their
periodic reports (báo cáo 6 tháng, 9 tháng, năm, đột xuất), each answering one deadline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from movements.models import Deadline, Movement
from portal.models import Agency, ReviewTrail


class ContentArea(models.Model):
    """A content area of the year's work (seed 002 lists eight); plans and reports follow them."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="content_areas", verbose_name="Phong trào"
    )
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)
    name = models.CharField("Nội dung công tác", max_length=400)

    class Meta:
        ordering = ["movement", "position", "pk"]
        verbose_name = "Nội dung công tác"
        verbose_name_plural = "Nội dung công tác"

    def __str__(self):
        return self.name


class IndicatorKind(models.TextChoices):
    NUMBER = "number", "Số lượng"
    PERCENT = "percent", "Tỷ lệ (%)"


class Indicator(models.Model):
    """A figure the movement asks every report for (“số cuộc đối thoại trực tiếp với Nhân dân”).

    Numbers are summed over agencies; percentages are averaged.
    """

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="indicators", verbose_name="Phong trào"
    )
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)
    name = models.CharField("Tên chỉ số", max_length=300)
    kind = models.CharField(
        "Loại", max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.NUMBER
    )
    unit = models.CharField("Đơn vị tính", max_length=40, blank=True, help_text="Ví dụ: cuộc, đơn")

    class Meta:
        ordering = ["movement", "position", "pk"]
        verbose_name = "Chỉ số báo cáo"
        verbose_name_plural = "Chỉ số báo cáo"

    def __str__(self):
        return f"{self.name} ({self.unit_label})" if self.unit_label else self.name

    @property
    def unit_label(self):
        return "%" if self.kind == IndicatorKind.PERCENT else self.unit


class State(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    RESUBMITTED = "resubmitted", "Đã gửi lại"
    ACCEPTED = "accepted", "Đã tiếp nhận"


EDITABLE_STATES = (State.DRAFT, State.RETURNED)
AWAITING_REVIEW_STATES = (State.SUBMITTED, State.RESUBMITTED)
SENT_STATES = (State.SUBMITTED, State.RESUBMITTED, State.ACCEPTED, State.RETURNED)


def scan_path(instance, filename):
    return f"van-ban-ky/{instance._meta.model_name}/{instance.agency_id}/{filename}"


class Submission(ReviewTrail):
    """One agency's answer to one deadline, sent through the shared workflow."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, related_name="+", verbose_name="Thời hạn"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="Cơ quan, đơn vị"
    )
    number = models.CharField(
        "Số, ký hiệu", max_length=60, blank=True, help_text="Ví dụ: 12/KH-UBND"
    )
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)
    signed_scan = models.FileField(
        "Bản scan có chữ ký (PDF)", upload_to=scan_path, blank=True, max_length=255
    )
    state = models.CharField(
        "Trạng thái", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Người tạo",
    )
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("Cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True

    @property
    def movement(self):
        return self.deadline.movement

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES


class Plan(Submission):
    """An agency's yearly plan (seed 002: communes send theirs before 10/3/2026)."""

    title = models.CharField("Trích yếu", max_length=400, blank=True)
    targets = models.TextField("Chỉ tiêu đơn vị đăng ký thực hiện", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "agency__name"]
        verbose_name = "Kế hoạch của đơn vị"
        verbose_name_plural = "Kế hoạch của đơn vị"
        permissions = [
            ("submit_plan", "Gửi, gửi lại kế hoạch"),
            ("review_plan", "Tiếp nhận, trả lại kế hoạch"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "agency"],
                name="plan_one_per_agency_and_deadline",
                violation_error_message="Đơn vị đã có kế hoạch cho thời hạn này.",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="plan_return_has_reason",
                violation_error_message="Trả lại kế hoạch phải nêu lý do.",
            ),
        ]

    def __str__(self):
        return self.title or f"Kế hoạch của {self.agency}"


class PlanTask(models.Model):
    """One task of a plan (seed 004): what, who directs, who advises and carries it out, when."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="Kế hoạch"
    )
    area = models.ForeignKey(
        ContentArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Nội dung công tác",
    )
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)
    task = models.TextField("Nhiệm vụ")
    directs = models.CharField("Chỉ đạo", max_length=255, blank=True)
    carries_out = models.CharField("Tham mưu thực hiện", max_length=255, blank=True)
    timing = models.CharField(
        "Thời gian thực hiện",
        max_length=120,
        blank=True,
        help_text="Ví dụ: Quý I/2026; Thường xuyên",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = "Nhiệm vụ của kế hoạch"
        verbose_name_plural = "Nhiệm vụ của kế hoạch"

    def __str__(self):
        return self.task[:80]


class Report(Submission):
    """A periodic report answering a report deadline (6 tháng, 9 tháng, năm, đột xuất)."""

    difficulties = models.TextField("Khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("Đề xuất, kiến nghị", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "agency__name"]
        verbose_name = "Báo cáo định kỳ"
        verbose_name_plural = "Báo cáo định kỳ"
        permissions = [
            ("submit_report", "Gửi, gửi lại báo cáo"),
            ("review_report", "Tiếp nhận, trả lại báo cáo"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "agency"],
                name="report_one_per_agency_and_deadline",
                violation_error_message="Đơn vị đã có báo cáo cho thời hạn này.",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="report_return_has_reason",
                violation_error_message="Trả lại báo cáo phải nêu lý do.",
            ),
        ]

    def __str__(self):
        return f"{self.deadline.title} — {self.agency}"


class ReportSection(models.Model):
    """The results of one content area, in the agency's words."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="sections", verbose_name="Báo cáo"
    )
    area = models.ForeignKey(
        ContentArea, on_delete=models.PROTECT, related_name="+", verbose_name="Nội dung công tác"
    )
    results = models.TextField("Kết quả thực hiện", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "area__position", "area_id"]
        verbose_name = "Kết quả theo nội dung"
        verbose_name_plural = "Kết quả theo nội dung"
        constraints = [
            models.UniqueConstraint(fields=["report", "area"], name="report_section_once")
        ]

    def __str__(self):
        return str(self.area)


class ReportModelStatus(models.Model):
    """How one of the agency's registered models is doing at the time of the report."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="model_statuses", verbose_name="Báo cáo"
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Mô hình",
    )
    running = models.BooleanField("Đang duy trì hoạt động", default=True)
    results = models.TextField("Kết quả đạt được", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "registration__name"]
        verbose_name = "Tình hình mô hình"
        verbose_name_plural = "Tình hình mô hình"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "registration"], name="report_model_status_once"
            )
        ]

    def __str__(self):
        return str(self.registration)


class ReportFigure(models.Model):
    """The value of one indicator in one report."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="figures", verbose_name="Báo cáo"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="figures", verbose_name="Chỉ số"
    )
    value = models.DecimalField("Giá trị", max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "indicator__position", "indicator_id"]
        verbose_name = "Số liệu báo cáo"
        verbose_name_plural = "Số liệu báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_figure_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="report_figure_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"
