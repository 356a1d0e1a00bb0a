"""The scorecard's autosave (htmx, one criterion as it is typed): what it answers and what it
costs."""

import pytest
from django.urls import reverse

from scoring import services

from .factories import leaf

pytestmark = pytest.mark.django_db


def test_a_refused_first_autosave_still_starts_the_scorecard_and_keeps_no_answer(
    client, clerk_a, scoring_movement, agency_a
):
    client.force_login(clerk_a)
    c21 = leaf(scoring_movement.scoring_settings.criteria_set, "2.1")
    url = reverse("scoring:save_one", args=[scoring_movement.pk, c21.pk])
    response = client.post(url, {f"points-{c21.pk}": "9"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert "Tiêu chí 2.1: điểm phải từ 0 đến 8" in text
    assert "Đang chấm" in text and "2.1 (chưa chấm điểm)" in text
    card = agency_a.scorecards.get()
    assert not card.entries.exists()
    assert card.history.get().history_change_reason == "Bắt đầu chấm điểm"


@pytest.mark.parametrize("extra_leaves", [0, 10])
def test_autosave_query_count_is_small_and_constant_as_criteria_grow(
    client, clerk_a, scoring_movement, extra_leaves, django_assert_max_num_queries
):
    from scoring.models import Criterion

    sheet = scoring_movement.scoring_settings.criteria_set
    group = Criterion.objects.get(criteria_set=sheet, code="2")
    for i in range(extra_leaves):
        Criterion.objects.create(
            criteria_set=sheet,
            parent=group,
            code=f"2.{2 + i}",
            text="Tiêu chí thêm",
            max_points=0,
            position=60 + i,
        )
    services.validate_tree(sheet)
    client.force_login(clerk_a)
    criterion = leaf(sheet, "2.1")
    url = reverse("scoring:save_one", args=[scoring_movement.pk, criterion.pk])
    client.post(url, {f"points-{criterion.pk}": "6"}, headers={"HX-Request": "true"})  # started
    # The session, the user and their permissions (4), the movement, the scorecard locked, its
    # leaves and entries, the entry and its history, the bands (7), and the savepoint pair
    # the test's transaction adds: the totals and the missing list are read from what was saved.
    with django_assert_max_num_queries(13):
        response = client.post(
            url,
            {f"points-{criterion.pk}": "7", f"explanation-{criterion.pk}": "Đã tổ chức 4 quý"},
            headers={"HX-Request": "true"},
        )
    text = response.content.decode()
    assert 'id="self-total">7<' in text
    assert f"Đã chấm <strong>1</strong>/{6 + extra_leaves} tiêu chí" in text
    assert "2.1 (chưa chấm điểm)" not in text and "1.1 (chưa chấm điểm)" in text
