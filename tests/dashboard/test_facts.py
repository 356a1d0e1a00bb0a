"""Each target's fact on hand-built rows, at its edges."""

from datetime import date
from decimal import Decimal

import pytest

from dashboard.facts import fact_text, target_against_fact
from dashboard.models import Comparison, FactKind, ValueKind
from movements.models import DeadlineKind
from portal.models import Agency
from reports.models import IndicatorKind, State
from scoring.models import ScorecardState

from .conftest import at, extension, figure, indicator, plan, report, scorecard, target

NOW = at(2026, 12, 1, 9, 0)


def _names(lines):
    return sorted(line.name for line in lines)


def test_plan_on_time_counts_sent_before_the_closing_moment(province):
    s1, s2, s3 = province["agencies"]
    plan(province, s1, at(2026, 3, 10, 23, 59))  # the 10th counts: “chậm nhất là ngày 10/3”
    plan(province, s2, at(2026, 3, 11, 0, 0))  # one minute late
    result = target_against_fact(target(province["movement"], FactKind.PLAN_ON_TIME, 30), now=NOW)
    assert (result.fact.numerator, result.fact.denominator) == (1, 3)
    assert _names(result.fact.met) == ["Sở số 1"]
    assert _names(result.fact.missed) == ["Sở số 2", "Sở số 3"]
    assert result.met is True  # 33,3% ≥ 30%
    assert fact_text(result.fact) == "1/3 đơn vị (33,3%)"


def test_an_extension_makes_a_later_plan_on_time(province):
    s1, s2, s3 = province["agencies"]
    extension(province, s2, date(2026, 3, 20))
    plan(province, s2, at(2026, 3, 19, 8, 0))
    plan(province, s3, at(2026, 3, 19, 8, 0))  # no extension: late
    fact = target_against_fact(target(province["movement"], FactKind.PLAN_ON_TIME, 100), now=NOW)
    assert _names(fact.fact.met) == ["Sở số 2"]
    assert fact.met is False


def test_a_returned_plan_is_not_counted_as_sent(province):
    s1, _, _ = province["agencies"]
    plan(province, s1, at(2026, 3, 1, 8, 0), state=State.RETURNED, return_reason="Thiếu chữ ký")
    fact = target_against_fact(target(province["movement"], FactKind.PLAN_ON_TIME, 1), now=NOW)
    assert fact.fact.numerator == 0
    assert fact.met is False


@pytest.mark.parametrize(
    ("comparison", "met"), [(Comparison.AT_LEAST, True), (Comparison.MORE_THAN, False)]
)
def test_exactly_at_the_threshold_meets_at_least_but_not_more_than(province, comparison, met):
    s1, s2, s3 = province["agencies"]
    for agency in (s1, s2):
        plan(province, agency, at(2026, 3, 1, 8, 0))
    # Two of three is 66,666…%: compared exactly, never after rounding.
    t = target(province["movement"], FactKind.PLAN_ON_TIME, "66.67", comparison)
    assert target_against_fact(t, now=NOW).met is False
    s3.active = False
    s3.save()
    t = target(province["movement"], FactKind.PLAN_ON_TIME, 100, comparison)
    assert target_against_fact(t, now=NOW).met is met  # 2/2 against 100%


def test_no_agency_asked_gives_no_fact_and_is_not_met(province):
    Agency.objects.update(active=False)
    result = target_against_fact(target(province["movement"], FactKind.PLAN_ON_TIME, 0), now=NOW)
    assert result.fact.value is None
    assert result.met is False
    assert fact_text(result.fact).startswith("—")


def test_a_movement_without_a_plan_deadline_has_nothing_to_measure(province):
    province["movement"].deadlines.filter(kind=DeadlineKind.PLAN).delete()
    result = target_against_fact(target(province["movement"], FactKind.PLAN_ON_TIME, 0), now=NOW)
    assert (result.fact.denominator, result.met) == (0, False)


def test_report_sent_counts_late_reports_but_not_returned_ones(province):
    s1, s2, s3 = province["agencies"]
    report(province, s1, at(2026, 6, 30, 10, 0))
    report(province, s2, at(2026, 7, 5, 10, 0))  # late still sent
    report(
        province, s3, at(2026, 6, 29, 10, 0), state=State.RETURNED, return_reason="Thiếu số liệu"
    )
    t = target(province["movement"], FactKind.REPORT_SENT, 80, deadline=province["report"])
    result = target_against_fact(t, now=NOW)
    assert _names(result.fact.met) == ["Sở số 1", "Sở số 2"]
    assert _names(result.fact.missed) == ["Sở số 3"]
    assert result.met is False  # 66,7% < 80%


def test_band_reached_counts_final_classified_appraisals_at_or_above_the_band(province, bands):
    movement = province["movement"]
    s1, s2, s3 = province["agencies"]
    extra = Agency.objects.exclude(pk__in=[a.pk for a in province["agencies"]])
    extra.update(active=False)
    scorecard(movement, s1, bands["Tốt"])
    scorecard(movement, s2, bands["Khá"])
    scorecard(movement, s3, bands["Tốt"], state=ScorecardState.SUBMITTED)  # not appraised yet
    t = target(movement, FactKind.BAND_REACHED, 80, band=bands["Khá"])
    result = target_against_fact(t, now=NOW)
    assert (result.fact.numerator, result.fact.denominator) == (2, 3)
    assert _names(result.fact.missed) == ["Sở số 3"]
    t = target(movement, FactKind.BAND_REACHED, "33.33", band=bands["Tốt"])
    assert target_against_fact(t, now=NOW).met is True


def test_an_unclassifiable_unit_does_not_reach_any_band(province, bands):
    movement = province["movement"]
    s1 = province["agencies"][0]
    scorecard(movement, s1, bands["Tốt"], not_classifiable=True)
    t = target(movement, FactKind.BAND_REACHED, 1, band=bands["Trung bình"])
    assert target_against_fact(t, now=NOW).fact.numerator == 0


def test_report_figure_sums_sent_reports_only(province):
    movement = province["movement"]
    s1, s2, s3 = province["agencies"]
    dialogues = indicator(movement)
    figure(report(province, s1, at(2026, 6, 20, 8, 0)), dialogues, 12)
    figure(report(province, s2, at(2026, 6, 20, 8, 0), state=State.ACCEPTED), dialogues, "3.5")
    returned = report(
        province, s3, at(2026, 6, 20, 8, 0), state=State.RETURNED, return_reason="Sai"
    )
    figure(returned, dialogues, 100)
    t = target(
        movement, FactKind.REPORT_FIGURE, "15.5", value_kind=ValueKind.NUMBER, indicator=dialogues
    )
    result = target_against_fact(t, now=NOW)
    assert result.fact.value == Decimal("15.5")
    assert result.met is True
    assert _names(result.fact.met) == ["Sở số 1", "Sở số 2"]
    t.comparison = Comparison.MORE_THAN
    assert target_against_fact(t, now=NOW).met is False


def test_a_percentage_figure_is_averaged(province):
    movement = province["movement"]
    s1, s2, _ = province["agencies"]
    share = indicator(movement, "Tỷ lệ hồ sơ giải quyết đúng hạn", kind=IndicatorKind.PERCENT)
    figure(report(province, s1, at(2026, 6, 20, 8, 0)), share, 90)
    figure(report(province, s2, at(2026, 6, 20, 8, 0)), share, 70)
    t = target(movement, FactKind.REPORT_FIGURE, 80, indicator=share)
    assert target_against_fact(t, now=NOW).fact.value == Decimal(80)


def test_a_hand_entered_fact_keeps_its_source(province):
    t = target(
        province["movement"],
        FactKind.MANUAL,
        80,
        Comparison.MORE_THAN,
        manual_value=Decimal("85"),
        source="Báo cáo số 45/BC-VP ngày 05/12/2026",
    )
    result = target_against_fact(t, now=NOW)
    assert result.met is True
    assert result.fact.source == "Báo cáo số 45/BC-VP ngày 05/12/2026"


def _notes(lines):
    return {line.name: line.note for line in lines}


def test_a_report_figure_lists_the_agencies_asked_that_missed_it(province, department_kind):
    movement = province["movement"]
    s1, s2, s3 = province["agencies"]
    s4 = Agency.objects.create(code="S4", name="Sở số 4", kind=department_kind)
    dialogues = indicator(movement)
    figure(report(province, s1, at(2026, 6, 20, 8, 0)), dialogues, 12)
    report(province, s2, at(2026, 6, 20, 8, 0))  # sent, the figure left blank
    report(province, s4, at(2026, 6, 20, 8, 0), state=State.RETURNED, return_reason="Sai")
    t = target(
        movement,
        FactKind.REPORT_FIGURE,
        10,
        value_kind=ValueKind.NUMBER,
        indicator=dialogues,
        deadline=province["report"],
    )
    result = target_against_fact(t, now=NOW)
    assert result.met is True  # 12 ≥ 10: a summed number has no bar per agency
    assert _notes(result.fact.met) == {"Sở số 1": "12 cuộc"}
    assert _notes(result.fact.missed) == {
        "Sở số 2": "Không điền chỉ tiêu",
        "Sở số 3": "Chưa gửi báo cáo",
        "Sở số 4": "Báo cáo bị trả lại, chưa gửi lại",
    }


def test_an_agency_under_a_percentage_target_is_missed_with_its_figure(province):
    movement = province["movement"]
    s1, s2, s3 = province["agencies"]
    share = indicator(movement, "Tỷ lệ hồ sơ giải quyết đúng hạn", kind=IndicatorKind.PERCENT)
    figure(report(province, s1, at(2026, 6, 20, 8, 0)), share, 90)
    figure(report(province, s2, at(2026, 6, 20, 8, 0)), share, "79.5")
    figure(report(province, s3, at(2026, 6, 20, 8, 0)), share, 80)  # exactly at: not missed
    t = target(movement, FactKind.REPORT_FIGURE, 80, indicator=share)
    result = target_against_fact(t, now=NOW)
    assert result.met is True  # the average, 83,2%
    assert _names(result.fact.met) == ["Sở số 1", "Sở số 2", "Sở số 3"]
    assert _notes(result.fact.missed) == {"Sở số 2": "79,5%, dưới chỉ tiêu ≥ 80%"}


def test_without_a_deadline_any_report_sent_counts_as_sent(province, department_kind):
    movement = province["movement"]
    s1, s2, _ = province["agencies"]
    dialogues = indicator(movement)
    figure(report(province, s1, at(2026, 6, 20, 8, 0)), dialogues, 5)
    report(province, s2, at(2026, 6, 20, 8, 0))
    t = target(
        movement, FactKind.REPORT_FIGURE, 100, value_kind=ValueKind.NUMBER, indicator=dialogues
    )
    result = target_against_fact(t, now=NOW)
    assert result.met is False
    assert _notes(result.fact.missed) == {
        "Sở số 2": "Không điền chỉ tiêu",
        "Sở số 3": "Chưa gửi báo cáo",
    }
