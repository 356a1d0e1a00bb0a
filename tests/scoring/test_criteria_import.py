"""A criteria sheet from Excel and back, through the real admin pages.

The reviewer chooses the criteria set on the import form; the upload is dry-run and previewed
(or refused with per-row errors), then "Confirm import" posts the hidden confirm form. One bad
row, or a tree whose sums do not add up, and nothing is saved — at the preview and at the
confirmation alike.
"""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from scoring.models import CriteriaSet, Criterion, CriterionKind, Scorecard, ScorecardState
from tests.admin_import import (
    FORMULA_LIKE,
    assert_text_cell,
    confirm,
    confirm_form_data,
    format_index,
    page_text,
)
from tests.factories import MovementFactory

from .factories import build_sheet

pytestmark = pytest.mark.django_db

CHANGELIST_URL = "/admin/scoring/criterion/"
IMPORT_URL = "/admin/scoring/criterion/import/"
PROCESS_IMPORT_URL = "/admin/scoring/criterion/process_import/"
EXPORT_URL = "/admin/scoring/criterion/export/"

# The sheet's columns, in order: the export writes them and the import reads them.
HEADERS = [
    "Mã tiêu chí",
    "Mã nhóm cha",
    "Nội dung tiêu chí",
    "Điểm tối đa",
    "Loại",
    "Hướng dẫn chấm",
    "Bắt buộc minh chứng",
]

ORDINARY = "Tiêu chí chấm điểm"
BONUS = "Điểm thưởng"
DEDUCTION = "Điểm trừ"


# ---------------------------------------------------------------------------- helpers


def empty_set(max_total="20", **fields):
    return CriteriaSet.objects.create(
        code=fields.pop("code", "3225/QĐ-UBND"),
        title=fields.pop("title", "Bộ tiêu chí đánh giá công tác dân vận chính quyền"),
        province=fields.pop("province", "Đồng Nai"),
        year_from=fields.pop("year_from", 2024),
        max_total=Decimal(max_total),
        **fields,
    )


def workbook_bytes(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Group 1 (12,5) = 1.1 (7,5) + 1.2 (5 = 1.2.a 2,5 + 1.2.b 2,5); bonus 2 (7,5) = 2.1;
# deduction 3 (5) = 3.1. The set's maximum: 12,5 + 7,5 = 20.
GOOD_ROWS = [
    ("1", "", "Tuyên truyền, quán triệt chủ trương, chính sách", "12,5", ORDINARY, "", "Không"),
    (
        "1.1",
        "1",
        "Ban hành kế hoạch thực hiện trong năm",
        "7,5",
        ORDINARY,
        "Đúng hạn: đủ điểm",
        "Có",
    ),
    ("1.2", "1", "Hình thức tuyên truyền phù hợp", 5, ORDINARY, "", ""),
    ("1.2.a", "1.2", "Trên cổng thông tin điện tử", "2.5", ORDINARY, "", "Không"),
    ("1.2.b", "1.2", "Trực tiếp tại khu dân cư", 2.5, ORDINARY, "", "Có"),
    ("2", "", "Điểm thưởng", "7,5", BONUS, "Do cấp trên cho điểm", ""),
    ("2.1", "2", "Có mô hình “Dân vận khéo” được cấp tỉnh công nhận", "7,5", BONUS, "", "Có"),
    ("3", "", "Điểm trừ", "5", DEDUCTION, "", ""),
    ("3.1", "3", "Để xảy ra khiếu nại đông người, vượt cấp", "5", DEDUCTION, "", ""),
]


def upload(client, content, criteria_set, name="bo-tieu-chi.xlsx"):
    """Step 1: the import form (file, format, resource and the criteria set)."""
    return client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": format_index(Criterion),
            "criteria_set": str(criteria_set.pk) if criteria_set is not None else "",
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def tree_of(criteria_set):
    """(code, parent code, max, kind, evidence) in reading order."""
    return [
        (c.code, c.parent.code if c.parent else "", c.max_points, c.kind, c.evidence_required)
        for c in Criterion.objects.filter(criteria_set=criteria_set)
        .select_related("parent")
        .order_by("position")
    ]


def freeze(criteria_set, agency):
    """A finalised scorecard appraised against the set: from now on the set is in use."""
    movement = MovementFactory(criteria_set=criteria_set)
    return Scorecard.objects.create(
        movement=movement,
        agency=agency,
        criteria_set=criteria_set,
        state=ScorecardState.FINALISED,
    )


def read_sheet(response):
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "Bộ tiêu chí"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def export(client, criteria_set):
    form = client.get(EXPORT_URL).context["form"]
    selected = {name: "on" for name in form.fields if name.startswith("criterionresource_")}
    return client.post(
        f"{EXPORT_URL}?criteria_set__id__exact={criteria_set.pk}",
        {"format": format_index(Criterion, export=True), "resource": "0", **selected},
    )


# ---------------------------------------------------------------------------- the import page


def test_import_page_opens_for_reviewer_with_the_set_to_choose(client, reviewer):
    sheet = empty_set()
    client.force_login(reviewer)

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    text = page_text(response)
    assert 'name="criteria_set"' in text
    assert sheet.title in text
    for header in HEADERS:
        assert header in text  # the expected columns are listed


def test_clerk_is_sent_to_the_admin_login(client, clerk_a):
    client.force_login(clerk_a)

    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_import_without_a_set_is_refused_by_the_form(client, reviewer):
    client.force_login(reviewer)

    response = upload(client, workbook_bytes(GOOD_ROWS), None)

    assert response.context["form"].errors["criteria_set"]
    assert confirm_form_data(response) is None
    assert Criterion.objects.count() == 0


# ---------------------------------------------------------------------------- good files


def test_good_file_previews_then_confirm_builds_the_tree(client, reviewer):
    sheet = empty_set("20")
    client.force_login(reviewer)

    preview = upload(client, workbook_bytes(GOOD_ROWS), sheet)

    # Step 1 is a dry run: a preview with a confirm form, nothing written yet.
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors(), page_text(preview)
    assert not result.has_validation_errors(), page_text(preview)
    assert [row.import_type for row in result.valid_rows()] == ["new"] * len(GOOD_ROWS)
    assert confirm_form_data(preview) is not None
    assert Criterion.objects.count() == 0

    done = confirm(client, preview, PROCESS_IMPORT_URL)

    assert done.status_code == 200
    assert done.redirect_chain[-1][0] == CHANGELIST_URL
    assert tree_of(sheet) == [
        ("1", "", Decimal("12.5"), CriterionKind.ORDINARY, False),
        ("1.1", "1", Decimal("7.5"), CriterionKind.ORDINARY, True),
        ("1.2", "1", Decimal("5"), CriterionKind.ORDINARY, False),
        ("1.2.a", "1.2", Decimal("2.5"), CriterionKind.ORDINARY, False),
        ("1.2.b", "1.2", Decimal("2.5"), CriterionKind.ORDINARY, True),
        ("2", "", Decimal("7.5"), CriterionKind.BONUS, False),
        ("2.1", "2", Decimal("7.5"), CriterionKind.BONUS, True),
        ("3", "", Decimal("5"), CriterionKind.DEDUCTION, False),
        ("3.1", "3", Decimal("5"), CriterionKind.DEDUCTION, False),
    ]
    criteria = {c.code: c for c in Criterion.objects.filter(criteria_set=sheet)}
    # Position is the row's place in the sheet; leaves are known after the import.
    assert [criteria[code].position for code in ("1", "1.1", "1.2", "3.1")] == [1, 2, 3, 9]
    assert {code for code, c in criteria.items() if c.is_leaf} == {
        "1.1",
        "1.2.a",
        "1.2.b",
        "2.1",
        "3.1",
    }
    assert criteria["1.1"].guidance == "Đúng hạn: đủ điểm"
    assert criteria["1.1"].text == "Ban hành kế hoạch thực hiện trong năm"


def test_a_blank_kind_takes_the_kind_of_its_group(client, reviewer):
    sheet = empty_set("4")
    client.force_login(reviewer)
    rows = [
        ("1", "", "Điểm thưởng", "4", BONUS, "", ""),
        ("1.1", "1", "Mô hình được công nhận", "4", "", "", ""),
    ]

    confirm(client, upload(client, workbook_bytes(rows), sheet), PROCESS_IMPORT_URL)

    assert Criterion.objects.get(criteria_set=sheet, code="1.1").kind == CriterionKind.BONUS


def test_a_code_the_set_already_has_is_updated_not_duplicated(client, reviewer):
    sheet = build_sheet()
    before = Criterion.objects.filter(criteria_set=sheet).count()
    client.force_login(reviewer)
    rows = [("1.1", "1", "Xây dựng và ban hành kế hoạch tuyên truyền", "4", ORDINARY, "Mới", "Có")]

    preview = upload(client, workbook_bytes(rows), sheet)
    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["update"]
    confirm(client, preview, PROCESS_IMPORT_URL)

    assert Criterion.objects.filter(criteria_set=sheet).count() == before
    updated = Criterion.objects.get(criteria_set=sheet, code="1.1")
    assert updated.text == "Xây dựng và ban hành kế hoạch tuyên truyền"
    assert updated.guidance == "Mới"
    assert updated.evidence_required is True
    assert updated.parent.code == "1"


def test_a_parent_already_in_the_set_may_be_named_without_its_row(client, reviewer):
    sheet = build_sheet()
    # Group 2 grows from 8 to 12 to make room for 2.2; the set from 20 to 24.
    Criterion.objects.filter(criteria_set=sheet, code="2").update(max_points=12)
    CriteriaSet.objects.filter(pk=sheet.pk).update(max_total=Decimal("24"))
    sheet.refresh_from_db()
    client.force_login(reviewer)
    rows = [("2.2", "2", "Giải quyết kiến nghị sau đối thoại", "4", ORDINARY, "", "")]

    preview = upload(client, workbook_bytes(rows), sheet)
    assert confirm_form_data(preview) is not None, page_text(preview)
    confirm(client, preview, PROCESS_IMPORT_URL)

    added = Criterion.objects.get(criteria_set=sheet, code="2.2")
    assert added.parent.code == "2"


# ---------------------------------------------------------------------------- bad files


def test_bad_rows_are_listed_one_by_one_and_nothing_is_saved(client, reviewer):
    sheet = empty_set("20")
    client.force_login(reviewer)
    rows = [
        *GOOD_ROWS[:3],  # Excel rows 2–4 are good (row 1 holds the headers)
        ("1.2.a", "9", "Nhóm cha không có", "2,5", ORDINARY, "", ""),  # row 5
        ("1.2.b", "1.2", "Điểm không phải số", "hai", ORDINARY, "", ""),  # row 6
        ("1.2.c", "1.2", "Điểm âm", "-2", ORDINARY, "", ""),  # row 7
        ("2", "", "Loại không có", "7,5", "Điểm cộng", "", ""),  # row 8
        ("1.1", "1", "Mã trùng với dòng 3", "7,5", ORDINARY, "", ""),  # row 9
        ("3", "", "Minh chứng sai", "5", DEDUCTION, "", "Tùy"),  # row 10
        ("Tiêu chí số 3.1 (mới)", "3", "Mã quá dài", "5", DEDUCTION, "", ""),  # row 11
    ]

    response = upload(client, workbook_bytes(rows), sheet)

    assert response.status_code == 200
    text = page_text(response)
    # Each error names the row Excel shows and the column by its Vietnamese header.
    assert "Dòng 5, cột “Mã nhóm cha”: Không có nhóm cha mã “9”" in text
    assert "Dòng 6, cột “Điểm tối đa”: Điểm tối đa “hai” không phải là số." in text
    assert "Dòng 7, cột “Điểm tối đa”: Điểm tối đa không được âm" in text
    assert (
        "Dòng 8, cột “Loại”: Loại “Điểm cộng” không hợp lệ; chỉ nhận “Tiêu chí chấm điểm”, "
        "“Điểm thưởng”, “Điểm trừ”." in text
    )
    assert "Dòng 9, cột “Mã tiêu chí”: Mã tiêu chí “1.1” bị trùng với dòng 3 trong tệp." in text
    assert (
        "Dòng 10, cột “Bắt buộc minh chứng”: Giá trị “tùy” không hợp lệ; ghi “Có” hoặc “Không”."
        in text
    )
    assert (
        "Dòng 11, cột “Mã tiêu chí”: Mã tiêu chí “Tiêu chí số 3.1 (mới)” dài quá 20 ký tự." in text
    )
    assert "evidence_required" not in text and "max_points" not in text
    # No confirm button, and the good rows were not saved either.
    assert confirm_form_data(response) is None
    assert Criterion.objects.count() == 0


def test_a_parent_below_its_child_is_unknown(client, reviewer):
    sheet = empty_set("5")
    client.force_login(reviewer)
    rows = [
        ("1.1", "1", "Con đứng trước cha", "5", ORDINARY, "", ""),
        ("1", "", "Nhóm", "5", ORDINARY, "", ""),
    ]

    response = upload(client, workbook_bytes(rows), sheet)

    assert [row.number for row in response.context["result"].invalid_rows] == [1]
    assert "nhóm cha phải nằm ở dòng phía trên" in page_text(response)
    assert Criterion.objects.count() == 0


def test_wrong_sums_refuse_the_whole_file_at_the_preview(client, reviewer):
    sheet = empty_set("20")
    client.force_login(reviewer)
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][3] = "6,5"  # 1.1: group 1 is now 6,5 + 5 = 11,5, not 12,5

    response = upload(client, workbook_bytes(rows), sheet)

    text = page_text(response)
    assert "Cây tiêu chí sau khi nhập không hợp lệ, không dòng nào được nhập." in text
    assert "Nhóm 1: điểm tối đa 12,5 nhưng tổng các tiêu chí con là 11,5." in text
    assert "Traceback" not in text  # a refusal for the reviewer, not a crash report
    assert confirm_form_data(response) is None
    assert Criterion.objects.count() == 0


def test_a_wrong_set_total_and_a_kind_mismatch_refuse_the_file(client, reviewer):
    sheet = empty_set("25")  # the groups give 20
    client.force_login(reviewer)
    rows = [list(row) for row in GOOD_ROWS]
    rows[6][4] = ORDINARY  # 2.1 in the bonus group

    response = upload(client, workbook_bytes(rows), sheet)

    text = page_text(response)
    assert (
        "Tổng điểm tối đa của bộ là 25 nhưng các nhóm chấm điểm và điểm thưởng cộng lại là 20"
        in (text)
    )
    assert "Tiêu chí 2.1 phải cùng loại với nhóm 2 (Điểm thưởng)." in text
    assert confirm_form_data(response) is None
    assert Criterion.objects.count() == 0


def test_wrong_sums_at_the_confirmation_undo_every_row(client, reviewer):
    """The set's maximum changes between the preview and the confirmation: nothing is kept."""
    sheet = empty_set("20")
    client.force_login(reviewer)
    preview = upload(client, workbook_bytes(GOOD_ROWS), sheet)
    assert confirm_form_data(preview) is not None
    CriteriaSet.objects.filter(pk=sheet.pk).update(max_total=Decimal("30"))

    done = confirm(client, preview, PROCESS_IMPORT_URL)

    text = page_text(done)
    assert (
        "Tổng điểm tối đa của bộ là 30 nhưng các nhóm chấm điểm và điểm thưởng cộng lại là 20"
        in (text)
    )
    assert "Không có dòng nào được nhập." in text
    assert "Import finished" not in text
    assert Criterion.objects.count() == 0


# ---------------------------------------------------------------------------- a set in use


def test_import_into_a_set_in_use_is_refused(client, reviewer, agency_a):
    sheet = build_sheet()
    freeze(sheet, agency_a)
    before = tree_of(sheet)
    client.force_login(reviewer)
    rows = [("1.1", "1", "Sửa nội dung", "4", ORDINARY, "", "")]

    response = upload(client, workbook_bytes(rows), sheet)

    errors = response.context["form"].errors["criteria_set"]
    assert "đã được dùng để chấm điểm, không thể sửa" in errors[0]
    assert "Hãy tạo phiên bản mới (sao chép)" in page_text(response)
    assert confirm_form_data(response) is None
    assert tree_of(sheet) == before
    assert Criterion.objects.get(criteria_set=sheet, code="1.1").text != "Sửa nội dung"


def test_a_set_that_comes_into_use_before_the_confirmation_is_not_changed(
    client, reviewer, agency_a
):
    sheet = build_sheet()
    client.force_login(reviewer)
    rows = [("1.1", "1", "Sửa nội dung", "4", ORDINARY, "", "")]
    preview = upload(client, workbook_bytes(rows), sheet)
    assert confirm_form_data(preview) is not None
    freeze(sheet, agency_a)

    done = confirm(client, preview, PROCESS_IMPORT_URL)

    text = page_text(done)
    assert "đã được dùng để chấm điểm, không thể sửa" in text
    assert "Không có dòng nào được nhập." in text
    assert Criterion.objects.get(criteria_set=sheet, code="1.1").text != "Sửa nội dung"


# ---------------------------------------------------------------------------- export


def test_export_writes_the_import_columns_with_vietnamese_values(client, reviewer):
    sheet = build_sheet()
    Criterion.objects.filter(criteria_set=sheet, code="1.1").update(guidance="Đủ: 4 điểm")
    client.force_login(reviewer)

    rows = read_sheet(export(client, sheet))

    assert rows[0] == HEADERS
    by_code = {row[0]: dict(zip(HEADERS, row, strict=True)) for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == ["1", "1.1", "1.2", "1.2.a", "1.2.b", "2", "2.1"] + [
        "3",
        "3.1",
        "4",
        "4.1",
    ]
    assert by_code["1"]["Mã nhóm cha"] in ("", None)
    assert by_code["1.2.a"]["Mã nhóm cha"] == "1.2"
    assert by_code["1.1"]["Điểm tối đa"] == "4"
    assert by_code["1.1"]["Hướng dẫn chấm"] == "Đủ: 4 điểm"
    assert by_code["1.1"]["Loại"] == ORDINARY
    assert by_code["3.1"]["Loại"] == BONUS
    assert by_code["4.1"]["Loại"] == DEDUCTION
    assert by_code["1.2.b"]["Bắt buộc minh chứng"] == "Có"
    assert by_code["1.2.a"]["Bắt buộc minh chứng"] == "Không"


def test_an_exported_sheet_imports_back_into_a_new_set(client, reviewer):
    source = build_sheet()
    Criterion.objects.filter(criteria_set=source, code="1.2.a").update(
        max_points=Decimal("2.5"), guidance="Có bài viết mỗi quý"
    )
    Criterion.objects.filter(criteria_set=source, code="1.2.b").update(max_points=Decimal("3.5"))
    client.force_login(reviewer)
    rows = read_sheet(export(client, source))
    target = empty_set("20", code=source.code, province="Cần Thơ")

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    preview = upload(client, buffer.getvalue(), target)
    assert confirm_form_data(preview) is not None, page_text(preview)
    confirm(client, preview, PROCESS_IMPORT_URL)

    assert tree_of(target) == tree_of(source)
    assert Criterion.objects.get(criteria_set=target, code="1.2.a").guidance == (
        "Có bài viết mỗi quý"
    )
    assert Criterion.objects.get(criteria_set=target, code="1.2.b").max_points == Decimal("3.5")


def test_export_writes_formula_like_text_as_typed_text(client, reviewer):
    sheet = empty_set("20")
    for number, typed in enumerate(FORMULA_LIKE, 1):
        Criterion.objects.create(
            criteria_set=sheet,
            code=str(number),
            text=typed,
            guidance=typed,
            max_points=Decimal("4"),
            position=number,
        )
    client.force_login(reviewer)

    book = load_workbook(BytesIO(export(client, sheet).content)).active

    rows = list(book.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == ["1", "2", "3", "4", "5"]
    for row, typed in zip(rows, FORMULA_LIKE, strict=True):
        assert_text_cell(row[HEADERS.index("Nội dung tiêu chí")], typed)
        assert_text_cell(row[HEADERS.index("Hướng dẫn chấm")], typed)
