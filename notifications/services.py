"""Writes to notifications: one door for every stage that tells an agency something."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.models import Role

from .models import Notification

# Who hears about an agency's deadlines and outcomes: the people who prepare and who send.
RECIPIENT_ROLES = (Role.CLERK, Role.LEADER)


def recipients_by_agency(agency_ids) -> dict[int, list]:
    """Active clerks and leaders of each agency, in one query."""
    users = (
        get_user_model()
        .objects.filter(
            agency_id__in=list(agency_ids),
            is_active=True,
            groups__name__in=[role.label for role in RECIPIENT_ROLES],
        )
        .distinct()
        .only("pk", "agency_id", "email")
    )
    found = {}
    for user in users:
        found.setdefault(user.agency_id, []).append(user)
    return found


def notify_agencies(events, *, recipients=None) -> int:
    """Create the notifications of ``events`` — (agency_id, key, subject, body, link) — for
    each agency's clerks and leaders; an event already recorded for a person is skipped."""
    events = list(events)
    if not events:
        return 0
    if recipients is None:
        recipients = recipients_by_agency({event[0] for event in events})
    rows = [
        Notification(key=key, user=user, agency_id=agency_id, subject=subject, body=body, link=link)
        for agency_id, key, subject, body, link in events
        for user in recipients.get(agency_id, [])
    ]
    keys = {(row.user_id, row.key) for row in rows}
    existing = set(
        Notification.objects.filter(
            user_id__in={user_id for user_id, _ in keys}, key__in={key for _, key in keys}
        ).values_list("user_id", "key")
    )
    new = [row for row in rows if (row.user_id, row.key) not in existing]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def notify_agency(agency, *, key: str, subject: str, body: str, link: str = "") -> int:
    return notify_agencies([(agency.pk, key, subject, body, link)])


def open_notification(notification: Notification, *, by) -> Notification:
    """Mark one's own notification read (a POST: reading a list never writes)."""
    if notification.user_id != by.pk:
        raise PermissionError("Không phải thông báo của bạn.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, by) -> int:
    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())


def event_key(*parts) -> str:
    """“registration-12-returned-20260310083000”: one event, named from its parts."""
    return "-".join(
        timezone.localtime(part).strftime("%Y%m%d%H%M%S") if hasattr(part, "tzinfo") else str(part)
        for part in parts
    )


def review_outcome_events(
    rows, *, what: str, accepted: bool, link_of, when=None, name_of=str, verb="chấp thuận"
):
    """The events telling each row's agency the coordinator's decision on what it sent.

    ``what`` names the thing (“Đăng ký mô hình”), ``name_of(row)`` which one (blank: none),
    ``link_of(row)`` where the agency sees it; a return carries the reason, so the agency
    knows what to fix.
    """
    from portal.coordinator import current_coordinator

    coordinator = current_coordinator()
    who = f"{coordinator.short_name[:1].upper()}{coordinator.short_name[1:]}"
    when = timezone.localtime(when or timezone.now())
    at = f"lúc {when:%H:%M} ngày {when:%d/%m/%Y}"
    for row in rows:
        name = name_of(row)
        named = f"{what} “{name}”" if name else what
        lower = f"{named[:1].lower()}{named[1:]}"
        outcome = "chap-thuan" if accepted else "tra-lai"
        key = event_key(row._meta.model_name, row.pk, outcome, when)
        if accepted:
            subject = f"{named} đã được {verb}"
            body = f"{who} đã {verb} {lower} {at}."
        else:
            subject = f"{named} bị trả lại"
            body = (
                f"{who} đã trả lại {lower} {at}.\n"
                f"Lý do: {row.return_reason}\nĐề nghị đơn vị sửa và gửi lại."
            )
        yield (row.agency_id, key, subject, body, link_of(row))


def notify_review_outcome(rows, **kwargs) -> int:
    return notify_agencies(review_outcome_events(rows, **kwargs))
