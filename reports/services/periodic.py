"""Periodic reports: start from the previous one, fill, send, accept or return.

Every write to a report goes through here (the agency's pages and the admin alike). A report
answers one report deadline of its movement (seed 003: “6 tháng, 9 tháng và cuối năm”).
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from movements.models import Deadline, DeadlineExtension, DeadlineKind, MovementStatus
from movements.selectors import AgencyDeadline
from notifications.services import notify_review_outcome
from portal.text import clean_text
from portal.uploads import check_signed_scan
from portal.workflow import (
    check_state,
    decide,
    delete_with_history,
    locked,
    mark_sent,
    required_reason,
    save_with_history,
    start_once,
)
from registrations.models import Registration
from registrations.models import State as RegistrationState

from ..models import (
    AWAITING_REVIEW_STATES,
    EDITABLE_STATES,
    ContentArea,
    Indicator,
    IndicatorKind,
    Report,
    ReportFigure,
    ReportModelStatus,
    ReportSection,
    State,
)

# What the clerk writes on the report itself; sections, models and figures have their own rows.
HEADER_FIELDS = ("number", "issued_on", "difficulties", "proposals")
PERCENT_MAX = Decimal(100)
# “12”, “12,5”, “12.5”: one decimal separator, no thousands separator (ambiguous in Vietnamese).
NUMBER_TEXT = re.compile(r"[0-9]+(?:[.,][0-9]{1,2})?")


# Which deadline, for whom


def applies_to(deadline: Deadline, agency) -> bool:
    """A report deadline binds the agency kinds it names, or every agency when it names none."""
    kinds = [kind.pk for kind in deadline.agency_kinds.all()]
    return not kinds or agency.kind_id in kinds


def report_window(deadline: Deadline, agency) -> AgencyDeadline:
    """This deadline for this agency, its extension counted.

    A movement has several report deadlines (6 tháng, 9 tháng, năm), so the window is the
    report's own deadline, not the first deadline of its kind.
    """
    extension = DeadlineExtension.objects.filter(deadline=deadline, agency=agency).first()
    return AgencyDeadline(deadline, extension)


def _check_deadline(deadline: Deadline, agency):
    if deadline.kind != DeadlineKind.REPORT:
        raise ValidationError("Thời hạn này không phải là thời hạn báo cáo.")
    if deadline.movement.status == MovementStatus.DRAFT:
        raise ValidationError("Phong trào chưa triển khai, chưa nhận báo cáo.")
    if not applies_to(deadline, agency):
        raise ValidationError(f"“{deadline.title}” không áp dụng cho {agency}.")


# Starting a report


def previous_report(*, deadline: Deadline, agency) -> Report | None:
    """The agency's report for the latest earlier report deadline of the same movement."""
    return (
        Report.objects.filter(
            agency=agency,
            deadline__movement_id=deadline.movement_id,
            deadline__kind=DeadlineKind.REPORT,
            deadline__due_on__lt=deadline.due_on,
        )
        .order_by("-deadline__due_on", "-deadline_id")
        .first()
    )


def accepted_registrations(*, movement, agency):
    return Registration.objects.filter(
        movement=movement, agency=agency, state=RegistrationState.ACCEPTED
    ).order_by("name", "pk")


def _fill_new_report(report: Report, *, by):
    """Sections, model statuses and figures of a new report: the previous report's text and
    figures when there is one, then a row for each content area and accepted model not yet in."""
    movement = report.deadline.movement
    previous = previous_report(deadline=report.deadline, agency=report.agency)
    sections, statuses, figures = {}, {}, []
    if previous is not None:
        sections = {s.area_id: s.results for s in previous.sections.all()}
        statuses = {
            s.registration_id: (s.running, s.results) for s in previous.model_statuses.all()
        }
        figures = list(previous.figures.all())
    reason = "Bắt đầu từ báo cáo kỳ trước" if previous else "Bắt đầu lập báo cáo"
    for area in ContentArea.objects.filter(movement=movement):
        row = ReportSection(report=report, area=area, results=sections.get(area.pk, ""))
        save_with_history(row, by=by, reason=reason)
    registration_ids = set(statuses) | set(
        accepted_registrations(movement=movement, agency=report.agency).values_list("pk", flat=True)
    )
    for registration_id in sorted(registration_ids):
        running, results = statuses.get(registration_id, (True, ""))
        row = ReportModelStatus(
            report=report, registration_id=registration_id, running=running, results=results
        )
        save_with_history(row, by=by, reason=reason)
    indicator_ids = set(Indicator.objects.filter(movement=movement).values_list("pk", flat=True))
    for figure in figures:
        if figure.indicator_id in indicator_ids:
            row = ReportFigure(report=report, indicator_id=figure.indicator_id, value=figure.value)
            save_with_history(row, by=by, reason=reason)
    return previous


def start_report(*, deadline: Deadline, agency, by) -> Report:
    """The agency's report for this deadline, made by the first “Bắt đầu lập báo cáo”.

    Seed 003 reports every 6 months, 9 months and at year end: a new report starts from the
    agency's previous one in the movement, so figures and text carry forward.
    """
    _check_deadline(deadline, agency)
    with transaction.atomic():
        existed = Report.objects.filter(deadline=deadline, agency=agency).exists()
        report = start_once(
            Report,
            by=by,
            reason="Bắt đầu lập báo cáo",
            key={"deadline": deadline, "agency": agency},
            defaults={"created_by": by},
        )
        if not existed and not report.sections.exists() and not report.model_statuses.exists():
            _fill_new_report(report, by=by)
    return report


# Filling it


def parse_figure(indicator: Indicator, value) -> Decimal | None:
    """A figure as typed: empty is “not given”; a percentage is 0–100, a number is ≥ 0."""
    if value is None:
        return None
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    else:
        text = str(value).strip().replace(" ", "")
        if not text:
            return None
        if not NUMBER_TEXT.fullmatch(text.lstrip("-")):
            raise ValidationError(
                f"Chỉ số “{indicator.name}”: “{value}” không phải là số "
                "(ví dụ 12 hoặc 12,5; không dùng dấu phân cách hàng nghìn)."
            )
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
            raise ValidationError(
                f"Chỉ số “{indicator.name}”: “{value}” không phải là số."
            ) from None
    if number < 0:
        raise ValidationError(f"Chỉ số “{indicator.name}”: giá trị không được âm.")
    if indicator.kind == IndicatorKind.PERCENT and number > PERCENT_MAX:
        raise ValidationError(f"Chỉ số “{indicator.name}”: tỷ lệ phải từ 0 đến 100%.")
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError(
            f"Chỉ số “{indicator.name}”: chỉ ghi tối đa 2 chữ số sau dấu thập phân."
        )
    return number


def _text(value) -> str:
    value = clean_text(value or "")
    return value.strip() if isinstance(value, str) else value


def save_report(
    *, report: Report, by, fields=None, sections=None, statuses=None, figures=None
) -> Report:
    """Save what the clerk typed, all or nothing, on the report as it is now (under a lock).

    ``fields``: number, issued_on, difficulties, proposals; ``sections``: {area_id: text};
    ``statuses``: {registration_id: (running, text)}; ``figures``: {indicator_id: value, empty
    to clear}. A page opened before the leader sent must not change what was sent.
    """
    fields, sections = fields or {}, sections or {}
    statuses, figures = statuses or {}, figures or {}
    unknown = set(fields) - set(HEADER_FIELDS)
    if unknown:
        raise ValueError(f"Not report fields: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(Report.objects.select_related("deadline__movement"), report.pk)
        check_state(current, EDITABLE_STATES, name="báo cáo")
        indicators = {
            i.pk: i for i in Indicator.objects.filter(movement=current.deadline.movement_id)
        }
        errors, values = [], {}
        for indicator_id, value in figures.items():
            indicator = indicators.get(int(indicator_id))
            if indicator is None:
                errors.append("Có chỉ số không thuộc phong trào của báo cáo.")
                continue
            try:
                values[indicator.pk] = parse_figure(indicator, value)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)

        changed = False
        for name, value in fields.items():
            value = _text(value) if isinstance(value, str) else value
            if getattr(current, name) != value:
                setattr(current, name, value)
                changed = True
        texts = {int(k): v for k, v in sections.items()}
        for section in current.sections.filter(area_id__in=list(texts)):
            text = _text(texts[section.area_id])
            if section.results != text:
                section.results = text
                save_with_history(section, by=by, reason="Sửa kết quả theo nội dung")
                changed = True
        wanted = {int(k): v for k, v in statuses.items()}
        for status in current.model_statuses.filter(registration_id__in=list(wanted)):
            running, text = wanted[status.registration_id]
            text = _text(text)
            if (status.running, status.results) != (bool(running), text):
                status.running, status.results = bool(running), text
                save_with_history(status, by=by, reason="Sửa tình hình mô hình")
                changed = True
        stored = {f.indicator_id: f for f in current.figures.all()}
        for indicator_id, value in values.items():
            figure = stored.get(indicator_id)
            if value is None:
                if figure is not None:
                    delete_with_history(figure, by=by, reason="Xoá số liệu")
                    changed = True
            elif figure is None:
                row = ReportFigure(report=current, indicator_id=indicator_id, value=value)
                save_with_history(row, by=by, reason="Nhập số liệu")
                changed = True
            elif figure.value != value:
                figure.value = value
                save_with_history(figure, by=by, reason="Sửa số liệu")
                changed = True
        # The report's own history says who last changed any part of it.
        if changed:
            current.full_clean(exclude=["created_by", "signed_scan"])
            save_with_history(current, by=by, reason="Sửa nội dung")
    report.refresh_from_db()
    return report


def save_signed_scan(*, report: Report, upload, by) -> Report:
    check_signed_scan(upload)
    with transaction.atomic():
        current = locked(Report.objects, report.pk)
        check_state(current, EDITABLE_STATES, name="báo cáo", action="tải bản scan")
        name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        current.signed_scan.save(name, upload, save=False)
        save_with_history(current, by=by, reason="Tải bản scan có chữ ký")
    report.refresh_from_db()
    return report


# Sending


def missing_to_submit(report: Report) -> list[str]:
    """What is still missing before the leader can send: every figure, and the signed scan."""
    given = set(report.figures.values_list("indicator_id", flat=True))
    missing = [
        f"số liệu “{indicator.name}”"
        for indicator in Indicator.objects.filter(movement=report.deadline.movement_id)
        if indicator.pk not in given
    ]
    if not report.signed_scan:
        missing.append("bản scan có chữ ký (PDF)")
    return missing


def submit_report(*, report: Report, by, now=None) -> Report:
    """The leader sends the report, or resends it after a return.

    A first send is refused after the deadline's last moment, unless the agency was granted an
    extension (“chậm nhất là ngày …” counts that day until 23:59). A returned report was sent
    in time once, so it may be resent after the close.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = locked(Report.objects.select_related("deadline__movement", "agency"), report.pk)
        check_state(current, EDITABLE_STATES, name=f"báo cáo “{current}”", action="gửi")
        missing = missing_to_submit(current)
        if missing:
            raise ValidationError("Báo cáo chưa đủ để gửi. Còn thiếu: " + "; ".join(missing) + ".")
        if current.state == State.DRAFT:
            refusal = report_window(current.deadline, current.agency).refusal(now)
            if refusal:
                raise ValidationError(refusal)
            current.state = State.SUBMITTED
        else:
            current.state = State.RESUBMITTED
        mark_sent(current, by=by, now=now)
        save_with_history(
            current, by=by, reason="Gửi báo cáo" if current.state == State.SUBMITTED else "Gửi lại"
        )
    report.refresh_from_db()
    return report


# Review by the coordinator


def _review(*, reports, by, now, new_state, reason=""):
    now = now or timezone.now()
    with transaction.atomic():
        rows = decide(
            Report.objects.select_related("deadline", "agency"),
            reports,
            AWAITING_REVIEW_STATES,
            new_state=new_state,
            by=by,
            now=now,
            reason=reason,
            history_reason="Tiếp nhận" if new_state == State.ACCEPTED else "Trả lại",
            describe=lambda r: f"“{r}”",
            only="Chỉ xử lý được báo cáo đang chờ tiếp nhận.",
        )
        # In the same transaction: the agency is told exactly when the decision is saved.
        notify_review_outcome(
            rows,
            what="Báo cáo",
            name_of=lambda report: report.deadline.title,
            accepted=new_state == State.ACCEPTED,
            verb="tiếp nhận",
            when=now,
            link_of=lambda report: reverse(
                "reports:report_detail", kwargs={"deadline_id": report.deadline_id}
            ),
        )
    return rows


def accept_reports(*, reports, by, now=None):
    """The coordinator accepts sent reports, all or none."""
    return _review(reports=reports, by=by, now=now, new_state=State.ACCEPTED)


def return_reports(*, reports, by, reason: str, now=None):
    """The coordinator returns sent reports with one reason, all or none."""
    reason = required_reason(reason, what="báo cáo")
    return _review(reports=reports, by=by, now=now, new_state=State.RETURNED, reason=reason)


def accept_report(*, report, by, now=None):
    return accept_reports(reports=[report], by=by, now=now)[0]


def return_report(*, report, by, reason, now=None):
    return return_reports(reports=[report], by=by, reason=reason, now=now)[0]
