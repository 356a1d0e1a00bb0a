"""History (django-simple-history) as people read it: who, when, why, and each changed field
as its Vietnamese label with the old and the new value as the forms show them."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import ForeignKey
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import number_format
from django.utils.text import Truncator

# dd/mm/yyyy HH:MM in the portal's time zone (Asia/Ho_Chi_Minh), as the security brief asks.
TIME_FORMAT = "d/m/Y H:i"
EMPTY = "(trống)"
# A write with no signed-in person behind it: a migration, a command, the demo data.
NOBODY = "Hệ thống"
ACTIONS = {"+": "Tạo mới", "~": "Thay đổi", "-": "Xoá"}
# Long texts (reports, descriptions) show their start; the past version page shows all of it.
LONGEST_VALUE = 200


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    """One row of a history page: one save (or deletion) of one object."""

    record: object
    when: datetime.datetime
    time: str
    who: str
    action: str
    reason: str
    subject: str = ""
    changes: list[Change] = field(default_factory=list)


def local_time(moment) -> str:
    if moment is None:
        return EMPTY
    return format_date(timezone.localtime(moment), TIME_FORMAT)


def person(user) -> str:
    """The acting user's full name (User.__str__), or who acts when nobody signed in did."""
    return str(user) if user is not None else NOBODY


def display(record, model_field) -> str:
    """A field's value in a historical record, as a person reads it."""
    value = getattr(record, model_field.attname)
    if value is None or value == "" or (hasattr(value, "name") and not value):
        return EMPTY
    if isinstance(model_field, ForeignKey):
        try:
            related = getattr(record, model_field.name)
        except ObjectDoesNotExist:
            related = None
        return str(related) if related is not None else f"(đã xoá, mã {value})"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        return local_time(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (Decimal, float)):
        return number_format(value)
    return Truncator(str(value)).chars(LONGEST_VALUE)


def changes_between(record, previous) -> list[Change]:
    """The editable fields that differ from the record before; none for the first record."""
    if previous is None:
        return []
    changes = []
    for model_field in record.tracked_fields:
        if not model_field.editable:
            continue  # auto-set stamps (updated_at, closes_at) follow the fields people change
        name = model_field.attname
        if getattr(record, name) == getattr(previous, name):
            continue
        changes.append(
            Change(
                label=str(model_field.verbose_name)[:1].upper() + str(model_field.verbose_name)[1:],
                old=display(previous, model_field),
                new=display(record, model_field),
            )
        )
    return changes


def entry(record, previous, *, subject: str = "") -> Entry:
    return Entry(
        record=record,
        when=record.history_date,
        time=local_time(record.history_date),
        who=person(record.history_user),
        action=ACTIONS.get(record.history_type, record.history_type),
        reason=record.history_change_reason or "",
        subject=subject,
        changes=changes_between(record, previous),
    )


def timeline(records, *, subject=None, shown=None) -> list[Entry]:
    """Entries for historical records of one or many objects of one model, newest first.

    Each record is compared with the one before it of the same object, so pass the records
    that come before those shown and leave them out with ``shown(record)``. ``subject(record)``
    names the object when entries of several objects are listed together."""
    by_object = {}
    for record in records:
        by_object.setdefault(getattr(record, record.instance_type._meta.pk.attname), []).append(
            record
        )
    entries = []
    for rows in by_object.values():
        rows.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in rows:
            if shown is None or shown(record):
                entries.append(entry(record, previous, subject=subject(record) if subject else ""))
            previous = record
    entries.sort(key=lambda e: (e.when, e.record.history_id), reverse=True)
    return entries


def tracked_relations(history_model) -> list[str]:
    """What to select_related so that showing a page's foreign keys costs no query per row."""
    return [
        "history_user",
        *(f.name for f in history_model.tracked_fields if isinstance(f, ForeignKey)),
    ]


def recent_entries(history_manager, limit: int) -> list[Entry]:
    """The latest ``limit`` entries of one object (the clerk's registration page)."""
    records = list(
        history_manager.select_related(*tracked_relations(history_manager.model)).order_by(
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    shown = {r.history_id for r in records[:limit]}
    return timeline(records, shown=lambda r: r.history_id in shown)
