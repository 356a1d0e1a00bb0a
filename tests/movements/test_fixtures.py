"""The Vĩnh Long 2025 fixture carries seed 000's rules exactly."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from movements.models import Field, Movement
from movements.selectors import quota_rule_for
from portal.models import AgencyKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def vinh_long():
    call_command("loaddata", "reference", "criteria_sample", "vinh_long_2025", verbosity=0)
    return Movement.objects.get(year=2025, province="Vĩnh Long")


def test_closing_moments_match_the_plans_wording(vinh_long):
    # “chậm nhất là ngày 15/4/2025”: the 15th is still on time.
    registration = vinh_long.deadlines.get(kind="registration")
    assert registration.closes_at == datetime(2025, 4, 16, 0, 0, tzinfo=VN)
    assert registration.wording == "chậm nhất là ngày 15/4/2025"
    # “trước ngày 15/12/2025”: the 15th is already late.
    award = vinh_long.deadlines.get(kind="award")
    assert award.closes_at == datetime(2025, 12, 15, 0, 0, tzinfo=VN)
    assert award.wording == "trước ngày 15/12/2025"
    assert vinh_long.document_number == "553/QĐ-UBND"


@pytest.mark.parametrize(
    "kind, collectives, individuals",
    [
        ("so-nganh", 2, 4),
        ("dang-doan-the", 2, 4),
        ("cong-an", 5, 10),
        ("quan-su", 5, 10),
        ("giao-duc", 5, 10),
        ("y-te", 5, 10),
        ("ubnd-huyen", 5, 10),
    ],
)
def test_quota_rules_per_kind(vinh_long, kind, collectives, individuals):
    rule = quota_rule_for(movement=vinh_long, agency_kind_id=AgencyKind.objects.get(code=kind).pk)
    assert (rule.max_collectives, rule.max_individuals) == (collectives, individuals)


def test_district_rule_pools_its_divisions_and_communes(vinh_long):
    district = AgencyKind.objects.get(code="ubnd-huyen")
    assert quota_rule_for(movement=vinh_long, agency_kind_id=district.pk).pools_subordinates


def test_the_four_fields_and_kinds_with_tiers(vinh_long):
    assert list(Field.objects.values_list("name", flat=True)) == [
        "Kinh tế",
        "Văn hóa - xã hội",
        "Quốc phòng - an ninh",
        "Xây dựng hệ thống chính trị",
    ]
    assert AgencyKind.objects.get(code="ubnd-xa").tier == "commune"


def test_loading_the_fixtures_twice_changes_nothing(vinh_long):
    call_command("loaddata", "reference", "criteria_sample", "vinh_long_2025", verbosity=0)
    assert Movement.objects.count() == 1
    assert vinh_long.quota_rules.count() == 6
