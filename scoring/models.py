"""Criteria sheets (data per province and period), classification bands, and scorecards."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portal.models import Agency, SubmissionTrail

POINTS = {"max_digits": 6, "decimal_places": 2}


class CriteriaSet(models.Model):
    """One criteria sheet (seed 000: 01/HDLT-UBND-BDVTU of 31/5/2023; seed 003: 3225/QĐ-UBND)."""

    code = models.CharField("Số hiệu văn bản", max_length=80)
    title = models.CharField("Tên bộ tiêu chí", max_length=300)
    issuer = models.CharField("Cơ quan ban hành", max_length=200, blank=True)
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)
    province = models.CharField("Tỉnh, thành phố áp dụng", max_length=100)
    year_from = models.PositiveSmallIntegerField("Áp dụng từ năm")
    year_to = models.PositiveSmallIntegerField("Áp dụng đến năm", null=True, blank=True)
    max_total = models.DecimalField("Tổng điểm tối đa", **POINTS)
    version = models.PositiveSmallIntegerField("Phiên bản", default=1)
    # A sheet made to try the portal, not a document anyone issued: never printed as official.
    is_sample = models.BooleanField(
        "Bộ tiêu chí mẫu",
        default=False,
        help_text="Bộ tiêu chí dùng để thử, không phải văn bản đã ban hành: cổng không in bản "
        "chấm điểm chính thức và không nhận hồ sơ khen thưởng theo bộ tiêu chí này.",
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name="Sao chép từ",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["province", "-year_from", "code", "-version"]
        verbose_name = "Bộ tiêu chí"
        verbose_name_plural = "Bộ tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["code", "province", "version"],
                name="criteria_set_unique_version",
                violation_error_message="Đã có phiên bản này của bộ tiêu chí.",
            )
        ]

    def __str__(self):
        suffix = f" (phiên bản {self.version})" if self.version > 1 else ""
        return f"{self.title}{suffix}"


class CriterionKind(models.TextChoices):
    ORDINARY = "ordinary", "Tiêu chí chấm điểm"
    BONUS = "bonus", "Điểm thưởng"
    DEDUCTION = "deduction", "Điểm trừ"


class Criterion(models.Model):
    """A node of the tree: group → criterion → sub-criterion; only leaves are scored."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name="Bộ tiêu chí"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="Thuộc nhóm",
    )
    code = models.CharField("Mã", max_length=20, help_text="Ví dụ: 1, 1.2, 1.2.a")
    text = models.TextField("Nội dung tiêu chí")
    max_points = models.DecimalField(
        "Điểm tối đa",
        validators=[MinValueValidator(0)],
        help_text="Với điểm trừ: số điểm trừ tối đa (ghi số dương).",
        **POINTS,
    )
    guidance = models.TextField("Hướng dẫn chấm", blank=True)
    evidence_required = models.BooleanField("Bắt buộc có minh chứng", default=False)
    kind = models.CharField(
        "Loại", max_length=20, choices=CriterionKind.choices, default=CriterionKind.ORDINARY
    )
    position = models.PositiveIntegerField("Thứ tự", default=0)
    # “Do cấp trên xem xét, cho điểm” (DOMAIN.md: 90 points self-scored + 10 by the level above).
    scored_by_superior = models.BooleanField(
        "Do cấp trên chấm",
        default=False,
        help_text="Nhóm tiêu chí do cấp trên xem xét, cho điểm: đơn vị không tự chấm. Đánh dấu ở "
        "nhóm cấp 1; các tiêu chí trong nhóm theo nhóm.",
    )
    is_leaf = models.BooleanField("Tiêu chí chấm", default=True, editable=False)

    class Meta:
        ordering = ["criteria_set", "position"]
        verbose_name = "Tiêu chí"
        verbose_name_plural = "Tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"],
                name="criterion_unique_code",
                violation_error_message="Mã tiêu chí đã có trong bộ tiêu chí.",
            )
        ]

    def __str__(self):
        return f"{self.code}. {self.text[:80]}"

    @property
    def depth(self):
        return self.code.count(".")

    @property
    def lower_bound(self):
        return -self.max_points if self.kind == CriterionKind.DEDUCTION else 0

    @property
    def upper_bound(self):
        return 0 if self.kind == CriterionKind.DEDUCTION else self.max_points


class BandScheme(models.Model):
    """How totals are classified: Tốt / Khá / Trung bình / Yếu, or Hoàn thành xuất sắc / tốt…"""

    name = models.CharField("Tên thang xếp loại", max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Thang xếp loại"
        verbose_name_plural = "Thang xếp loại"

    def __str__(self):
        return self.name


class Band(models.Model):
    scheme = models.ForeignKey(
        BandScheme, on_delete=models.CASCADE, related_name="bands", verbose_name="Thang xếp loại"
    )
    name = models.CharField("Xếp loại", max_length=100)
    min_total = models.DecimalField(
        "Từ điểm (tính cả mức này)", validators=[MinValueValidator(0)], **POINTS
    )
    rank = models.PositiveSmallIntegerField("Thứ bậc", help_text="1 là mức cao nhất.")

    class Meta:
        ordering = ["scheme", "rank"]
        verbose_name = "Mức xếp loại"
        verbose_name_plural = "Mức xếp loại"
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "rank"],
                name="band_unique_rank",
                violation_error_message="Thang xếp loại đã có mức với thứ bậc này.",
            ),
            models.UniqueConstraint(
                fields=["scheme", "min_total"],
                name="band_unique_threshold",
                violation_error_message="Hai mức xếp loại không thể có cùng ngưỡng điểm.",
            ),
        ]

    def __str__(self):
        return self.name


class ScoringSettings(models.Model):
    """A movement's scoring: which sheet and bands, and the target share (seed 003: 80%)."""

    movement = models.OneToOneField(
        "movements.Movement",
        on_delete=models.CASCADE,
        related_name="scoring_settings",
        verbose_name="Phong trào",
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movement_settings",
        verbose_name="Bộ tiêu chí chấm điểm",
    )
    band_scheme = models.ForeignKey(
        BandScheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movement_settings",
        verbose_name="Thang xếp loại",
    )
    # Seed 003: "80% of units meet the criteria" — the target band and the share expected.
    target_band = models.ForeignKey(
        Band,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Mức xếp loại mục tiêu",
    )
    target_share = models.PositiveSmallIntegerField(
        "Tỷ lệ đơn vị đạt mục tiêu (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Cài đặt chấm điểm"
        verbose_name_plural = "Cài đặt chấm điểm"

    def __str__(self):
        return f"Chấm điểm – {self.movement}"

    def clean(self):
        if self.target_band_id and self.target_band.scheme_id != self.band_scheme_id:
            raise ValidationError(
                {"target_band": "Mức xếp loại mục tiêu phải thuộc thang xếp loại của phong trào."}
            )


class ScorecardState(models.TextChoices):
    DRAFT = "draft", "Đang chấm"
    SUBMITTED = "submitted", "Đã gửi thẩm định"
    RETURNED = "returned", "Bị trả lại"
    FINALISED = "finalised", "Đã thẩm định xong"


EDITABLE_SCORECARD_STATES = (ScorecardState.DRAFT, ScorecardState.RETURNED)


class Scorecard(SubmissionTrail):
    """One agency's self-assessment in one movement, and the coordinator's appraisal of it."""

    movement = models.ForeignKey(
        "movements.Movement",
        on_delete=models.PROTECT,
        related_name="scorecards",
        verbose_name="Phong trào",
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="scorecards", verbose_name="Cơ quan"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="scorecards", verbose_name="Bộ tiêu chí"
    )
    state = models.CharField(
        "Trạng thái",
        max_length=20,
        choices=ScorecardState.choices,
        default=ScorecardState.DRAFT,
        db_index=True,
    )
    self_total = models.DecimalField("Tổng điểm tự chấm", null=True, blank=True, **POINTS)
    appraised_total = models.DecimalField("Tổng điểm thẩm định", null=True, blank=True, **POINTS)
    band = models.ForeignKey(
        Band,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Xếp loại",
    )
    not_classifiable = models.BooleanField("Không đủ điều kiện xếp loại", default=False)
    not_classifiable_reason = models.TextField("Lý do không xếp loại", blank=True)
    reviewer_note = models.TextField("Nhận xét thẩm định", blank=True)
    finalised_at = models.DateTimeField("Thẩm định xong lúc", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người thẩm định",
    )
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["movement", "agency__name"]
        verbose_name = "Bản chấm điểm"
        verbose_name_plural = "Bản chấm điểm"
        permissions = [
            ("submit_scorecard", "Gửi bản chấm điểm để thẩm định"),
            ("appraise_scorecard", "Thẩm định, trả lại bản chấm điểm"),
            ("view_ranking", "Xem bảng xếp hạng"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "agency"],
                name="scorecard_one_per_agency",
                violation_error_message="Cơ quan đã có bản chấm điểm trong phong trào này.",
            ),
            models.CheckConstraint(
                condition=Q(not_classifiable=False) | ~Q(not_classifiable_reason=""),
                name="scorecard_override_has_reason",
                violation_error_message="Phải nêu lý do không đủ điều kiện xếp loại.",
            ),
        ]
        indexes = [
            # The ranking counts a movement's finalised units by total and band from this index
            # alone, whatever their number (selectors.ranking).
            models.Index(
                fields=["movement", "state", "not_classifiable", "appraised_total", "band"],
                name="scorecard_ranking_counts",
            ),
        ]

    def __str__(self):
        return f"Bản chấm điểm – {self.agency} – {self.movement.year}"

    @property
    def is_editable(self):
        return self.state in EDITABLE_SCORECARD_STATES

    @property
    def classification(self):
        return classification_of(
            not_classifiable=self.not_classifiable, band_name=self.band.name if self.band_id else ""
        )


def classification_of(*, not_classifiable, band_name) -> str:
    """What a finalised scorecard is classified as (the ranking reads it from plain values)."""
    return "Không đủ điều kiện xếp loại" if not_classifiable else band_name or ""


def evidence_path(entry, filename):
    return f"minh-chung/{entry.scorecard.movement_id}/{entry.scorecard.agency_id}/{filename}"


class ScoreEntry(models.Model):
    """Points claimed for one leaf criterion, and the appraised points where they differ."""

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="entries", verbose_name="Bản chấm điểm"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="entries", verbose_name="Tiêu chí"
    )
    self_points = models.DecimalField("Điểm tự chấm", null=True, blank=True, **POINTS)
    explanation = models.TextField("Giải trình", blank=True)
    evidence_note = models.TextField("Minh chứng", blank=True)
    evidence_file = models.FileField("Tệp minh chứng", upload_to=evidence_path, blank=True)
    appraised_points = models.DecimalField("Điểm thẩm định", null=True, blank=True, **POINTS)
    appraisal_note = models.TextField("Ghi chú thẩm định", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__position"]
        verbose_name = "Điểm tiêu chí"
        verbose_name_plural = "Điểm tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="score_entry_one_per_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.self_points}"

    @property
    def final_points(self):
        return self.self_points if self.appraised_points is None else self.appraised_points
