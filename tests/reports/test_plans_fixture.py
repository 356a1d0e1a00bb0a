"""The Lạng Sơn 2026 fixture carries seed 002: the commune and ward People's Committees send
their plan “trước 10/3/2026”, and the year's work has eight content areas."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from movements.models import Movement
from movements.selectors import AgencyDeadline, required_agencies
from tests.factories import AgencyFactory, AgencyKindFactory

from .plan_factories import AREAS

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def lang_son():
    call_command("loaddata", "reference", "lang_son_2026", verbosity=0)
    return Movement.objects.get(year=2026, province="Lạng Sơn")


def test_plan_deadline_before_10_march_for_communes_and_wards(lang_son):
    deadline = lang_son.deadlines.get(kind="plan")
    assert deadline.wording == "trước ngày 10/3/2026"
    assert deadline.closes_at == datetime(2026, 3, 10, 0, 0, tzinfo=VN)
    assert AgencyDeadline(deadline).refusal(datetime(2026, 3, 9, 23, 59, tzinfo=VN)) is None
    assert AgencyDeadline(deadline).refusal(datetime(2026, 3, 10, 0, 0, tzinfo=VN))
    commune = AgencyFactory(kind=AgencyKindFactory(code="ubnd-xa"), name="UBND xã Hữu Lũng")
    AgencyFactory(name="Sở Tư pháp")
    assert list(required_agencies(deadline)) == [commune]


def test_eight_content_areas_in_order(lang_son):
    assert [a.name for a in lang_son.content_areas.order_by("position")] == AREAS
    assert lang_son.document_number == "61/KH-UBND"


def test_loading_again_changes_nothing(lang_son):
    call_command("loaddata", "lang_son_2026", verbosity=0)
    assert lang_son.content_areas.count() == 8 and lang_son.deadlines.count() == 1
