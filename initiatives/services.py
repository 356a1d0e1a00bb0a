"""Every change of a model's life goes through here: the registration that starts it, the
coordinator's decisions (công nhận, công nhận lại, kiện toàn, đưa ra khỏi danh sách), the
hand-over when its agency merges, and its replication by other agencies. Each change is saved
with who and why in the history and as a step of the model's timeline."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.models import Agency
from portal.text import clean_text
from portal.workflow import delete_with_history, lock_all_in_states, save_with_history

from .models import (
    ACTIVE_STATUSES,
    RECOGNISED_STATUSES,
    EventKind,
    Initiative,
    InitiativeEvent,
    Replication,
    Status,
)

# The one table of what a decision may change: the status it leads to, from which statuses.
DECISIONS = {
    Status.RECOGNISED: (EventKind.RECOGNISED, (Status.REGISTERED,)),
    Status.KEPT: (EventKind.KEPT, RECOGNISED_STATUSES),
    Status.STRENGTHENED: (EventKind.STRENGTHENED, RECOGNISED_STATUSES),
    Status.REMOVED: (EventKind.REMOVED, ACTIVE_STATUSES),
}
ONLY = {
    Status.RECOGNISED: "Chỉ công nhận được mô hình đã đăng ký, chưa được công nhận.",
    Status.KEPT: "Chỉ công nhận lại được mô hình đã được công nhận và còn trong danh sách.",
    Status.STRENGTHENED: "Chỉ kiện toàn được mô hình đã được công nhận và còn trong danh sách.",
    Status.REMOVED: "Chỉ đưa ra khỏi danh sách được mô hình đang thực hiện.",
}


def _text(value) -> str:
    return (clean_text(value) or "").strip()


def _event(initiative, kind, *, year, by, **fields) -> InitiativeEvent:
    return InitiativeEvent.objects.create(
        initiative=initiative, kind=kind, year=year, recorded_by=by, **fields
    )


# Started and registered by an agency's registration (registrations/services.py)


def start_initiative(*, agency: Agency, name: str, carrier: str, field, by) -> Initiative:
    """A new model, not yet sent: it follows its first registration until that is sent."""
    initiative = Initiative(agency=agency, name=name, carrier=carrier, field=field)
    return save_with_history(initiative, by=by, reason="Đăng ký mô hình mới (bản nháp)")


def follow_draft(initiative: Initiative, *, name: str, carrier: str, field, by):
    """A model not yet sent carries its registration's name, carrier and field."""
    if initiative.status != Status.DRAFT:
        return
    if (initiative.name, initiative.carrier, initiative.field_id) == (
        name,
        carrier,
        getattr(field, "pk", field),
    ):
        return
    initiative.name, initiative.carrier, initiative.field = name, carrier, field
    save_with_history(initiative, by=by, reason="Sửa theo bản đăng ký")


def check_continuable(initiative: Initiative, *, agency: Agency):
    """What a registration may continue: a model this agency holds now (its own, or one handed
    over by a unit merged into it) that was registered and is still on the list."""
    if initiative.agency_id != agency.pk:
        raise ValidationError({"initiative": "Chỉ tiếp nối mô hình do chính đơn vị đang quản lý."})
    if initiative.status not in ACTIVE_STATUSES:
        raise ValidationError(
            {
                "initiative": f"Mô hình “{initiative}” đang ở tình trạng "
                f"“{initiative.get_status_display()}”, không thể tiếp nối."
            }
        )


def mark_registered(initiative: Initiative, *, year: int, by):
    """The first registration of a new model reached the coordinator: the model is registered.
    Call inside the registration's transaction."""
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if current.status != Status.DRAFT:
        return current
    current.status = Status.REGISTERED
    current.start_year = current.start_year or year
    save_with_history(current, by=by, reason="Gửi đăng ký")
    _event(current, EventKind.REGISTERED, year=year, by=by)
    return current


def discard_draft(initiative: Initiative, *, by):
    """A model whose only registration, a draft, was deleted leaves no trace in the register."""
    current = Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    if (
        current is not None
        and current.status == Status.DRAFT
        and not current.registrations.exists()
    ):
        delete_with_history(current, by=by, reason="Xoá bản nháp đăng ký")


# The coordinator's decisions


def decide(
    initiatives,
    *,
    status: str,
    by,
    number: str,
    decided_on: date | None,
    year: int | None = None,
    note: str = "",
    recognised_by: str = "",
) -> list[Initiative]:
    """One decision on several models, all or none: công nhận, công nhận lại, kiện toàn (what
    changed), or đưa ra khỏi danh sách (why). The document's number and date are recorded."""
    kind, allowed = DECISIONS[status]
    number, note, recognised_by = _text(number), _text(note), _text(recognised_by)
    errors = {}
    if not number:
        errors["number"] = "Vui lòng nhập số văn bản quyết định."
    if decided_on is None:
        errors["decided_on"] = "Vui lòng nhập ngày của văn bản."
    if status == Status.STRENGTHENED and not note:
        errors["note"] = "Vui lòng ghi rõ nội dung kiện toàn, bổ sung."
    if status == Status.REMOVED and not note:
        errors["note"] = "Vui lòng nêu lý do đưa mô hình ra khỏi danh sách."
    if status == Status.RECOGNISED and not recognised_by:
        errors["recognised_by"] = "Vui lòng nhập cơ quan công nhận."
    if errors:
        raise ValidationError(errors)
    year = year or decided_on.year
    with transaction.atomic():
        rows = lock_all_in_states(
            Initiative.objects,
            [initiative.pk for initiative in initiatives],
            allowed,
            describe=lambda row: f"“{row}”",
            only=ONLY[status],
            field="status",
        )
        for row in rows:
            row.status = status
            if status == Status.RECOGNISED:
                row.recognised_by, row.recognised_number = recognised_by, number
                row.recognised_on = decided_on
            if status == Status.REMOVED:
                row.removed_reason, row.removed_number, row.removed_on = note, number, decided_on
            save_with_history(row, by=by, reason=f"{kind.label} ({number})")
            _event(
                row,
                kind,
                year=year,
                by=by,
                decision_number=number,
                decided_on=decided_on,
                note=note,
            )
    return rows


# Mergers and replication


def successor_of(agency: Agency) -> Agency:
    """Where a merged unit's work went: its successor's successor, and so on."""
    seen = {agency.pk}
    while agency.merged_into_id and agency.merged_into_id not in seen:
        # Read afresh: the successor may itself have merged since this row was loaded.
        agency = Agency.objects.get(pk=agency.merged_into_id)
        seen.add(agency.pk)
    return agency


def hand_over(*, merged: Agency, by) -> int:
    """A unit merged into another hands every model it holds to its successor, which reviews and
    registers them from now on; each keeps its timeline and names where it came from."""
    if not merged.merged_into_id:
        return 0
    successor = successor_of(merged)
    year = timezone.localdate().year
    with transaction.atomic():
        rows = list(Initiative.objects.select_for_update().filter(agency=merged).order_by("pk"))
        for row in rows:
            row.agency = successor
            save_with_history(row, by=by, reason=f"Chuyển giao từ {merged} do sáp nhập")
            _event(
                row,
                EventKind.TRANSFERRED,
                year=year,
                by=by,
                from_agency=merged,
                to_agency=successor,
            )
    return len(rows)


def check_replicable(initiative: Initiative, *, agency: Agency):
    """Who may be recorded as replicating a model: another agency, once, of a model recognised
    and still on the list."""
    if initiative.status not in RECOGNISED_STATUSES:
        raise ValidationError(
            {"initiative": "Chỉ nhân rộng được mô hình đã được công nhận và còn trong danh sách."}
        )
    if agency.pk == initiative.agency_id:
        raise ValidationError({"agency": "Đơn vị đang quản lý mô hình không tự nhân rộng."})
    if initiative.replications.filter(agency=agency).exists():
        raise ValidationError({"agency": "Đơn vị này đã được ghi nhận nhân rộng mô hình."})


def replicate(*, initiative: Initiative, agency: Agency, since: date, by, note: str = ""):
    """Another agency adopted the model (nhân rộng); the original keeps its identity."""
    with transaction.atomic():
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        check_replicable(current, agency=agency)
        replication = Replication(initiative=current, agency=agency, since=since, note=_text(note))
        replication.full_clean()
        save_with_history(replication, by=by, reason="Ghi nhận nhân rộng")
        _event(current, EventKind.REPLICATED, year=since.year, by=by, to_agency=agency, note=note)
    return replication


def merge_agency(*, merged: Agency, into: Agency, by) -> int:
    """Record that ``merged`` became part of ``into`` (the 2025 reorganisation, at any level):
    it stops working in the portal and its models pass to ``into``. Returns how many passed."""
    if into.pk == merged.pk:
        raise ValidationError({"merged_into": "Không thể sáp nhập một đơn vị vào chính nó."})
    into = Agency.objects.get(pk=into.pk)
    if not into.active:
        raise ValidationError({"merged_into": f"{into} không còn hoạt động."})
    with transaction.atomic():
        current = Agency.objects.select_for_update().get(pk=merged.pk)
        current.active, current.merged_into = False, into
        save_with_history(current, by=by, reason=f"Sáp nhập vào {into}")
        return hand_over(merged=current, by=by)
