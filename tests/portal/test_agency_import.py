"""Agencies from and to Excel through the admin, by code and parent code.

The import is django-import-export's two-step flow: the upload is dry-run and previewed (or
its errors listed per row); "Confirm import" then posts the hidden confirm form.
"""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from portal.models import Agency
from tests.admin_import import (
    FORMULA_LIKE,
    assert_text_cell,
    confirm,
    confirm_form_data,
    format_index,
    page_text,
)
from tests.factories import AgencyFactory, AgencyKindFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/portal/agency/import/"
PROCESS_IMPORT_URL = "/admin/portal/agency/process_import/"
EXPORT_URL = "/admin/portal/agency/export/"

HEADERS = [
    "Mã cơ quan",
    "Tên cơ quan, đơn vị",
    "Tên viết tắt",
    "Mã loại cơ quan",
    "Mã cơ quan cấp trên",
    "Đang hoạt động",
]


@pytest.fixture
def kinds(db):
    return {
        "huyen": AgencyKindFactory(code="huyen", name="UBND cấp huyện", tier="district"),
        "xa": AgencyKindFactory(code="xa", name="UBND cấp xã", tier="commune"),
        "so-nganh": AgencyKindFactory(code="so-nganh", name="Sở, ban, ngành cấp tỉnh"),
    }


def workbook_bytes(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content, name="co-quan.xlsx"):
    return client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": format_index(Agency),
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def import_rows(client, rows):
    """Upload and confirm; returns the preview and the page after confirming."""
    preview = upload(client, workbook_bytes(rows))
    assert confirm_form_data(preview) is not None, page_text(preview)
    return preview, confirm(client, preview, PROCESS_IMPORT_URL)


# ---------------------------------------------------------------------------- import


def test_import_page_opens(client, reviewer):
    client.force_login(reviewer)

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    page = page_text(response)
    for header in HEADERS:
        assert header in page


def test_good_file_imports_parent_then_child(client, reviewer, kinds):
    client.force_login(reviewer)
    rows = [
        ("UBND-LH", "Ủy ban nhân dân huyện Long Hồ", "UBND huyện Long Hồ", "huyen", "", "Có"),
        ("UBND-XA-PH", "Ủy ban nhân dân xã Phước Hậu", "UBND xã Phước Hậu", "xa", "UBND-LH", "Có"),
        ("UBND-XA-CU", "Ủy ban nhân dân xã cũ", "Xã cũ", "xa", "UBND-LH", "Không"),
    ]

    preview = upload(client, workbook_bytes(rows))

    assert preview.status_code == 200
    assert confirm_form_data(preview) is not None
    assert not Agency.objects.filter(code__startswith="UBND-").exists()  # a dry run so far

    done = confirm(client, preview, PROCESS_IMPORT_URL)

    assert done.status_code == 200
    assert done.redirect_chain[-1][0] == "/admin/portal/agency/"
    district = Agency.objects.get(code="UBND-LH")
    commune = Agency.objects.get(code="UBND-XA-PH")
    old = Agency.objects.get(code="UBND-XA-CU")
    assert district.name == "Ủy ban nhân dân huyện Long Hồ"
    assert district.short_name == "UBND huyện Long Hồ"
    assert district.kind == kinds["huyen"]
    assert district.parent is None
    assert district.active is True
    assert commune.kind == kinds["xa"]
    assert commune.parent == district
    assert commune.active is True
    assert old.parent == district
    assert old.active is False
    assert district.history.first().history_user == reviewer


def test_import_updates_an_agency_with_the_same_code(client, reviewer, kinds):
    existing = AgencyFactory(code="STP", name="Sở Tư pháp (cũ)", kind=kinds["so-nganh"])
    client.force_login(reviewer)

    import_rows(client, [("STP", "Sở Tư pháp", "STP", "so-nganh", "", "Có")])

    assert Agency.objects.filter(code="STP").count() == 1
    existing.refresh_from_db()
    assert existing.name == "Sở Tư pháp"
    assert existing.short_name == "STP"


def test_import_links_to_a_parent_already_in_the_database(client, reviewer, kinds):
    district = AgencyFactory(code="UBND-TB", name="UBND huyện Tam Bình", kind=kinds["huyen"])
    client.force_login(reviewer)

    import_rows(client, [("UBND-XA-MH", "UBND xã Mỹ Hòa", "UBND-XA-MH", "xa", "UBND-TB", "Có")])

    assert Agency.objects.get(code="UBND-XA-MH").parent == district


def _refused(response):
    assert response.status_code == 200
    assert confirm_form_data(response) is None
    return page_text(response)


def test_blank_optional_cells_import(client, reviewer, kinds):
    """No short name and no "active" cell: an agency like any other, active by default."""
    client.force_login(reviewer)

    preview = upload(client, workbook_bytes([("SGD", "Sở Giáo dục và Đào tạo", None, "so-nganh")]))

    assert confirm_form_data(preview) is not None, page_text(preview)
    confirm(client, preview, PROCESS_IMPORT_URL)
    agency = Agency.objects.get(code="SGD")
    assert agency.short_name == ""
    assert agency.active is True
    assert agency.parent is None


def test_unknown_parent_code_is_refused_row_by_row_and_nothing_imported(client, reviewer, kinds):
    client.force_login(reviewer)
    before = Agency.objects.count()
    rows = [
        ("UBND-LH", "UBND huyện Long Hồ", "UBND-LH", "huyen", "", "Có"),
        ("UBND-XA-PH", "UBND xã Phước Hậu", "UBND-XA-PH", "xa", "UBND-KHONG-CO", "Có"),
    ]

    response = upload(client, workbook_bytes(rows))

    page = _refused(response)
    assert "Không tìm thấy cơ quan cấp trên" in page
    assert "“UBND-KHONG-CO”" in page
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert Agency.objects.count() == before


def test_child_above_its_parent_is_refused(client, reviewer, kinds):
    client.force_login(reviewer)
    before = Agency.objects.count()
    rows = [
        ("UBND-XA-PH", "UBND xã Phước Hậu", "UBND-XA-PH", "xa", "UBND-LH", "Có"),
        ("UBND-LH", "UBND huyện Long Hồ", "UBND-LH", "huyen", "", "Có"),
    ]

    page = _refused(upload(client, workbook_bytes(rows)))

    assert "phải có sẵn hoặc nằm ở dòng phía trên" in page
    assert Agency.objects.count() == before


def test_unknown_kind_code_is_refused_and_nothing_imported(client, reviewer, kinds):
    client.force_login(reviewer)
    before = Agency.objects.count()
    rows = [
        ("SGD", "Sở Giáo dục và Đào tạo", "SGD", "so-nganh", "", "Có"),
        ("BCH-QS", "Bộ Chỉ huy Quân sự tỉnh", "BCH-QS", "quan-su", "", "Có"),
    ]

    response = upload(client, workbook_bytes(rows))

    page = _refused(response)
    assert "Không tìm thấy loại cơ quan có mã “quan-su”." in page
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert Agency.objects.count() == before
    assert not Agency.objects.filter(code="SGD").exists()


def test_missing_kind_code_is_refused(client, reviewer, kinds):
    client.force_login(reviewer)

    page = _refused(upload(client, workbook_bytes([("SGD", "Sở Giáo dục", "SGD", "", "", "Có")])))

    assert "Thiếu loại cơ quan." in page
    assert not Agency.objects.filter(code="SGD").exists()


def test_bad_active_value_is_refused(client, reviewer, kinds):
    client.force_login(reviewer)

    page = _refused(
        upload(client, workbook_bytes([("SGD", "Sở Giáo dục", "SGD", "so-nganh", "", "Có lẽ")]))
    )

    assert "ghi “Có” hoặc “Không”" in page
    assert not Agency.objects.filter(code="SGD").exists()


def test_duplicate_codes_in_one_file_are_refused(client, reviewer, kinds):
    client.force_login(reviewer)
    before = Agency.objects.count()
    rows = [
        ("SGD", "Sở Giáo dục và Đào tạo", "SGD", "so-nganh", "", "Có"),
        ("SYT", "Sở Y tế", "SYT", "so-nganh", "", "Có"),
        ("SGD", "Sở Giáo dục (trùng)", "SGD", "so-nganh", "", "Có"),
    ]

    response = upload(client, workbook_bytes(rows))

    page = _refused(response)
    assert "Mã cơ quan “SGD” lặp lại ở một dòng phía trên." in page
    assert [row.number for row in response.context["result"].invalid_rows] == [3]
    assert Agency.objects.count() == before


def test_broken_file_gives_a_form_error_not_a_500(client, reviewer, kinds):
    client.force_login(reviewer)
    client.raise_request_exception = False

    response = upload(client, b"khong phai Excel", name="hong.xlsx")

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]
    assert confirm_form_data(response) is None


def test_errors_name_the_row_excel_shows_and_the_column_header(client, reviewer, kinds):
    """36 good agencies fill Excel rows 2–37 under the header: the bad one is Excel's row 38."""
    client.force_login(reviewer)
    rows = [(f"XA-{n:02}", f"UBND xã số {n}", "", "xa", "", "Có") for n in range(1, 37)]
    rows.append(("XA-LA", "UBND xã lạ", "", "phuong", "KHONG-CO", "Có lẽ"))

    page = _refused(upload(client, workbook_bytes(rows)))

    assert "Dòng 38, cột “Mã loại cơ quan”: Không tìm thấy loại cơ quan có mã “phuong”." in page
    assert (
        "Dòng 38, cột “Mã cơ quan cấp trên”: Không tìm thấy cơ quan cấp trên (phải có sẵn hoặc "
        "nằm ở dòng phía trên) có mã “KHONG-CO”." in page
    )
    assert "Dòng 38, cột “Đang hoạt động”: Giá trị “có lẽ” không hợp lệ" in page
    assert "Dòng 37" not in page
    # Field code names never reach the page.
    for code_name in ("kind", "parent", "active", "Line number"):
        assert code_name not in page.split("<h2>Tệp có lỗi")[1]
    assert not Agency.objects.filter(code__startswith="XA-").exists()


def test_a_duplicate_code_names_its_row_and_column(client, reviewer, kinds):
    client.force_login(reviewer)
    rows = [
        ("SGD", "Sở Giáo dục và Đào tạo", "SGD", "so-nganh", "", "Có"),
        ("SGD", "Sở Giáo dục (trùng)", "SGD", "so-nganh", "", "Có"),
    ]

    page = _refused(upload(client, workbook_bytes(rows)))

    assert "Dòng 3, cột “Mã cơ quan”: Mã cơ quan “SGD” lặp lại ở một dòng phía trên." in page


def test_clerk_cannot_import_agencies(client, clerk_a):
    client.force_login(clerk_a)

    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# ---------------------------------------------------------------------------- export


def test_export_has_the_import_headers_and_values(client, reviewer, kinds):
    district = AgencyFactory(
        code="UBND-LH", name="UBND huyện Long Hồ", short_name="Long Hồ", kind=kinds["huyen"]
    )
    AgencyFactory(
        code="UBND-XA-PH",
        name="UBND xã Phước Hậu",
        short_name="",
        kind=kinds["xa"],
        parent=district,
        active=False,
    )
    client.force_login(reviewer)
    form_page = client.get(EXPORT_URL)
    assert form_page.status_code == 200
    selected = {
        name: "on"
        for name in form_page.context["form"].fields
        if name.startswith("agencyresource_")
    }

    response = client.post(
        EXPORT_URL, {"format": format_index(Agency, export=True), "resource": "0", **selected}
    )

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "Cơ quan, đơn vị"
    # An empty cell reads back as None; compare it as an empty string.
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["UBND-LH"] == [
        "UBND-LH",
        "UBND huyện Long Hồ",
        "Long Hồ",
        "huyen",
        "",
        "Có",
    ]
    commune = by_code["UBND-XA-PH"]
    assert commune[3:] == ["xa", "UBND-LH", "Không"]


def test_exported_agencies_import_back_unchanged(client, reviewer, kinds):
    district = AgencyFactory(code="UBND-LH", name="UBND huyện Long Hồ", kind=kinds["huyen"])
    AgencyFactory(code="UBND-XA-PH", name="UBND xã Phước Hậu", kind=kinds["xa"], parent=district)
    client.force_login(reviewer)
    selected = {
        name: "on"
        for name in client.get(EXPORT_URL).context["form"].fields
        if name.startswith("agencyresource_")
    }
    exported = client.post(
        EXPORT_URL, {"format": format_index(Agency, export=True), "resource": "0", **selected}
    ).content
    before = {a.code: (a.name, a.parent_id, a.kind_id, a.active) for a in Agency.objects.all()}

    preview = upload(client, exported)
    assert confirm_form_data(preview) is not None, page_text(preview)
    confirm(client, preview, PROCESS_IMPORT_URL)

    after = {a.code: (a.name, a.parent_id, a.kind_id, a.active) for a in Agency.objects.all()}
    assert after == before


def test_formula_like_names_export_as_typed_text_and_import_back_unchanged(client, reviewer, kinds):
    for number, typed in enumerate(FORMULA_LIKE, 1):
        AgencyFactory(code=f"CQ-{number}", name=typed, short_name=typed, kind=kinds["so-nganh"])
    client.force_login(reviewer)
    selected = {
        name: "on"
        for name in client.get(EXPORT_URL).context["form"].fields
        if name.startswith("agencyresource_")
    }
    exported = client.post(
        EXPORT_URL, {"format": format_index(Agency, export=True), "resource": "0", **selected}
    ).content

    sheet = load_workbook(BytesIO(exported)).active
    by_code = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for number, typed in enumerate(FORMULA_LIKE, 1):
        assert_text_cell(by_code[f"CQ-{number}"][HEADERS.index("Tên cơ quan, đơn vị")], typed)
        assert_text_cell(by_code[f"CQ-{number}"][HEADERS.index("Tên viết tắt")], typed)

    def rows():
        return {
            a.code: (a.name, a.short_name, a.parent_id, a.kind_id, a.active)
            for a in Agency.objects.all()
        }

    before = rows()
    preview = upload(client, exported)
    assert confirm_form_data(preview) is not None, page_text(preview)
    confirm(client, preview, PROCESS_IMPORT_URL)

    assert rows() == before
