"""The demo's targets against fact (seed 003), on the dashboard of the 2026 movement."""

from decimal import Decimal

from dashboard.models import Comparison, FactKind, Target, ValueKind
from movements.models import DeadlineKind


def build_targets(movement):
    """Seed 003's targets against what the 2026 movement records (the last one typed in)."""
    report = movement.deadlines.filter(kind=DeadlineKind.REPORT).order_by("due_on").first()
    settings = movement.scoring_settings
    band = settings.target_band or settings.band_scheme.bands.order_by("rank").first()
    rows = [
        ("100% đơn vị quán triệt Kế hoạch, đưa vào chương trình công tác năm",
         FactKind.PLAN_ON_TIME, 100, Comparison.AT_LEAST, {}),
        ("100% đơn vị triển khai thực hiện, báo cáo đầy đủ",
         FactKind.REPORT_SENT, 100, Comparison.AT_LEAST, {"deadline": report}),
        ("80% đơn vị đạt tiêu chí “Dân vận khéo”",
         FactKind.BAND_REACHED, 80, Comparison.AT_LEAST, {"band": band}),
        ("Trên 80% đơn vị thực hiện tốt quy chế dân chủ ở cơ sở",
         FactKind.MANUAL, 80, Comparison.MORE_THAN,
         {"manual_value": Decimal(85), "source": "Báo cáo sơ kết quy chế dân chủ (số liệu minh họa)"}),
    ]  # fmt: skip
    for position, (name, kind, value, comparison, extra) in enumerate(rows, start=1):
        Target.objects.create(
            movement=movement,
            position=position,
            name=name,
            fact_kind=kind,
            target_value=Decimal(value),
            value_kind=ValueKind.SHARE,
            comparison=comparison,
            **extra,
        )
