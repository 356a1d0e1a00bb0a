"""Every Excel file the portal offers reads as an officer prints it (issue 11): a Vietnamese
sheet name, the title rows naming the coordinating body and the movement, the bold header row
starting with “STT”, frozen and repeated on every page of an A4 landscape fitted to the width,
readable columns, dates as dates and numbers as numbers, counts numbered “(01)”.

The exports are found by walking every GET page of a small province (the reads-never-write
walk) as the reviewer and as agency accounts, plus the exports behind a form or a query: the
admin's generic export of each importable model, the consolidated registration list (an
admin action) and the ranking (“?xuat=xlsx”)."""

import re
from datetime import date, datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from movements.models import Deadline, DeadlineKind
from portal.admin_imports import ExcelImportExportMixin
from portal.coordinator import current_coordinator
from portal.models import Role
from portal.responses import XLSX
from registrations.models import Registration
from tests.admin_import import format_index
from tests.factories import UserFactory
from tests.portal import test_reads_never_write as walk
from tests.portal.test_admin_in_vietnamese import ENGLISH
from tests.workbooks import header_index, open_book, title_text

province = walk.province

pytestmark = pytest.mark.django_db

# What the library or openpyxl name a sheet when nobody does.
DEFAULT_TITLES = {"Tablib Dataset", "Sheet", "Sheet1", "Dữ liệu"}
# Text that is a date or a number typed out: in a report it must be the real value.
DATE_TEXT = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
NUMBER_TEXT = re.compile(r"-?\d+(?:[.,]\d+)?")
COUNT = re.compile(r"\((\d+)(?: đơn vị)?\)$")


def is_vietnamese(text: str) -> bool:
    return any(ord(char) > 127 for char in text) and not ENGLISH.search(text)


def check_sheet(name, sheet, *, report, movement=None):
    """Every rule of issue 11 for one sheet; the problems found, as lines."""
    problems = []

    def problem(text):
        problems.append(f"{name} / {sheet.title}: {text}")

    if sheet.title in DEFAULT_TITLES or not is_vietnamese(sheet.title):
        problem(f"tên trang “{sheet.title}”")
    setup = sheet.page_setup
    if (setup.orientation, str(setup.paperSize)) != ("landscape", "9"):
        problem(f"in {setup.orientation} khổ {setup.paperSize}")
    if not (sheet.sheet_properties.pageSetUpPr.fitToPage and str(setup.fitToWidth) == "1"):
        problem("không vừa chiều ngang trang")
    row = header_index(sheet)
    if sheet.print_title_rows != f"${row}:${row}":
        problem(f"dòng tiêu đề in lặp lại {sheet.print_title_rows}, cần dòng {row}")
    if not (sheet.freeze_panes or "").endswith(str(row + 1)):
        problem(f"cố định {sheet.freeze_panes}, cần dưới dòng {row}")
    header = [cell for cell in sheet[row] if cell.value is not None]
    for cell in header:
        if not cell.font.bold:
            problem(f"tiêu đề cột “{cell.value}” không in đậm")
        if not is_vietnamese(str(cell.value)) and cell.value not in ("STT", "Số"):
            problem(f"tiêu đề cột “{cell.value}” không phải tiếng Việt")
        width = sheet.column_dimensions[cell.column_letter].width
        if not width or width < 6:
            problem(f"cột “{cell.value}” hẹp {width}")
    if report:
        if header[0].value != "STT":
            problem(f"cột đầu “{header[0].value}”, cần “STT”")
        titles = title_text(sheet)
        if current_coordinator().name not in titles:
            problem("dòng tên cơ quan thường trực thiếu")
        if movement is not None and (
            movement.title not in titles or str(movement.year) not in titles
        ):
            problem("dòng tên phong trào, năm thiếu")
    for cells in sheet.iter_rows(min_row=row + 1):
        for cell in cells:
            value = cell.value
            if isinstance(value, datetime | date):
                if not cell.number_format.startswith("dd/mm/yyyy"):
                    problem(f"ngày {cell.coordinate} hiện dạng {cell.number_format}")
            elif isinstance(value, str):
                if value in ("None", "True", "False"):
                    problem(f"giá trị thô “{value}” ở {cell.coordinate}")
                if report and DATE_TEXT.fullmatch(value):
                    problem(f"ngày ghi thành chữ “{value}” ở {cell.coordinate}")
                if report and NUMBER_TEXT.fullmatch(value):
                    problem(f"số ghi thành chữ “{value}” ở {cell.coordinate}")
                count = COUNT.search(value)
                if report and count and len(count[1]) < 2:
                    problem(f"số đếm “{value}” chưa đánh số dạng (01)")
            elif isinstance(value, int | float) and report and cell.number_format == "General":
                problem(f"số {cell.coordinate} không có định dạng số")
    return problems


def workbooks_on_the_walk(client, province):
    """Every Excel file a GET of the walk's pages answers, by URL."""
    found = {}
    for url in walk.get_urls(province):
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type") == XLSX:
            found[url] = response.content
    return found


def generic_exports(client):
    """The admin's “Xuất” page of every importable model, every column selected."""
    found = {}
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ExcelImportExportMixin):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
        form = client.get(url).context["form"]
        labels = [str(f.label) for f in form.fields.values() if not f.widget.is_hidden]
        assert not [label for label in labels if ENGLISH.search(label) or "(" in label], labels
        selected = {
            name: "on"
            for name, field in form.fields.items()
            if getattr(field, "is_selectable_field", False)
        }
        response = client.post(
            url, {"format": str(format_index(model, export=True)), "resource": "0", **selected}
        )
        assert response.get("Content-Type") == XLSX, url
        found[url] = response.content
    return found


def test_every_excel_export_reads_as_an_officer_prints_it(province):
    movement = province.movement
    reviewer = Client(raise_request_exception=False)
    reviewer.force_login(province.users["reviewer"])
    books = workbooks_on_the_walk(reviewer, province)
    # What the walk must have found: a missing one means its page broke.
    report_deadline = Deadline.objects.get(kind=DeadlineKind.REPORT)
    expected = {
        reverse("admin:movements_movement_tracker_excel", args=[movement.pk]),
        reverse("admin:initiatives_initiative_excel"),
        reverse("admin:awards_awardproposal_excel", args=[movement.pk]),
        reverse("admin:reports_report_consolidation_excel", args=[report_deadline.pk]),
    }
    assert expected <= set(books), sorted(books)
    books[reverse("scoring:ranking", args=[movement.pk]) + "?xuat=xlsx"] = reviewer.get(
        reverse("scoring:ranking", args=[movement.pk]), {"xuat": "xlsx"}
    ).content
    registrations = Registration.objects.filter(movement=movement)
    books["registrations: export_consolidated"] = reviewer.post(
        "/admin/registrations/registration/",
        {
            "action": "export_consolidated",
            "index": "0",
            "_selected_action": [str(r.pk) for r in registrations],
        },
    ).content
    generic = generic_exports(reviewer)
    assert len(generic) >= 3  # agencies, registrations, criteria

    # Agency accounts export what their pages offer.
    clerk = Client(raise_request_exception=False)
    clerk.force_login(province.users["clerk"])
    clerk_books = workbooks_on_the_walk(clerk, province)
    assert any("mau" in url or "template" in url for url in clerk_books), sorted(clerk_books)
    leader = Client(raise_request_exception=False)
    leader.force_login(province.users["leader"])
    ranking = leader.get(reverse("scoring:ranking", args=[movement.pk]), {"xuat": "xlsx"})
    assert ranking.get("Content-Type") == XLSX
    clerk_books["ranking (leader)"] = ranking.content

    problems, sheets = [], 0
    for name, content in {**books, **clerk_books}.items():
        for sheet in open_book(content).worksheets:
            sheets += 1
            # Report-style sheets have title rows; templates to fill have their header first.
            report = header_index(sheet) > 1
            per_movement = report and "so-theo-doi" not in name and "initiative" not in name
            problems += check_sheet(
                name, sheet, report=report, movement=movement if per_movement else None
            )
    for name, content in generic.items():
        for sheet in open_book(content).worksheets:
            sheets += 1
            problems += check_sheet(name, sheet, report=False)
    assert sheets >= 12
    assert not problems, "\n".join(problems)


def test_the_awardee_list_counts_its_sections_as_the_tờ_trình_does(province):
    client = Client()
    client.force_login(province.users["reviewer"])
    url = reverse("admin:awards_awardproposal_excel", args=[province.movement.pk])
    sheet = open_book(client.get(url).content).active
    sections = [
        row[1]
        for row in sheet.iter_rows(min_row=header_index(sheet) + 1, values_only=True)
        if row[0] in ("I", "II")
    ]
    assert sections and all(re.fullmatch(r"(TẬP THỂ|CÁ NHÂN) \(\d{2}\)", s) for s in sections)


def test_an_agency_account_gets_no_coordinator_export(province, department_kind):
    """The coordinator's workbooks hold every agency's data: an agency account is refused."""
    movement = province.movement
    clerk = UserFactory(role=Role.CLERK, agency=province.registrations[0].agency)
    client = Client()
    client.force_login(clerk)
    for url in (
        reverse("admin:movements_movement_tracker_excel", args=[movement.pk]),
        reverse("admin:initiatives_initiative_excel"),
        reverse("admin:awards_awardproposal_excel", args=[movement.pk]),
    ):
        response = client.get(url)
        assert response.get("Content-Type") != XLSX, url
    response = client.get(reverse("scoring:ranking", args=[movement.pk]), {"xuat": "xlsx"})
    assert response.status_code == 403
