"""The coordinator's tracker (theo dõi, đôn đốc): agencies × a movement's deadlines, each cell's
state at its edges, filters, totals, links, the Excel file and who may open it."""

from datetime import date, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import AwardKind, AwardProposal, ProposalState
from movements.models import Deadline, DeadlineKind
from movements.tracker import TrackerState, movement_tracker
from registrations.models import State
from reports.models import Plan
from reports.models import State as ReportState
from tests.factories import AgencyFactory, MovementFactory, RegistrationFactory, UserFactory
from tests.movements.test_quota_page import tables
from tests.workbooks import header_index, headers, table, title_text

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*args):
    return datetime(*args, tzinfo=VN)


def due(movement, kind, day, *, counts=True, title=None, kinds=()):
    """A deadline as the plan words it: “chậm nhất là ngày …” (counts) or “trước ngày …”."""
    if kind in (DeadlineKind.REGISTRATION, DeadlineKind.AWARD):
        movement.deadlines.filter(kind=kind).delete()
    deadline = Deadline.objects.create(
        movement=movement,
        kind=kind,
        title=title or DeadlineKind(kind).label,
        due_on=day,
        due_day_counts=counts,
    )
    deadline.agency_kinds.set(kinds)
    return deadline


def sent(movement, agency, when, state=State.SUBMITTED):
    return RegistrationFactory(
        movement=movement,
        agency=agency,
        state=state,
        submitted_at=when,
        return_reason="Bổ sung số liệu" if state == State.RETURNED else "",
    )


def cells_by_code(tracker):
    return {row.agency.code: row.cells for row in tracker.rows}


@pytest.fixture
def province(department_kind, health_kind, agency_a, agency_b):
    made = {
        code: AgencyFactory(code=code, name=name, kind=department_kind)
        for code, name in [
            ("STC", "Sở Tài chính"),
            ("SCT", "Sở Công Thương"),
            ("SGT", "Sở Giao thông"),
            ("SVH", "Sở Văn hóa"),
        ]
    }
    made["SYT"] = AgencyFactory(code="SYT", name="Sở Y tế", kind=health_kind)
    return {"STP": agency_a, "SXD": agency_b, **made}


@pytest.fixture
def schedule(province, health_kind, reviewer):
    """Registration “chậm nhất là ngày 10/3/2026”; a plan only the health sector sends."""
    movement = MovementFactory(award_closes_at=None)
    registration = due(movement, DeadlineKind.REGISTRATION, date(2026, 3, 10))
    plan = due(movement, DeadlineKind.PLAN, date(2026, 3, 20), kinds=[health_kind])
    sent(movement, province["STP"], at(2026, 3, 10, 23, 59))
    sent(movement, province["SXD"], at(2026, 3, 11, 0, 0))
    sent(movement, province["SCT"], at(2026, 3, 13, 9, 30), state=State.ACCEPTED)
    sent(movement, province["SGT"], at(2026, 3, 9), state=State.RETURNED)
    RegistrationFactory(movement=movement, agency=province["SVH"])  # a draft is not sent
    from tests.factories import extend

    extend(movement, DeadlineKind.REGISTRATION, province["STC"], date(2026, 3, 15), by=reviewer)
    return movement, registration, plan


# ---------------------------------------------------------------------------- states at edges


def test_cells_at_their_edges(schedule, province):
    movement, registration, plan = schedule

    cells = cells_by_code(movement_tracker(movement=movement, now=at(2026, 3, 12, 8, 0)))

    # The last minute of the day the plan names is on time; midnight after it is late.
    assert cells["STP"][0].state == TrackerState.ON_TIME
    assert cells["STP"][0].text == "Đúng hạn (10/03/2026)"
    assert cells["SXD"][0].state == TrackerState.LATE
    assert cells["SXD"][0].text == "Trễ 1 phút (11/03/2026)"
    assert cells["SCT"][0].text == "Trễ 2 ngày 9 giờ (13/03/2026)"
    assert cells["STC"][0].state == TrackerState.EXTENDED
    assert cells["STC"][0].text == "Gia hạn đến 15/03/2026"
    assert cells["SGT"][0].state == TrackerState.RETURNED
    assert cells["SGT"][0].text == "Bị trả lại, chờ gửi lại"
    assert cells["SVH"][0].state == TrackerState.MISSING
    # The plan asks only the health sector; it still has time.
    assert cells["STP"][1].state == TrackerState.NOT_REQUIRED
    assert cells["STP"][1].text == "Không yêu cầu"
    assert cells["SYT"][1].state == TrackerState.PENDING
    assert cells["SYT"][1].text == "Chưa gửi, còn hạn"


def test_before_the_last_day_ends_nothing_is_missing(schedule):
    movement, _, _ = schedule

    cells = cells_by_code(movement_tracker(movement=movement, now=at(2026, 3, 10, 23, 59)))

    assert cells["SVH"][0].state == TrackerState.PENDING
    assert cells["STC"][0].state == TrackerState.EXTENDED
    later = cells_by_code(movement_tracker(movement=movement, now=at(2026, 3, 16, 0, 0)))
    assert later["SVH"][0].state == TrackerState.MISSING
    # Once its extension has run out too, the extended agency is missing like the others.
    assert later["STC"][0].state == TrackerState.MISSING


def test_sent_within_an_extension_is_on_time_and_says_so(schedule, province):
    movement, _, _ = schedule
    sent(movement, province["STC"], at(2026, 3, 15, 23, 59))

    cells = cells_by_code(movement_tracker(movement=movement, now=at(2026, 3, 16)))

    assert cells["STC"][0].state == TrackerState.ON_TIME
    assert cells["STC"][0].text == "Đúng hạn (15/03/2026, gia hạn đến 15/03/2026)"


def test_a_deadline_worded_before_a_day_closes_at_its_midnight(province):
    movement = MovementFactory(award_closes_at=None)
    due(movement, DeadlineKind.REGISTRATION, date(2026, 3, 10), counts=False)  # “trước ngày”
    sent(movement, province["STP"], at(2026, 3, 9, 23, 59))
    sent(movement, province["SXD"], at(2026, 3, 10, 0, 0))

    cells = cells_by_code(movement_tracker(movement=movement, now=at(2026, 3, 11)))

    assert cells["STP"][0].state == TrackerState.ON_TIME
    assert cells["SXD"][0].state == TrackerState.LATE


def test_a_returned_plan_is_read_with_the_plan_readers_own_query(schedule, province, clerk_a):
    movement, _, plan = schedule
    Plan.objects.create(
        deadline=plan,
        agency=province["SYT"],
        state=ReportState.RETURNED,
        return_reason="Thiếu nhiệm vụ quý II",
        submitted_at=at(2026, 3, 18),
        created_by=clerk_a,
    )

    cells = cells_by_code(movement_tracker(movement=movement, now=at(2026, 3, 19)))

    assert cells["SYT"][1].state == TrackerState.RETURNED


def test_a_kind_with_its_own_deadline_is_judged_by_it_alone(province, health_kind):
    movement = MovementFactory(award_closes_at=None)
    general = due(movement, DeadlineKind.REGISTRATION, date(2026, 3, 10))
    Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REGISTRATION,
        title="Đăng ký mô hình (ngành y tế)",
        due_on=date(2026, 3, 20),
    ).agency_kinds.set([health_kind])
    sent(movement, province["SYT"], at(2026, 3, 15))

    tracker = movement_tracker(movement=movement, now=at(2026, 3, 16))
    cells = cells_by_code(tracker)

    assert tracker.deadlines[0] == general
    assert cells["SYT"][0].state == TrackerState.NOT_REQUIRED
    assert cells["SYT"][1].state == TrackerState.ON_TIME
    assert cells["STP"][1].state == TrackerState.NOT_REQUIRED


# ---------------------------------------------------------------------------- the page


def tracker_url(movement, query=""):
    return reverse("admin:movements_movement_tracker", args=[movement.pk]) + query


def page_rows(response):
    return {row[1]: row[3:] for row in tables(response)["tracker"] if len(row) > 1}


def footer(response):
    """{total label: counts} from the page's tfoot."""
    page = response.content.decode()
    foot = page[page.index("<tfoot>") : page.index("</tfoot>")]
    rows = {}
    for chunk in foot.split("<tr")[1:]:
        label = chunk.split('<th colspan="3">')[1].split("</th>")[0]
        rows[label] = [int(td.split("</td>")[0]) for td in chunk.split("<td>")[1:]]
    return rows


@pytest.fixture
def past_schedule(province, health_kind, reviewer):
    """The same shapes, with the registration deadline already passed and the plan ahead."""
    today = timezone.localdate()
    movement = MovementFactory(award_closes_at=None)
    due(movement, DeadlineKind.REGISTRATION, today - timedelta(days=5))
    closes = timezone.make_aware(datetime.combine(today - timedelta(days=4), datetime.min.time()))
    due(movement, DeadlineKind.PLAN, today + timedelta(days=5), kinds=[health_kind])
    sent(movement, province["STP"], closes - timedelta(minutes=1))
    sent(movement, province["SXD"], closes + timedelta(days=2, hours=1))
    sent(movement, province["SGT"], closes - timedelta(days=1), state=State.RETURNED)
    return movement


def test_reviewer_sees_every_agency_against_every_deadline(client, reviewer, past_schedule):
    client.force_login(reviewer)

    response = client.get(tracker_url(past_schedule))

    assert response.status_code == 200
    rows = page_rows(response)
    assert rows["Sở Tư pháp"][0].startswith("Đúng hạn (")
    assert rows["Sở Xây dựng"][0].startswith("Trễ 2 ngày 1 giờ (")
    assert rows["Sở Giao thông"][0] == "Bị trả lại, chờ gửi lại"
    assert rows["Sở Văn hóa"] == ["Chưa gửi, đã quá hạn", "Không yêu cầu"]
    assert rows["Sở Y tế"] == ["Chưa gửi, đã quá hạn", "Chưa gửi, còn hạn"]
    totals = footer(response)
    # Eight agencies: the reviewer's own and the seven of the province.
    assert totals["Tổng số: Đã gửi đúng hạn"] == [1, 0]
    assert totals["Tổng số: Gửi trễ hạn"] == [1, 0]
    assert totals["Tổng số: Bị trả lại, chờ gửi lại"] == [1, 0]
    assert totals["Tổng số: Chưa gửi, đã quá hạn"] == [5, 0]
    assert totals["Tổng số: Chưa gửi, còn hạn"] == [0, 1]
    assert totals["Tổng số: Không yêu cầu"] == [0, 7]
    page = response.content.decode()
    assert "Sở Nội vụ" in page  # the coordinator's agency is one row like any other
    assert "chậm nhất là ngày" in page


def test_cells_link_to_what_the_agency_sent(client, reviewer, past_schedule, province):
    kind = AwardKind.objects.create(code="bk", name="Bằng khen")
    award = due(past_schedule, DeadlineKind.AWARD, timezone.localdate() + timedelta(days=30))
    proposal = AwardProposal.objects.create(
        movement=past_schedule,
        agency=province["STP"],
        award_kind=kind,
        state=ProposalState.SUBMITTED,
        submitted_at=award.closes_at - timedelta(days=1),
    )
    client.force_login(reviewer)

    page = client.get(tracker_url(past_schedule)).content.decode()

    registrations = reverse("admin:registrations_registration_changelist")
    own = f"?movement__id__exact={past_schedule.pk}&amp;agency__id__exact={province['STP'].pk}"
    assert f'<a href="{registrations}{own}">Đúng hạn (' in page
    proposal_url = reverse("admin:awards_awardproposal_change", args=[proposal.pk])
    assert f'<a href="{proposal_url}">Đúng hạn (' in page
    # Nothing sent, nothing to open: one proposal sent, one change page linked.
    table = page[page.index('<table id="tracker">') :]
    assert table.count('/change/">') == 1


def test_filters_by_agency_kind_and_by_state(client, reviewer, past_schedule, health_kind):
    client.force_login(reviewer)
    plan = past_schedule.deadlines.get(kind=DeadlineKind.PLAN)

    by_kind = page_rows(client.get(tracker_url(past_schedule, f"?loai={health_kind.pk}")))
    assert list(by_kind) == ["Sở Y tế"]

    late = page_rows(client.get(tracker_url(past_schedule, "?trang-thai=late")))
    assert list(late) == ["Sở Xây dựng"]

    pending_plan = client.get(tracker_url(past_schedule, f"?trang-thai=pending&han={plan.pk}"))
    assert list(page_rows(pending_plan)) == ["Sở Y tế"]
    assert footer(pending_plan)["Tổng số: Chưa gửi, còn hạn"] == [0, 1]

    # A malformed filter is ignored, not an error.
    response = client.get(tracker_url(past_schedule, "?loai=abc&trang-thai=x&han=1;drop"))
    assert response.status_code == 200
    assert len(page_rows(response)) == 8


def test_excel_has_the_cells_as_on_the_page_and_the_totals(client, reviewer, past_schedule):
    client.force_login(reviewer)

    response = client.get(
        reverse("admin:movements_movement_tracker_excel", args=[past_schedule.pk])
        + "?trang-thai=missing"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert past_schedule.title in title_text(sheet)
    assert headers(sheet)[:3] == ["STT", "Cơ quan, đơn vị", "Loại cơ quan"]
    assert headers(sheet)[3].startswith("Đăng ký mô hình (chậm nhất là ngày ")
    values = table(sheet)
    by_name = {row[1]: row for row in values if isinstance(row[0], int)}
    assert set(by_name) == {"Sở Nội vụ", "Sở Tài chính", "Sở Công Thương", "Sở Văn hóa", "Sở Y tế"}
    assert by_name["Sở Y tế"][3:] == ["Chưa gửi, đã quá hạn", "Chưa gửi, còn hạn"]
    totals = {row[1]: row[3:] for row in values if row[1] and row[1].startswith("Tổng số")}
    assert totals["Tổng số: Chưa gửi, đã quá hạn"] == [5, 0]
    assert totals["Tổng số: Chưa gửi, còn hạn"] == [0, 1]
    # Printed on A4 landscape, fitted to the width, the header on every page.
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    row = header_index(sheet)
    assert (sheet.print_title_rows, sheet.freeze_panes) == (f"${row}:${row}", f"D{row + 1}")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_agencies(client, reviewer, department_kind):
    movement = MovementFactory()
    due(movement, DeadlineKind.PLAN, date(2026, 3, 20))
    due(movement, DeadlineKind.REPORT, date(2026, 6, 15), title="Báo cáo 6 tháng")
    excel = reverse("admin:movements_movement_tracker_excel", args=[movement.pk])

    def add(count, prefix):
        for n in range(count):
            agency = AgencyFactory(
                code=f"{prefix}{n}", name=f"Sở {prefix}{n}", kind=department_kind
            )
            sent(movement, agency, timezone.now(), state=[State.SUBMITTED, State.RETURNED][n % 2])

    client.force_login(reviewer)
    add(3, "A")
    _queries(client, tracker_url(movement))  # warm caches (content types, permissions)
    add(1, "Z")  # the grid is computed again on the next page, then read from the cache
    few = [_queries(client, tracker_url(movement)) for _ in range(2)], _queries(client, excel)
    add(27, "B")
    many = [_queries(client, tracker_url(movement)) for _ in range(2)], _queries(client, excel)

    assert many == few
    assert few[0][1] < few[0][0]  # a kept grid reads no agency's rows


# ---------------------------------------------------------------------------- who may open it


def test_clerk_and_anonymous_are_sent_to_the_admin_login(client, clerk_a, past_schedule):
    for url in (
        tracker_url(past_schedule),
        reverse("admin:movements_movement_tracker_excel", args=[past_schedule.pk]),
    ):
        anonymous = client.get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/admin/login/")
    client.force_login(clerk_a)
    response = client.get(tracker_url(past_schedule))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_the_movement_permission_is_refused(client, past_schedule):
    client.force_login(UserFactory(username="nhan.vien", is_staff=True))

    assert client.get(tracker_url(past_schedule)).status_code == 403
    excel = reverse("admin:movements_movement_tracker_excel", args=[past_schedule.pk])
    assert client.get(excel).status_code == 403


def test_movement_list_and_change_page_link_to_the_tracker(client, reviewer, past_schedule):
    client.force_login(reviewer)

    listing = client.get(reverse("admin:movements_movement_changelist")).content.decode()
    change = client.get(
        reverse("admin:movements_movement_change", args=[past_schedule.pk])
    ).content.decode()

    assert tracker_url(past_schedule) in listing
    assert tracker_url(past_schedule) in change


def test_a_registration_returned_and_resent_after_the_close_still_counts_on_time(
    agency_a, leader_a, reviewer, field
):
    from movements.models import DeadlineKind
    from movements.selectors import deadline_standing
    from registrations import services as registrations
    from tests.factories import MovementFactory, QuotaRuleFactory, RegistrationFactory

    movement = MovementFactory()
    QuotaRuleFactory(movement=movement, agency_kind=None)
    draft = RegistrationFactory(
        movement=movement, agency=agency_a, created_by=leader_a, field=field
    )
    deadline = movement.deadlines.get(kind=DeadlineKind.REGISTRATION)
    sent = registrations.submit_registration(registration=draft, by=leader_a)
    registrations.return_registration(registration=sent, by=reviewer, reason="Bổ sung")
    registrations.submit_registration(
        registration=sent, by=leader_a, now=deadline.closes_at + timedelta(days=3)
    )
    (row,) = [r for r in deadline_standing(deadline=deadline) if r.agency == agency_a]
    assert row.standing == "on_time" and row.sent_at == sent.submitted_at


def test_the_page_escapes_what_agencies_are_named(client, reviewer, past_schedule, department_kind):
    AgencyFactory(code="XSS", name='Sở <b>"Mới"</b>', kind=department_kind)
    client.force_login(reviewer)

    page = client.get(tracker_url(past_schedule)).content.decode()

    assert "<td>Sở &lt;b&gt;&quot;Mới&quot;&lt;/b&gt;</td>" in page
    assert "<b>" not in page.split("<tbody>")[1]
