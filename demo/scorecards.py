"""The demo's scorecards: the sample criteria set and band scheme under their real titles, last
year's cards self-scored, appraised and ranked, this year's in progress."""

from decimal import Decimal

from demo.province import DISTRICTS, PROVINCIAL
from scoring import services as scoring
from scoring.models import BandScheme, CriteriaSet

# The sample criteria set and band scheme print on score sheets: give them their real titles.
CRITERIA_TITLE = "Bộ tiêu chí đánh giá công tác dân vận chính quyền trong các cơ quan nhà nước"
BAND_SCHEME_NAME = "Thang xếp loại công tác dân vận chính quyền"


def retitle_samples():
    """The fixtures' criteria set and band scheme are named as samples; the demo's score
    sheets print the names, so they read as the province's own (reloaded each run)."""
    for row, field, value in (
        (CriteriaSet.objects.filter(pk=1).first(), "title", CRITERIA_TITLE),
        (BandScheme.objects.filter(pk=1).first(), "name", BAND_SCHEME_NAME),
    ):
        if row is not None and getattr(row, field) != value:
            setattr(row, field, value)
            row.save(update_fields=[field])


def self_scores(leaves, share):
    """Believable self-scores: a share of each maximum (to half points), no deductions."""
    answers = {}
    for criterion in leaves:
        if criterion.kind == "deduction":
            points = Decimal("0")
        else:
            points = (criterion.max_points * Decimal(str(max(share, 0.3))) * 2).quantize(
                Decimal("1")
            ) / 2
        answers[criterion.pk] = {
            "points": str(min(points, criterion.max_points)),
            "explanation": "Đã triển khai theo kế hoạch của đơn vị.",
            "evidence_note": "Báo cáo số 45/BC-UBND" if criterion.evidence_required else "",
        }
    return answers


def build_scorecards(province, old, new):
    """Last year's appraised and ranked, this year's in progress."""
    settings = old.scoring_settings
    settings.pk, settings.movement = None, new
    settings.save()
    leaves = list(settings.criteria_set.criteria.filter(is_leaf=True).order_by("position"))
    # Scored at the end of 2025, after the reform: departments and communes, no district.
    ranked = [code for code, _, _ in PROVINCIAL[:14]] + [
        f"{code}-X1" for code, _, _ in DISTRICTS[:4]
    ]
    for index, code in enumerate(ranked):
        card = scoring.start_scorecard(
            movement=old, agency=province.agencies[code], by=province.reviewer
        )
        scoring.save_self_scores(
            scorecard=card, by=province.reviewer, answers=self_scores(leaves, 0.97 - index * 0.03)
        )
        scoring.submit_scorecard(scorecard=card, by=province.reviewer)
        first = leaves[index % len(leaves)]
        if first.kind == "ordinary" and index % 3 == 0:
            scoring.appraise(
                scorecard=card,
                by=province.reviewer,
                changes={first.pk: ("0", "Không có minh chứng kèm theo")},
            )
        scoring.finalise_scorecard(
            scorecard=card,
            by=province.reviewer,
            not_classifiable=code == "BHXH",
            not_classifiable_reason="Đơn vị chưa nộp báo cáo năm" if code == "BHXH" else "",
        )
    justice = scoring.start_scorecard(
        movement=new, agency=province.agencies["STP"], by=province.people["STP"][0]
    )
    scoring.save_self_scores(
        scorecard=justice, by=province.people["STP"][0], answers=self_scores(leaves[:12], 0.9)
    )
    health = scoring.start_scorecard(
        movement=new, agency=province.agencies["SYT"], by=province.people["SYT"][0]
    )
    scoring.save_self_scores(
        scorecard=health, by=province.people["SYT"][0], answers=self_scores(leaves, 0.85)
    )
    scoring.submit_scorecard(scorecard=health, by=province.people["SYT"][1])
