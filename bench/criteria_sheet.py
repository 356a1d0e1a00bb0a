"""The 40-criterion sheet the benchmarks score against: six scoring groups (95 points), a bonus
group (5) and a deduction group (−10 at most), five leaves each; and its four bands."""

from decimal import Decimal

GROUPS = 8
LEAVES_PER_GROUP = 5


def build_sheet():
    """Returns (sheet, leaves in reading order, band scheme, bands best first)."""
    from scoring.models import Band, BandScheme, CriteriaSet, Criterion, CriterionKind
    from scoring.services import validate_tree

    sheet = CriteriaSet.objects.create(
        code="01/HDLT-UBND-BDVTU",
        title="Bộ tiêu chí đánh giá công tác dân vận chính quyền (đo hiệu năng)",
        issuer="Ủy ban nhân dân tỉnh và Ban Dân vận Tỉnh ủy",
        province="Vĩnh Long",
        year_from=2025,
        max_total=Decimal("100"),
    )
    specs = [(CriterionKind.ORDINARY, Decimal(p)) for p in ("15", "15", "15", "15", "15", "20")]
    specs += [(CriterionKind.BONUS, Decimal("5")), (CriterionKind.DEDUCTION, Decimal("10"))]
    groups = Criterion.objects.bulk_create(
        Criterion(
            criteria_set=sheet,
            code=str(g),
            text=f"Nhóm tiêu chí {g}: công tác dân vận chính quyền, nội dung {g}",
            max_points=points,
            kind=kind,
            position=g * 10,
            is_leaf=False,
        )
        for g, (kind, points) in enumerate(specs, start=1)
    )
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=sheet,
            parent=group,
            code=f"{group.code}.{i}",
            text=f"Tiêu chí {group.code}.{i}: tổ chức thực hiện nhiệm vụ, tiếp xúc, đối thoại "
            "với Nhân dân, tiếp nhận và giải quyết kịp thời phản ánh, kiến nghị",
            max_points=group.max_points / LEAVES_PER_GROUP,
            guidance="Chấm đủ điểm khi có kế hoạch, báo cáo và minh chứng kèm theo.",
            evidence_required=(i == 1),
            kind=group.kind,
            position=group.position + i,
        )
        for group in groups
        for i in range(1, LEAVES_PER_GROUP + 1)
    )
    validate_tree(sheet)
    leaves = list(Criterion.objects.filter(criteria_set=sheet, is_leaf=True).order_by("position"))
    assert len(leaves) == GROUPS * LEAVES_PER_GROUP
    scheme = BandScheme.objects.create(name="Tốt / Khá / Trung bình / Yếu")
    bands = Band.objects.bulk_create(
        Band(scheme=scheme, name=name, min_total=Decimal(t), rank=rank)
        for rank, (name, t) in enumerate(
            [("Tốt", "85"), ("Khá", "70"), ("Trung bình", "50"), ("Yếu", "0")], start=1
        )
    )
    return sheet, leaves, scheme, bands
