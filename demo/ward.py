"""Seed 001 in the demo: a ward formed in 2025 from three former units, whose 2021–2025 models
pass to it, are reviewed in 2026 (two kept, one strengthened, one removed, the rest awaiting
the coordinator) and joined by new models for 2026–2031. Built through the services."""

from datetime import date, timedelta

from django.utils import timezone

from initiatives import reviews, services
from initiatives.models import Carrier, Proposal, Status
from movements.models import Deadline, DeadlineKind
from portal.models import Agency

WARD = ("PBD", "Ủy ban nhân dân phường Bình Định", "UBND phường Bình Định")
# The three units merged into the ward, each with the models it built “từ trước đến nay”:
# (name, field code, start year, recognition year).
FORMER = [
    (
        "PBD-C1",
        "Ủy ban nhân dân phường Bình Định (cũ)",
        [
            ("Khu phố văn minh, sạch đẹp", "van-hoa-xa-hoi", 2021, 2022),
            ("Tổ liên gia an toàn phòng cháy", "quoc-phong-an-ninh", 2022, 2023),
        ],
    ),
    (
        "PBD-C2",
        "Ủy ban nhân dân xã Nhơn Khánh (cũ)",
        [
            ("Cánh đồng lớn liên kết tiêu thụ", "kinh-te", 2021, 2022),
            ("Đối thoại với Nhân dân mỗi quý", "xay-dung-he-thong-chinh-tri", 2022, 2023),
        ],
    ),
    (
        "PBD-C3",
        "Ủy ban nhân dân xã Nhơn Phúc (cũ)",
        [
            ("Tổ hòa giải ở cơ sở gắn với trợ giúp pháp lý", "quoc-phong-an-ninh", 2021, 2022),
            ("Nhà văn hóa thôn – điểm sinh hoạt cộng đồng", "van-hoa-xa-hoi", 2023, 2024),
        ],
    ),
]
# What the ward proposes for each inherited model in its 2026 review, and what the coordinator
# decided (None: still awaiting the coordinator's decision).
PROPOSALS = {
    "Khu phố văn minh, sạch đẹp": (Proposal.KEEP, True),
    "Cánh đồng lớn liên kết tiêu thụ": (Proposal.KEEP, True),
    "Đối thoại với Nhân dân mỗi quý": (Proposal.STRENGTHEN, True),
    "Nhà văn hóa thôn – điểm sinh hoạt cộng đồng": (Proposal.REMOVE, True),
    "Tổ liên gia an toàn phòng cháy": (Proposal.KEEP, False),
    "Tổ hòa giải ở cơ sở gắn với trợ giúp pháp lý": (Proposal.KEEP, False),
}


def build_ward(*, movement, kind, fields, reviewer, make_people):
    """The ward, its former units and their models, the 2026 review, decided in part.
    ``make_people(code)`` gives the ward its clerk and leader; returns (ward, clerk, leader)."""
    code, name, short = WARD
    ward = Agency.objects.create(code=code, name=name, short_name=short, kind=kind)
    clerk, leader = make_people(ward)
    for former_code, former_name, models in FORMER:
        former = Agency.objects.create(
            code=former_code,
            name=former_name,
            short_name=former_name.replace("Ủy ban nhân dân ", "UBND "),
            kind=kind,
        )
        for model_name, field_code, start, recognised in models:
            initiative = services.start_initiative(
                agency=former,
                name=model_name,
                carrier=Carrier.COLLECTIVE,
                field=fields[field_code],
                by=reviewer,
            )
            services.mark_registered(initiative, year=start, by=reviewer)
            services.decide(
                [initiative],
                status=Status.RECOGNISED,
                by=reviewer,
                number=f"{10 + start % 100}/QĐ-UBND",
                decided_on=date(recognised, 12, 20),
                recognised_by="Ủy ban nhân dân thị xã An Nhơn",
            )
        services.merge_agency(merged=former, into=ward, by=reviewer)

    deadline = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REVIEW,
        title="Rà soát mô hình “Dân vận khéo” năm 2026",
        due_on=timezone.localdate() + timedelta(days=40),
        due_day_counts=True,
    )
    review = reviews.start_review(deadline=deadline, agency=ward, by=clerk)
    items = {item.initiative.name: item for item in review.items.select_related("initiative")}
    reviews.save_items(
        review=review,
        by=clerk,
        answers={
            items[model_name].initiative_id: {
                "proposal": proposal,
                "changes": "Bổ sung hình thức đối thoại trực tuyến; kiện toàn tổ giúp việc"
                if proposal == Proposal.STRENGTHEN
                else "",
                "reason": "Sau sáp nhập, các thôn đã sinh hoạt chung tại nhà văn hóa khu phố"
                if proposal == Proposal.REMOVE
                else "",
                "assessment": "Duy trì đều đặn, được Nhân dân đồng tình hưởng ứng.",
                "figures": "Trên 90% hộ dân tham gia",
            }
            for model_name, (proposal, _) in PROPOSALS.items()
        },
    )
    reviews.submit_review(review=review, by=leader)
    decided = [items[model_name] for model_name, (_, done) in PROPOSALS.items() if done]
    reviews.decide_items(
        items=decided, by=reviewer, number="45/QĐ-UBND", decided_on=timezone.localdate()
    )
    return ward, clerk, leader
