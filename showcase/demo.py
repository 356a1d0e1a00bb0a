"""The demo's public showcase, made as the coordinator would make it (demo/ calls this once)."""

from datetime import date

from initiatives import services as initiatives
from initiatives.models import RECOGNISED_STATUSES, Initiative, Status

from . import services

HOW_MANY = 5


def publish_demo_models(*, by) -> list[Initiative]:
    """Last year's commended model is recognised, then the first recognised models are
    published, each with the story its papers give or a short one written for the demo."""
    commended = (
        Initiative.objects.filter(
            status=Status.REGISTERED, registrations__nominations__decision__isnull=False
        )
        .distinct()
        .first()
    )
    if commended is not None:
        initiatives.decide(
            [commended],
            status=Status.RECOGNISED,
            by=by,
            number="38/QĐ-UBND",
            decided_on=date(2026, 2, 10),
            recognised_by="Ủy ban nhân dân tỉnh",
        )
    rows = list(
        Initiative.objects.filter(status__in=RECOGNISED_STATUSES)
        .select_related("agency")
        .order_by("-recognised_on", "pk")[:HOW_MANY]
    )
    for row in rows:
        story = services.drafted_story(row) or (
            f"Mô hình “{row.name}” do {row.agency.name} duy trì từ năm {row.start_year}: "
            "cán bộ gần dân, lắng nghe dân, cùng Nhân dân bàn bạc và thực hiện; "
            "được Nhân dân đồng tình hưởng ứng, có thể nhân rộng ở các địa phương khác."
        )
        services.publish([row], by=by, story=story)
    return rows
