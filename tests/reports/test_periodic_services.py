"""Periodic reports through their services: starting (from the previous report), filling,
figures' rules, the signed scan, sending against the deadline's edges, review and resend."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from movements.models import DeadlineExtension, DeadlineKind
from registrations.models import State as RegistrationState
from reports.models import IndicatorKind, Report, ReportFigure, ReportSection, State
from reports.services import periodic as services
from tests.factories import AgencyKindFactory, RegistrationFactory

from .periodic_factories import (
    at,
    content_area,
    filled_report,
    indicator,
    report_deadline,
    scan,
    sent_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(movement, agency_a, leader_a, field):
    """Two content areas, a number and a percentage, two of agency A's models accepted."""
    areas = [
        content_area(movement, "Tuyên truyền, phổ biến chủ trương, chính sách", 1),
        content_area(movement, "Tiếp công dân, đối thoại, giải quyết khiếu nại", 2),
    ]
    dialogues = indicator(
        movement, "Số cuộc đối thoại trực tiếp với Nhân dân", unit="cuộc", position=1
    )
    democracy = indicator(
        movement,
        "Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ",
        kind=IndicatorKind.PERCENT,
        position=2,
    )
    accepted = [
        RegistrationFactory(
            movement=movement,
            agency=agency_a,
            field=field,
            state=RegistrationState.ACCEPTED,
            name=name,
        )
        for name in ("Một cửa thân thiện", "Dân hỏi, cán bộ trả lời")
    ]
    RegistrationFactory(movement=movement, agency=agency_a, field=field, name="Bản nháp chưa gửi")
    half_year = report_deadline(movement, "Báo cáo 6 tháng", date(2026, 6, 30))
    nine_months = report_deadline(movement, "Báo cáo 9 tháng", date(2026, 9, 30))
    return {
        "areas": areas,
        "dialogues": dialogues,
        "democracy": democracy,
        "accepted": accepted,
        "half_year": half_year,
        "nine_months": nine_months,
    }


def test_a_first_report_has_a_section_per_area_and_a_row_per_accepted_model(
    setup, agency_a, leader_a
):
    report = services.start_report(deadline=setup["half_year"], agency=agency_a, by=leader_a)
    assert [s.area for s in report.sections.order_by("area__position")] == setup["areas"]
    assert {s.registration for s in report.model_statuses.all()} == set(setup["accepted"])
    assert all(s.running and s.results == "" for s in report.model_statuses.all())
    assert not report.figures.exists()
    assert report.state == State.DRAFT and report.created_by == leader_a
    assert report.history.first().history_change_reason == "Bắt đầu lập báo cáo"


def test_starting_twice_makes_one_report(setup, agency_a, leader_a):
    first = services.start_report(deadline=setup["half_year"], agency=agency_a, by=leader_a)
    second = services.start_report(deadline=setup["half_year"], agency=agency_a, by=leader_a)
    assert first.pk == second.pk
    assert Report.objects.count() == 1
    assert ReportSection.objects.count() == 2


def test_a_new_report_starts_from_the_previous_one(setup, movement, agency_a, leader_a, field):
    first_area, second_area = setup["areas"]
    previous = filled_report(
        setup["half_year"],
        agency_a,
        leader_a,
        figures={setup["dialogues"]: "12", setup["democracy"]: "87,5"},
        sections={first_area: "Tổ chức 4 hội nghị tuyên truyền."},
        number="15/BC-STP",
        difficulties="Thiếu kinh phí.",
    )
    status = previous.model_statuses.get(registration=setup["accepted"][1])
    services.save_report(
        report=previous,
        by=leader_a,
        statuses={status.registration_id: (False, "Tạm dừng vì sáp nhập.")},
    )
    # Since then: a new content area and a newly accepted model.
    new_area = content_area(movement, "Phối hợp với Mặt trận Tổ quốc", 3)
    newer = RegistrationFactory(
        movement=movement,
        agency=agency_a,
        field=field,
        state=RegistrationState.ACCEPTED,
        name="Zalo phường",
    )

    report = services.start_report(deadline=setup["nine_months"], agency=agency_a, by=leader_a)

    texts = {s.area_id: s.results for s in report.sections.all()}
    assert texts == {
        first_area.pk: "Tổ chức 4 hội nghị tuyên truyền.",
        second_area.pk: "",
        new_area.pk: "",
    }
    statuses = {s.registration_id: (s.running, s.results) for s in report.model_statuses.all()}
    assert statuses[setup["accepted"][1].pk] == (False, "Tạm dừng vì sáp nhập.")
    assert statuses[setup["accepted"][0].pk] == (True, "")
    assert statuses[newer.pk] == (True, "")
    figures = {f.indicator_id: f.value for f in report.figures.all()}
    assert figures == {setup["dialogues"].pk: Decimal("12"), setup["democracy"].pk: Decimal("87.5")}
    # The document itself is new: its number, date, scan, difficulties and state are not copied.
    assert (report.number, report.issued_on, report.signed_scan.name or "") == ("", None, "")
    assert report.difficulties == "" and report.state == State.DRAFT
    assert report.history.first().history_change_reason == "Bắt đầu lập báo cáo"
    assert (
        report.sections.first().history.first().history_change_reason
        == "Bắt đầu từ báo cáo kỳ trước"
    )


def test_a_report_of_another_movement_is_not_the_previous_one(setup, agency_a, leader_a):
    other = report_deadline(
        RegistrationFactory(agency=agency_a).movement, "Báo cáo 6 tháng", date(2026, 6, 30)
    )
    filled_report(other, agency_a, leader_a, sections={})
    assert services.previous_report(deadline=setup["nine_months"], agency=agency_a) is None


def test_a_deadline_for_other_agency_kinds_cannot_be_started(movement, agency_a, leader_a):
    communes = AgencyKindFactory(code="ubnd-xa", name="UBND xã, phường")
    deadline = report_deadline(movement, kinds=[communes])
    with pytest.raises(ValidationError, match="không áp dụng cho Sở Tư pháp"):
        services.start_report(deadline=deadline, agency=agency_a, by=leader_a)
    registration_deadline = movement.deadlines.get(kind=DeadlineKind.REGISTRATION)
    with pytest.raises(ValidationError, match="không phải là thời hạn báo cáo"):
        services.start_report(deadline=registration_deadline, agency=agency_a, by=leader_a)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "kind, typed, message",
    [
        (IndicatorKind.PERCENT, "100,5", "tỷ lệ phải từ 0 đến 100%"),
        (IndicatorKind.NUMBER, "-3", "giá trị không được âm"),
        (IndicatorKind.NUMBER, "mười hai", "không phải là số"),
        (IndicatorKind.NUMBER, "1.234.567", "không phải là số"),
        (IndicatorKind.NUMBER, "1,234", "không phải là số"),
    ],
)
def test_a_wrong_figure_is_refused_and_nothing_is_saved(
    setup, agency_a, leader_a, kind, typed, message
):
    target = setup["democracy"] if kind == IndicatorKind.PERCENT else setup["dialogues"]
    report = services.start_report(deadline=setup["half_year"], agency=agency_a, by=leader_a)
    area = setup["areas"][0]
    with pytest.raises(ValidationError, match=message) as refused:
        services.save_report(
            report=report,
            by=leader_a,
            sections={area.pk: "Nội dung mới"},
            figures={target.pk: typed},
        )
    assert target.name in refused.value.messages[0]
    assert report.sections.get(area=area).results == ""
    assert not report.figures.exists()


@pytest.mark.parametrize(
    "kind, typed, stored",
    [
        (IndicatorKind.PERCENT, "100", Decimal("100")),
        (IndicatorKind.PERCENT, "0", Decimal("0")),
        (IndicatorKind.PERCENT, "87,5", Decimal("87.5")),
        (IndicatorKind.NUMBER, "12486", Decimal("12486")),
        (IndicatorKind.NUMBER, " 3.25 ", Decimal("3.25")),
    ],
)
def test_figures_at_the_edges_are_accepted(setup, agency_a, leader_a, kind, typed, stored):
    target = setup["democracy"] if kind == IndicatorKind.PERCENT else setup["dialogues"]
    report = services.start_report(deadline=setup["half_year"], agency=agency_a, by=leader_a)
    services.save_report(report=report, by=leader_a, figures={target.pk: typed})
    assert report.figures.get(indicator=target).value == stored


def test_clearing_a_figure_removes_it_and_history_says_who(setup, agency_a, leader_a):
    report = filled_report(
        setup["half_year"], agency_a, leader_a, figures={setup["dialogues"]: "5"}
    )
    figure = report.figures.get()
    services.save_report(report=report, by=leader_a, figures={setup["dialogues"].pk: ""})
    assert not report.figures.exists()
    records = ReportFigure.history.filter(id=figure.pk).order_by("history_date")
    assert [r.history_type for r in records] == ["+", "-"]
    assert records.last().history_user == leader_a


def test_a_scan_that_is_not_a_pdf_is_refused(setup, agency_a, leader_a):
    report = services.start_report(deadline=setup["half_year"], agency=agency_a, by=leader_a)
    renamed = SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError, match="không phải là PDF"):
        services.save_signed_scan(report=report, upload=renamed, by=leader_a)
    with pytest.raises(ValidationError, match="chỉ nhận tệp PDF"):
        services.save_signed_scan(report=report, upload=scan("bao-cao.docx"), by=leader_a)
    report.refresh_from_db()
    assert not report.signed_scan


def test_sending_needs_every_figure_and_the_signed_scan(setup, agency_a, leader_a):
    report = filled_report(
        setup["half_year"], agency_a, leader_a, figures={setup["dialogues"]: "3"}, scan_file=False
    )
    with pytest.raises(ValidationError) as refused:
        services.submit_report(report=report, by=leader_a, now=at(2026, 6, 1, 9, 0))
    assert "Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ" in refused.value.messages[0]
    assert "bản scan có chữ ký" in refused.value.messages[0]
    assert Report.objects.get().state == State.DRAFT


def _ready(setup, agency, by, deadline=None):
    return filled_report(
        deadline or setup["half_year"],
        agency,
        by,
        figures={setup["dialogues"]: "3", setup["democracy"]: "90"},
    )


def test_sent_at_2359_on_the_last_day_is_on_time(setup, agency_a, leader_a):
    report = services.submit_report(
        report=_ready(setup, agency_a, leader_a), by=leader_a, now=at(2026, 6, 30, 23, 59)
    )
    assert report.state == State.SUBMITTED
    assert report.submitted_at == at(2026, 6, 30, 23, 59) and report.submitted_by == leader_a


def test_sent_at_midnight_after_the_last_day_is_refused(setup, agency_a, leader_a):
    report = _ready(setup, agency_a, leader_a)
    with pytest.raises(ValidationError) as refused:
        services.submit_report(report=report, by=leader_a, now=at(2026, 7, 1, 0, 0))
    assert refused.value.messages == [
        "Đã hết hạn báo cáo 6 tháng (hạn cuối 23:59 ngày 30/06/2026). "
        "Nếu cần gia hạn, vui lòng liên hệ Sở Nội vụ."
    ]
    assert Report.objects.get().state == State.DRAFT


def test_before_a_day_means_that_day_is_already_late(movement, setup, agency_a, leader_a):
    # Seed 001: units report “trước ngày 25 tháng 11”.
    deadline = report_deadline(movement, "Báo cáo năm", date(2026, 11, 25), counts=False)
    report = _ready(setup, agency_a, leader_a, deadline)
    with pytest.raises(ValidationError, match="hạn cuối 23:59 ngày 24/11/2026"):
        services.submit_report(report=report, by=leader_a, now=at(2026, 11, 25, 0, 0))
    assert (
        services.submit_report(report=report, by=leader_a, now=at(2026, 11, 24, 23, 59)).state
        == State.SUBMITTED
    )


def test_an_extension_is_honoured_to_its_last_minute(setup, agency_a, leader_a, reviewer):
    DeadlineExtension.objects.create(
        deadline=setup["half_year"],
        agency=agency_a,
        until_on=date(2026, 7, 5),
        reason="Sáp nhập",
        granted_by=reviewer,
    )
    report = _ready(setup, agency_a, leader_a)
    with pytest.raises(ValidationError, match="hạn cuối 23:59 ngày 05/07/2026"):
        services.submit_report(report=report, by=leader_a, now=at(2026, 7, 6, 0, 0))
    assert (
        services.submit_report(report=report, by=leader_a, now=at(2026, 7, 5, 23, 59)).state
        == State.SUBMITTED
    )


def test_return_needs_a_reason_then_the_agency_edits_and_resends_after_the_deadline(
    setup, agency_a, leader_a, reviewer
):
    report = sent_report(
        setup["half_year"],
        agency_a,
        leader_a,
        now=at(2026, 6, 20, 8, 0),
        figures={setup["dialogues"]: "3", setup["democracy"]: "90"},
    )
    with pytest.raises(ValidationError, match="lý do trả lại báo cáo"):
        services.return_report(report=report, by=reviewer, reason="  ")
    with pytest.raises(ValidationError, match="Đã gửi.*không thể sửa"):
        services.save_report(report=report, by=leader_a, fields={"proposals": "Sửa lén"})
    returned = services.return_report(
        report=report, by=reviewer, reason="Bổ sung số liệu đối thoại."
    )
    assert (returned.state, returned.return_reason, returned.reviewed_by) == (
        State.RETURNED,
        "Bổ sung số liệu đối thoại.",
        reviewer,
    )
    services.save_report(report=returned, by=leader_a, figures={setup["dialogues"].pk: "4"})
    resent = services.submit_report(report=returned, by=leader_a, now=at(2026, 7, 10, 8, 0))
    # The first send stays the moment it arrived: the resend past the close is not “late”.
    assert resent.state == State.RESUBMITTED and resent.submitted_at == at(2026, 6, 20, 8, 0)
    accepted = services.accept_report(report=resent, by=reviewer)
    assert accepted.state == State.ACCEPTED
    with pytest.raises(ValidationError, match="Đã tiếp nhận"):
        services.submit_report(report=accepted, by=leader_a)
    reasons = [
        r.history_change_reason
        for r in Report.history.filter(id=report.pk).order_by("history_date")
    ]
    assert reasons == [
        "Bắt đầu lập báo cáo",
        "Sửa nội dung",
        "Tải bản scan có chữ ký",
        "Gửi báo cáo",
        "Trả lại",
        "Sửa nội dung",
        "Gửi lại",
        "Tiếp nhận",
    ]


def test_bulk_review_is_all_or_nothing(setup, agency_a, agency_b, leader_a, reviewer):
    from portal.models import Role
    from tests.factories import UserFactory

    leader_b = UserFactory(agency=agency_b, role=Role.LEADER)
    sent = sent_report(
        setup["half_year"],
        agency_a,
        leader_a,
        now=at(2026, 6, 20, 8, 0),
        figures={setup["dialogues"]: "3", setup["democracy"]: "90"},
    )
    draft = services.start_report(deadline=setup["half_year"], agency=agency_b, by=leader_b)
    with pytest.raises(ValidationError, match="Chỉ xử lý được báo cáo đang chờ tiếp nhận"):
        services.accept_reports(reports=[sent, draft], by=reviewer)
    assert Report.objects.get(pk=sent.pk).state == State.SUBMITTED
    services.return_reports(reports=[sent], by=reviewer, reason="Thiếu chữ ký")
    assert Report.objects.get(pk=sent.pk).state == State.RETURNED
