"""The consolidated list to Excel, and registrations from Excel, through the real admin pages.

The import is django-import-export's two-step flow: the upload is dry-run and previewed (or
its errors listed per row), then "Confirm import" posts the hidden confirm form to
process_import. Every test drives the pages as a reviewer's browser would.
"""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from registrations import services
from registrations.models import Carrier, Registration, State
from tests.admin_import import (
    FORMULA_LIKE,
    assert_text_cell,
    confirm,
    confirm_form_data,
    format_index,
    page_text,
)
from tests.factories import RegistrationFactory
from tests.workbooks import header_index, headers, table

pytestmark = pytest.mark.django_db

CHANGELIST_URL = "/admin/registrations/registration/"
IMPORT_URL = "/admin/registrations/registration/import/"
PROCESS_IMPORT_URL = "/admin/registrations/registration/process_import/"

# The consolidated list's columns, in order: the export writes them and the import reads them.
HEADERS = [
    "STT",
    "Mã cơ quan",
    "Cơ quan, đơn vị",
    "Tập thể/Cá nhân",
    "Tên mô hình",
    "Tên tập thể",
    "Họ và tên cá nhân",
    "Chức vụ",
    "Đơn vị công tác",
    "Lĩnh vực",
    "Thực trạng và lý do chọn mô hình",
    "Mục tiêu",
    "Nội dung, cách thức thực hiện",
    "Phạm vi, đối tượng thụ hưởng",
    "Lực lượng tham gia, nguồn lực",
    "Thời gian bắt đầu",
    "Thời gian kết thúc",
    "Kết quả, sản phẩm dự kiến",
    "Khả năng nhân rộng",
    "Người liên hệ, điện thoại",
    "Trạng thái",
    "Phong trào",
]


# ---------------------------------------------------------------------------- helpers


def sheet_row(**values):
    """One import row keyed by header; every content column filled unless overridden."""
    row = {
        "Mã cơ quan": "STP",
        "Tập thể/Cá nhân": "Tập thể",
        "Tên mô hình": "Mô hình mẫu",
        "Tên tập thể": "Phòng Hành chính tư pháp",
        "Họ và tên cá nhân": "",
        "Chức vụ": "",
        "Đơn vị công tác": "",
        "Lĩnh vực": "Kinh tế",
        "Thực trạng và lý do chọn mô hình": "Người dân phải đi lại nhiều lần.",
        "Mục tiêu": "Giảm số lần đi lại.",
        "Nội dung, cách thức thực hiện": "Tiếp nhận hồ sơ tại nhà.",
        "Phạm vi, đối tượng thụ hưởng": "Người cao tuổi.",
        "Lực lượng tham gia, nguồn lực": "Bộ phận một cửa.",
        "Thời gian bắt đầu": "01/05/2026",
        "Thời gian kết thúc": "31/12/2026",
        "Kết quả, sản phẩm dự kiến": "100% hồ sơ được tiếp nhận tại nhà.",
        "Khả năng nhân rộng": "Nhân rộng ra các xã.",
        "Người liên hệ, điện thoại": "Chị Hà, 0912 000 000",
    }
    row.update(values)
    return row


def individual_row(**values):
    return sheet_row(
        **{
            "Tập thể/Cá nhân": "Cá nhân",
            "Tên tập thể": "",
            "Họ và tên cá nhân": "Trần Thị Bình",
            "Chức vụ": "Chuyên viên",
            "Đơn vị công tác": "Văn phòng Sở",
            **values,
        }
    )


def workbook_bytes(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for number, row in enumerate(rows, 1):
        sheet.append([number if h == "STT" else row.get(h) for h in headers])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content, movement, name="danh-sach.xlsx"):
    """Step 1: the import form (file, format, resource and our movement)."""
    return client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": format_index(Registration),
            "movement": str(movement.pk) if movement is not None else "",
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def submitted(registration, by):
    return services.submit_registration(registration=registration, by=by)


# ---------------------------------------------------------------------------- export


def export_consolidated(client, registrations):
    return client.post(
        CHANGELIST_URL,
        {
            "action": "export_consolidated",
            "index": "0",
            "_selected_action": [str(r.pk) for r in registrations],
        },
    )


def read_sheet(response):
    """The header row and the rows under it (the consolidated list has title rows above)."""
    sheet = load_workbook(BytesIO(response.content)).active
    return [headers(sheet), *table(sheet)]


def test_export_consolidated_has_vietnamese_headers_in_order(
    client, reviewer, movement, agency_a, agency_b, clerk_a, clerk_b, field
):
    health = RegistrationFactory(
        movement=movement, agency=agency_a, created_by=clerk_a, field=field, name="Một cửa"
    )
    submitted(health, clerk_a)
    client.force_login(reviewer)

    response = export_consolidated(client, [health])

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    rows = read_sheet(response)
    assert rows[0][:5] == ["STT", "Mã cơ quan", "Cơ quan, đơn vị", "Tập thể/Cá nhân", "Tên mô hình"]
    assert rows[0] == HEADERS


def test_export_consolidated_rows_carry_the_registrations_values(
    client, reviewer, movement, agency_a, agency_b, clerk_a, clerk_b, leader_a, field
):
    person = RegistrationFactory(
        movement=movement,
        agency=agency_a,
        created_by=clerk_a,
        field=field,
        carrier=Carrier.INDIVIDUAL,
        name="Cán bộ tư pháp gần dân",
        collective_name="",
        person_name="Lê Văn Cường",
        person_position="Phó Chánh Văn phòng",
        person_workplace="Văn phòng Sở Tư pháp",
    )
    collective_a = RegistrationFactory(
        movement=movement,
        agency=agency_a,
        created_by=clerk_a,
        field=field,
        name="Trợ giúp pháp lý lưu động",
        collective_name="Trung tâm Trợ giúp pháp lý",
    )
    collective_b = RegistrationFactory(
        movement=movement,
        agency=agency_b,
        created_by=clerk_b,
        field=field,
        name="Cấp phép xây dựng tại nhà",
        collective_name="Phòng Quản lý xây dựng",
    )
    for registration in (person, collective_a, collective_b):
        submitted(registration, leader_a)
    services.accept_registration(registration=collective_b, by=reviewer)
    client.force_login(reviewer)

    rows = read_sheet(export_consolidated(client, [person, collective_a, collective_b]))

    assert len(rows) == 4  # the header and the three selected registrations
    by_header = [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]
    # Numbered from 1; agencies by name (Sở Tư pháp before Sở Xây dựng); collectives first.
    assert [r["STT"] for r in by_header] == [1, 2, 3]
    assert [r["Tên mô hình"] for r in by_header] == [
        "Trợ giúp pháp lý lưu động",
        "Cán bộ tư pháp gần dân",
        "Cấp phép xây dựng tại nhà",
    ]
    first, second, third = by_header
    assert first["Mã cơ quan"] == "STP"
    assert first["Cơ quan, đơn vị"] == "Sở Tư pháp"
    assert first["Tập thể/Cá nhân"] == "Tập thể"
    assert first["Tên tập thể"] == "Trung tâm Trợ giúp pháp lý"
    assert first["Lĩnh vực"] == "Kinh tế"
    # Dates Excel can sort, shown dd/mm/yyyy.
    assert first["Thời gian bắt đầu"] == datetime(2026, 5, 1)
    assert first["Thời gian kết thúc"] == datetime(2026, 12, 31)
    assert first["Phong trào"] == movement.title
    assert second["Tập thể/Cá nhân"] == "Cá nhân"
    assert second["Họ và tên cá nhân"] == "Lê Văn Cường"
    assert second["Chức vụ"] == "Phó Chánh Văn phòng"
    assert second["Đơn vị công tác"] == "Văn phòng Sở Tư pháp"
    assert third["Mã cơ quan"] == "SXD"
    assert third["Cơ quan, đơn vị"] == "Sở Xây dựng"
    # The state column speaks Vietnamese, not the stored codes.
    assert first["Trạng thái"] == "Đã gửi"
    assert second["Trạng thái"] == "Đã gửi"
    assert third["Trạng thái"] == "Đã chấp thuận"


def test_export_consolidated_only_the_selected_rows(
    client, reviewer, movement, agency_a, clerk_a, field
):
    chosen, other = (
        RegistrationFactory(movement=movement, agency=agency_a, created_by=clerk_a, field=field)
        for _ in range(2)
    )
    client.force_login(reviewer)

    rows = read_sheet(export_consolidated(client, [chosen]))

    names = [row[HEADERS.index("Tên mô hình")] for row in rows[1:]]
    assert names == [chosen.name]
    assert rows[1][HEADERS.index("Trạng thái")] == "Bản nháp"
    assert other.name not in names


def test_exported_sheet_imports_back(client, reviewer, movement, agency_a, clerk_a, field):
    """The export's own columns are the import's: the table under the title rows, sent out,
    can come back in."""
    source = RegistrationFactory(
        movement=movement, agency=agency_a, created_by=clerk_a, field=field, name="Mô hình gốc"
    )
    client.force_login(reviewer)
    rows = read_sheet(export_consolidated(client, [source]))
    source.delete()

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    preview = upload(client, buffer.getvalue(), movement)
    done = confirm(client, preview, PROCESS_IMPORT_URL)

    assert done.status_code == 200
    imported = Registration.objects.get()
    assert imported.name == "Mô hình gốc"
    assert imported.state == State.SUBMITTED


def test_export_page_of_the_admin_gives_the_same_columns(
    client, reviewer, movement, agency_a, clerk_a, field
):
    """The import-export "Export" button writes the consolidated list's columns too."""
    registration = RegistrationFactory(
        movement=movement, agency=agency_a, created_by=clerk_a, field=field
    )
    client.force_login(reviewer)
    url = "/admin/registrations/registration/export/"
    form = client.get(url).context["form"]
    selected = {name: "on" for name in form.fields if name.startswith("registrationresource_")}
    xlsx = format_index(Registration, export=True)

    response = client.post(url, {"format": str(xlsx), "resource": "0", **selected})

    rows = read_sheet(response)
    assert rows[0] == HEADERS
    assert load_workbook(BytesIO(response.content)).active.title == "Danh sách mô hình đăng ký"
    # The row number stays a number; the rest is text, as typed.
    assert rows[1][:5] == [1, "STP", "Sở Tư pháp", "Tập thể", registration.name]
    assert rows[1][HEADERS.index("Trạng thái")] == "Bản nháp"


# ---------------------------------------------------------------------------- import


def test_import_page_opens_for_reviewer(client, reviewer, movement):
    """The reviewer opens the import page to upload a file (a GET, before any POST).

    Fails today: RegistrationAdmin.get_import_resource_kwargs reads ``form.cleaned_data``
    on the unbound form of a GET and the page answers 500 (AttributeError).
    """
    client.force_login(reviewer)
    client.raise_request_exception = False

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    text = page_text(response)
    assert 'name="movement"' in text
    assert movement.title in text
    assert "Tên mô hình" in text  # the expected columns are listed


def test_import_good_file_preview_then_confirm_creates_submitted_registrations(
    client, reviewer, movement, agency_a, agency_b, field
):
    client.force_login(reviewer)
    content = workbook_bytes(
        [
            sheet_row(**{"Tên mô hình": "Tư pháp gần dân"}),
            sheet_row(
                **{
                    "Tên mô hình": "Hòa giải cơ sở",
                    "Tên tập thể": "Phòng Phổ biến pháp luật",
                    "Lĩnh vực": "kinh tế",  # the field's name, case-insensitively
                }
            ),
            individual_row(**{"Mã cơ quan": "SXD", "Tên mô hình": "Kỹ sư của dân"}),
        ]
    )

    preview = upload(client, content, movement)

    # Step 1 is a dry run: a preview with a confirm form, nothing written yet.
    assert preview.status_code == 200
    assert confirm_form_data(preview) is not None
    result = preview.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new", "new", "new"]
    assert Registration.objects.count() == 0

    done = confirm(client, preview, PROCESS_IMPORT_URL)

    assert done.status_code == 200
    assert done.redirect_chain[-1][0] == CHANGELIST_URL
    rows = {r.name: r for r in Registration.objects.select_related("agency", "field")}
    assert set(rows) == {"Tư pháp gần dân", "Hòa giải cơ sở", "Kỹ sư của dân"}
    for registration in rows.values():
        assert registration.movement_id == movement.pk
        assert registration.state == State.SUBMITTED
        assert registration.submitted_by == reviewer
        assert registration.created_by == reviewer
        assert registration.field == field
    assert rows["Tư pháp gần dân"].agency == agency_a
    assert rows["Tư pháp gần dân"].carrier == Carrier.COLLECTIVE
    assert rows["Tư pháp gần dân"].collective_name == "Phòng Hành chính tư pháp"
    assert rows["Tư pháp gần dân"].starts_on == date(2026, 5, 1)
    assert rows["Tư pháp gần dân"].ends_on == date(2026, 12, 31)
    person = rows["Kỹ sư của dân"]
    assert person.agency == agency_b
    assert person.carrier == Carrier.INDIVIDUAL
    assert (person.person_name, person.person_position, person.person_workplace) == (
        "Trần Thị Bình",
        "Chuyên viên",
        "Văn phòng Sở",
    )


def test_import_accepts_real_excel_date_cells(client, reviewer, movement, agency_a, field):
    client.force_login(reviewer)
    content = workbook_bytes(
        [
            sheet_row(
                **{"Thời gian bắt đầu": date(2026, 6, 1), "Thời gian kết thúc": date(2026, 11, 30)}
            )
        ]
    )

    confirm(client, upload(client, content, movement), PROCESS_IMPORT_URL)

    registration = Registration.objects.get()
    assert (registration.starts_on, registration.ends_on) == (date(2026, 6, 1), date(2026, 11, 30))


def test_import_leaves_optional_columns_empty(client, reviewer, movement, agency_a, field):
    """Resources, replicability and contact are optional on the form; blank cells are fine."""
    client.force_login(reviewer)
    content = workbook_bytes(
        [
            sheet_row(
                **{
                    "Lực lượng tham gia, nguồn lực": None,
                    "Khả năng nhân rộng": None,
                    "Người liên hệ, điện thoại": None,
                }
            )
        ]
    )

    preview = upload(client, content, movement)
    assert confirm_form_data(preview) is not None, page_text(preview)
    confirm(client, preview, PROCESS_IMPORT_URL)

    registration = Registration.objects.get()
    assert registration.state == State.SUBMITTED
    assert registration.resources == ""
    assert registration.replicability == ""
    assert registration.contact == ""


def test_import_confirm_is_all_or_nothing_when_quota_fills_after_the_preview(
    client, reviewer, movement, agency_a, clerk_a, leader_a, field
):
    """Between preview and confirm a clerk takes a slot: the confirm must not half-import."""
    client.force_login(reviewer)
    content = workbook_bytes(
        [sheet_row(**{"Tên mô hình": "Nhập 1"}), sheet_row(**{"Tên mô hình": "Nhập 2"})]
    )
    preview = upload(client, content, movement)
    assert confirm_form_data(preview) is not None
    submitted(
        RegistrationFactory(
            movement=movement, agency=agency_a, created_by=clerk_a, field=field, name="Của đơn vị"
        ),
        leader_a,
    )

    done = confirm(client, preview, PROCESS_IMPORT_URL)

    assert not Registration.objects.filter(name__in=["Nhập 1", "Nhập 2"]).exists()
    text = page_text(done)
    # Refused at the confirmation: the second row (Excel's row 3) is over the quota now.
    assert "Dòng 3: Sở Tư pháp đã đăng ký 2/2 mô hình tập thể" in text
    assert "Không có dòng nào được nhập. Hãy sửa tệp và nhập lại." in text
    assert "Import finished" not in text


def test_import_bad_file_lists_every_row_error_and_saves_nothing(
    client, reviewer, movement, agency_a, agency_b, field
):
    client.force_login(reviewer)
    content = workbook_bytes(
        [
            sheet_row(**{"Tên mô hình": "Dòng tốt 1"}),
            sheet_row(**{"Tên mô hình": "Cơ quan lạ", "Mã cơ quan": "KHONG-CO"}),
            sheet_row(**{"Tên mô hình": "Lĩnh vực lạ", "Lĩnh vực": "Thể thao"}),
            sheet_row(**{"Tên mô hình": "Ngày sai", "Thời gian bắt đầu": "31/02/2026"}),
            sheet_row(**{"Tên mô hình": "Loại lạ", "Tập thể/Cá nhân": "Khác"}),
            sheet_row(**{"Tên mô hình": "Dòng tốt 2"}),
            # Sở Tư pháp's default quota is 02 collectives: this third one is over it.
            sheet_row(**{"Tên mô hình": "Vượt chỉ tiêu"}),
            individual_row(**{"Mã cơ quan": "SXD", "Tên mô hình": "Dòng tốt 3"}),
        ]
    )

    response = upload(client, content, movement)

    assert response.status_code == 200
    text = page_text(response)
    assert "Không tìm thấy cơ quan có mã “KHONG-CO”." in text
    assert "Không có lĩnh vực “Thể thao”." in text
    assert "Thời gian bắt đầu “31/02/2026” không đúng dạng ngày dd/mm/yyyy." in text
    assert "Loại mô hình “Khác” không hợp lệ; chỉ nhận “Tập thể”, “Cá nhân”." in text
    assert "Sở Tư pháp đã đăng ký 2/2 mô hình tập thể" in text
    assert "đã đủ chỉ tiêu của phong trào" in text
    # Each error names the row Excel shows (the header is row 1) and the column's header.
    assert "Dòng 3, cột “Mã cơ quan”: Không tìm thấy cơ quan có mã “KHONG-CO”." in text
    assert "Dòng 4, cột “Lĩnh vực”: Không có lĩnh vực “Thể thao”." in text
    assert (
        "Dòng 5, cột “Thời gian bắt đầu”: Thời gian bắt đầu “31/02/2026” không đúng dạng ngày "
        "dd/mm/yyyy." in text
    )
    assert "Dòng 6, cột “Tập thể/Cá nhân”: Loại mô hình “Khác” không hợp lệ" in text
    assert "Dòng 8: Sở Tư pháp đã đăng ký 2/2 mô hình tập thể" in text
    assert [line.split(",")[0].split(":")[0] for line in response.context["import_errors"]] == [
        "Dòng 3",
        "Dòng 4",
        "Dòng 5",
        "Dòng 6",
        "Dòng 8",
    ]
    # No confirm button: the file must be fixed and uploaded again.
    assert confirm_form_data(response) is None
    # All or nothing: the good rows were not saved either.
    assert Registration.objects.count() == 0


def test_import_quota_counts_registrations_already_in_the_database(
    client, reviewer, movement, agency_a, clerk_a, leader_a, field
):
    for _ in range(2):
        submitted(
            RegistrationFactory(
                movement=movement, agency=agency_a, created_by=clerk_a, field=field
            ),
            leader_a,
        )
    client.force_login(reviewer)

    response = upload(client, workbook_bytes([sheet_row(**{"Tên mô hình": "Thứ ba"})]), movement)

    assert "Sở Tư pháp đã đăng ký 2/2 mô hình tập thể" in page_text(response)
    assert confirm_form_data(response) is None
    assert not Registration.objects.filter(name="Thứ ba").exists()
    assert Registration.objects.count() == 2


def test_import_refuses_a_name_twice_for_one_agency(client, reviewer, movement, agency_a, field):
    client.force_login(reviewer)
    content = workbook_bytes(
        [
            sheet_row(**{"Tên mô hình": "Một cửa tại nhà"}),
            sheet_row(**{"Tên mô hình": "MỘT CỬA TẠI NHÀ"}),
        ]
    )

    response = upload(client, content, movement)

    assert "Đơn vị đã có mô hình cùng tên trong phong trào này." in page_text(response)
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert confirm_form_data(response) is None
    assert Registration.objects.count() == 0


def test_import_into_a_closed_movement_is_refused(client, reviewer, movement, agency_a, field):
    movement.status = "closed"
    movement.save()
    client.force_login(reviewer)

    response = upload(client, workbook_bytes([sheet_row()]), movement)

    assert "không nhận đăng ký" in page_text(response)
    assert confirm_form_data(response) is None
    assert Registration.objects.count() == 0


def test_import_without_movement_is_refused_by_the_form(
    client, reviewer, movement, agency_a, field
):
    client.force_login(reviewer)

    response = upload(client, workbook_bytes([sheet_row()]), None)

    assert response.status_code == 200
    assert response.context["form"].errors["movement"]
    assert confirm_form_data(response) is None
    assert Registration.objects.count() == 0


def test_import_broken_file_gives_a_clear_error_not_a_500(
    client, reviewer, movement, agency_a, field
):
    client.force_login(reviewer)
    client.raise_request_exception = False

    response = upload(client, b"day khong phai la tep Excel", movement, name="hong.xlsx")

    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert errors
    assert errors[0] in page_text(response)
    assert confirm_form_data(response) is None
    assert Registration.objects.count() == 0


def test_import_needs_reviewer_add_permission(client, clerk_a, movement):
    """A clerk is not staff: the admin import sends them to the admin login."""
    client.force_login(clerk_a)

    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_export_keeps_formula_like_and_pasted_control_text_as_plain_text(
    client, reviewer, movement, agency_a, clerk_a, field
):
    hostile = RegistrationFactory(
        movement=movement,
        agency=agency_a,
        created_by=clerk_a,
        field=field,
        name='=HYPERLINK("http://example.invalid","Bấm vào đây")',
        goals="Dòng một\x0bdòng hai",
    )
    client.force_login(reviewer)
    response = export_consolidated(client, [hostile])
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    first = header_index(book.active) + 1
    row = list(book.active.iter_rows(min_row=first, max_row=first))[0]
    name_cell = row[HEADERS.index("Tên mô hình")]
    assert name_cell.data_type == "s"
    assert name_cell.value == hostile.name
    assert row[HEADERS.index("Mục tiêu")].value == "Dòng mộtdòng hai"


# ---------------------------------------------------------------------------- formula-like text

# Five text columns, one formula-like string each.
TYPED = dict(
    zip(["name", "collective_name", "goals", "content", "contact"], FORMULA_LIKE, strict=True)
)
TYPED_COLUMNS = {
    "name": "Tên mô hình",
    "collective_name": "Tên tập thể",
    "goals": "Mục tiêu",
    "content": "Nội dung, cách thức thực hiện",
    "contact": "Người liên hệ, điện thoại",
}


def generic_export(client):
    """The import-export "Xuất" page of the admin, every column selected."""
    url = "/admin/registrations/registration/export/"
    form = client.get(url).context["form"]
    selected = {name: "on" for name in form.fields if name.startswith("registrationresource_")}
    xlsx = format_index(Registration, export=True)
    return client.post(url, {"format": str(xlsx), "resource": "0", **selected})


def assert_typed_row(content):
    sheet = load_workbook(BytesIO(content)).active
    first = header_index(sheet) + 1
    row = list(sheet.iter_rows(min_row=first, max_row=first))[0]
    for attribute, typed in TYPED.items():
        assert_text_cell(row[HEADERS.index(TYPED_COLUMNS[attribute])], typed)


def test_consolidated_export_writes_formula_like_text_as_typed_text(
    client, reviewer, movement, agency_a, clerk_a, field
):
    registration = RegistrationFactory(
        movement=movement, agency=agency_a, created_by=clerk_a, field=field, **TYPED
    )
    client.force_login(reviewer)

    assert_typed_row(export_consolidated(client, [registration]).content)


def test_generic_export_writes_formula_like_text_as_typed_text_and_imports_back_unchanged(
    client, reviewer, movement, agency_a, clerk_a, field
):
    source = RegistrationFactory(
        movement=movement, agency=agency_a, created_by=clerk_a, field=field, **TYPED
    )
    client.force_login(reviewer)

    exported = generic_export(client).content

    assert_typed_row(exported)
    content = {name: getattr(source, name) for name in services.CONTENT_FIELDS}
    source.delete()
    preview = upload(client, exported, movement)
    assert confirm_form_data(preview) is not None, page_text(preview)
    confirm(client, preview, PROCESS_IMPORT_URL)
    imported = Registration.objects.get()
    assert {name: getattr(imported, name) for name in services.CONTENT_FIELDS} == content
    assert (imported.movement, imported.agency) == (movement, agency_a)
