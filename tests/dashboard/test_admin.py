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


def test_the_reviewer_sees_the_targets_inline_on_the_movement(client, reviewer, province):
    Target.objects.create(
        movement=province["movement"],
        name="80% đơn vị đạt tiêu chí “Dân vận khéo”",
        fact_kind=FactKind.MANUAL,
        target_value=Decimal(80),
        manual_value=Decimal(82),
        source="Báo cáo số 45/BC-SNV",
    )
    client.force_login(reviewer)
    page = client.get(reverse("admin:movements_movement_change", args=[province["movement"].pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "80% đơn vị đạt tiêu chí" in text and "Cách tính thực tế" in text


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
