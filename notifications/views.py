"""An agency person's notifications: the list, opening one, marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .models import Notification

PER_PAGE = 30


def unread_context(request):
    """Template context processor: the unread count in the page header, counted lazily."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        )
    }


@login_required
def notification_list(request):
    rows = Notification.objects.filter(user=request.user).only(
        "pk", "subject", "body", "link", "created_at", "read_at"
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def open_notification(request, notification_pk):
    """Mark it read and go where it points: opening is a POST, so a list view never writes."""
    notification = get_object_or_404(Notification, pk=notification_pk, user=request.user)
    services.open_notification(notification, by=request.user)
    link = notification.link or ""
    if not url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        link = ""
    return redirect(link or "notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(by=request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("notifications:list")
