"""History pages read as Vietnamese: state labels, local dd/mm/yyyy HH:MM, the acting person's
full name, never “None”; the award proposal's page lists its nominees' changes too."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.admin import SimpleHistoryAdmin

from awards import services as awards
from awards.models import AwardProposal, Nominee
from portal.admin_history import HistoryAdmin
from portal.models import Role
from portal.workflow import save_with_history
from registrations import services
from registrations.models import Registration
from scoring.models import ScoreEntry
from tests.awards.factories import ACHIEVEMENT, accepted, award_movement, complete_proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# 01:30 UTC is 08:30 in Asia/Ho_Chi_Minh (UTC+7).
KNOWN = datetime(2026, 3, 5, 1, 30, tzinfo=UTC)
KNOWN_LOCAL = "05/03/2026 08:30"
RAW_STATES = ("draft", "submitted", "returned", "resubmitted", "accepted", "decided")


def history_url(obj):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/"


def local(moment, minutes=0):
    """“dd/mm/yyyy HH:MM” of KNOWN plus some minutes, in Vietnam's time (UTC+7)."""
    return (moment + timedelta(hours=7, minutes=minutes)).strftime("%d/%m/%Y %H:%M")


def plain(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def table_text(response, table_id="change-history"):
    html = response.content.decode()
    match = re.search(rf'<table id="{table_id}".*?</table>', html, re.S)
    assert match, f"no #{table_id} table on the page"
    return plain(match.group(0))


def rows(response):
    """Each history entry's text, top (newest) first."""
    html = response.content.decode()
    return [plain(row) for row in re.findall(r'<tr class="history-entry">(.*?)</tr>', html, re.S)]


def assert_reads_as_vietnamese(text):
    assert "None" not in text
    for code in RAW_STATES:
        assert not re.search(rf"\b{code}\b", text), f"raw state code “{code}” shown"
    # No ISO or UTC stamps: every moment is dd/mm/yyyy HH:MM.
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "+00:00" not in text


def spread(records, start=KNOWN):
    """Give historical records known moments a minute apart, in the order they were written."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    for minute, record in enumerate(ordered):
        type(record).objects.filter(history_id=record.history_id).update(
            history_date=start + timedelta(minutes=minute)
        )
    return ordered


@pytest.fixture
def leader(agency_a):
    return UserFactory(
        username="lanhdao.stp", agency=agency_a, role=Role.LEADER, full_name="Trần Thị Bích"
    )


@pytest.fixture
def reviewer(reviewer):
    reviewer.full_name = "Lê Văn Cường"
    reviewer.save()
    return reviewer


@pytest.fixture
def returned_and_resent(draft_a, leader, reviewer):
    """draft → submitted → returned (with a reason) → resubmitted."""
    services.submit_registration(registration=draft_a, by=leader)
    services.return_registration(
        registration=draft_a, by=reviewer, reason="Bổ sung số liệu kết quả dự kiến."
    )
    services.submit_registration(registration=draft_a, by=leader)
    spread(draft_a.history.all())
    return draft_a


# ---------------------------------------------------------------- registrations


def test_registration_history_shows_state_labels_local_time_and_full_names(
    client, reviewer, returned_and_resent
):
    client.force_login(reviewer)
    response = client.get(history_url(returned_and_resent))

    assert response.status_code == 200
    text = table_text(response)
    assert_reads_as_vietnamese(text)
    newest, returned, sent, created = rows(response)
    assert newest.startswith("05/03/2026 08:33 Trần Thị Bích Thay đổi Gửi lại")
    assert "Trạng thái: Bị trả lại → Đã gửi lại" in newest
    assert returned.startswith("05/03/2026 08:32 Lê Văn Cường Thay đổi Trả lại")
    assert "Trạng thái: Đã gửi → Bị trả lại" in returned
    assert "Lý do trả lại: (trống) → Bổ sung số liệu kết quả dự kiến." in returned
    assert "Người xử lý: (trống) → Lê Văn Cường" in returned
    assert "Trạng thái: Bản nháp → Đã gửi" in sent
    assert "Người gửi: (trống) → Trần Thị Bích" in sent
    # Made by the test factory, with nobody signed in.
    assert created == f"{KNOWN_LOCAL} Hệ thống Tạo mới — —"


def test_registration_history_costs_the_same_queries_however_long(
    client, reviewer, leader, returned_and_resent
):
    client.force_login(reviewer)
    url = history_url(returned_and_resent)
    client.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        services.return_registration(
            registration=returned_and_resent, by=reviewer, reason=f"Lần trả lại thứ {n + 2}"
        )
        services.submit_registration(registration=returned_and_resent, by=leader)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(rows(response)) == 16
    assert len(many) <= len(few)


def test_clerk_cannot_open_the_admin_history(client, clerk_a, returned_and_resent):
    client.force_login(clerk_a)
    response = client.get(history_url(returned_and_resent))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_clerk_page_lists_the_registration_history_in_vietnamese(
    client, clerk_a, returned_and_resent
):
    client.force_login(clerk_a)
    response = client.get(f"/mo-hinh/{returned_and_resent.pk}/")

    html = response.content.decode()
    section = plain(re.search(r'<ul class="history">(.*)</ul>\s*</section>', html, re.S).group(1))
    assert_reads_as_vietnamese(section)
    assert section.startswith("05/03/2026 08:33 — Trần Thị Bích: Gửi lại (Đã gửi lại)")
    assert "05/03/2026 08:32 — Lê Văn Cường: Trả lại (Bị trả lại)" in section
    assert "Trạng thái: Đã gửi → Bị trả lại" in section
    assert f"{KNOWN_LOCAL} — Hệ thống: Tạo mới (Bản nháp)" in section


# ---------------------------------------------------------------- award proposals


@pytest.fixture
def proposal_with_nominee_changes(agency_a, leader, reviewer):
    """Sent, returned, then a nominee added, its votes set, and removed again."""
    movement = award_movement()
    proposal = complete_proposal(movement, agency_a, leader, nominees=1)
    awards.submit_proposal(proposal=proposal, by=leader)
    awards.return_proposals(proposals=[proposal], by=reviewer, reason="Thiếu biên bản họp.")
    registration = accepted(
        movement,
        agency_a,
        leader,
        name="Tổ tư vấn pháp luật lưu động",
        carrier="individual",
        person_name="Nguyễn Văn An",
        collective_name="",
    )
    nominee = awards.add_nominee(proposal=proposal, registration=registration, by=leader)
    awards.update_nominee(nominee=nominee, by=leader, votes_in_favour=7)
    awards.update_nominee(nominee=nominee, by=leader, **ACHIEVEMENT)
    awards.remove_nominee(nominee=nominee, by=leader)
    spread(
        [
            *AwardProposal.history.filter(id=proposal.pk),
            *Nominee.history.filter(proposal_id=proposal.pk),
        ]
    )
    return proposal


def test_proposal_history_merges_nominee_changes_in_time_order(
    client, reviewer, proposal_with_nominee_changes
):
    proposal = proposal_with_nominee_changes
    client.force_login(reviewer)
    response = client.get(history_url(proposal))

    assert response.status_code == 200
    assert_reads_as_vietnamese(table_text(response))
    entries = rows(response)
    removed, report, votes, added, returned, sent = entries[:6]
    last = len(entries) - 1  # spread() gave the n-th write of all KNOWN + n minutes
    assert removed.startswith(
        f"{local(KNOWN, last)} Trần Thị Bích Xoá: Tập thể, cá nhân được đề nghị "
        "“Tổ tư vấn pháp luật lưu động” "
        "Bỏ khỏi danh sách đề nghị: Nguyễn Văn An – Tổ tư vấn pháp luật lưu động"
    )
    assert "Cập nhật báo cáo thành tích: Nguyễn Văn An" in report
    assert "Những việc đã làm: (trống) → Lập tổ công tác, lịch trực hằng tuần." in report
    assert "Cập nhật số phiếu đồng ý: Nguyễn Văn An" in votes
    assert "Số phiếu đồng ý: (trống) → 7" in votes
    assert "Thêm vào danh sách đề nghị: Nguyễn Văn An – Tổ tư vấn pháp luật lưu động" in added
    assert returned.startswith(f"{local(KNOWN, last - 4)} Lê Văn Cường Thay đổi Trả lại")
    assert "Trạng thái: Đã gửi → Bị trả lại" in returned
    assert "Trạng thái: Đang chuẩn bị → Đã gửi" in sent
    assert entries[-1] == f"{KNOWN_LOCAL} Trần Thị Bích Tạo mới Bắt đầu lập đề nghị —"
    # The first nominee's entries sit among the proposal's, where their moments fall.
    first_added = next(i for i, e in enumerate(entries) if "Mô hình tiêu biểu số 1" in e)
    assert 0 < first_added < len(entries) - 1


def test_proposal_history_costs_the_same_queries_however_many_nominee_changes(
    client, reviewer, leader, agency_a
):
    movement = award_movement(max_nominees=10)
    proposal = complete_proposal(movement, agency_a, leader, nominees=1)
    client.force_login(reviewer)
    url = history_url(proposal)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        registration = accepted(movement, agency_a, leader, name=f"Mô hình bổ sung {n}")
        nominee = awards.add_nominee(proposal=proposal, registration=registration, by=leader)
        awards.update_nominee(nominee=nominee, by=leader, votes_in_favour=6)
        if n % 2:
            awards.remove_nominee(nominee=nominee, by=leader)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(rows(response)) >= 18
    assert len(many) <= len(few)


def test_clerk_cannot_open_the_proposal_history(client, clerk_a, proposal_with_nominee_changes):
    client.force_login(clerk_a)
    response = client.get(history_url(proposal_with_nominee_changes))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


# ---------------------------------------------------------------- every history page


def test_every_admin_with_history_shows_it_the_portal_way():
    plain_ones = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(model_admin, HistoryAdmin)
    ]
    assert plain_ones == []


def test_agency_and_movement_history_show_labels_not_values(client, agency_a, movement, reviewer):
    agency_a.name = "Sở Tư pháp tỉnh"
    save_with_history(agency_a, by=reviewer, reason="Đổi tên theo quyết định")
    movement.status = "closed"
    save_with_history(movement, by=reviewer)
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))

    agency_page = client.get(history_url(agency_a))
    movement_page = client.get(history_url(movement))

    agency_text = table_text(agency_page)
    assert_reads_as_vietnamese(agency_text)
    assert "Lê Văn Cường Thay đổi Đổi tên theo quyết định" in agency_text
    assert "Tên cơ quan, đơn vị: Sở Tư pháp → Sở Tư pháp tỉnh" in agency_text
    movement_text = table_text(movement_page)
    assert_reads_as_vietnamese(movement_text)
    assert "Lê Văn Cường Thay đổi — Trạng thái: Đang triển khai → Đã kết thúc" in movement_text


def test_appraisal_page_lists_entry_history_with_local_time_and_full_name(
    client, agency_a, leader, reviewer
):
    movement = award_movement()
    card = complete_proposal(movement, agency_a, leader, nominees=1).movement.scorecards.get()
    ScoreEntry.history.filter(scorecard_id=card.pk).update(history_date=KNOWN)
    client.force_login(reviewer)

    response = client.get(f"/admin/scoring/scorecard/{card.pk}/tham-dinh/")

    text = table_text(response, "entry-history")
    assert "None" not in text
    assert f"{KNOWN_LOCAL} Trần Thị Bích 1.1 4 —" in text


def test_nominee_history_records_who_and_why(agency_a, leader):
    movement = award_movement()
    proposal = awards.start_proposal(movement=movement, agency=agency_a, by=leader)
    registration = accepted(
        movement, agency_a, leader, name="Một cửa tại nhà", collective_name="Tổ Một cửa"
    )
    nominee = awards.add_nominee(proposal=proposal, registration=registration, by=leader)
    awards.update_nominee(nominee=nominee, by=leader, votes_in_favour=5, results="312 hồ sơ")
    awards.remove_nominee(nominee=nominee, by=leader)

    records = Nominee.history.filter(id=nominee.pk).order_by("history_date", "history_id")
    assert [(r.history_type, r.history_user, r.history_change_reason) for r in records] == [
        ("+", leader, f"Thêm vào danh sách đề nghị: {registration.carrier_name} – {registration}"),
        (
            "~",
            leader,
            "Cập nhật số phiếu đồng ý và báo cáo thành tích: "
            f"{registration.carrier_name} – {registration}",
        ),
        ("-", leader, f"Bỏ khỏi danh sách đề nghị: {registration.carrier_name} – {registration}"),
    ]


def test_a_long_reason_is_cut_to_what_the_history_column_holds(draft_a, leader):
    save_with_history(draft_a, by=leader, reason="Lý do rất dài " * 20)

    reason = Registration.history.filter(id=draft_a.pk).latest("history_date").history_change_reason
    assert len(reason) == 100
    assert reason.endswith("…")
