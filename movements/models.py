"""A yearly plan of the movement and the rules it sets: quotas, fields, deadlines."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

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
    document_number = models.CharField("Số văn bản ban hành", max_length=60, blank=True)
    document_date = models.DateField("Ngày ban hành", null=True, blank=True)
    document_issuer = models.CharField("Cơ quan ban hành", max_length=200, blank=True)
    registration_opens_at = models.DateTimeField("Mở đăng ký từ")
    # Exclusive: submissions are accepted strictly before this moment.
    registration_closes_at = models.DateTimeField(
        "Hết hạn đăng ký lúc",
        help_text="Thời điểm đầu tiên không còn nhận. “Chậm nhất là ngày 15/4” → 00:00 ngày 16/4.",
    )
    award_closes_at = models.DateTimeField(
        "Hết hạn gửi hồ sơ khen thưởng lúc",
        null=True,
        blank=True,
        help_text="Thời điểm đầu tiên không còn nhận. “Trước ngày 15/12” → 00:00 ngày 15/12.",
    )
    status = models.CharField(
        "Trạng thái", max_length=20, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    criteria_set = models.ForeignKey(
        "scoring.CriteriaSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name="Bộ tiêu chí chấm điểm",
    )
    band_scheme = models.ForeignKey(
        "scoring.BandScheme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name="Thang xếp loại",
    )
    # Seed 003: "80% of units meet the criteria" — the target band and the share expected.
    target_band = models.ForeignKey(
        "scoring.Band",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Mức xếp loại mục tiêu",
    )
    target_share = models.PositiveSmallIntegerField(
        "Tỷ lệ đơn vị đạt mục tiêu (%)", null=True, blank=True
    )
    # Awards (seed 000 IV.2): what is proposed, how many, and the vote a nominee needs.
    award_kind = models.ForeignKey(
        "awards.AwardKind",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name="Hình thức khen thưởng đề nghị",
    )
    max_nominees = models.PositiveSmallIntegerField(
        "Số mô hình đề nghị tối đa mỗi đơn vị", default=5
    )
    vote_threshold = models.DecimalField(
        "Ngưỡng phiếu đồng ý (%)",
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Cài đặt cần điều chỉnh theo quy định thi đua, khen thưởng của tỉnh.",
    )
    vote_strictly_above = models.BooleanField(
        "Phải vượt quá ngưỡng", default=True, help_text="Bỏ chọn: đạt đúng ngưỡng là được."
    )
    vote_base = models.CharField(
        "Tính trên",
        max_length=10,
        choices=[("total", "Tổng số thành viên hội đồng"), ("present", "Số thành viên có mặt")],
        default="total",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = "Phong trào / Kế hoạch"
        verbose_name_plural = "Phong trào / Kế hoạch"
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_threshold__gte=0, vote_threshold__lte=100),
                name="movement_vote_threshold_is_a_percentage",
                violation_error_message="Ngưỡng phiếu đồng ý phải từ 0 đến 100%.",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="movement_registration_window_valid",
                violation_error_message="Thời điểm hết hạn đăng ký phải sau thời điểm mở đăng ký.",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.target_band_id and self.target_band.scheme_id != self.band_scheme_id:
            raise ValidationError(
                {"target_band": "Mức xếp loại mục tiêu phải thuộc thang xếp loại của phong trào."}
            )

    @property
    def registration_last_moment(self):
        """The last moment still on time, for display (“23:59 ngày 15/04/2025”)."""
        return self.registration_closes_at - timedelta(minutes=1)


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


class Stage(models.TextChoices):
    REGISTRATION = "registration", "Đăng ký mô hình"
    AWARD = "award", "Đề nghị khen thưởng"


class DeadlineExtension(models.Model):
    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="extensions", verbose_name="Phong trào"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="extensions", verbose_name="Cơ quan"
    )
    stage = models.CharField(
        "Nội dung gia hạn", max_length=20, choices=Stage.choices, default=Stage.REGISTRATION
    )
    closes_at = models.DateTimeField(
        "Hạn mới (thời điểm hết hạn)", help_text="Thời điểm đầu tiên không còn nhận."
    )
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
                fields=["movement", "agency", "stage"],
                name="extension_one_per_agency_stage",
                violation_error_message="Cơ quan này đã được gia hạn; hãy sửa gia hạn đã có.",
            ),
        ]

    def __str__(self):
        return f"{self.agency} – {self.get_stage_display()}"

    def clean(self):
        # An extension lengthens the time an agency has; it never shortens the plan's deadline.
        if self.movement_id and self.closes_at:
            plan = (
                self.movement.award_closes_at
                if self.stage == Stage.AWARD
                else self.movement.registration_closes_at
            )
            if plan and self.closes_at <= plan:
                raise ValidationError({"closes_at": "Hạn mới phải sau hạn chung của phong trào."})
