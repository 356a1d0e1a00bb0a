"""Looking never writes: opening any scoring page makes no scorecard (and so freezes no criteria
set); the agency's first save starts it."""

import re
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.urls import reverse

from scoring import services
from scoring.models import Scorecard, ScoreEntry
from scoring.selectors import scorecard_of
from tests.factories import MovementFactory, UserFactory

from .factories import full_answers, leaf


def page(movement):
    return reverse("scoring:scorecard", args=[movement.pk])


def rows():
    return (Scorecard.objects.count(), ScoreEntry.objects.count(), Scorecard.history.count())


def scoring_urls(movement, entry):
    criterion = leaf(movement.scoring_settings.criteria_set, "1.1")
    return [
        reverse("scoring:list"),
        page(movement),
        reverse("scoring:pdf", args=[movement.pk]),
        reverse("scoring:ranking", args=[movement.pk]),
        reverse("scoring:ranking", args=[movement.pk]) + "?xuat=xlsx",
        reverse("scoring:save_one", args=[movement.pk, criterion.pk]),
        reverse("scoring:submit", args=[movement.pk]),
        reverse("scoring:evidence", args=[entry.pk]),
        reverse("admin:scoring_scorecard_changelist"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["clerk_a", "leader_a", "reviewer", "anonymous"])
def test_no_scoring_page_makes_a_scorecard_by_being_looked_at(
    client, request, persona, scoring_movement, agency_a, agency_b, clerk_b
):
    # Another agency has one (with evidence), so every page has something to show.
    other = services.start_scorecard(movement=scoring_movement, agency=agency_b, by=clerk_b)
    criterion = leaf(scoring_movement.scoring_settings.criteria_set, "1.1")
    evidence = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 minh chung")
    services.save_self_scores(
        scorecard=other,
        by=clerk_b,
        answers={criterion.pk: {"points": "4", "evidence_file": evidence}},
    )
    entry = other.entries.get()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    before, seen = rows(), {}
    for url in scoring_urls(scoring_movement, entry):
        response = client.get(url)
        assert response.status_code < 500, url
        seen[url] = response.status_code
    assert rows() == before
    assert not agency_a.scorecards.exists()
    # The pages were really reached by those allowed to (not just turned away).
    if persona == "reviewer":
        assert seen[reverse("scoring:evidence", args=[entry.pk])] == 200
        assert seen[reverse("scoring:ranking", args=[scoring_movement.pk])] == 200
    if persona in ("clerk_a", "leader_a"):
        assert seen[page(scoring_movement)] == 200
        assert seen[reverse("scoring:list")] == 200


@pytest.mark.django_db
def test_the_sheet_before_the_first_save_is_blank_and_stored_nowhere(
    client, clerk_a, scoring_movement
):
    client.force_login(clerk_a)
    response = client.get(page(scoring_movement))
    text = response.content.decode()
    assert response.status_code == 200
    for code in ("1.1", "1.2.a", "1.2.b", "2.1", "3.1", "4.1"):
        assert f"<td>{code}</td>" in text
    assert "Chưa bắt đầu" in text
    assert 'id="self-total">0<' in text
    assert "Đã chấm <strong>0</strong>/6 tiêu chí" in text
    criterion = leaf(scoring_movement.scoring_settings.criteria_set, "1.1")
    field = re.search(rf'<input[^>]*name="points-{criterion.pk}"[^>]*>', text, re.S).group()
    assert 'value=""' in field
    assert "1.1 (chưa chấm điểm)" in text
    assert "Tải bản chấm điểm (PDF)" not in text  # nothing to download yet
    assert Scorecard.objects.count() == 0


@pytest.mark.django_db
def test_the_list_says_not_started_for_a_movement_without_a_scorecard(
    client, clerk_a, scoring_movement, agency_a
):
    client.force_login(clerk_a)
    assert "Chưa bắt đầu" in client.get(reverse("scoring:list")).content.decode()
    services.start_scorecard(movement=scoring_movement, agency=agency_a, by=clerk_a)
    text = client.get(reverse("scoring:list")).content.decode()
    assert "Chưa bắt đầu" not in text and "Đang chấm" in text


@pytest.mark.django_db
def test_the_first_autosave_starts_exactly_one_scorecard(
    client, clerk_a, scoring_movement, agency_a
):
    client.force_login(clerk_a)
    client.get(page(scoring_movement))
    assert Scorecard.objects.count() == 0
    c11 = leaf(scoring_movement.scoring_settings.criteria_set, "1.1")
    c21 = leaf(scoring_movement.scoring_settings.criteria_set, "2.1")
    for criterion, points in ((c11, "4"), (c21, "7"), (c11, "3")):
        url = reverse("scoring:save_one", args=[scoring_movement.pk, criterion.pk])
        response = client.post(url, {f"points-{criterion.pk}": points})
        assert "Đã lưu" in response.content.decode()
        assert "Đang chấm" in response.content.decode()  # the state badge is redrawn
    card = Scorecard.objects.get()
    assert card.agency == agency_a
    assert card.criteria_set_id == scoring_movement.scoring_settings.criteria_set_id
    assert card.entries.count() == 2
    start = card.history.earliest()
    assert (start.history_user, start.history_change_reason) == (clerk_a, "Bắt đầu chấm điểm")
    assert card.history.count() == 1


@pytest.mark.django_db
def test_the_first_full_save_starts_the_scorecard(client, clerk_a, scoring_movement, agency_a):
    client.force_login(clerk_a)
    data = {}
    for criterion_id, answer in full_answers(
        scoring_movement.scoring_settings.criteria_set
    ).items():
        data[f"points-{criterion_id}"] = answer["points"]
    assert client.post(page(scoring_movement), data).status_code == 302
    assert agency_a.scorecards.get().entries.count() == 6


@pytest.mark.django_db
def test_submitting_before_anything_was_saved_says_so_and_makes_nothing(
    client, leader_a, scoring_movement
):
    client.force_login(leader_a)
    response = client.post(reverse("scoring:submit", args=[scoring_movement.pk]), follow=True)
    text = response.content.decode()
    assert "chưa bắt đầu chấm điểm nên chưa có bản chấm điểm để gửi" in text
    assert Scorecard.objects.count() == 0


@pytest.mark.django_db
def test_a_user_who_may_only_view_cannot_start_a_scorecard(client, scoring_movement, agency_a):
    viewer = UserFactory(agency=agency_a)
    viewer.user_permissions.add(Permission.objects.get(codename="view_scorecard"))
    client.force_login(viewer)
    criterion = leaf(scoring_movement.scoring_settings.criteria_set, "1.1")
    url = reverse("scoring:save_one", args=[scoring_movement.pk, criterion.pk])
    assert client.post(url, {f"points-{criterion.pk}": "1"}).status_code == 403
    assert client.post(page(scoring_movement), {}).status_code == 403
    assert Scorecard.objects.count() == 0


# The services


@pytest.mark.django_db
def test_scorecard_of_only_reads(scoring_movement, agency_a, clerk_a):
    assert scorecard_of(scoring_movement, agency_a) is None
    assert Scorecard.objects.count() == 0
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=clerk_a)
    assert scorecard_of(scoring_movement, agency_a).pk == card.pk
    again = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=clerk_a)
    assert again.pk == card.pk and Scorecard.objects.count() == 1


@pytest.mark.django_db
def test_a_movement_without_criteria_cannot_be_started(agency_a, clerk_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="chưa có bộ tiêu chí"):
        services.start_scorecard(movement=MovementFactory(), agency=agency_a, by=clerk_a)
    assert Scorecard.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_saves_start_one_scorecard(scoring_movement, agency_a, clerk_a):
    barrier = threading.Barrier(4)
    started = []

    def start():
        try:
            barrier.wait()
            card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=clerk_a)
            started.append(card.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(started) == 4 and len(set(started)) == 1
    assert Scorecard.objects.count() == 1
