"""A small criteria sheet shaped like the provinces' (groups, sub-criteria, bonus, deduction)."""

from decimal import Decimal

from scoring.models import Band, BandScheme, CriteriaSet, Criterion, CriterionKind
from scoring.services import validate_tree


def build_sheet(*, max_total=Decimal("20")):
    """Group 1 (10) = 1.1 (4) + 1.2 (6 = 1.2.a 3 + 1.2.b 3); group 2 (8) = 2.1 (8);
    bonus 3 (2) = 3.1 (2); deduction 4 (5) = 4.1 (5). Set total 20 (1 + 2 + bonus)."""
    sheet = CriteriaSet.objects.create(
        code="01/HDLT-UBND-BDVTU",
        title="Bộ tiêu chí thử nghiệm",
        province="Vĩnh Long",
        year_from=2025,
        max_total=max_total,
    )
    position = iter(range(1, 100))

    def add(code, text, points, parent=None, kind=CriterionKind.ORDINARY, **extra):
        return Criterion.objects.create(
            criteria_set=sheet,
            parent=parent,
            code=code,
            text=text,
            max_points=Decimal(points),
            kind=kind,
            position=next(position),
            **extra,
        )

    g1 = add("1", "Công tác tuyên truyền, phổ biến chủ trương, chính sách", "10")
    add("1.1", "Xây dựng kế hoạch tuyên truyền", "4", g1)
    c12 = add("1.2", "Hình thức tuyên truyền phù hợp", "6", g1)
    add("1.2.a", "Tuyên truyền trên cổng thông tin điện tử", "3", c12)
    add("1.2.b", "Tuyên truyền trực tiếp tại khu dân cư", "3", c12, evidence_required=True)
    g2 = add("2", "Đối thoại với Nhân dân, giải quyết khiếu nại, tố cáo", "8")
    add("2.1", "Tổ chức đối thoại định kỳ", "8", g2)
    g3 = add("3", "Điểm thưởng", "2", kind=CriterionKind.BONUS)
    add("3.1", "Có mô hình “Dân vận khéo” được công nhận", "2", g3, kind=CriterionKind.BONUS)
    g4 = add("4", "Điểm trừ", "5", kind=CriterionKind.DEDUCTION)
    add("4.1", "Để xảy ra khiếu nại đông người", "5", g4, kind=CriterionKind.DEDUCTION)
    validate_tree(sheet)
    return sheet


def build_bands():
    scheme = BandScheme.objects.create(name="Tốt / Khá / Trung bình / Yếu")
    bands = {
        name: Band.objects.create(scheme=scheme, name=name, min_total=Decimal(t), rank=rank)
        for rank, (name, t) in enumerate(
            [("Tốt", "16"), ("Khá", "13"), ("Trung bình", "10"), ("Yếu", "0")], start=1
        )
    }
    return scheme, bands


def build_scoring_movement():
    """A movement scored on build_sheet() and build_bands(), its target: 80 % of units “Khá”."""
    from tests.factories import MovementFactory

    scheme, bands = build_bands()  # Tốt ≥ 16, Khá ≥ 13, Trung bình ≥ 10, Yếu ≥ 0
    return MovementFactory(
        criteria_set=build_sheet(), band_scheme=scheme, target_band=bands["Khá"], target_share=80
    )


def leaf(sheet, code):
    return Criterion.objects.get(criteria_set=sheet, code=code)


def full_answers(sheet, **points):
    """Answers for every leaf: defaults give 4 + 3 + 3 + 8 + 2 − 0 = 20."""
    defaults = {"1.1": "4", "1.2.a": "3", "1.2.b": "3", "2.1": "8", "3.1": "2", "4.1": "0"}
    defaults.update({code.replace("_", "."): value for code, value in points.items()})
    return {
        leaf(sheet, code).pk: {
            "points": value,
            "explanation": f"Giải trình {code}",
            "evidence_note": "Kế hoạch số 12/KH-UBND" if code == "1.2.b" else "",
        }
        for code, value in defaults.items()
    }
