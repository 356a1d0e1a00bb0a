"""Targets are set inline on the movement in the admin; a target that cannot be measured is
refused with a Vietnamese message."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dashboard.models import FactKind, Target, ValueKind
from movements.models import DeadlineKind
from tests.factories import MovementFactory

from .conftest import indicator


def test_the_reviewer_sets_a_target_in_the_admin(client, reviewer, province):
    client.force_login(reviewer)
    movement = province["movement"]
    response = client.post(
        reverse("admin:dashboard_target_add"),
        {
            "movement": movement.pk,
            "position": 1,
            "name": "80% đơn vị đạt tiêu chí “Dân vận khéo”",
            "value_kind": ValueKind.SHARE,
            "comparison": "at_least",
            "target_value": "80",
            "fact_kind": FactKind.MANUAL,
            "manual_value": "82",
            "source": "Báo cáo số 45/BC-SNV",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.movement, target.target_value) == (movement, Decimal(80))
    page = client.get(
        reverse("admin:dashboard_target_changelist") + f"?movement__id__exact={movement.pk}"
    )
    text = page.content.decode()
    assert "80% đơn vị đạt tiêu chí" in text and "≥ 80%" in text


def test_a_target_for_a_report_without_its_deadline_is_refused_in_the_admin(
    client, reviewer, province
):
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:dashboard_target_add"),
        {
            "movement": province["movement"].pk,
            "position": 1,
            "name": "100% đơn vị báo cáo",
            "value_kind": ValueKind.SHARE,
            "comparison": "at_least",
            "target_value": "100",
            "fact_kind": FactKind.REPORT_SENT,
        },
    )
    assert response.status_code == 200
    assert "Chọn thời hạn báo cáo mà chỉ tiêu theo dõi." in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"fact_kind": FactKind.REPORT_SENT}, "deadline", "Chọn thời hạn báo cáo"),
        ({"fact_kind": FactKind.BAND_REACHED}, "band", "Chọn mức xếp loại"),
        ({"fact_kind": FactKind.REPORT_FIGURE}, "indicator", "Chọn chỉ số báo cáo"),
        ({"fact_kind": FactKind.MANUAL, "manual_value": Decimal(1)}, "source", "nguồn số liệu"),
        (
            {"fact_kind": FactKind.PLAN_ON_TIME, "value_kind": ValueKind.NUMBER},
            "value_kind",
            "tỷ lệ (%)",
        ),
        (
            {"fact_kind": FactKind.PLAN_ON_TIME, "target_value": Decimal(120)},
            "target_value",
            "100%",
        ),
    ],
)
def test_a_target_that_cannot_be_measured_is_refused(province, fields, field, message):
    fields.setdefault("target_value", Decimal(80))
    target = Target(movement=province["movement"], name="Chỉ tiêu", **fields)
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_a_deadline_of_the_wrong_kind_or_movement_is_refused(province, movement_2):
    registration = province["movement"].deadlines.get(kind=DeadlineKind.REGISTRATION)
    target = Target(
        movement=province["movement"],
        name="Chỉ tiêu",
        fact_kind=FactKind.REPORT_SENT,
        target_value=Decimal(80),
        deadline=registration,
    )
    with pytest.raises(ValidationError, match="Báo cáo định kỳ"):
        target.full_clean()
    other = indicator(movement_2)
    target = Target(
        movement=province["movement"],
        name="Chỉ tiêu",
        fact_kind=FactKind.REPORT_FIGURE,
        value_kind=ValueKind.NUMBER,
        target_value=Decimal(10),
        indicator=other,
    )
    with pytest.raises(ValidationError, match="phong trào khác"):
        target.full_clean()


@pytest.fixture
def movement_2(db):
    return MovementFactory()
