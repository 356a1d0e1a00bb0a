"""The quota page's counts and rows kept between requests (portal/versions.py): a registration
sent, drafted or withdrawn, a quota rule changed, an agency closed or renamed, an extension
show on the next page."""

from datetime import date

import pytest

from movements.models import DeadlineKind, QuotaRule
from registrations import services
from tests.factories import AgencyFactory, RegistrationFactory, extend
from tests.movements.test_quota_page import missing_rows, quota_rows, quota_url, submit_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, reviewer, movement):
    client.force_login(reviewer)
    return lambda: client.get(quota_url(movement))


def test_a_registration_sent_drafted_or_withdrawn_counts_on_the_next_page(
    page, movement, agency_a, clerk_a, field
):
    assert "Sở Tư pháp" in missing_rows(page())

    sent = submit_new(movement=movement, agency=agency_a, field=field, by=clerk_a)
    assert "Sở Tư pháp" not in missing_rows(page())
    assert quota_rows(page())["Sở Tư pháp"][:4] == ("1/2", "0/4", "0", "0")

    RegistrationFactory(movement=movement, agency=agency_a, field=field)
    assert quota_rows(page())["Sở Tư pháp"][3] == "1"

    services.withdraw_registration(registration=sent, by=clerk_a)
    assert quota_rows(page())["Sở Tư pháp"][:4] == ("0/2", "0/4", "0", "1")
    assert "Sở Tư pháp" in missing_rows(page())


def test_a_changed_rule_and_a_closed_agency_show_on_the_next_page(page, movement, agency_a):
    other = AgencyFactory(code="SXD2", name="Sở Xây dựng mới", kind=agency_a.kind)
    assert quota_rows(page())["Sở Tư pháp"][:2] == ("0/2", "0/4")

    rule = QuotaRule.objects.get(movement=movement, agency_kind=None)
    rule.max_collectives = 3
    rule.save()
    other.active = False
    other.save()

    rows = quota_rows(page())
    assert rows["Sở Tư pháp"][:2] == ("0/3", "0/4")
    assert "Sở Xây dựng mới" not in rows and "Sở Xây dựng mới" not in missing_rows(page())


def test_an_extension_and_a_renamed_superior_show_on_the_next_page(
    page, movement, agency_a, reviewer
):
    superior = AgencyFactory(code="UBND", name="UBND tỉnh", kind=agency_a.kind)
    agency_a.parent = superior
    agency_a.save()
    assert missing_rows(page())["Sở Tư pháp"][2] == "UBND tỉnh"

    extend(movement, DeadlineKind.REGISTRATION, agency_a, date(2099, 12, 31), by=reviewer)
    superior.name = "UBND tỉnh Vĩnh Long"
    superior.save()

    row = missing_rows(page())["Sở Tư pháp"]
    assert row[2] == "UBND tỉnh Vĩnh Long"
    assert row[3] == "23:59 ngày 31/12/2099 (được gia hạn)"
