"""A yearly plan of the movement and the rules it sets: quotas, fields, deadlines."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from portal.documents import closing_moment_of, deadline_wording, moment_text
from portal.models import Agency, AgencyKind


class MovementStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    OPEN = "open", "Đang triển khai"
    CLOSED = "closed", "Đã kết thúc"


class Movement(models.Model):
    title = models.CharField("Tên phong trào / kế hoạch", max_length=300)
    province = models.CharField(
        "Địa danh",
        max_length=100,
        help_text="Dùng trong văn bản: “Vĩnh Long, ngày … tháng … năm …”",
    )
    year = models.PositiveSmallIntegerField("Năm")
    period = models.CharField("Giai đoạn", max_length=20, blank=True, help_text="Ví dụ: 2026–2030")
    # Cited as “Quyết định số 553/QĐ-UBND ngày 02/4/2025 của Chủ tịch … về việc …”.
    document_type = models.CharField(
        "Loại văn bản ban hành", max_length=60, blank=True, default="Quyết định"
    )
    document_number = models.CharField("Số văn bản ban hành", max_length=60, blank=True)
    document_date = models.DateField("Ngày ban hành", null=True, blank=True)
    document_issuer = models.CharField("Cơ quan ban hành", max_length=200, blank=True)
    document_subject = models.CharField(
        "Trích yếu văn bản",
        max_length=400,
        blank=True,
        help_text="Ví dụ: “về việc ban hành Kế hoạch phát động phong trào thi đua …”",
    )
    status = models.CharField(
        "Trạng thái", max_length=20, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = "Phong trào / Kế hoạch"
        verbose_name_plural = "Phong trào / Kế hoạch"

    def __str__(self):
        return self.title


class Field(models.Model):
    """Lĩnh vực of a model: economy, culture–society, defence–security, political system."""

    code = models.SlugField("Mã", max_length=40, unique=True)
    name = models.CharField("Tên lĩnh vực", max_length=200)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "Lĩnh vực"
        verbose_name_plural = "Lĩnh vực"

    def __str__(self):
        return self.name


class QuotaRule(models.Model):
    """Per movement × agency kind; the rule without a kind is the default for kinds not listed."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="quota_rules", verbose_name="Phong trào"
    )
    agency_kind = models.ForeignKey(
        AgencyKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quota_rules",
        verbose_name="Loại cơ quan",
        help_text="Để trống: chỉ tiêu mặc định cho các loại cơ quan không được nêu riêng.",
    )
    max_collectives = models.PositiveSmallIntegerField("Tối đa tập thể")
    max_individuals = models.PositiveSmallIntegerField("Tối đa cá nhân")
    min_models = models.PositiveSmallIntegerField("Tối thiểu mô hình", default=0)
    # Seed 000: a district's 05/10 covers its divisions and commune People's Committees.
    pools_subordinates = models.BooleanField(
        "Tính chung cho đơn vị trực thuộc",
        default=False,
        help_text="Mô hình của đơn vị trực thuộc (phòng chuyên môn, UBND cấp xã) "
        "được tính vào chỉ tiêu của cơ quan này.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["movement", "agency_kind__order"]
        verbose_name = "Chỉ tiêu đăng ký"
        verbose_name_plural = "Chỉ tiêu đăng ký"
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "agency_kind"],
                name="quota_rule_one_per_kind",
                violation_error_message="Phong trào đã có chỉ tiêu cho loại cơ quan này.",
            ),
            models.UniqueConstraint(
                fields=["movement"],
                condition=Q(agency_kind__isnull=True),
                name="quota_rule_one_default",
                violation_error_message="Phong trào đã có chỉ tiêu mặc định.",
            ),
        ]

    def __str__(self):
        target = self.agency_kind or "Mặc định"
        return f"{target}: {self.max_collectives} tập thể, {self.max_individuals} cá nhân"

    @property
    def max_total(self):
        return self.max_collectives + self.max_individuals


class DeadlineKind(models.TextChoices):
    REGISTRATION = "registration", "Đăng ký mô hình"
    PLAN = "plan", "Gửi kế hoạch"
    REPORT = "report", "Báo cáo định kỳ"
    SCORECARD = "scorecard", "Chấm điểm tiêu chí"
    AWARD = "award", "Hồ sơ đề nghị khen thưởng"
    REVIEW = "review", "Rà soát mô hình"
    OTHER = "other", "Khác"


class Deadline(models.Model):
    """One date of a movement's schedule, entered as the plan words it.

    Seed 000: “chậm nhất là ngày 15/4/2025” (the 15th counts) and “trước ngày 15/12/2025” (the
    15th is late). The stored closing moment is the first moment no longer on time.
    """

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="deadlines", verbose_name="Phong trào"
    )
    kind = models.CharField("Loại thời hạn", max_length=20, choices=DeadlineKind.choices)
    title = models.CharField(
        "Tên thời hạn", max_length=200, help_text="Ví dụ: Đăng ký mô hình; Báo cáo 6 tháng."
    )
    opens_at = models.DateTimeField("Bắt đầu nhận từ", null=True, blank=True)
    due_on = models.DateField("Ngày hạn")
    due_day_counts = models.BooleanField(
        "Tính cả ngày hạn",
        default=True,
        help_text="Chọn nếu văn bản ghi “chậm nhất là ngày …”; bỏ chọn nếu ghi “trước ngày …”.",
    )
    closes_at = models.DateTimeField(
        "Hết hạn lúc", editable=False, help_text="Thời điểm đầu tiên không còn nhận."
    )
    agency_kinds = models.ManyToManyField(
        AgencyKind,
        blank=True,
        related_name="deadlines",
        verbose_name="Áp dụng cho loại cơ quan",
        help_text="Để trống: áp dụng cho mọi cơ quan, đơn vị.",
    )
    history = HistoricalRecords(m2m_fields=[agency_kinds])

    class Meta:
        ordering = ["movement", "due_on", "pk"]
        verbose_name = "Thời hạn"
        verbose_name_plural = "Thời hạn"
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="deadline_opens_before_it_closes",
                violation_error_message="Thời điểm bắt đầu nhận phải trước hạn cuối.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.wording})"

    def save(self, *args, **kwargs):
        self.closes_at = closing_moment_of(self.due_on, self.due_day_counts)
        super().save(*args, **kwargs)

    def clean(self):
        if (
            self.due_on
            and self.opens_at
            and self.opens_at >= closing_moment_of(self.due_on, self.due_day_counts)
        ):
            raise ValidationError({"opens_at": "Thời điểm bắt đầu nhận phải trước hạn cuối."})

    @property
    def wording(self):
        """“chậm nhất là ngày 15/4/2025” or “trước ngày 15/12/2025”, as the plan words it."""
        return deadline_wording(self.due_on, self.due_day_counts)

    @property
    def last_moment_text(self):
        """“23:59 ngày 15/04/2025”: the last minute still on time."""
        return moment_text(self.closes_at, last_minute=True)


class DeadlineExtension(models.Model):
    """More time for one agency on one deadline, granted “until 20/4” (the 20th counts)."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="extensions", verbose_name="Thời hạn"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="extensions", verbose_name="Cơ quan"
    )
    until_on = models.DateField("Gia hạn đến hết ngày")
    closes_at = models.DateTimeField("Hết hạn lúc", editable=False)
    reason = models.TextField("Lý do gia hạn")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Người cho phép",
    )
    granted_at = models.DateTimeField("Thời điểm cho phép", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = "Gia hạn"
        verbose_name_plural = "Gia hạn"
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "agency"],
                name="extension_one_per_agency_deadline",
                violation_error_message="Cơ quan này đã được gia hạn; hãy sửa gia hạn đã có.",
            ),
        ]

    def __str__(self):
        return f"{self.agency} – {self.deadline.title}"

    def save(self, *args, **kwargs):
        self.closes_at = self.closing_moment(self.until_on)
        super().save(*args, **kwargs)

    def clean(self):
        # An extension lengthens the time an agency has; it never shortens the plan's deadline.
        if (
            self.deadline_id
            and self.until_on
            and self.closing_moment(self.until_on) <= self.deadline.closes_at
        ):
            raise ValidationError(
                {"until_on": f"Ngày gia hạn phải sau hạn chung ({self.deadline.wording})."}
            )

    @staticmethod
    def closing_moment(until_on: date) -> datetime:
        """“Gia hạn đến ngày 20/4”: the 20th counts, so the extension closes at 00:00 on 21/4."""
        return closing_moment_of(until_on, True)

    @property
    def wording(self):
        return deadline_wording(self.until_on, True)
