"""Texts that Django and django-axes write in English whatever the language: the admin's
yes/no icons name the Python value (alt="True"), which a screen reader reads aloud, and axes
names its records “Access Log for … @ 2026-11-28 04:12:49.458075+00:00”. Applied once at
start-up (PortalConfig.ready); the search box's icon is a template (templates/admin/)."""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html

YES_NO = {True: ("yes", "Có"), False: ("no", "Không"), None: ("unknown", "Không rõ")}


def _boolean_icon(field_val):
    icon, text = YES_NO[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def _moment(value) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}" if value else ""


def apply():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    # The list and the change form both call admin_list._boolean_icon (utils imports it late).
    admin_list._boolean_icon = _boolean_icon
    AccessLog.__str__ = lambda self: (
        f"Đăng nhập của {self.username} lúc {_moment(self.attempt_time)}"
    )
    AccessAttempt.__str__ = lambda self: (
        f"Đăng nhập sai của {self.username} lúc {_moment(self.attempt_time)}"
    )
    AccessFailureLog.__str__ = lambda self: (
        f"Đăng nhập sai của {self.username} lúc {_moment(self.attempt_time)}"
        + (" (bị khoá)" if self.locked_out else "")
    )
