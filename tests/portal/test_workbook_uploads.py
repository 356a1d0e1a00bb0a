"""Spreadsheet uploads are sized up before the workbook is opened, on every admin import page.

A file too big, not a workbook, or whose parts would inflate past the limits is refused with a
Vietnamese form error on the import page: never a 500, nothing imported, and the worker's
memory never holds the inflated sheet.
"""

import os
import tracemalloc
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.admin import ImportMixin

from portal.admin_imports import ExcelImportForm
from portal.models import Agency
from registrations.models import Registration
from scoring.models import CriteriaSet, Criterion
from tests.admin_import import confirm_form_data, format_index, page_text
from tests.zip_bomb import zip_bomb_xlsx

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
INFLATED_MESSAGE = "Tệp giải nén ra tới 1024 MB, vượt giới hạn 50 MB"
NOT_A_WORKBOOK = "Tệp không phải là bảng tính Excel (.xlsx)."


@pytest.fixture(params=["agency", "registration", "criterion"])
def import_page(request, movement):
    """(import URL, the form's own fields, the rows an import would add to)."""
    if request.param == "agency":
        return "/admin/portal/agency/import/", {}, Agency, Agency.objects.all()
    if request.param == "registration":
        return (
            "/admin/registrations/registration/import/",
            {"movement": str(movement.pk)},
            Registration,
            Registration.objects.all(),
        )
    criteria_set = CriteriaSet.objects.create(
        code="3225/QĐ-UBND",
        title="Bộ tiêu chí",
        province="Đồng Nai",
        year_from=2024,
        max_total=Decimal("20"),
    )
    return (
        "/admin/scoring/criterion/import/",
        {"criteria_set": str(criteria_set.pk)},
        Criterion,
        Criterion.objects.all(),
    )


def post_file(client, import_page, content, name="danh-sach.xlsx"):
    url, fields, model, _rows = import_page
    return client.post(
        url,
        {
            "resource": "0",
            "format": format_index(model),
            "import_file": SimpleUploadedFile(name, content),
            **fields,
        },
    )


def refused(response, message):
    """The import page again, the message under the file field, and no confirm button."""
    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert any(message in error for error in errors), errors
    assert message in page_text(response)
    assert confirm_form_data(response) is None
    return response


def test_a_gigabyte_zip_bomb_is_refused_on_every_import_page(client, reviewer, import_page):
    client.force_login(reviewer)
    client.raise_request_exception = False
    rows = import_page[3]
    before = rows.count()
    bomb = zip_bomb_xlsx()
    assert len(bomb) < 2 * MB

    tracemalloc.start()
    try:
        response = post_file(client, import_page, bomb, name="bom.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    refused(response, INFLATED_MESSAGE)
    assert rows.count() == before
    # The 1 GB sheet never reaches memory: the request holds the 1 MB file, and little else.
    assert peak < 100 * MB


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, reviewer, import_page):
    client.force_login(reviewer)
    rows = import_page[3]
    before = rows.count()

    response = post_file(client, import_page, os.urandom(6 * MB), name="lon.xlsx")

    refused(response, "Tệp nặng 6 MB, vượt giới hạn 5 MB.")
    assert rows.count() == before


def test_a_file_that_is_no_workbook_is_refused(client, reviewer, import_page):
    client.force_login(reviewer)

    refused(
        post_file(client, import_page, b"STT;Ten mo hinh\n1;=1+1\n", name="a.xlsx"), NOT_A_WORKBOOK
    )


def test_a_zip_that_is_no_workbook_is_refused(client, reviewer, import_page):
    client.force_login(reviewer)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải bảng tính")

    refused(post_file(client, import_page, buffer.getvalue()), NOT_A_WORKBOOK)


def test_a_small_file_inflating_too_many_times_over_is_refused(client, reviewer, import_page):
    """20 MB from 20 KB stays under the 50 MB limit, but no real sheet compresses 1,000 times."""
    client.force_login(reviewer)

    response = post_file(client, import_page, zip_bomb_xlsx(20 * MB))

    refused(response, "Tệp 22 KB giải nén ra tới 20 MB, gấp hơn 100 lần")


def test_the_limits_come_from_the_settings(client, reviewer, import_page, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = MB // 10
    client.force_login(reviewer)

    response = post_file(client, import_page, os.urandom(MB // 5))

    refused(response, "Tệp nặng 0,2 MB, vượt giới hạn 0,1 MB.")


def test_every_admin_import_goes_through_the_workbook_check():
    importers = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ImportMixin)
    ]
    assert {type(m).__name__ for m in importers} >= {
        "AgencyAdmin",
        "RegistrationAdmin",
        "CriterionAdmin",
    }
    for model_admin in importers:
        assert issubclass(model_admin.get_import_form_class(None), ExcelImportForm)


def entity_bomb_xlsx() -> bytes:
    """A real workbook whose sheet declares nested entities (“billion laughs”)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Mã cơ quan", "Tên cơ quan, đơn vị"])
    plain = BytesIO()
    book.save(plain)
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "ha"}">' for n in range(10))
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{laughs}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    bomb = BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            target.writestr(item, data)
    return bomb.getvalue()


def test_a_workbook_with_expanding_entities_is_refused_in_vietnamese(client, reviewer):
    client.force_login(reviewer)
    client.raise_request_exception = False
    before = Agency.objects.count()
    page = ("/admin/portal/agency/import/", {}, Agency, Agency.objects.all())

    response = post_file(client, page, entity_bomb_xlsx())

    assert response.status_code == 200
    assert Agency.objects.count() == before
    # defusedxml refuses the entity declarations before anything expands.
    errors = response.context["form"].errors["import_file"]
    assert any("khi đọc tệp" in error for error in errors), errors
