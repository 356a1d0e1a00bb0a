"""What the portal tells an agency's people: reminders before and after a deadline, and each
review outcome. One row per person and event, read in the portal and mailed once."""

from django.conf import settings
from django.db import models

from portal.models import Agency


class Notification(models.Model):
    # Names the event (“han-12-20260310-truoc-7”); unique per person, so running twice adds nothing.
    key = models.CharField("Mã sự kiện", max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="Người nhận",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Cơ quan, đơn vị",
    )
    subject = models.CharField("Tiêu đề", max_length=300)
    body = models.TextField("Nội dung")
    link = models.CharField("Đường dẫn", max_length=500, blank=True)
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("Đã đọc lúc", null=True, blank=True)
    emailed_at = models.DateTimeField("Đã gửi thư lúc", null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField("Số lần gửi thư lỗi", default=0)
    email_error = models.TextField("Lỗi gửi thư gần nhất", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "Thông báo"
        verbose_name_plural = "Thông báo"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_event")
        ]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed_at", "email_attempts"]),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None
