"""Reminders of deadlines: some days before (the coordinator's “7, 1”) and once the day after
a deadline was missed, to each agency that has not sent. Each is recorded, so a second run
sends nothing new."""

from datetime import timedelta

from django.utils import timezone

from movements.models import Deadline, MovementStatus
from movements.selectors import Standing, deadline_standing, tracked_kinds
from portal.coordinator import current_coordinator
from portal.documents import moment_text

from .services import event_key, notify_agencies, recipients_by_agency

# A missed deadline is chased once, within this time; a first run long after stays quiet.
MISSED_WINDOW = timedelta(days=7)


def reminder_events(*, now=None):
    """(agency_id, key, subject, body, link) of every reminder due at ``now``."""
    now = now or timezone.now()
    coordinator = current_coordinator()
    days_before = coordinator.reminder_day_list
    horizon = now + timedelta(days=max(days_before, default=0))
    deadlines = (
        Deadline.objects.filter(
            movement__status=MovementStatus.OPEN,
            kind__in=tracked_kinds(),
            closes_at__gt=now - MISSED_WINDOW - timedelta(days=60),
        )
        .select_related("movement")
        .prefetch_related("agency_kinds", "extensions")
    )
    for deadline in deadlines:
        for row in deadline_standing(deadline=deadline, now=now):
            closes_at = row.window.closes_at
            window_key = event_key("han", deadline.pk, closes_at)
            if row.standing in (Standing.PENDING, Standing.EXTENDED):
                if closes_at > horizon:
                    continue
                left = closes_at - now
                # Only the nearest reminder: a first run 1 day before sends “1 ngày”, not both.
                due = [d for d in days_before if left <= timedelta(days=d)]
                if due:
                    day = min(due)
                    yield (
                        row.agency.pk,
                        f"{window_key}-truoc-{day}",
                        f"Nhắc hạn: {deadline.title} — hạn cuối {moment_text(closes_at, last_minute=True)}",
                        (
                            f"{deadline.movement.title}\n"
                            f"Đơn vị chưa gửi “{deadline.title}”. Hạn: {row.window.wording}"
                            f" (hạn cuối {row.window.last_moment_text}"
                            f"{', đã được gia hạn' if row.window.extended else ''}).\n"
                            f"Đề nghị đơn vị hoàn thành và gửi {coordinator.short_name} đúng hạn."
                        ),
                        "/",
                    )
            elif row.standing == Standing.MISSING and now - closes_at < MISSED_WINDOW:
                yield (
                    row.agency.pk,
                    f"{window_key}-qua-han",
                    f"Quá hạn: {deadline.title}",
                    (
                        f"{deadline.movement.title}\n"
                        f"Đã quá hạn “{deadline.title}” ({row.window.wording}, hạn cuối "
                        f"{row.window.last_moment_text}) mà {coordinator.short_name} chưa nhận "
                        f"được của đơn vị.\nĐề nghị đơn vị gửi ngay hoặc liên hệ "
                        f"{coordinator.short_name} nếu cần gia hạn."
                    ),
                    "/",
                )


def create_reminders(*, now=None) -> int:
    """Record the reminders due now; returns how many new notifications were made."""
    events = list(reminder_events(now=now))
    recipients = recipients_by_agency({event[0] for event in events})
    return notify_agencies(events, recipients=recipients)
