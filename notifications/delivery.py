"""Mailing notifications: each once, in Vietnamese (plain text and HTML), after the action that
made it has committed. A failed send is recorded and tried again on the next run."""

import logging
import re
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone

from portal.coordinator import current_coordinator

from .models import Notification

logger = logging.getLogger(__name__)
# After this many failures a message stays in the portal only; the admin shows the error.
MAX_ATTEMPTS = 5


def sender_address(coordinator) -> str:
    """“<coordinator name> <khong-tra-loi@…>”: the coordinator's name on the configured address."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    # Django encodes the Vietnamese name on sending; only the address syntax must be kept out.
    name = re.sub(r'[<>"\\,;:@]', "", coordinator.name).strip()
    return f"{name} <{address}>" if name else address


def message_for(notification, *, coordinator, connection=None) -> EmailMultiAlternatives:
    context = {
        "notification": notification,
        "user": notification.user,
        "coordinator": coordinator,
        "link": settings.SITE_URL.rstrip("/") + (notification.link or "/"),
    }
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("notifications/email.txt", context),
        from_email=sender_address(coordinator),
        to=[notification.user.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    return message


def pending():
    return (
        Notification.objects.filter(emailed_at__isnull=True, email_attempts__lt=MAX_ATTEMPTS)
        .exclude(user__email="")
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )


# Outcomes are written every this many sends: a crash resends at most these, never loses a failure.
SAVE_EVERY = 100


def deliver(*, limit: int = 5000) -> tuple[int, int]:
    """Mail up to ``limit`` pending notifications; returns (sent, failed)."""
    coordinator = current_coordinator()
    sent = failed = 0
    done, errors = [], []
    # Opened by the first send, inside its try: an unreachable server is one failed send.
    connection = get_connection()
    try:
        for notification in pending()[:limit]:
            try:
                message_for(notification, coordinator=coordinator, connection=connection).send()
            except Exception as error:  # any transport error: record it, try next run
                failed += 1
                notification.email_attempts += 1
                notification.email_error = f"{type(error).__name__}: {error}"[:1000]
                errors.append(notification)
                logger.warning("Gửi thư thông báo %s lỗi: %s", notification.pk, error)
            else:
                sent += 1
                notification.emailed_at = timezone.now()
                notification.email_error = ""
                done.append(notification)
            if len(done) + len(errors) >= SAVE_EVERY:
                _record(done, errors)
    finally:
        _record(done, errors)
        connection.close()
    return sent, failed


def _record(done: list, errors: list) -> None:
    """Write the batch's outcomes in two queries and empty the lists."""
    Notification.objects.bulk_update(done, ["emailed_at", "email_error"])
    Notification.objects.bulk_update(errors, ["email_attempts", "email_error"])
    done.clear()
    errors.clear()
