"""Every write to a registration goes through here: browser views, admin and imports alike."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, Status
from initiatives.services import (
    check_continuable,
    discard_draft,
    follow_draft,
    mark_registered,
    start_initiative,
)
from movements.models import DeadlineKind, Movement, MovementStatus
from movements.selectors import (
    agency_chain,
    agency_deadline,
    quota_holder_id,
    quota_rule_for,
    quota_rules_by_kind,
)
from notifications.services import notify_review_outcome
from portal.models import Agency
from portal.text import clean_text
from portal.workflow import (
    check_state,
    decide,
    delete_with_history,
    locked,
    mark_sent,
    required_reason,
    save_with_history,
)

from .models import (
    AWAITING_REVIEW_STATES,
    EDITABLE_STATES,
    QUOTA_STATES,
    Carrier,
    Registration,
    State,
)
from .selectors import pool_filter

# Fields a clerk may write; state and review fields change only through the transitions below.
# Who carries the model, and in which field (the form, the admin and the Excel columns).
IDENTITY_FIELDS = (
    "carrier",
    "name",
    "collective_name",
    "person_name",
    "person_position",
    "person_workplace",
    "field",
)
# What the registration form asks per model (DOMAIN.md: situation, goals, content, …).
DESCRIPTION_FIELDS = (
    "situation",
    "goals",
    "content",
    "scope",
    "resources",
    "starts_on",
    "ends_on",
    "expected_outputs",
    "replicability",
    "contact",
)
CONTENT_FIELDS = (*IDENTITY_FIELDS, *DESCRIPTION_FIELDS)
# What a form or an import may also say: the model this registration continues (None: new).
LINK_FIELD = "initiative"
# What must be filled before a registration can be sent to the coordinator.
REQUIRED_TO_SUBMIT = (
    "name",
    "field",
    "situation",
    "goals",
    "content",
    "scope",
    "starts_on",
    "ends_on",
    "expected_outputs",
)
REQUIRED_BY_CARRIER = {
    Carrier.COLLECTIVE: ("collective_name",),
    Carrier.INDIVIDUAL: ("person_name", "person_position", "person_workplace"),
}


def _check_window(*, movement: Movement, agency: Agency, now):
    """Seed 000: registrations reach the coordinator “chậm nhất là ngày 15/4/2025” (the 15th counts);
    the movement's registration deadline, or the agency's extension of it."""
    if movement.status != MovementStatus.OPEN:
        raise ValidationError(
            f"Phong trào “{movement}” {movement.get_status_display().lower()}, không nhận đăng ký."
        )
    window = agency_deadline(movement=movement, kind=DeadlineKind.REGISTRATION, agency=agency)
    refusal = window.refusal(now)
    if refusal:
        raise ValidationError(refusal)


def _check_quota(*, movement: Movement, agency: Agency, carrier: str, adding: int = 1):
    """Seed 000: provincial agencies 02 collectives / 04 individuals, special sectors 05 / 10.

    Must run inside a transaction: it locks the agency that holds the quota, so two
    submissions at the same instant cannot both take the last slot.
    """
    rules = quota_rules_by_kind(movement=movement)
    agency = Agency.objects.select_related("parent__parent").get(pk=agency.pk)
    holder = Agency.objects.select_for_update().get(
        pk=quota_holder_id(chain=agency_chain(agency), rules=rules)
    )
    rule = quota_rule_for(movement=movement, agency_kind_id=holder.kind_id, rules=rules)
    limit = rule.max_collectives if carrier == Carrier.COLLECTIVE else rule.max_individuals
    pool = pool_filter([holder.pk]) if rule.pools_subordinates else Q(agency_id=holder.pk)
    used = Registration.objects.filter(
        pool, movement=movement, carrier=carrier, state__in=QUOTA_STATES
    ).count()
    if used + adding > limit:
        label = Carrier(carrier).label.lower()
        shared = f" (chỉ tiêu chung của {holder.display_name})" if holder.pk != agency.pk else ""
        raise ValidationError(
            f"{holder.display_name} đã đăng ký {used}/{limit} mô hình {label}{shared} "
            f"— đã đủ chỉ tiêu của phong trào, không thể đăng ký thêm mô hình {label}."
        )


def _check_agency_can_register(agency: Agency):
    if not agency.active:
        successor = f" vào {agency.merged_into}" if agency.merged_into_id else ""
        raise ValidationError(
            f"{agency} không còn hoạt động (đã sáp nhập{successor}); không thể đăng ký mô hình."
        )


def _link_initiative(registration: Registration, chosen, *, by, linking: bool):
    """A registration belongs to one model: a new one (started here, as a draft that follows
    the registration until it is sent), or one the agency holds and continues this year —
    its own, or one handed over by a unit merged into it (seed 001)."""
    current = registration.initiative if registration.initiative_id else None
    if not linking and current is not None:
        # An edit that does not name the model keeps the one it has.
        chosen = current
    elif chosen is None:
        if current is not None and current.status == Status.DRAFT:
            chosen = current
        else:
            chosen = start_initiative(
                agency=registration.agency,
                name=registration.name,
                carrier=registration.carrier,
                field=registration.field,
                by=by,
            )
    elif chosen != current or chosen.status != Status.DRAFT:  # continuing a model
        # As it is now: a decision since the page opened may have removed it.
        chosen = Initiative.objects.select_for_update().get(pk=chosen.pk)
        check_continuable(chosen, agency=registration.agency)
        taken = (
            Registration.objects.filter(movement=registration.movement, initiative=chosen)
            .exclude(state=State.WITHDRAWN)
            .exclude(pk=registration.pk)
        )
        if taken.exists():
            raise ValidationError(
                {"initiative": f"Mô hình “{chosen}” đã được đăng ký trong phong trào này."}
            )
    follow_draft(
        chosen,
        name=registration.name,
        carrier=registration.carrier,
        field=registration.field,
        by=by,
    )
    registration.initiative = chosen
    return current if current is not None and current != chosen else None


def _check_unique_name(registration: Registration):
    """One name per agency per movement; compared in Python since SQLite folds ASCII only."""
    wanted = " ".join(registration.name.split()).casefold()
    names = (
        Registration.objects.filter(movement=registration.movement, agency=registration.agency)
        .exclude(state=State.WITHDRAWN)
        .exclude(pk=registration.pk)
        .values_list("name", flat=True)
    )
    if any(" ".join(name.split()).casefold() == wanted for name in names):
        raise ValidationError({"name": "Đơn vị đã có mô hình cùng tên trong phong trào này."})


def _clean_text(value):
    """The portal's one text rule (portal/text.py), then surrounding spaces trimmed; the Excel
    import reaches here without the request middleware."""
    value = clean_text(value)
    return value.strip() if isinstance(value, str) else value


def _apply(registration: Registration, fields: dict):
    unknown = set(fields) - set(CONTENT_FIELDS) - {LINK_FIELD}
    if unknown:
        raise ValueError(f"Not content fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name != LINK_FIELD:
            setattr(registration, name, _clean_text(value))
    # The other carrier's fields are cleared so a list never shows a stale name.
    if registration.carrier == Carrier.COLLECTIVE:
        registration.person_name = registration.person_position = ""
        registration.person_workplace = ""
    else:
        registration.collective_name = ""
    registration.full_clean(exclude=["created_by", "initiative"])
    _check_unique_name(registration)


def missing_to_submit(registration: Registration) -> list[str]:
    """Labels of the fields still empty that submission needs."""
    names = REQUIRED_TO_SUBMIT + REQUIRED_BY_CARRIER.get(registration.carrier, ())
    return [
        str(Registration._meta.get_field(name).verbose_name)
        for name in names
        if getattr(registration, name if name != "field" else "field_id") in (None, "")
    ]


def create_registration(*, movement: Movement, agency: Agency, by, now=None, **fields):
    """A new draft. Refused once the window has closed or the carrier's quota is already full."""
    now = now or timezone.now()
    _check_agency_can_register(agency)
    _check_window(movement=movement, agency=agency, now=now)
    with transaction.atomic():
        carrier = fields.get("carrier")
        if carrier in Carrier.values:
            _check_quota(movement=movement, agency=agency, carrier=carrier, adding=1)
        registration = Registration(movement=movement, agency=agency, created_by=by)
        _apply(registration, fields)
        _link_initiative(registration, fields.get(LINK_FIELD), by=by, linking=True)
        try:
            with transaction.atomic():
                save_with_history(registration, by=by, reason="Tạo bản nháp")
        except IntegrityError:
            raise ValidationError(
                {"name": "Đơn vị đã có mô hình cùng tên trong phong trào này."}
            ) from None
    return registration


def update_registration(*, registration: Registration, by, **fields):
    """Edit a draft or a returned registration, checked on the row as it is now, under a lock.

    A page opened before the leader submitted must not turn the submission back into a draft.
    """
    with transaction.atomic():
        current = locked(Registration.objects, registration.pk)
        check_state(current, EDITABLE_STATES, name="mô hình")
        new_carrier = fields.get("carrier", current.carrier)
        if new_carrier != current.carrier:
            if current.state == State.RETURNED:
                raise ValidationError(
                    {
                        "carrier": "Mô hình đã gửi không thể đổi giữa tập thể và cá nhân; hãy rút và đăng ký mới."
                    }
                )
            if new_carrier in Carrier.values:
                _check_quota(movement=current.movement, agency=current.agency, carrier=new_carrier)
        _apply(current, fields)
        left = _link_initiative(
            current, fields.get(LINK_FIELD), by=by, linking=LINK_FIELD in fields
        )
        save_with_history(
            current,
            by=by,
            reason="Sửa nội dung",
            update_fields=[*CONTENT_FIELDS, LINK_FIELD, "updated_at"],
        )
        if left is not None:
            discard_draft(left, by=by)
    registration.refresh_from_db()
    return registration


def delete_registration(*, registration: Registration, by):
    with transaction.atomic():
        current = Registration.objects.select_for_update().filter(pk=registration.pk).first()
        if current is None:
            return
        if current.state != State.DRAFT:
            raise ValidationError(
                "Chỉ xoá được bản nháp; mô hình đã gửi thì dùng chức năng rút đăng ký."
            )
        delete_with_history(current, by=by)
        discard_draft(current.initiative, by=by)


def submit_registration(*, registration: Registration, by, now=None) -> Registration:
    """Send a draft (or resend a returned registration) to the coordinator.

    A first submission checks the closing moment (or the agency's extension) and the quota for
    its carrier, holding the agency row locked so two simultaneous submissions cannot both take
    the last slot. A returned registration already holds its slot and was sent on time, so it
    may be resent after the close.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = locked(Registration.objects, registration.pk)
        agency = current.agency
        check_state(current, EDITABLE_STATES, name=f"mô hình “{current}”", action="gửi")
        missing = missing_to_submit(current)
        if missing:
            raise ValidationError(
                f"Mô hình “{current}” chưa đủ thông tin để gửi. Còn thiếu: "
                + "; ".join(missing)
                + "."
            )
        if current.state == State.DRAFT:
            _check_agency_can_register(agency)
            _check_window(movement=current.movement, agency=agency, now=now)
            _check_quota(movement=current.movement, agency=agency, carrier=current.carrier)
            current.state = State.SUBMITTED
            mark_registered(current.initiative, year=current.movement.year, by=by)
        else:
            if current.movement.status != MovementStatus.OPEN:
                raise ValidationError(
                    f"Phong trào “{current.movement}” đã kết thúc, không nhận gửi lại."
                )
            current.state = State.RESUBMITTED
        mark_sent(current, by=by, now=now)
        save_with_history(
            current, by=by, reason="Gửi đăng ký" if current.state == State.SUBMITTED else "Gửi lại"
        )
    registration.refresh_from_db()
    return registration


def withdraw_registration(*, registration: Registration, by) -> Registration:
    """The leader takes a sent registration back; it stops using quota and stays on record."""
    with transaction.atomic():
        current = locked(Registration.objects, registration.pk)
        if not current.is_withdrawable:
            raise ValidationError(
                f"Mô hình “{current}” đang ở trạng thái “{current.get_state_display()}”, "
                "không thể rút."
            )
        current.state = State.WITHDRAWN
        save_with_history(current, by=by, reason="Rút đăng ký")
    registration.refresh_from_db()
    return registration


def _review(*, registrations, by, now, new_state, reason=""):
    now = now or timezone.now()
    with transaction.atomic():
        rows = decide(
            Registration.objects,
            registrations,
            AWAITING_REVIEW_STATES,
            new_state=new_state,
            by=by,
            now=now,
            reason=reason,
            history_reason="Chấp thuận" if new_state == State.ACCEPTED else "Trả lại",
            describe=lambda r: f"“{r}”",
            only="Chỉ xử lý được mô hình đang chờ duyệt.",
        )
        # In the same transaction: the agency is told exactly when the decision is saved.
        notify_review_outcome(
            rows,
            what="Đăng ký mô hình",
            accepted=new_state == State.ACCEPTED,
            when=now,
            link_of=lambda row: reverse("registrations:detail", args=[row.pk]),
        )
    return rows


def accept_registrations(*, registrations, by, now=None):
    """The coordinator accepts sent registrations, all or none."""
    return _review(registrations=registrations, by=by, now=now, new_state=State.ACCEPTED)


def return_registrations(*, registrations, by, reason: str, now=None):
    """The coordinator returns sent registrations with one reason, all or none."""
    reason = required_reason(reason)
    return _review(
        registrations=registrations, by=by, now=now, new_state=State.RETURNED, reason=reason
    )


def accept_registration(*, registration, by, now=None):
    return accept_registrations(registrations=[registration], by=by, now=now)[0]


def return_registration(*, registration, by, reason, now=None):
    return return_registrations(registrations=[registration], by=by, reason=reason, now=now)[0]
