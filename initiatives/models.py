"""A “Dân vận khéo” model as it lives across years: registered, recognised, kept or strengthened
each year, replicated by other agencies, handed over when its agency merges, removed from the
list. Named Initiative so it is not confused with Django's Model; labelled “Mô hình”."""

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from movements.models import Deadline, Field
from portal.models import Agency, ReviewTrail


class Carrier(models.TextChoices):
    COLLECTIVE = "collective", "Tập thể"
    INDIVIDUAL = "individual", "Cá nhân"


class Status(models.TextChoices):
    DRAFT = "draft", "Chưa gửi đăng ký"
    REGISTERED = "registered", "Đã đăng ký"
    RECOGNISED = "recognised", "Đã công nhận"
    KEPT = "kept", "Được công nhận lại"
    STRENGTHENED = "strengthened", "Kiện toàn, bổ sung"
    REMOVED = "removed", "Đã đưa ra khỏi danh sách"


# In operation: what an agency reviews each year and may continue in a new registration.
ACTIVE_STATUSES = (Status.REGISTERED, Status.RECOGNISED, Status.KEPT, Status.STRENGTHENED)
# Recognised and still on the list: what may be kept, strengthened or removed by a decision.
RECOGNISED_STATUSES = (Status.RECOGNISED, Status.KEPT, Status.STRENGTHENED)


def fold(text: str) -> str:
    """Lowercase without diacritics (“Đoàn Kết” → “doan ket”): how the public search compares."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Initiative(models.Model):
    name = models.CharField("Tên mô hình", max_length=300)
    carrier = models.CharField("Tập thể / Cá nhân", max_length=20, choices=Carrier.choices)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="initiatives", verbose_name="Lĩnh vực"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name="Cơ quan, đơn vị đang quản lý",
    )
    start_year = models.PositiveSmallIntegerField("Năm bắt đầu", null=True, blank=True)
    status = models.CharField(
        "Tình trạng", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    recognised_by = models.CharField("Cơ quan công nhận", max_length=255, blank=True)
    recognised_number = models.CharField("Số quyết định công nhận", max_length=60, blank=True)
    recognised_on = models.DateField("Ngày công nhận", null=True, blank=True)
    removed_reason = models.TextField("Lý do đưa ra khỏi danh sách", blank=True)
    removed_number = models.CharField("Số văn bản đưa ra khỏi danh sách", max_length=60, blank=True)
    removed_on = models.DateField("Ngày đưa ra khỏi danh sách", null=True, blank=True)
    # The public showcase (showcase/services.py decides; only the coordinator publishes).
    published = models.BooleanField("Công bố trên trang công khai", default=False, db_index=True)
    published_at = models.DateTimeField("Công bố lúc", null=True, blank=True)
    public_story = models.TextField("Giới thiệu mô hình trên trang công khai", blank=True)
    search_text = models.TextField("Nội dung tìm kiếm (không dấu)", blank=True, editable=False)
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("Cập nhật lúc", auto_now=True)
    # The search column is derived from the row; its history would only repeat the row's.
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["agency__name", "name", "pk"]
        verbose_name = "Mô hình"
        verbose_name_plural = "Sổ theo dõi mô hình"
        permissions = [
            ("decide_initiative", "Công nhận, công nhận lại, đưa mô hình ra khỏi danh sách")
        ]
        indexes = [models.Index(fields=["agency", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="removed") | ~Q(removed_reason=""),
                name="initiative_removal_has_reason",
                violation_error_message="Đưa mô hình ra khỏi danh sách phải nêu lý do.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Kept by every door that writes a published model (a merger's hand-over renames its
        # agency); unpublished rows are never searched, so they read nothing more.
        self.search_text = self.searchable_text() if self.published else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def searchable_text(self) -> str:
        return fold(" ".join((self.name, self.agency.name, self.field.name, self.public_story)))

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES


class EventKind(models.TextChoices):
    REGISTERED = "registered", "Đăng ký"
    RECOGNISED = "recognised", "Công nhận"
    KEPT = "kept", "Công nhận lại"
    STRENGTHENED = "strengthened", "Kiện toàn, bổ sung"
    REMOVED = "removed", "Đưa ra khỏi danh sách"
    TRANSFERRED = "transferred", "Chuyển giao do sáp nhập"
    REPLICATED = "replicated", "Nhân rộng"


class InitiativeEvent(models.Model):
    """One step of a model's life, as its timeline shows it: what, which year, by which decision,
    why, and who recorded it."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="events", verbose_name="Mô hình"
    )
    kind = models.CharField("Nội dung", max_length=20, choices=EventKind.choices)
    year = models.PositiveSmallIntegerField("Năm")
    decision_number = models.CharField("Số văn bản", max_length=60, blank=True)
    decided_on = models.DateField("Ngày văn bản", null=True, blank=True)
    note = models.TextField("Ghi chú (nội dung kiện toàn, lý do…)", blank=True)
    from_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Từ đơn vị",
    )
    to_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Sang đơn vị",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người ghi nhận",
    )
    recorded_at = models.DateTimeField("Ghi nhận lúc", auto_now_add=True)

    class Meta:
        ordering = ["initiative", "year", "recorded_at", "pk"]
        verbose_name = "Diễn biến của mô hình"
        verbose_name_plural = "Diễn biến của mô hình"

    def __str__(self):
        return f"{self.get_kind_display()} ({self.year})"


class Replication(models.Model):
    """Another agency took up the model (nhân rộng); the original keeps its identity."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="replications", verbose_name="Mô hình"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị nhân rộng"
    )
    since = models.DateField("Áp dụng từ ngày")
    note = models.TextField("Ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "since", "pk"]
        verbose_name = "Nhân rộng mô hình"
        verbose_name_plural = "Nhân rộng mô hình"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "agency"],
                name="replication_once_per_agency",
                violation_error_message="Đơn vị này đã được ghi nhận nhân rộng mô hình.",
            )
        ]

    def __str__(self):
        return f"{self.initiative} — {self.agency}"


# The annual review (rà soát): each agency proposes, model by model, and the coordinator decides.


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    RESUBMITTED = "resubmitted", "Đã gửi lại"
    ACCEPTED = "accepted", "Đã tiếp nhận"


REVIEW_EDITABLE_STATES = (ReviewState.DRAFT, ReviewState.RETURNED)
REVIEW_AWAITING_STATES = (ReviewState.SUBMITTED, ReviewState.RESUBMITTED)
REVIEW_SENT_STATES = (*REVIEW_AWAITING_STATES, ReviewState.ACCEPTED, ReviewState.RETURNED)


class InitiativeReview(ReviewTrail):
    """An agency's yearly review of the models it holds (seed 001: “rà soát, đánh giá”)."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, related_name="+", verbose_name="Thời hạn"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="Cơ quan, đơn vị"
    )
    state = models.CharField(
        "Trạng thái",
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        db_index=True,
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
        ordering = ["deadline", "agency__name"]
        verbose_name = "Rà soát mô hình của đơn vị"
        verbose_name_plural = "Rà soát mô hình của đơn vị"
        permissions = [
            ("submit_initiativereview", "Gửi, gửi lại bản rà soát mô hình"),
            ("review_initiativereview", "Tiếp nhận, trả lại bản rà soát mô hình"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "agency"],
                name="initiative_review_one_per_agency_and_deadline",
                violation_error_message="Đơn vị đã có bản rà soát cho thời hạn này.",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="initiative_review_return_has_reason",
                violation_error_message="Trả lại bản rà soát phải nêu lý do.",
            ),
        ]

    def __str__(self):
        return f"Rà soát mô hình của {self.agency} ({self.deadline.title})"

    @property
    def is_editable(self):
        return self.state in REVIEW_EDITABLE_STATES


class Proposal(models.TextChoices):
    KEEP = "keep", "Giữ lại, đề nghị công nhận lại"
    STRENGTHEN = "strengthen", "Kiện toàn, bổ sung"
    REMOVE = "remove", "Đưa ra khỏi danh sách"


# What the coordinator's decision makes of each proposal.
PROPOSED_STATUS = {
    Proposal.KEEP: Status.KEPT,
    Proposal.STRENGTHEN: Status.STRENGTHENED,
    Proposal.REMOVE: Status.REMOVED,
}


class ReviewItem(models.Model):
    """One model in an agency's review: what the agency proposes, why, and how it worked."""

    review = models.ForeignKey(
        InitiativeReview, on_delete=models.CASCADE, related_name="items", verbose_name="Bản rà soát"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="review_items", verbose_name="Mô hình"
    )
    proposal = models.CharField("Đề xuất", max_length=20, choices=Proposal.choices, blank=True)
    changes = models.TextField("Nội dung kiện toàn, bổ sung", blank=True)
    reason = models.TextField("Lý do đưa ra khỏi danh sách", blank=True)
    assessment = models.TextField("Đánh giá hiệu quả", blank=True)
    figures = models.TextField("Số liệu minh chứng", blank=True)
    decision = models.CharField("Quyết định", max_length=20, choices=Status.choices, blank=True)
    decision_number = models.CharField("Số văn bản quyết định", max_length=60, blank=True)
    decided_on = models.DateField("Ngày quyết định", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "initiative__name", "pk"]
        verbose_name = "Mô hình trong bản rà soát"
        verbose_name_plural = "Quyết định sau rà soát mô hình"
        permissions = [("decide_reviewitem", "Quyết định sau rà soát mô hình")]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "initiative"],
                name="review_item_once_per_model",
                violation_error_message="Mô hình đã có trong bản rà soát.",
            )
        ]

    def __str__(self):
        return str(self.initiative)

    @property
    def proposed_note(self) -> str:
        """What the decision records beside the status: the changes, or the reason."""
        if self.proposal == Proposal.STRENGTHEN:
            return self.changes
        if self.proposal == Proposal.REMOVE:
            return self.reason
        return self.assessment
