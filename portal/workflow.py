"""The submission workflow every stage shares: draft → sent → accepted or returned (with a
reason) → sent again. Registrations, scorecards and award proposals use these; plans and
reports will. Each helper is one rule, written once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import Truncator

# simple-history keeps the reason in a 100-character column (PostgreSQL refuses longer).
REASON_LENGTH = 100


def _with_who_and_why(obj, *, by, reason):
    obj._history_user = by
    if reason:
        obj._change_reason = Truncator(reason).chars(REASON_LENGTH)


def save_with_history(obj, *, by, reason: str = "", update_fields=None):
    """Save with who and why in the history, whichever door (browser, admin, import) called."""
    _with_who_and_why(obj, by=by, reason=reason)
    obj.save(update_fields=update_fields)
    return obj


def mark_sent(row, *, by, now):
    """Stamp a send. The first send's moment and sender stay: the deadline tracker reads when
    it first arrived, so a resend after a return (allowed past the close) is not “late”; each
    resend is in the history."""
    if row.submitted_at is None:
        row.submitted_at = now
        row.submitted_by = by


def start_once(model, *, by, reason: str, key: dict, defaults: dict):
    """The one row for ``key`` (unique together), made by the first write that needs it:
    never by a page view, and two first writes at once still make one row."""
    row = model.objects.filter(**key).first()
    if row is None:
        row = model(**key, **defaults)
        try:
            with transaction.atomic():
                save_with_history(row, by=by, reason=reason)
        except IntegrityError:  # the other first write won the unique key
            row = model.objects.get(**key)
    return row


def delete_with_history(obj, *, by, reason: str = ""):
    _with_who_and_why(obj, by=by, reason=reason)
    obj.delete()


def locked(queryset, pk):
    """The row as it is now, locked until the transaction ends (call inside atomic)."""
    return queryset.select_for_update().get(pk=pk)


def check_state(obj, allowed, *, action: str = "sửa", name: str = ""):
    """Refuse an action on a row whose state does not allow it, naming the state it is in."""
    if obj.state not in allowed:
        what = name or str(obj._meta.verbose_name)
        raise ValidationError(
            f"{what[:1].upper()}{what[1:]} đang ở trạng thái “{obj.get_state_display()}”, "
            f"không thể {action}."
        )


def required_reason(reason, *, what: str = "") -> str:
    """A return always says why, so the agency knows what to fix."""
    reason = (reason or "").strip()
    if not reason:
        suffix = f" {what}" if what else ""
        raise ValidationError(f"Vui lòng nêu lý do trả lại{suffix} để đơn vị biết cần sửa gì.")
    return reason


def decide(
    queryset, rows, allowed, *, new_state, by, now, history_reason, describe, only, reason=""
):
    """The coordinator's decision on sent rows, all or none: each is locked, checked, stamped
    with who and when (and why, for a return) and saved with its history."""
    decided = lock_all_in_states(
        queryset, [row.pk for row in rows], allowed, describe=describe, only=only
    )
    for row in decided:
        row.state = new_state
        row.return_reason = reason
        row.reviewed_at = now
        row.reviewed_by = by
        save_with_history(row, by=by, reason=history_reason)
    return decided


def lock_all_in_states(queryset, ids, allowed, *, describe, only: str, field: str = "state"):
    """Lock every chosen row; refuse the whole group if one is not in an allowed state (the
    ``field`` holding it). ``only`` says what may be acted on (“Chỉ xử lý được mô hình đang chờ
    duyệt.”)."""
    rows = list(queryset.select_for_update().filter(pk__in=ids).order_by("pk"))
    wrong = [row for row in rows if getattr(row, field) not in allowed]
    if wrong:
        display = queryset.model._meta.get_field(field)
        listed = "; ".join(f"{describe(row)} ({row._get_FIELD_display(display)})" for row in wrong)
        raise ValidationError(f"{only} Không hợp lệ: {listed}. Không có thay đổi nào được lưu.")
    return rows
