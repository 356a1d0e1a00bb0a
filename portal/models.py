"""The site's core: agencies, their kinds, and the people who work in them."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Tier(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class AgencyKind(models.Model):
    """A kind of agency (seed 000 gives police, military, education, health their own quota)."""

    code = models.SlugField("Mã loại", max_length=40, unique=True)
    name = models.CharField("Tên loại cơ quan", max_length=200)
    tier = models.CharField("Cấp", max_length=20, choices=Tier.choices)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "Loại cơ quan"
        verbose_name_plural = "Loại cơ quan"

    def __str__(self):
        return self.name


class Agency(models.Model):
    code = models.CharField("Mã cơ quan", max_length=40, unique=True)
    # Indexed: lists of registrations, models and proposals are ordered by their agency's name;
    # with the index PostgreSQL reads the first page in agency order instead of sorting them all.
    name = models.CharField("Tên cơ quan, đơn vị", max_length=255, db_index=True)
    short_name = models.CharField("Tên viết tắt", max_length=80, blank=True)
    kind = models.ForeignKey(
        AgencyKind, on_delete=models.PROTECT, related_name="agencies", verbose_name="Loại cơ quan"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="Cơ quan cấp trên",
    )
    active = models.BooleanField("Đang hoạt động", default=True)
    # Seed 001: units merged in 2025 hand their models to the successor.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name="Đã sáp nhập vào",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind__order", "name"]
        verbose_name = "Cơ quan, đơn vị"
        verbose_name_plural = "Cơ quan, đơn vị"
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="agency_not_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(active=False),
                name="agency_merged_is_inactive",
                violation_error_message="Cơ quan đã sáp nhập thì không còn hoạt động.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.pk is not None and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": "Không thể sáp nhập một đơn vị vào chính nó."})
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": "Cơ quan cấp trên không thể là chính nó hoặc đơn vị trực thuộc của nó."
                    }
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    @property
    def display_name(self):
        return self.short_name or self.name


class SubmissionTrail(models.Model):
    """Who sent it to the coordinator and when, and why it came back (registrations, scorecards,
    award proposals)."""

    return_reason = models.TextField("Lý do trả lại", blank=True)
    submitted_at = models.DateTimeField("Gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        "portal.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người gửi",
    )

    class Meta:
        abstract = True


class ReviewTrail(SubmissionTrail):
    """…and who at the coordinator last acted on it, and when."""

    reviewed_at = models.DateTimeField("Xử lý lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "portal.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người xử lý",
    )

    class Meta:
        abstract = True


class Role(models.TextChoices):
    """Roles are Groups (created by a migration); these are their names."""

    CLERK = "clerk", "Cán bộ phụ trách"
    LEADER = "leader", "Lãnh đạo đơn vị"
    REVIEWER = "reviewer", "Chuyên viên theo dõi phong trào"
    # Read-only: lãnh đạo UBND tỉnh, Ban Tuyên giáo và Dân vận Tỉnh ủy (issue 12).
    PROVINCIAL_LEADER = "provincial_leader", "Lãnh đạo tỉnh"


class User(AbstractUser):
    """A person who signs in; named once, in Vietnamese order ("Nguyễn Văn An")."""

    # One full name instead of Django's Western first/last pair (portal 0005 joined them).
    first_name = None
    last_name = None
    full_name = models.CharField("Họ và tên", max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="Cơ quan, đơn vị",
    )
    position = models.CharField("Chức vụ", max_length=120, blank=True)
    phone = models.CharField("Điện thoại", max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "Người dùng"
        verbose_name_plural = "Người dùng"

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        self.full_name = " ".join(self.full_name.split())

    def get_full_name(self):
        return self.full_name.strip()

    def get_short_name(self):
        """The given name (tên), the last word: "An" for "Nguyễn Văn An"."""
        words = self.full_name.split()
        return words[-1] if words else ""

    def has_role(self, role):
        return self.groups.filter(name=Role(role).label).exists()


class Coordinator(models.Model):
    """The body that runs the movement on this portal: one row per deployment.

    Seeds 000 and 002: a province's Department of Home Affairs; seed 001: a ward Party
    Committee's Ban Xây dựng Đảng; seeds 003 and 004: an office's Phòng Hành chính – Tổ chức.
    Every page, message, e-mail and document names it from here.
    """

    name = models.CharField(
        "Tên cơ quan thường trực",
        max_length=255,
        help_text="Ví dụ: Ban Xây dựng Đảng Đảng ủy phường Bình Định",
    )
    short_name = models.CharField(
        "Tên gọi ngắn", max_length=120, help_text="Dùng trong câu, ví dụ “Gửi Ban Xây dựng Đảng”."
    )
    parent_name = models.CharField(
        "Cơ quan chủ quản",
        max_length=255,
        blank=True,
        help_text="In ở đầu văn bản, trên tên cơ quan; ví dụ: Ủy ban nhân dân tỉnh Vĩnh Long",
    )
    place_name = models.CharField(
        "Địa danh",
        max_length=100,
        help_text="Dùng trong văn bản: “Vĩnh Long, ngày … tháng … năm …”",
    )
    agency = models.OneToOneField(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Là cơ quan, đơn vị",
    )
    email = models.EmailField("Thư điện tử liên hệ", blank=True)
    reminder_days = models.CharField(
        "Nhắc trước hạn (ngày)",
        max_length=40,
        default="7, 1",
        help_text="Số ngày trước mỗi thời hạn gửi thư nhắc, cách nhau bởi dấu phẩy.",
    )
    # One row per deployment: the unique constant refuses a second one.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Cơ quan thường trực"
        verbose_name_plural = "Cơ quan thường trực"

    def __str__(self):
        return self.name

    @property
    def short_title(self):
        """The short name at the start of a sentence: “Cơ quan thường trực trả lại …”."""
        return self.short_name[:1].upper() + self.short_name[1:]

    def clean(self):
        try:
            _ = self.reminder_day_list
        except ValueError:
            raise ValidationError(
                {
                    "reminder_days": "Ghi các số ngày nguyên dương, cách nhau bởi dấu phẩy, ví dụ: 7, 1."
                }
            ) from None

    @property
    def reminder_day_list(self) -> list[int]:
        days = sorted(
            {int(part) for part in self.reminder_days.split(",") if part.strip()}, reverse=True
        )
        if any(day <= 0 for day in days):
            raise ValueError(self.reminder_days)
        return days
