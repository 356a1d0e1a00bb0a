"""A movement with a plan deadline, a report deadline, a band scheme and three agencies, built
row by row so each fact's edge is visible in the test that uses it."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dashboard.models import Comparison, FactKind, Target, ValueKind
from movements.models import Deadline, DeadlineExtension, DeadlineKind
from portal.models import Role
from reports.models import Indicator, Plan, Report, ReportFigure, State
from scoring.models import Band, BandScheme, CriteriaSet, Scorecard, ScorecardState
from tests.factories import AgencyFactory, UserFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=VN)


@pytest.fixture
def provincial_leader(db):
    """The read-only provincial leaders' role: no agency, reads the dashboard."""
    return UserFactory(username="ubnd.lanhdao", agency=None, role=Role.PROVINCIAL_LEADER)


@pytest.fixture
def province(movement, department_kind):
    """Three departments; the plan was due “chậm nhất là ngày 10/3/2026”."""
    agencies = [
        AgencyFactory(code=f"S{i}", name=f"Sở số {i}", kind=department_kind) for i in (1, 2, 3)
    ]
    author = UserFactory(agency=agencies[0])
    plan_deadline = Deadline.objects.create(
        movement=movement, kind=DeadlineKind.PLAN, title="Gửi kế hoạch", due_on=date(2026, 3, 10)
    )
    report_deadline = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REPORT,
        title="Báo cáo 6 tháng",
        due_on=date(2026, 6, 30),
    )
    for d in (plan_deadline, report_deadline):
        d.agency_kinds.set([department_kind])
    return {
        "movement": movement,
        "agencies": agencies,
        "author": author,
        "plan": plan_deadline,
        "report": report_deadline,
    }


def plan(province, agency, sent_at, state=State.SUBMITTED, **kwargs):
    return Plan.objects.create(
        deadline=province["plan"],
        agency=agency,
        state=state,
        submitted_at=sent_at,
        created_by=province["author"],
        **kwargs,
    )


def report(province, agency, sent_at, state=State.SUBMITTED, **kwargs):
    return Report.objects.create(
        deadline=province["report"],
        agency=agency,
        state=state,
        submitted_at=sent_at,
        created_by=province["author"],
        **kwargs,
    )


def extension(province, agency, until_on):
    return DeadlineExtension.objects.create(
        deadline=province["plan"],
        agency=agency,
        until_on=until_on,
        reason="Đơn vị mới kiện toàn tổ chức bộ máy",
        granted_by=province["author"],
    )


def target(movement, kind, value, comparison=Comparison.AT_LEAST, **fields):
    fields.setdefault("value_kind", ValueKind.SHARE)
    return Target.objects.create(
        movement=movement,
        name=fields.pop("name", f"Chỉ tiêu {kind}"),
        fact_kind=kind,
        target_value=Decimal(value),
        comparison=comparison,
        **fields,
    )


@pytest.fixture
def bands(db):
    scheme = BandScheme.objects.create(name="Tốt / Khá / Trung bình")
    return {
        name: Band.objects.create(scheme=scheme, name=name, min_total=Decimal(points), rank=rank)
        for rank, (name, points) in enumerate([("Tốt", 80), ("Khá", 65), ("Trung bình", 50)], 1)
    }


def scorecard(movement, agency, band, *, state=ScorecardState.FINALISED, not_classifiable=False):
    sheet, _ = CriteriaSet.objects.get_or_create(
        code="3225/QĐ-UBND",
        defaults={"title": "Tiêu chí", "province": "Đồng Nai", "year_from": 2018, "max_total": 100},
    )
    return Scorecard.objects.create(
        criteria_set=sheet,
        movement=movement,
        agency=agency,
        state=state,
        band=band,
        not_classifiable=not_classifiable,
        not_classifiable_reason="Có cán bộ bị kỷ luật" if not_classifiable else "",
    )


def figure(report_row, indicator, value):
    return ReportFigure.objects.create(report=report_row, indicator=indicator, value=Decimal(value))


def indicator(movement, name="Số cuộc đối thoại với Nhân dân", **kwargs):
    return Indicator.objects.create(movement=movement, name=name, unit="cuộc", **kwargs)


__all__ = ["FactKind", "at"]
