"""The report fixtures load and carry seeds 003 and 001's report deadlines."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from movements.models import DeadlineKind, Movement
from reports.models import IndicatorKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("loaddata", "reference", "dong_nai_2024", "binh_dinh_2026", verbosity=0)


def test_dong_nai_reports_every_6_months_9_months_and_year_end(loaded):
    movement = Movement.objects.get(province="Đồng Nai", year=2024)
    reports = movement.deadlines.filter(kind=DeadlineKind.REPORT).order_by("due_on")
    assert [d.title for d in reports] == ["Báo cáo 6 tháng", "Báo cáo 9 tháng", "Báo cáo năm"]
    assert reports[0].closes_at == datetime(2024, 6, 16, 0, 0, tzinfo=VN)
    assert {k.code for d in reports for k in d.agency_kinds.all()} == {"phong-ban-van-phong"}
    kinds = {i.name: (i.kind, i.unit_label) for i in movement.indicators.all()}
    assert kinds["Số cuộc đối thoại trực tiếp với Nhân dân"] == (IndicatorKind.NUMBER, "cuộc")
    assert kinds["Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ"] == (IndicatorKind.PERCENT, "%")
    assert movement.content_areas.count() == 4


def test_binh_dinh_units_report_before_25_november_and_the_ward_before_5_december(loaded):
    movement = Movement.objects.get(document_number="13-KH/ĐU")
    unit = movement.deadlines.get(kind=DeadlineKind.REPORT)
    assert unit.wording == "trước ngày 25/11/2026"
    assert unit.closes_at == datetime(2026, 11, 25, 0, 0, tzinfo=VN)
    assert unit.last_moment_text == "23:59 ngày 24/11/2026"
    consolidated = movement.deadlines.get(kind=DeadlineKind.OTHER)
    assert consolidated.closes_at == datetime(2026, 12, 5, 0, 0, tzinfo=VN)
    assert consolidated.wording == "trước ngày 05/12/2026"


def test_loading_again_updates_rather_than_duplicates(loaded):
    call_command("loaddata", "dong_nai_2024", "binh_dinh_2026", verbosity=0)
    assert Movement.objects.filter(province__in=["Đồng Nai", "Bình Định"]).count() == 2
