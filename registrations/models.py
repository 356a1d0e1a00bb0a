"""A "Dân vận khéo" model registered by one agency in one movement."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from initiatives.models import Carrier, Initiative
from movements.models import Field, Movement
from portal.models import Agency, ReviewTrail

__all__ = ["Carrier", "Registration", "State"]


class State(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    RESUBMITTED = "resubmitted", "Đã gửi lại"
    ACCEPTED = "accepted", "Đã chấp thuận"
    WITHDRAWN = "withdrawn", "Đã rút"


# Drafts and withdrawn registrations do not use quota; every other state does.
QUOTA_STATES = (State.SUBMITTED, State.RETURNED, State.RESUBMITTED, State.ACCEPTED)
EDITABLE_STATES = (State.DRAFT, State.RETURNED)
AWAITING_REVIEW_STATES = (State.SUBMITTED, State.RESUBMITTED)


class Registration(ReviewTrail):
    movement = models.ForeignKey(
        Movement, on_delete=models.PROTECT, related_name="registrations", verbose_name="Phong trào"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="registrations", verbose_name="Cơ quan"
    )
    carrier = models.CharField("Tập thể / Cá nhân", max_length=20, choices=Carrier.choices)
    name = models.CharField("Tên mô hình", max_length=300)
    collective_name = models.CharField("Tên tập thể", max_length=255, blank=True)
    person_name = models.CharField("Họ và tên", max_length=120, blank=True)
    person_position = models.CharField("Chức vụ", max_length=160, blank=True)
    person_workplace = models.CharField("Đơn vị công tác", max_length=255, blank=True)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="registrations", verbose_name="Lĩnh vực"
    )
    situation = models.TextField("Thực trạng và lý do chọn mô hình", blank=True)
    goals = models.TextField("Mục tiêu", blank=True)
    content = models.TextField("Nội dung, cách thức thực hiện", blank=True)
    scope = models.TextField("Phạm vi, đối tượng thụ hưởng", blank=True)
    resources = models.TextField("Lực lượng tham gia, nguồn lực", blank=True)
    starts_on = models.DateField("Thời gian bắt đầu", null=True, blank=True)
    ends_on = models.DateField("Thời gian kết thúc", null=True, blank=True)
    expected_outputs = models.TextField("Kết quả, sản phẩm dự kiến", blank=True)
    replicability = models.TextField("Khả năng nhân rộng", blank=True)
    contact = models.CharField("Người liên hệ, điện thoại", max_length=255, blank=True)
    # The model this year's registration belongs to: a new one, or one the agency continues.
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name="Mô hình",
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "carrier", "id"]
        verbose_name = "Mô hình “Dân vận khéo” đăng ký"
        verbose_name_plural = "Mô hình “Dân vận khéo” đăng ký"
        permissions = [
            ("submit_registration", "Gửi, gửi lại đăng ký mô hình"),
            ("withdraw_registration", "Rút đăng ký mô hình"),
            ("review_registration", "Chấp thuận, trả lại đăng ký mô hình"),
        ]
        indexes = [
            models.Index(fields=["movement", "agency", "carrier", "state"]),
            # The coordinator's list filtered by movement and state counts from the index alone.
            models.Index(fields=["movement", "state"], name="registration_movement_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="registration_ends_after_start",
                violation_error_message="Thời gian kết thúc phải sau thời gian bắt đầu.",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="registration_return_has_reason",
                violation_error_message="Trả lại đăng ký phải nêu lý do.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                "movement",
                "agency",
                condition=~Q(state="withdrawn"),
                name="registration_unique_name_per_agency",
                violation_error_message="Đơn vị đã có mô hình cùng tên trong phong trào này.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def carrier_name(self):
        """Who carries the model: the collective, or the person."""
        if self.carrier == Carrier.COLLECTIVE:
            return self.collective_name
        return self.person_name

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    @property
    def is_withdrawable(self):
        return self.state in (*AWAITING_REVIEW_STATES, State.RETURNED)

    @property
    def uses_quota(self):
        return self.state in QUOTA_STATES
