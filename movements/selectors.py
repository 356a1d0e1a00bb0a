"""Reads of a movement's rules: which quota applies, when a stage closes for an agency."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from .models import DeadlineExtension, Movement, QuotaRule, Stage


def quota_rules_by_kind(*, movement: Movement) -> dict:
    """All of a movement's rules keyed by agency kind id; the default rule under None."""
    return {rule.agency_kind_id: rule for rule in movement.quota_rules.all()}


def quota_rule_for(*, movement: Movement, agency_kind_id: int, rules: dict | None = None):
    """The rule for this kind, else the movement's default rule (seed 000: 02/04 vs 05/10)."""
    if rules is None:
        rules = {
            rule.agency_kind_id: rule
            for rule in QuotaRule.objects.filter(
                Q(agency_kind_id=agency_kind_id) | Q(agency_kind__isnull=True), movement=movement
            )
        }
    rule = rules.get(agency_kind_id) or rules.get(None)
    if rule is None:
        raise ValidationError(
            f"Phong trào “{movement}” chưa có chỉ tiêu đăng ký cho loại cơ quan này "
            "và chưa có chỉ tiêu mặc định. Vui lòng liên hệ Sở Nội vụ."
        )
    return rule


def closing_moment(*, movement: Movement, agency_id: int, stage: str = Stage.REGISTRATION):
    """The exclusive closing moment for this agency: its extension if granted, else the plan's."""
    extension = (
        DeadlineExtension.objects.filter(movement=movement, agency_id=agency_id, stage=stage)
        .values_list("closes_at", flat=True)
        .first()
    )
    if extension is not None:
        return extension
    if stage == Stage.AWARD:
        return movement.award_closes_at
    return movement.registration_closes_at


def quota_holder_id(*, chain, rules: dict):
    """Which agency's quota a registration uses.

    ``chain`` is [(agency_id, kind_id), (parent_id, kind_id), (grandparent_id, kind_id)],
    nearest first. The highest ancestor whose rule pools its subordinates holds the quota
    (seed 000: a district's 05/10 counts its divisions and communes); otherwise the agency.
    """
    holder = chain[0][0]
    for agency_id, kind_id in chain[1:]:
        if agency_id is None:
            break
        rule = rules.get(kind_id) or rules.get(None)
        if rule is not None and rule.pools_subordinates:
            holder = agency_id
    return holder


def agency_chain(agency):
    """(id, kind_id) of the agency and up to two ancestors; parents must be select_related."""
    parent = agency.parent if agency.parent_id else None
    grandparent = parent.parent if parent is not None and parent.parent_id else None
    return [
        (agency.pk, agency.kind_id),
        (parent.pk, parent.kind_id) if parent else (None, None),
        (grandparent.pk, grandparent.kind_id) if grandparent else (None, None),
    ]
