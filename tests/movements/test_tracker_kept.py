"""The tracker's grid kept between requests (portal/versions.py): whatever changes what a cell
shows — a row sent, an extension, an agency, a deadline's kinds, the clock passing a closing
moment — shows on the next page, and a kept grid reads only the page's agencies."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from movements.models import DeadlineKind
from registrations.models import State
from tests.factories import AgencyFactory, MovementFactory, RegistrationFactory, extend
from tests.movements.test_tracker import due, footer, page_rows, sent, tracker_url
from tests.movements.test_tracker_paging import count

pytestmark = pytest.mark.django_db


@pytest.fixture
def ahead(client, reviewer, department_kind, health_kind):
    """Registration closes at the end of tomorrow; a plan for the health sector in ten days."""
    movement = MovementFactory(award_closes_at=None)
    registration = due(movement, DeadlineKind.REGISTRATION, timezone.localdate() + timedelta(1))
    plan = due(movement, DeadlineKind.PLAN, timezone.localdate() + timedelta(10))
    agencies = [
        AgencyFactory(code=f"DV-{n}", name=f"Đơn vị {n}", kind=department_kind) for n in (1, 2, 3)
    ]
    client.force_login(reviewer)
    return movement, registration, plan, agencies


def cell(client, movement, name, column=0):
    return page_rows(client.get(tracker_url(movement)))[name][column]


def totals(client, movement, label, query=""):
    """A total row of the footer, and who the state filter keeps (both read from the grid)."""
    page = client.get(tracker_url(movement, query))
    return footer(page)[f"Tổng số: {label}"], sorted(page_rows(page))


def test_a_row_sent_after_the_grid_was_kept_shows_at_once(client, ahead):
    movement, _, _, agencies = ahead
    assert cell(client, movement, "Đơn vị 1") == "Chưa gửi, còn hạn"

    sent(movement, agencies[0], timezone.now())

    assert cell(client, movement, "Đơn vị 1").startswith("Đúng hạn (")
    assert totals(client, movement, "Đã gửi đúng hạn", "?trang-thai=on_time") == (
        [1, 0],
        ["Đơn vị 1"],
    )
    returned = sent(movement, agencies[1], timezone.now())
    assert cell(client, movement, "Đơn vị 2").startswith("Đúng hạn (")
    returned.state, returned.return_reason = State.RETURNED, "Bổ sung số liệu"
    returned.save(update_fields=["state", "return_reason"])
    assert cell(client, movement, "Đơn vị 2") == "Bị trả lại, chờ gửi lại"
    assert totals(client, movement, "Bị trả lại, chờ gửi lại", "?trang-thai=returned") == (
        [1, 0],
        ["Đơn vị 2"],
    )


def test_an_extension_a_new_agency_and_a_deadline_asking_other_kinds_show_at_once(
    client, ahead, reviewer, department_kind, health_kind
):
    movement, _, plan, agencies = ahead
    page = client.get(tracker_url(movement))
    before = count(page)

    extend(movement, DeadlineKind.REGISTRATION, agencies[2], plan.due_on, by=reviewer)
    AgencyFactory(code="DV-4", name="Đơn vị 4", kind=department_kind)
    plan.agency_kinds.set([health_kind])

    page = client.get(tracker_url(movement))
    rows = page_rows(page)
    assert rows["Đơn vị 3"][0].startswith("Gia hạn đến ")
    assert count(page) == before + 1 and "Đơn vị 4" in rows
    assert rows["Đơn vị 1"][1] == "Không yêu cầu"


def test_a_renamed_or_closed_agency_shows_at_once(client, ahead):
    movement, _, _, agencies = ahead
    page = client.get(tracker_url(movement))
    before = count(page)

    agencies[0].name = "Đơn vị đã đổi tên"
    agencies[0].save()
    agencies[1].active = False
    agencies[1].save()

    page = client.get(tracker_url(movement))
    rows = page_rows(page)
    assert "Đơn vị đã đổi tên" in rows and "Đơn vị 1" not in rows
    assert "Đơn vị 2" not in rows and count(page) == before - 1


def test_the_clock_passing_a_closing_moment_turns_pending_into_missing(client, ahead, monkeypatch):
    movement, registration, _, _ = ahead
    assert cell(client, movement, "Đơn vị 1") == "Chưa gửi, còn hạn"

    later = registration.closes_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert cell(client, movement, "Đơn vị 1") == "Chưa gửi, đã quá hạn"
    assert cell(client, movement, "Đơn vị 1", column=1) == "Chưa gửi, còn hạn"
    missing, kept = totals(client, movement, "Chưa gửi, đã quá hạn", "?trang-thai=missing")
    # The three units and the reviewer's own agency.
    assert missing[0] == len(kept) == 4


def test_a_kept_grid_reads_the_same_queries_at_three_times_the_agencies(
    client, ahead, department_kind
):
    movement, _, _, _ = ahead

    def queries():
        client.get(tracker_url(movement))  # keeps the grid (and the coordinator)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(tracker_url(movement))
        assert response.status_code == 200
        return len(captured)

    for n in range(100):
        AgencyFactory(code=f"A-{n:03d}", name=f"Cơ quan {n:03d}", kind=department_kind)
    small = queries()
    for n in range(200):
        AgencyFactory(code=f"B-{n:03d}", name=f"Cơ quan thêm {n:03d}", kind=department_kind)
    assert queries() == small


def test_without_a_shared_cache_every_request_reads_the_rows_again(client, ahead, settings):
    """A memory cache per gunicorn worker would miss other workers' writes: nothing is kept."""
    settings.KEEP_READINGS = False
    movement, _, _, agencies = ahead
    draft = RegistrationFactory(movement=movement, agency=agencies[0])
    assert totals(client, movement, "Đã gửi đúng hạn")[0] == [0, 0]

    # Sent past the signals, as another worker's write is unseen by this process's cache.
    type(draft).objects.filter(pk=draft.pk).update(
        state=State.SUBMITTED, submitted_at=timezone.now()
    )

    assert totals(client, movement, "Đã gửi đúng hạn")[0] == [1, 0]
