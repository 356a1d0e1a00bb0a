"""movements/selectors.py quota_rule_for: the rule naming the agency's kind, else the movement's
default, else a clear error — read from the database or from rules already loaded."""

import pytest
from django.core.exceptions import ValidationError

from movements.selectors import quota_rule_for, quota_rules_by_kind
from tests.factories import AgencyKindFactory, MovementFactory, QuotaRuleFactory

pytestmark = pytest.mark.django_db

NO_RULE = (
    "Phong trào “{}” chưa có chỉ tiêu đăng ký cho loại cơ quan này và chưa có chỉ tiêu mặc "
    "định. Vui lòng liên hệ Sở Nội vụ."
)


@pytest.fixture
def kinds():
    return {
        "health": AgencyKindFactory(code="y-te", name="Sở Y tế"),
        "department": AgencyKindFactory(code="so-nganh", name="Sở, ban, ngành cấp tỉnh"),
    }


@pytest.mark.parametrize("loaded", [False, True], ids=["queried", "loaded"])
@pytest.mark.parametrize(
    ("rules", "agency_kind", "expected"),
    [
        # Seed 000: the health sector 05/10, everyone else the default 02/04.
        ({"health": (5, 10), None: (2, 4)}, "health", (5, 10)),
        ({"health": (5, 10), None: (2, 4)}, "department", (2, 4)),
        ({None: (2, 4)}, "health", (2, 4)),  # the default alone
        ({"health": (5, 10)}, "health", (5, 10)),  # the kind's rule alone
        ({"health": (5, 10)}, "department", None),  # neither its kind nor a default
        ({}, "health", None),
    ],
)
def test_quota_rule_for(kinds, rules, agency_kind, expected, loaded):
    movement = MovementFactory()
    for kind, (collectives, individuals) in rules.items():
        QuotaRuleFactory(
            movement=movement,
            agency_kind=kinds[kind] if kind else None,
            max_collectives=collectives,
            max_individuals=individuals,
        )
    # Another movement's rules never apply.
    QuotaRuleFactory(movement=MovementFactory(), agency_kind=None, max_collectives=9)
    QuotaRuleFactory(movement=MovementFactory(), agency_kind=kinds["department"])
    kind_id = kinds[agency_kind].pk
    loaded_rules = quota_rules_by_kind(movement=movement) if loaded else None

    if expected is None:
        with pytest.raises(ValidationError) as refused:
            quota_rule_for(movement=movement, agency_kind_id=kind_id, rules=loaded_rules)
        assert refused.value.messages == [NO_RULE.format(movement)]
    else:
        rule = quota_rule_for(movement=movement, agency_kind_id=kind_id, rules=loaded_rules)
        assert rule.movement == movement
        assert (rule.max_collectives, rule.max_individuals) == expected
        assert rule.agency_kind_id in (kind_id, None)


def test_rules_by_kind_keys_the_default_under_none(kinds):
    movement = MovementFactory()
    default = QuotaRuleFactory(movement=movement, agency_kind=None)
    health = QuotaRuleFactory(movement=movement, agency_kind=kinds["health"])
    assert quota_rules_by_kind(movement=movement) == {None: default, kinds["health"].pk: health}
