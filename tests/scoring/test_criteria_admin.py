"""Criteria sheets and bands in Sở Nội vụ's admin: the tree's sums, frozen sets and new
versions, the sample sheet shipped as a fixture, who may open these pages and what they cost."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from movements.models import Movement
from scoring.models import (
    BandScheme,
    CriteriaSet,
    Criterion,
    CriterionKind,
    Scorecard,
    ScorecardState,
)
from scoring.services import validate_tree
from tests.admin_import import page_text
from tests.factories import AgencyFactory, MovementFactory

from .factories import build_bands, build_sheet

pytestmark = pytest.mark.django_db

SETS_URL = "/admin/scoring/criteriaset/"
CRITERIA_URL = "/admin/scoring/criterion/"
BANDS_URL = "/admin/scoring/bandscheme/"

IN_USE_MESSAGE = "đã được dùng để chấm điểm, không thể sửa"


@pytest.fixture
def sheet():
    return build_sheet()


def freeze(criteria_set, agency=None):
    """A finalised scorecard appraised against the set: from now on the set is in use."""
    return Scorecard.objects.create(
        movement=MovementFactory(criteria_set=criteria_set),
        agency=agency or AgencyFactory(),
        criteria_set=criteria_set,
        state=ScorecardState.FINALISED,
    )


def set_form_data(criteria_set, **changes):
    data = {
        "title": criteria_set.title,
        "code": criteria_set.code,
        "issuer": criteria_set.issuer,
        "issued_on": criteria_set.issued_on.strftime("%d/%m/%Y") if criteria_set.issued_on else "",
        "province": criteria_set.province,
        "year_from": criteria_set.year_from,
        "year_to": criteria_set.year_to or "",
        "max_total": str(criteria_set.max_total),
        "version": criteria_set.version,
    }
    data.update(changes)
    return data


def criterion_form_data(criterion, **changes):
    data = {
        "criteria_set": criterion.criteria_set_id,
        "parent": criterion.parent_id or "",
        "code": criterion.code,
        "text": criterion.text,
        "max_points": str(criterion.max_points),
        "kind": criterion.kind,
        "guidance": criterion.guidance,
        "position": criterion.position,
    }
    if criterion.evidence_required:
        data["evidence_required"] = "on"
    data.update(changes)
    return data


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def tree_of(criteria_set):
    return [
        (c.code, c.parent.code if c.parent else "", c.max_points, c.kind, c.is_leaf, c.position)
        for c in Criterion.objects.filter(criteria_set=criteria_set)
        .select_related("parent")
        .order_by("position")
    ]


# ---------------------------------------------------------------------------- the tree's sums


def test_saving_a_set_whose_total_is_wrong_shows_the_sums_as_an_error(client, reviewer, sheet):
    client.force_login(reviewer)

    response = client.post(
        f"{SETS_URL}{sheet.pk}/change/", set_form_data(sheet, max_total="25"), follow=True
    )

    assert response.status_code == 200
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert "Tổng điểm tối đa của bộ là 25 nhưng các nhóm chấm điểm và điểm thưởng" in errors[0]
    assert "cộng lại là 20" in errors[0]


def test_saving_a_set_with_a_wrong_group_or_kind_names_both(client, reviewer, sheet):
    Criterion.objects.filter(criteria_set=sheet, code="1.1").update(max_points=5)
    Criterion.objects.filter(criteria_set=sheet, code="3.1").update(kind=CriterionKind.ORDINARY)
    client.force_login(reviewer)

    response = client.post(f"{SETS_URL}{sheet.pk}/change/", set_form_data(sheet), follow=True)

    text = " ".join(m for m in messages_of(response))
    assert "Nhóm 1: điểm tối đa 10 nhưng tổng các tiêu chí con là 11." in text
    assert "Tiêu chí 3.1 phải cùng loại với nhóm 3 (Điểm thưởng)." in text


def test_saving_a_set_whose_sums_hold_shows_no_error(client, reviewer, sheet):
    client.force_login(reviewer)

    response = client.post(
        f"{SETS_URL}{sheet.pk}/change/",
        set_form_data(sheet, title="Bộ tiêu chí đã sửa"),
        follow=True,
    )

    assert not [m for m in response.context["messages"] if m.level_tag == "error"]
    sheet.refresh_from_db()
    assert sheet.title == "Bộ tiêu chí đã sửa"


def test_a_new_child_makes_its_parent_a_group_and_warns_until_the_sums_hold(
    client, reviewer, sheet
):
    group = Criterion.objects.get(criteria_set=sheet, code="2.1")
    client.force_login(reviewer)

    response = client.post(
        f"{CRITERIA_URL}add/",
        {
            "criteria_set": sheet.pk,
            "parent": group.pk,
            "code": "2.1.a",
            "text": "Đối thoại ít nhất 01 lần trong năm",
            "max_points": "5",
            "kind": CriterionKind.ORDINARY,
            "guidance": "",
            "position": 9,
        },
        follow=True,
    )

    assert Criterion.objects.filter(criteria_set=sheet, code="2.1.a").exists()
    group.refresh_from_db()
    assert group.is_leaf is False  # only leaves are scored
    warning = " ".join(messages_of(response))
    assert "Nhóm 2.1: điểm tối đa 8 nhưng tổng các tiêu chí con là 5." in warning


def test_the_set_page_shows_its_tree_with_maxima(client, reviewer, sheet):
    client.force_login(reviewer)

    response = client.get(f"{SETS_URL}{sheet.pk}/change/")

    text = page_text(response)
    assert "Các tiêu chí và điểm tối đa" in text
    assert "Tuyên truyền trên cổng thông tin điện tử" in text
    assert "1.2.a" in text
    assert "Điểm thưởng" in text and "Điểm trừ" in text
    assert "(không tính điểm trừ)" in text


# ---------------------------------------------------------------------------- frozen sets, copies


def test_copy_action_creates_version_2_with_the_same_tree(client, reviewer, sheet):
    before = tree_of(sheet)
    client.force_login(reviewer)

    response = client.post(
        SETS_URL,
        {"action": "copy_as_new_version", "_selected_action": [sheet.pk]},
        follow=True,
    )

    assert response.status_code == 200
    copy = CriteriaSet.objects.exclude(pk=sheet.pk).get()
    assert (copy.code, copy.province, copy.version, copy.based_on) == (
        sheet.code,
        sheet.province,
        2,
        sheet,
    )
    assert copy.max_total == sheet.max_total
    assert tree_of(copy) == before
    assert not Criterion.objects.filter(criteria_set=copy, parent__criteria_set=sheet).exists()
    # The old version is untouched.
    assert tree_of(sheet) == before
    sheet.refresh_from_db()
    assert sheet.version == 1
    assert "(phiên bản 2)" in " ".join(messages_of(response))
    validate_tree(copy)


def test_the_copy_of_a_set_in_use_is_free_to_edit(client, reviewer, sheet):
    freeze(sheet)
    client.force_login(reviewer)
    client.post(SETS_URL, {"action": "copy_as_new_version", "_selected_action": [sheet.pk]})
    copy = CriteriaSet.objects.get(version=2)
    criterion = Criterion.objects.get(criteria_set=copy, code="1.1")

    response = client.post(
        f"{CRITERIA_URL}{criterion.pk}/change/",
        criterion_form_data(criterion, text="Nội dung của phiên bản mới"),
    )

    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.text == "Nội dung của phiên bản mới"
    assert Criterion.objects.get(criteria_set=sheet, code="1.1").text != criterion.text


def test_editing_a_criterion_of_a_set_in_use_is_refused_with_the_message(client, reviewer, sheet):
    freeze(sheet)
    criterion = Criterion.objects.get(criteria_set=sheet, code="1.1")
    client.force_login(reviewer)

    response = client.post(
        f"{CRITERIA_URL}{criterion.pk}/change/",
        criterion_form_data(criterion, text="Sửa sau khi đã thẩm định"),
    )

    assert response.status_code == 200  # the form again, with the error; not a 500
    text = page_text(response)
    assert IN_USE_MESSAGE in text
    assert "Hãy tạo phiên bản mới (sao chép) rồi sửa phiên bản đó." in text
    criterion.refresh_from_db()
    assert criterion.text != "Sửa sau khi đã thẩm định"


def test_adding_a_criterion_to_a_set_in_use_is_refused(client, reviewer, sheet):
    freeze(sheet)
    client.force_login(reviewer)

    response = client.post(
        f"{CRITERIA_URL}add/",
        {
            "criteria_set": sheet.pk,
            "code": "5",
            "text": "Nhóm thêm sau",
            "max_points": "1",
            "kind": CriterionKind.ORDINARY,
            "position": 50,
        },
    )

    assert response.status_code == 200
    assert IN_USE_MESSAGE in page_text(response)
    assert not Criterion.objects.filter(criteria_set=sheet, code="5").exists()


def test_editing_a_set_in_use_is_refused_with_the_message(client, reviewer, sheet):
    freeze(sheet)
    client.force_login(reviewer)

    response = client.post(
        f"{SETS_URL}{sheet.pk}/change/", set_form_data(sheet, title="Đổi tên sau khi đã dùng")
    )

    assert response.status_code == 200
    assert IN_USE_MESSAGE in page_text(response)
    sheet.refresh_from_db()
    assert sheet.title != "Đổi tên sau khi đã dùng"


def test_a_criterion_of_a_set_in_use_cannot_be_deleted(client, reviewer, sheet):
    freeze(sheet)
    criterion = Criterion.objects.get(criteria_set=sheet, code="1.1")
    client.force_login(reviewer)

    response = client.post(f"{CRITERIA_URL}{criterion.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_the_list_marks_the_set_in_use(client, reviewer, sheet):
    freeze(sheet)
    client.force_login(reviewer)

    response = client.get(SETS_URL)

    listed = {obj.pk: obj for obj in response.context["cl"].result_list}
    assert listed[sheet.pk].frozen is True
    assert "2025" in page_text(response)


# ---------------------------------------------------------------------------- the sample fixture


def test_the_sample_sheet_loads_and_its_sums_hold():
    call_command("loaddata", "reference", "criteria_sample", "vinh_long_2025", verbosity=0)

    sample = CriteriaSet.objects.get(pk=1)
    # Flagged as a sample (never printed as official); no placeholder words that could print.
    assert sample.is_sample is True
    assert "thay bằng" not in sample.title and "mẫu" not in sample.title
    assert (sample.code, sample.province, sample.max_total) == (
        "01/HDLT-UBND-BDVTU",
        "Vĩnh Long",
        Decimal("100"),
    )
    before = tree_of(sample)
    validate_tree(sample)  # raises if a group or the set total is wrong
    assert tree_of(sample) == before  # the fixture's is_leaf flags were already right

    groups = Criterion.objects.filter(criteria_set=sample, parent=None)
    ordinary = groups.filter(kind=CriterionKind.ORDINARY)
    assert ordinary.count() == 8
    assert sum(g.max_points for g in ordinary) == Decimal("90")
    bonus = groups.get(kind=CriterionKind.BONUS)
    assert bonus.max_points == Decimal("10")
    deduction = groups.get(kind=CriterionKind.DEDUCTION)
    assert deduction.children.filter(text__contains="khiếu nại đông người").exists()
    leaves = Criterion.objects.filter(criteria_set=sample, is_leaf=True)
    assert 35 <= leaves.count() <= 45
    assert leaves.filter(code__regex=r"^\d+\.\d+\.[a-z]$").exists()  # sub-criteria like 1.2.a
    assert leaves.filter(evidence_required=True).exists()
    assert leaves.exclude(guidance="").exists()
    assert list(Criterion.objects.filter(criteria_set=sample).values_list("position", flat=True))
    # Reading order: every parent comes before its children.
    for criterion in Criterion.objects.filter(criteria_set=sample).select_related("parent"):
        if criterion.parent:
            assert criterion.parent.position < criterion.position

    movement = Movement.objects.get(pk=1)
    assert movement.scoring_settings.criteria_set == sample
    scheme = BandScheme.objects.get(pk=1)
    assert movement.scoring_settings.band_scheme == scheme
    assert [(b.name, b.min_total, b.rank) for b in scheme.bands.order_by("rank")] == [
        ("Tốt", Decimal("80"), 1),
        ("Khá", Decimal("65"), 2),
        ("Trung bình", Decimal("50"), 3),
        ("Yếu", Decimal("0"), 4),
    ]
    assert movement.scoring_settings.target_band.name == "Tốt"
    assert movement.scoring_settings.target_share == 80


# ---------------------------------------------------------------------------- access


@pytest.mark.parametrize(
    "url",
    [
        SETS_URL,
        f"{SETS_URL}add/",
        CRITERIA_URL,
        f"{CRITERIA_URL}add/",
        f"{CRITERIA_URL}import/",
        f"{CRITERIA_URL}export/",
        BANDS_URL,
        f"{BANDS_URL}add/",
    ],
)
def test_reviewer_reaches_the_criteria_pages(client, reviewer, sheet, url):
    client.force_login(reviewer)

    assert client.get(url).status_code == 200


def test_reviewer_reaches_the_change_pages(client, reviewer, sheet):
    scheme, _ = build_bands()
    criterion = Criterion.objects.get(criteria_set=sheet, code="1.2.a")
    client.force_login(reviewer)

    for url in (
        f"{SETS_URL}{sheet.pk}/change/",
        f"{CRITERIA_URL}{criterion.pk}/change/",
        f"{BANDS_URL}{scheme.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Tốt" in page_text(response)  # the bands inline


@pytest.mark.parametrize("url", [SETS_URL, CRITERIA_URL, f"{CRITERIA_URL}import/", BANDS_URL])
def test_clerk_is_sent_to_the_admin_login(client, clerk_a, url):
    client.force_login(clerk_a)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_reviewer_edits_bands_inline(client, reviewer):
    scheme, bands = build_bands()
    client.force_login(reviewer)
    ordered = sorted(bands.values(), key=lambda b: b.rank)
    data = {
        "name": scheme.name,
        "bands-TOTAL_FORMS": "4",
        "bands-INITIAL_FORMS": "4",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
    }
    for index, band in enumerate(ordered):
        data.update(
            {
                f"bands-{index}-id": band.pk,
                f"bands-{index}-scheme": scheme.pk,
                f"bands-{index}-name": band.name,
                f"bands-{index}-min_total": str(band.min_total),
                f"bands-{index}-rank": band.rank,
            }
        )
    data["bands-0-min_total"] = "17"

    response = client.post(f"{BANDS_URL}{scheme.pk}/change/", data)

    assert response.status_code == 302, page_text(response)
    assert scheme.bands.get(rank=1).min_total == Decimal("17")


# ---------------------------------------------------------------------------- query counts


def _changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


def test_criteria_set_changelist_query_count_does_not_grow_with_sets(client, reviewer):
    """Each row says whether the set is in use: one query for the page, not one per set."""
    first = build_sheet()
    freeze(first)
    client.force_login(reviewer)
    _changelist_queries(client, SETS_URL)  # warm caches (content types, permissions)
    with_one, rows = _changelist_queries(client, SETS_URL)
    assert rows == 1

    for n in range(2, 13):
        CriteriaSet.objects.create(
            code=f"{n:02d}/QĐ-UBND",
            title=f"Bộ tiêu chí số {n}",
            province="Vĩnh Long",
            year_from=2020 + n % 5,
            max_total=Decimal("100"),
        )
    freeze(CriteriaSet.objects.get(code="05/QĐ-UBND"))
    with_many, rows = _changelist_queries(client, SETS_URL)

    assert rows == 12
    assert with_many == with_one


def test_criterion_changelist_query_count_does_not_grow_with_rows(client, reviewer):
    sheet = CriteriaSet.objects.create(
        code="A", title="Bộ một tiêu chí", province="Vĩnh Long", year_from=2025, max_total=1
    )
    Criterion.objects.create(criteria_set=sheet, code="1", text="Một", max_points=1, position=1)
    client.force_login(reviewer)
    _changelist_queries(client, CRITERIA_URL)
    with_one, rows = _changelist_queries(client, CRITERIA_URL)
    assert rows == 1

    older = build_sheet()
    CriteriaSet.objects.filter(pk=older.pk).update(version=2)
    build_sheet()
    with_many, rows = _changelist_queries(client, CRITERIA_URL)

    assert rows == 1 + 2 * 11
    assert with_many == with_one


def test_band_scheme_changelist_query_count_does_not_grow_with_schemes(client, reviewer):
    build_bands()
    client.force_login(reviewer)
    _changelist_queries(client, BANDS_URL)
    with_one, rows = _changelist_queries(client, BANDS_URL)
    assert rows == 1

    for _ in range(8):
        build_bands()
    with_many, rows = _changelist_queries(client, BANDS_URL)

    assert rows == 9
    assert with_many == with_one
