"""The agency's scorecard pages, evidence downloads and the ranking: allowed and denied paths."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scoring import services
from scoring.models import ScorecardState, ScoreEntry
from tests.admin_import import FORMULA_LIKE, assert_text_cell
from tests.factories import AgencyFactory, MovementFactory, UserFactory
from tests.workbooks import header_index, headers, table, title_text

from .factories import build_bands, build_sheet, full_answers, leaf

pytestmark = pytest.mark.django_db


def page(movement):
    return reverse("scoring:scorecard", args=[movement.pk])


def post_answers(client, movement, answers, files=None):
    data = {}
    for criterion_id, answer in answers.items():
        data[f"points-{criterion_id}"] = answer["points"]
        data[f"explanation-{criterion_id}"] = answer.get("explanation", "")
        data[f"evidence_note-{criterion_id}"] = answer.get("evidence_note", "")
    data.update(files or {})
    return client.post(page(movement), data)


def test_clerk_fills_and_saves_the_sheet(client, clerk_a, scoring_movement, agency_a):
    client.force_login(clerk_a)
    response = client.get(page(scoring_movement))
    assert response.status_code == 200
    assert "1.2.a" in response.content.decode()
    sheet = scoring_movement.scoring_settings.criteria_set
    response = post_answers(client, scoring_movement, full_answers(sheet, **{"1_1": "3,5"}))
    assert response.status_code == 302
    card = agency_a.scorecards.get()
    assert ScoreEntry.objects.get(scorecard=card, criterion__code="1.1").self_points == Decimal(
        "3.5"
    )
    shown = client.get(page(scoring_movement)).content.decode()
    assert 'id="self-total">19,5<' in shown


def test_a_bad_answer_is_shown_and_what_was_typed_is_kept(client, clerk_a, scoring_movement):
    client.force_login(clerk_a)
    answers = full_answers(scoring_movement.scoring_settings.criteria_set, **{"2_1": "12"})
    response = post_answers(client, scoring_movement, answers)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Tiêu chí 2.1: điểm phải từ 0 đến 8" in text
    assert 'value="12"' in text
    assert not ScoreEntry.objects.exists()


def test_autosave_of_one_criterion_returns_the_new_total(client, clerk_a, scoring_movement):
    client.force_login(clerk_a)
    criterion = leaf(scoring_movement.scoring_settings.criteria_set, "2.1")
    url = reverse("scoring:save_one", args=[scoring_movement.pk, criterion.pk])
    response = client.post(url, {f"points-{criterion.pk}": "7"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert "Đã lưu" in text
    assert 'id="self-total">7<' in text
    assert 'hx-swap-oob="true"' in text
    bad = client.post(url, {f"points-{criterion.pk}": "9"}, headers={"HX-Request": "true"})
    assert "điểm phải từ 0 đến 8" in bad.content.decode()
    assert ScoreEntry.objects.get(criterion=criterion).self_points == 7


def test_live_band_follows_the_total(client, clerk_a, scoring_movement):
    client.force_login(clerk_a)
    post_answers(
        client, scoring_movement, full_answers(scoring_movement.scoring_settings.criteria_set)
    )
    assert 'id="live-band">Tốt<' in client.get(page(scoring_movement)).content.decode()


def test_submission_is_the_leaders_and_is_blocked_by_missing_answers(
    client, clerk_a, leader_a, scoring_movement, agency_a
):
    client.force_login(clerk_a)
    answers = full_answers(scoring_movement.scoring_settings.criteria_set)
    missing = answers.pop(leaf(scoring_movement.scoring_settings.criteria_set, "2.1").pk)
    post_answers(client, scoring_movement, answers)
    submit = reverse("scoring:submit", args=[scoring_movement.pk])
    assert client.post(submit).status_code == 403

    client.force_login(leader_a)
    response = client.post(submit, follow=True)
    assert "2.1 (chưa chấm điểm)" in response.content.decode()
    assert agency_a.scorecards.get().state == ScorecardState.DRAFT

    post_answers(
        client,
        scoring_movement,
        {leaf(scoring_movement.scoring_settings.criteria_set, "2.1").pk: missing},
    )
    response = client.post(submit, follow=True)
    assert "Đã gửi bản chấm điểm" in response.content.decode()
    assert agency_a.scorecards.get().state == ScorecardState.SUBMITTED
    # After submission the page is read-only and a post changes nothing.
    post_answers(
        client,
        scoring_movement,
        full_answers(scoring_movement.scoring_settings.criteria_set, **{"1_1": "0"}),
    )
    assert ScoreEntry.objects.get(criterion__code="1.1").self_points == 4


def test_the_agency_sees_its_finalised_result_and_the_reviewers_notes(
    client, clerk_a, leader_a, reviewer, scoring_movement, agency_a
):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    services.save_self_scores(scorecard=card, by=clerk_a, answers=full_answers(card.criteria_set))
    services.submit_scorecard(scorecard=card, by=leader_a)
    c21 = leaf(card.criteria_set, "2.1")
    services.appraise(scorecard=card, by=reviewer, changes={c21.pk: ("5", "Chỉ 2/4 quý")})
    services.finalise_scorecard(scorecard=card, by=reviewer, note="Cần đối thoại đều hơn")
    client.force_login(clerk_a)
    text = client.get(page(scoring_movement)).content.decode()
    assert "Kết quả thẩm định:" in text and "17 điểm — Tốt" in text
    assert "Chỉ 2/4 quý" in text
    assert "Cần đối thoại đều hơn" in text


def test_one_agency_never_reaches_anothers_scorecard(
    client, clerk_a, clerk_b, scoring_movement, agency_a, agency_b
):
    card_a = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    services.save_self_scores(
        scorecard=card_a,
        by=clerk_a,
        answers={leaf(card_a.criteria_set, "1.1").pk: {"points": "4", "explanation": "Bí mật A"}},
    )
    client.force_login(clerk_b)
    text = client.get(page(scoring_movement)).content.decode()
    assert "Bí mật A" not in text
    assert not agency_b.scorecards.exists()  # B looked at its own blank sheet
    criterion = leaf(card_a.criteria_set, "1.1")
    client.post(
        reverse("scoring:save_one", args=[scoring_movement.pk, criterion.pk]),
        {f"points-{criterion.pk}": "1"},
    )
    assert agency_b.scorecards.get().pk != card_a.pk
    assert ScoreEntry.objects.get(scorecard=card_a).self_points == 4


def test_evidence_file_is_served_only_to_its_agency_and_appraisers(
    client, clerk_a, clerk_b, reviewer, scoring_movement, agency_a
):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    criterion = leaf(card.criteria_set, "1.1")
    services.save_self_scores(
        scorecard=card,
        by=clerk_a,
        answers={
            criterion.pk: {
                "points": "4",
                "evidence_file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 minh chung"),
            }
        },
    )
    entry = ScoreEntry.objects.get(scorecard=card, criterion=criterion)
    url = reverse("scoring:evidence", args=[entry.pk])
    client.force_login(clerk_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minh chung"
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_anonymous_and_agencyless_users_are_kept_out(client, scoring_movement, django_user_model):
    assert client.get(page(scoring_movement)).status_code == 302
    assert client.get(reverse("scoring:list")).status_code == 302
    loose = django_user_model.objects.create_user("khong-co-don-vi", password="x")
    client.force_login(loose)
    assert client.get(page(scoring_movement)).status_code == 403


def test_a_movement_without_criteria_is_404(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(page(MovementFactory())).status_code == 404


def test_pdf_download_is_the_agencys_own(client, clerk_a, scoring_movement, django_user_model):
    client.force_login(clerk_a)
    url = reverse("scoring:pdf", args=[scoring_movement.pk])
    assert client.get(url).status_code == 404  # no scorecard yet: nothing is made by a download
    client.get(page(scoring_movement))
    assert client.get(url).status_code == 404  # nor by a look at the page
    criterion = leaf(scoring_movement.scoring_settings.criteria_set, "1.1")
    client.post(
        reverse("scoring:save_one", args=[scoring_movement.pk, criterion.pk]),
        {f"points-{criterion.pk}": "4"},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# Ranking


def finalised(movement, agency, by, reviewer, unranked_because="", **points):
    card = services.start_scorecard(movement=movement, agency=agency, by=None)
    services.save_self_scores(
        scorecard=card, by=by, answers=full_answers(card.criteria_set, **points)
    )
    services.submit_scorecard(scorecard=card, by=by)
    return services.finalise_scorecard(
        scorecard=card,
        by=reviewer,
        not_classifiable=bool(unranked_because),
        not_classifiable_reason=unranked_because,
    )


def test_equal_totals_share_a_rank_and_an_unclassifiable_unit_stands_apart(
    client, leader_a, reviewer, scoring_movement, department_kind
):
    from io import BytesIO

    from openpyxl import load_workbook

    names = ["Sở An", "Sở Bình", "Sở Cường", "Sở Dũng"]
    agencies = [AgencyFactory(kind=department_kind, name=name) for name in names]
    finalised(scoring_movement, agencies[0], leader_a, reviewer)  # 20
    finalised(scoring_movement, agencies[1], leader_a, reviewer)  # 20
    finalised(scoring_movement, agencies[2], leader_a, reviewer, **{"1_1": "1"})  # 17
    finalised(
        scoring_movement, agencies[3], leader_a, reviewer, unranked_because="Có cán bộ bị kỷ luật"
    )
    client.force_login(reviewer)
    url = reverse("scoring:ranking", args=[scoring_movement.pk])
    text = client.get(url).content.decode()
    ranked = text[text.index('id="ranking"') : text.index('id="unranked"')]
    for rank, name in [(1, "Sở An"), (1, "Sở Bình"), (3, "Sở Cường")]:
        assert (
            f'<tr><td data-label="Hạng">{rank}</td><td data-label="Cơ quan, đơn vị">{name}</td>'
            in ranked
        )
    assert "Sở Dũng" not in ranked
    assert "Sở Dũng" in text[text.index('id="unranked"') :]
    assert "Có cán bộ bị kỷ luật" in text
    response = client.get(url, {"xuat": "xlsx"})
    rows = table(load_workbook(BytesIO(response.content)).active)
    assert [tuple(row[:3]) for row in rows[:4]] == [
        (1, 1, "Sở An"),
        (2, 1, "Sở Bình"),
        (3, 3, "Sở Cường"),
        (4, "Không xếp hạng", "Sở Dũng"),
    ]
    assert rows[3][8] == "Có cán bộ bị kỷ luật"


def test_ranking_orders_by_appraised_total_with_counts_and_target_share(
    client, leader_a, reviewer, scoring_movement, department_kind
):
    agencies = [AgencyFactory(kind=department_kind, name=f"Sở số {i}") for i in range(5)]
    finalised(scoring_movement, agencies[0], leader_a, reviewer, **{"1_1": "1"})  # 17 Tốt
    finalised(scoring_movement, agencies[1], leader_a, reviewer)  # 20 Tốt
    finalised(scoring_movement, agencies[2], leader_a, reviewer, **{"2_1": "0"})  # 12 TB
    finalised(scoring_movement, agencies[3], leader_a, reviewer, **{"2_1": "1"})  # 13 Khá
    client.force_login(leader_a)
    text = client.get(reverse("scoring:ranking", args=[scoring_movement.pk])).content.decode()
    order = [text.index(a.name) for a in (agencies[1], agencies[0], agencies[3], agencies[2])]
    assert order == sorted(order)
    assert agencies[4].name not in text
    assert "Tốt: <strong>2</strong>" in text
    assert "Khá: <strong>1</strong>" in text
    assert "3/4</strong> đơn vị" in text and "(75.0%)" in text or "(75,0%)" in text
    assert "chưa đạt" in text


def test_ranking_exports_to_excel(client, leader_a, reviewer, scoring_movement, agency_b):
    from io import BytesIO

    from openpyxl import load_workbook

    finalised(scoring_movement, agency_b, leader_a, reviewer)
    client.force_login(reviewer)
    response = client.get(reverse("scoring:ranking", args=[scoring_movement.pk]), {"xuat": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert headers(sheet)[:8] == [
        "STT",
        "Hạng",
        "Cơ quan, đơn vị",
        "Loại cơ quan",
        "Điểm tự chấm",
        "Điểm thẩm định",
        "Chênh lệch",
        "Xếp loại",
    ]
    rows = table(sheet)
    assert rows[0][2] == agency_b.name and rows[0][7] == "Tốt"
    # Points are numbers Excel can sum, not text.
    assert rows[0][5] == 20 and isinstance(rows[0][4], int | float)


@pytest.mark.parametrize("typed", FORMULA_LIKE)
def test_ranking_workbook_writes_formula_like_text_as_typed_text(
    client, leader_a, reviewer, scoring_movement, department_kind, typed
):
    from io import BytesIO

    from openpyxl import load_workbook

    scoring_movement.title = typed
    scoring_movement.save()
    agency = AgencyFactory(kind=department_kind, name=typed)
    finalised(scoring_movement, agency, leader_a, reviewer)
    client.force_login(reviewer)

    response = client.get(reverse("scoring:ranking", args=[scoring_movement.pk]), {"xuat": "xlsx"})

    sheet = load_workbook(BytesIO(response.content)).active
    assert typed in title_text(sheet)
    first = header_index(sheet) + 1
    assert_text_cell(sheet.cell(row=first, column=3), typed)
    assert sheet.cell(row=first, column=1).value == 1


def test_clerks_cannot_see_the_ranking(client, clerk_a, scoring_movement):
    client.force_login(clerk_a)
    assert client.get(reverse("scoring:ranking", args=[scoring_movement.pk])).status_code == 403


@pytest.mark.parametrize("agencies", [2, 12])
def test_ranking_query_count_is_constant(
    client,
    leader_a,
    reviewer,
    scoring_movement,
    department_kind,
    agencies,
    django_assert_max_num_queries,
):
    for _ in range(agencies):
        finalised(scoring_movement, AgencyFactory(kind=department_kind), leader_a, reviewer)
    client.force_login(leader_a)
    # 11, plus the coordinator's names and the unread count every page reads.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("scoring:ranking", args=[scoring_movement.pk]))
    assert response.content.decode().count('<tr><td data-label="Hạng">') == agencies


@pytest.mark.parametrize("extra_groups", [0, 10])
def test_scorecard_page_query_count_is_constant_as_criteria_grow(
    client, clerk_a, scoring_movement, extra_groups, django_assert_max_num_queries
):
    from scoring.models import Criterion

    sheet = scoring_movement.scoring_settings.criteria_set
    for i in range(extra_groups):
        group = Criterion.objects.create(
            criteria_set=sheet,
            code=f"{10 + i}",
            text="Nhóm thêm",
            max_points=0,
            position=100 + 2 * i,
        )
        Criterion.objects.create(
            criteria_set=sheet,
            parent=group,
            code=f"{10 + i}.1",
            text="Tiêu chí thêm",
            max_points=0,
            position=101 + 2 * i,
        )
    services.validate_tree(sheet)
    client.force_login(clerk_a)
    answers = full_answers(sheet)
    post_answers(client, scoring_movement, answers)
    # 11, plus the coordinator's names and the unread count every page reads.
    with django_assert_max_num_queries(13):
        response = client.get(page(scoring_movement))
    assert response.content.decode().count('class="leaf') == 6 + extra_groups


def test_a_reviewer_appraises_and_finalises_in_the_admin(
    client, clerk_a, leader_a, reviewer, scoring_movement, agency_a
):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    services.save_self_scores(scorecard=card, by=clerk_a, answers=full_answers(card.criteria_set))
    services.submit_scorecard(scorecard=card, by=leader_a)
    url = reverse("admin:scoring_scorecard_appraise", args=[card.pk])
    client.force_login(reviewer)
    text = client.get(url).content.decode()
    assert "Giải trình 2.1" in text
    c21 = leaf(card.criteria_set, "2.1")
    no_note = client.post(
        url, {"action": "finalise", f"appraised-{c21.pk}": "6", f"note-{c21.pk}": ""}
    )
    assert "thay đổi điểm phải ghi rõ lý do" in no_note.content.decode()
    card.refresh_from_db()
    assert card.state == ScorecardState.SUBMITTED
    client.post(
        url,
        {
            "action": "finalise",
            f"appraised-{c21.pk}": "6",
            f"note-{c21.pk}": "Thiếu 1 quý",
            "note": "Tốt",
        },
    )
    card.refresh_from_db()
    assert card.state == ScorecardState.FINALISED
    assert card.appraised_total == 18 and card.band.name == "Tốt"
    pdf = client.get(reverse("admin:scoring_scorecard_pdf", args=[card.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_clerks_and_leaders_cannot_reach_the_appraisal(
    client, leader_a, scoring_movement, agency_a
):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    client.force_login(leader_a)
    response = client.get(reverse("admin:scoring_scorecard_appraise", args=[card.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_staff_without_appraise_permission_cannot_post(client, scoring_movement, agency_a):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    viewer = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_scorecard"))
    client.force_login(viewer)
    url = reverse("admin:scoring_scorecard_appraise", args=[card.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "return", "reason": "x"}).status_code == 403


# Hostile input and the review's findings


@pytest.mark.parametrize("raw", ["1e26", "1e30", "NaN", "-Infinity", "9" * 40, "٣٣"])
def test_absurd_points_get_a_message_not_an_error_page(client, clerk_a, scoring_movement, raw):
    client.force_login(clerk_a)
    criterion = leaf(scoring_movement.scoring_settings.criteria_set, "2.1")
    url = reverse("scoring:save_one", args=[scoring_movement.pk, criterion.pk])
    response = client.post(url, {f"points-{criterion.pk}": raw})
    assert response.status_code == 200
    assert "Tiêu chí 2.1" in response.content.decode()
    response = client.post(page(scoring_movement), {f"points-{criterion.pk}": raw})
    assert response.status_code == 200
    assert not ScoreEntry.objects.exists()


def test_a_huge_criterion_id_in_the_form_is_ignored(client, clerk_a, scoring_movement):
    client.force_login(clerk_a)
    response = client.post(page(scoring_movement), {"points-" + "9" * 30: "1"})
    assert response.status_code == 302
    assert not ScoreEntry.objects.exists()


def test_a_failed_finalisation_keeps_no_appraisal(
    client, clerk_a, leader_a, reviewer, scoring_movement, agency_a
):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    services.save_self_scores(scorecard=card, by=clerk_a, answers=full_answers(card.criteria_set))
    services.submit_scorecard(scorecard=card, by=leader_a)
    c21 = leaf(card.criteria_set, "2.1")
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:scoring_scorecard_appraise", args=[card.pk]),
        {
            "action": "finalise",
            f"appraised-{c21.pk}": "6",
            f"note-{c21.pk}": "Thiếu 1 quý",
            "not_classifiable": "on",
            "not_classifiable_reason": "",
        },
    )
    assert "lý do không đủ điều kiện xếp loại" in response.content.decode()
    assert ScoreEntry.objects.get(scorecard=card, criterion=c21).appraised_points is None
    card.refresh_from_db()
    assert card.state == ScorecardState.SUBMITTED


def test_bands_that_classified_a_result_are_read_only(
    client, clerk_a, leader_a, reviewer, scoring_movement, agency_a
):
    scheme = scoring_movement.scoring_settings.band_scheme
    url = reverse("admin:scoring_bandscheme_change", args=[scheme.pk])
    client.force_login(reviewer)
    assert 'name="bands-0-min_total"' in client.get(url).content.decode()
    finalised(scoring_movement, agency_a, leader_a, reviewer)
    text = client.get(url).content.decode()
    assert 'name="bands-0-min_total"' not in text
    assert client.post(url, {"name": "Đổi"}).status_code == 403
    movement_url = reverse("admin:movements_movement_change", args=[scoring_movement.pk])
    assert 'name="band_scheme"' not in client.get(movement_url).content.decode()


def test_scores_outside_a_changed_maximum_block_submission(
    client, clerk_a, leader_a, scoring_movement, agency_a
):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    services.save_self_scores(scorecard=card, by=clerk_a, answers=full_answers(card.criteria_set))
    from scoring.models import Criterion

    Criterion.objects.filter(criteria_set=card.criteria_set, code="2.1").update(max_points=6)
    assert "2.1 (điểm ngoài giới hạn của tiêu chí)" in services.missing_answers(card)


def test_the_pdf_needs_the_scorecard_permission(client, scoring_movement, agency_a):
    no_role = UserFactory(agency=agency_a)
    client.force_login(no_role)
    assert client.get(reverse("scoring:pdf", args=[scoring_movement.pk])).status_code == 403


def test_ranking_filters_by_agency_kind(
    client, leader_a, reviewer, scoring_movement, department_kind, health_kind
):
    dept = AgencyFactory(kind=department_kind, name="Sở Công Thương")
    health = AgencyFactory(kind=health_kind, name="Bệnh viện tỉnh")
    finalised(scoring_movement, dept, leader_a, reviewer)
    finalised(scoring_movement, health, leader_a, reviewer)
    client.force_login(leader_a)
    url = reverse("scoring:ranking", args=[scoring_movement.pk])
    text = client.get(url, {"loai": health_kind.code}).content.decode()
    assert "Bệnh viện tỉnh" in text and "Sở Công Thương" not in text


def test_group_subtotals_come_from_the_entries(client, clerk_a, scoring_movement, agency_a):
    from scoring.selectors import scorecard_rows

    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=None)
    services.save_self_scores(
        scorecard=card, by=clerk_a, answers=full_answers(card.criteria_set, **{"1_2_a": "1,5"})
    )
    subtotals = {row.criterion.code: row.group_self for row in scorecard_rows(card)}
    assert subtotals["1"] == Decimal("8.5") and subtotals["1.2"] == Decimal("4.5")
    assert subtotals["4"] == 0 and subtotals["1.1"] is None


@pytest.mark.parametrize("cards", [1, 15])
def test_admin_scorecard_changelist_and_appraisal_query_counts(
    client,
    leader_a,
    reviewer,
    scoring_movement,
    department_kind,
    cards,
    django_assert_max_num_queries,
):
    for _ in range(cards):
        finalised(scoring_movement, AgencyFactory(kind=department_kind), leader_a, reviewer)
    client.force_login(reviewer)
    with django_assert_max_num_queries(12):
        client.get(reverse("admin:scoring_scorecard_changelist"))
    card = scoring_movement.scorecards.first()
    # The sheet's rows and totals come from one read of its criteria and entries.
    with django_assert_max_num_queries(9):
        client.get(reverse("admin:scoring_scorecard_appraise", args=[card.pk]))


@pytest.mark.parametrize("movements", [1, 5])
def test_scorecard_list_query_count(client, clerk_a, movements, django_assert_max_num_queries):
    scheme, _ = build_bands()
    sheet = build_sheet()
    for _ in range(movements):
        MovementFactory(criteria_set=sheet, band_scheme=scheme)
    client.force_login(clerk_a)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("scoring:list"))
    assert response.content.decode().count("Chấm điểm</a>") == movements + 1  # and the menu


def test_the_target_band_must_belong_to_the_movements_scheme(scoring_movement):
    from django.core.exceptions import ValidationError

    other_scheme, other_bands = build_bands()
    settings = scoring_movement.scoring_settings
    settings.target_band = other_bands["Tốt"]
    with pytest.raises(ValidationError, match="thang xếp loại của phong trào"):
        settings.full_clean()
