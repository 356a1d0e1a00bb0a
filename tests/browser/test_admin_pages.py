"""Admin pages whose markup comes from django-import-export and simple-history, under the CSP
(the ``login`` fixture fails the test on any violation)."""

import pytest
from playwright.sync_api import expect

from portal.models import Agency
from tests.factories import AgencyFactory
from tests.portal.test_agency_import import HEADERS, workbook_bytes

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.django_db(transaction=True)
def test_reviewer_exports_imports_and_reads_history_of_agencies(login, reviewer):
    agency = AgencyFactory(code="STP", name="Sở Tư pháp (cũ)")
    desk = login(reviewer.username, admin=True)

    # Export: "select all" unticks every column (its handler moved to js/admin-export.js).
    desk.goto("/admin/portal/agency/export/")
    columns = desk.locator(".selectable-field-export-row input[type=checkbox]")
    expect(columns.first).to_be_checked()
    desk.locator("#select-all-toggle").uncheck()
    for index in range(columns.count()):
        expect(columns.nth(index)).not_to_be_checked()

    # Import: the preview marks the changed name.
    desk.goto("/admin/portal/agency/import/")
    row = ("STP", "Sở Tư pháp", "STP", agency.kind.code, "", "Có")
    desk.locator("#id_import_file").set_input_files(
        files=[{"name": "co-quan.xlsx", "mimeType": XLSX, "buffer": workbook_bytes([row], HEADERS)}]
    )
    desk.locator("input[type=submit]").click()
    expect(desk.locator("table.import-preview ins").first).to_be_visible()
    desk.locator("input[name=confirm]").click()
    expect(desk.locator(".messagelist")).to_be_visible()
    assert Agency.objects.get(code="STP").name == "Sở Tư pháp"

    # History: simple-history's list of versions.
    desk.goto(f"/admin/portal/agency/{agency.pk}/history/")
    expect(desk.locator("#change-history")).to_contain_text("Sở Tư pháp")
