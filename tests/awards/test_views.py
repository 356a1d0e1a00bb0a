"""The agency's proposal pages and downloads: allowed and denied paths for every role."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from awards import services
from awards.models import AwardProposal, Nominee, ProposalState
from movements.models import DeadlineKind
from registrations.models import Carrier
from tests.factories import UserFactory, extend

from .factories import ACHIEVEMENT, accepted, award_movement, complete_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement():
    return award_movement()


VN = ZoneInfo("Asia/Ho_Chi_Minh")


def page(movement):
    return reverse("awards:proposal", args=[movement.pk])


def test_clerk_builds_the_proposal_and_the_missing_list_shrinks(
    client, clerk_a, movement, agency_a, leader_a
):
    registration = accepted(movement, agency_a, leader_a, name="Một cửa thân thiện")
    client.force_login(clerk_a)
    text = client.get(page(movement)).content.decode()
    assert "Chưa chọn mô hình nào để đề nghị" in text
    before = text.count("<li>")

    client.post(
        reverse("awards:nominee_add", args=[movement.pk]), {"registration": registration.pk}
    )
    nominee = Nominee.objects.get()
    assert nominee.proposal.agency == agency_a
    client.post(
        page(movement),
        {
            "section": "meeting",
            "meeting-meeting_date": "05/12/2025",
            "meeting-meeting_place": "Phòng họp",
            "meeting-meeting_chair": "Nguyễn Văn Minh",
            "meeting-meeting_secretary": "Trần Thị Lan",
            "meeting-members_total": "9",
            "meeting-members_present": "8",
        },
    )
    client.post(
        reverse("awards:nominee", args=[movement.pk, nominee.pk]),
        {"votes_in_favour": "7", **ACHIEVEMENT},
    )
    nominee.refresh_from_db()
    assert nominee.votes_in_favour == 7
    text = client.get(page(movement)).content.decode()
    assert "Chưa chọn mô hình nào" not in text
    assert "7/9" in text and "Đạt" in text
    assert text.count("<li>") < before


def test_a_bad_meeting_form_shows_vietnamese_errors_and_saves_nothing(
    client, clerk_a, movement, agency_a
):
    client.force_login(clerk_a)
    response = client.post(
        page(movement),
        {
            "section": "meeting",
            "meeting-meeting_date": "32/12/2025",
            "meeting-members_total": "5",
            "meeting-members_present": "6",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in text or "ngày hợp lệ" in text
    # A refused first save starts nothing, and every posted value is shown again.
    assert not AwardProposal.objects.exists()
    assert 'value="32/12/2025"' in text and 'value="6"' in text


def test_only_the_leader_submits(client, clerk_a, leader_a, movement, agency_a):
    complete_proposal(movement, agency_a, leader_a)
    submit = reverse("awards:submit", args=[movement.pk])
    client.force_login(clerk_a)
    assert client.post(submit).status_code == 403
    client.force_login(leader_a)
    response = client.post(submit, follow=True)
    assert "Đã gửi đề nghị khen thưởng" in response.content.decode()
    assert AwardProposal.objects.get().state == ProposalState.SUBMITTED


def test_submission_refused_lists_what_is_missing(client, leader_a, movement):
    client.force_login(leader_a)
    response = client.post(reverse("awards:submit", args=[movement.pk]), follow=True)
    assert "Còn thiếu: " in response.content.decode()
    assert not AwardProposal.objects.exists()


def test_another_agencys_nominee_and_proposal_are_out_of_reach(
    client, clerk_a, clerk_b, leader_a, movement, agency_a
):
    proposal = complete_proposal(movement, agency_a, leader_a)
    nominee = proposal.nominees.first()
    client.force_login(clerk_b)
    assert client.get(reverse("awards:nominee", args=[movement.pk, nominee.pk])).status_code == 404
    assert (
        client.post(reverse("awards:nominee_remove", args=[movement.pk, nominee.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("awards:achievement", args=[movement.pk, nominee.pk])).status_code == 404
    )
    text = client.get(page(movement)).content.decode()
    assert "Mô hình tiêu biểu số 1" not in text
    assert Nominee.objects.filter(pk=nominee.pk).exists()
    # Another agency's accepted model cannot be slipped into this agency's proposal.
    theirs = accepted(movement, agency_a, leader_a)
    client.post(reverse("awards:nominee_add", args=[movement.pk]), {"registration": theirs.pk})
    assert not Nominee.objects.filter(registration=theirs).exists()


def test_dossier_and_documents_download_for_clerk_and_leader_only(
    client, clerk_a, leader_a, clerk_b, movement, agency_a
):
    proposal = complete_proposal(movement, agency_a, leader_a)
    nominee = proposal.nominees.first()
    urls = [
        reverse("awards:dossier", args=[movement.pk]),
        reverse("awards:document", args=[movement.pk, "to-trinh"]),
        reverse("awards:document", args=[movement.pk, "bien-ban"]),
        reverse("awards:achievement", args=[movement.pk, nominee.pk]),
    ]
    for user in (clerk_a, leader_a):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.content.startswith(b"%PDF")
    client.force_login(clerk_b)
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302, url
    no_role = UserFactory(agency=agency_a)
    client.force_login(no_role)
    assert client.get(urls[0]).status_code == 403
    client.force_login(leader_a)
    assert client.get(reverse("awards:document", args=[movement.pk, "khong-co"])).status_code == 404


def test_after_submission_the_page_is_read_only(client, clerk_a, leader_a, movement, agency_a):
    proposal = complete_proposal(movement, agency_a, leader_a)
    services.submit_proposal(proposal=proposal, by=leader_a)
    client.force_login(clerk_a)
    client.post(page(movement), {"section": "report", "report-report_results": "Sửa lén"})
    assert AwardProposal.objects.get().report_results != "Sửa lén"
    text = client.get(page(movement)).content.decode()
    assert "Gửi đề nghị đến Sở Nội vụ" not in text


def test_a_movement_without_awards_is_404(client, clerk_a):
    client.force_login(clerk_a)
    movement = award_movement(award_kind=None)
    assert client.get(page(movement)).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_proposal_page_query_count_is_constant(
    client, clerk_a, leader_a, agency_a, count, django_assert_max_num_queries
):
    movement = award_movement(max_nominees=5)
    complete_proposal(movement, agency_a, leader_a, nominees=count)
    client.force_login(clerk_a)
    with django_assert_max_num_queries(21):  # one for the sample-set check (scoring.rules)
        response = client.get(page(movement))
    assert response.content.decode().count('id="nominee-') == count


def test_commended_registrations_show_it(client, clerk_a, leader_a, reviewer, movement, agency_a):
    from datetime import date

    proposal = complete_proposal(movement, agency_a, leader_a)
    services.submit_proposal(proposal=proposal, by=leader_a)
    nominee = proposal.nominees.first()
    services.record_decision(
        movement=movement,
        award_kind=movement.award_settings.award_kind,
        number="3001/QĐ-UBND",
        decided_on=date(2026, 1, 20),
        signer="",
        nominees=[nominee],
        by=reviewer,
    )
    client.force_login(clerk_a)
    listing = client.get(reverse("registrations:list")).content.decode()
    assert listing.count("Được khen thưởng") == 1
    detail = client.get(reverse("registrations:detail", args=[nominee.registration_id]))
    assert "Quyết định số 3001/QĐ-UBND ngày 20/01/2026" in detail.content.decode()


def test_the_dossier_is_kept_as_submitted_and_dropped_when_returned(
    client, leader_a, reviewer, movement, agency_a, django_capture_on_commit_callbacks
):
    proposal = complete_proposal(movement, agency_a, leader_a)
    assert not proposal.dossier
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(proposal=proposal, by=leader_a)
    proposal.refresh_from_db()
    assert proposal.dossier.name.endswith(".pdf")
    stored = proposal.dossier.open("rb").read()
    client.force_login(leader_a)
    served = client.get(reverse("awards:dossier", args=[movement.pk])).content
    assert served == stored and stored.startswith(b"%PDF")

    with django_capture_on_commit_callbacks(execute=True):
        services.return_proposals(proposals=[proposal], by=reviewer, reason="Bổ sung")
    proposal.refresh_from_db()
    assert not proposal.dossier
    live = client.get(reverse("awards:dossier", args=[movement.pk])).content
    assert live.startswith(b"%PDF")


def test_a_reviewer_visiting_agency_pages_makes_no_proposal(client, reviewer, movement):
    client.force_login(reviewer)
    assert client.get(page(movement)).status_code == 403
    assert not AwardProposal.objects.exists()


def test_opening_the_page_starts_nothing_and_shows_the_empty_proposal(client, clerk_a, movement):
    client.force_login(clerk_a)
    for _ in range(2):
        response = client.get(page(movement))
        assert response.status_code == 200
    text = response.content.decode()
    assert 'id="state">Chưa lập<' in text
    assert "Chưa chọn mô hình nào để đề nghị" in text
    for section in ("meeting", "letter", "report"):
        assert f'name="section" value="{section}"' in text
    assert 'id="not-started"' in text and "ho-so.pdf" not in text
    assert 'id="award-deadline"' in text  # the agency's own deadline, extension included
    assert not AwardProposal.objects.exists()


def test_the_first_section_save_starts_the_proposal_with_who_and_why(
    client, clerk_a, movement, agency_a
):
    client.force_login(clerk_a)
    response = client.post(
        page(movement), {"section": "report", "report-report_results": "Có kết quả"}
    )
    assert response.status_code == 302
    proposal = AwardProposal.objects.get()
    assert (proposal.agency, proposal.report_results) == (agency_a, "Có kết quả")
    first = proposal.history.earliest("history_date")
    assert (first.history_user, first.history_change_reason) == (clerk_a, "Bắt đầu lập đề nghị")
    assert 'id="state">Đang chuẩn bị<' in client.get(page(movement)).content.decode()


def test_adding_the_first_nominee_starts_the_proposal(
    client, clerk_a, leader_a, movement, agency_a
):
    registration = accepted(movement, agency_a, leader_a)
    client.force_login(clerk_a)
    client.post(
        reverse("awards:nominee_add", args=[movement.pk]), {"registration": registration.pk}
    )
    assert Nominee.objects.get().proposal == AwardProposal.objects.get(agency=agency_a)


def test_nominee_and_document_urls_without_a_proposal_are_404_and_start_nothing(
    client, clerk_b, leader_a, reviewer, movement, agency_a
):
    nominee = complete_proposal(movement, agency_a, leader_a).nominees.first()
    urls = [
        reverse("awards:nominee", args=[movement.pk, nominee.pk]),
        reverse("awards:achievement", args=[movement.pk, nominee.pk]),
        reverse("awards:dossier", args=[movement.pk]),
        reverse("awards:document", args=[movement.pk, "to-trinh"]),
    ]
    # Sở Nội vụ's reviewer belongs to an agency too, one without a proposal.
    for user in (reviewer, clerk_b):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(urls[0], {"votes_in_favour": "3"}).status_code in (403, 404)
        assert client.post(
            reverse("awards:nominee_remove", args=[movement.pk, nominee.pk])
        ).status_code in (403, 404)
    assert list(AwardProposal.objects.values_list("agency", flat=True)) == [agency_a.pk]
    assert Nominee.objects.filter(pk=nominee.pk).exists()


def test_read_only_dates_are_dd_mm_yyyy(client, clerk_a, leader_a, movement, agency_a):
    proposal = complete_proposal(movement, agency_a, leader_a)
    services.submit_proposal(proposal=proposal, by=leader_a)
    client.force_login(clerk_a)
    text = client.get(page(movement)).content.decode()
    assert "05/12/2025" in text and "2025-12-05" not in text


# Sections save on their own, in place with htmx


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_htmx_save_answers_with_its_section_and_what_it_changes(client, clerk_a, movement):
    client.force_login(clerk_a)
    response = client.post(
        page(movement),
        {
            "section": "meeting",
            "meeting-meeting_place": "Phòng họp",
            "meeting-members_total": "9",
            "meeting-members_present": "8",
        },
        **HTMX,
    )
    assert response.status_code == 200 and response["X-Proposal-Section"] == "meeting"
    text = response.content.decode()
    assert re.search(r"Đã lưu lúc \d\d:\d\d", text)
    assert 'id="meeting"' in text and 'id="letter"' not in text  # no other section is redrawn
    assert 'id="state" hx-swap-oob="true">Đang chuẩn bị<' in text  # the first save started it
    for box in ("completeness", "documents", "nominees"):
        assert f'id="{box}" hx-swap-oob="true"' in text
    assert "cần ít nhất 5 phiếu" in text
    assert "Biên bản họp: địa điểm họp" not in text  # the completeness list is fresh
    assert AwardProposal.objects.get().members_total == 9


def test_an_htmx_save_refused_keeps_the_sections_text_and_says_why(
    client, clerk_a, movement, agency_a
):
    client.force_login(clerk_a)
    posted = {
        "section": "letter",
        "letter-letter_number": "05/TTr",
        "letter-letter_symbol": "TTr-STP",
        "letter-signer_name": "Lê Thị Hồng",
    }
    response = client.post(page(movement), posted, **HTMX)
    text = response.content.decode()
    assert response.status_code == 200 and response["X-Proposal-Section"] == "letter"
    assert "Số tờ trình chỉ ghi số" in text
    assert "Chưa lưu được, vui lòng sửa các ô được đánh dấu." in text
    for value in ("05/TTr", "TTr-STP", "Lê Thị Hồng"):
        assert f'value="{value}"' in text
    assert 'data-unsaved="1"' in text and "Đã lưu lúc" not in text
    assert not AwardProposal.objects.exists()


def test_without_javascript_a_refused_save_shows_every_posted_value_again(
    client, clerk_a, leader_a, movement, agency_a
):
    complete_proposal(movement, agency_a, leader_a)
    client.force_login(clerk_a)
    posted = {
        "section": "meeting",
        "meeting-meeting_date": "06/12/2025",
        "meeting-meeting_place": "Hội trường tầng 3",
        "meeting-meeting_chair": "Nguyễn Văn Minh",
        "meeting-meeting_secretary": "Trần Thị Lan",
        "meeting-members_total": "6",  # fewer than the 7 votes already entered
        "meeting-members_present": "6",
    }
    response = client.post(page(movement), posted)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Số thành viên hoặc số phiếu hợp lệ mới ít hơn số phiếu đồng ý" in text
    for value in ("06/12/2025", "Hội trường tầng 3", "Nguyễn Văn Minh", "Trần Thị Lan"):
        assert f'value="{value}"' in text
    assert AwardProposal.objects.get().members_total == 9
    # The rest of the page shows what is stored, not the refused values.
    assert "7/9" in text


def test_the_proposal_pages_load_their_guard_script_and_no_inline_script(
    client, clerk_a, leader_a, movement, agency_a
):
    nominee = complete_proposal(movement, agency_a, leader_a).nominees.first()
    client.force_login(clerk_a)
    for url in (page(movement), reverse("awards:nominee", args=[movement.pk, nominee.pk])):
        text = client.get(url).content.decode()
        assert '<script src="/static/js/proposal.js" defer></script>' in text
        assert 'data-guard="' in text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), url
        assert not re.search(r"\son[a-z]+=", text), url


def test_the_page_and_the_list_show_the_agencys_own_award_deadline(
    client, clerk_a, clerk_b, agency_a, reviewer
):
    movement = award_movement(award_closes_at=datetime(2025, 12, 15, tzinfo=VN))
    extend(movement, DeadlineKind.AWARD, agency_a, date(2025, 12, 20), by=reviewer)

    client.force_login(clerk_a)
    own = client.get(page(movement)).content.decode()
    listed = client.get(reverse("awards:list")).content.decode()
    assert (
        "Hạn gửi hồ sơ: chậm nhất là ngày 20/12/2025 — hạn cuối "
        "<strong>23:59 ngày 20/12/2025</strong> (đơn vị được gia hạn)"
    ) in own
    assert "Chậm nhất là ngày 20/12/2025 (đơn vị được gia hạn)" in listed

    client.force_login(clerk_b)
    other = client.get(page(movement)).content.decode()
    assert "Hạn gửi hồ sơ: trước ngày 15/12/2025 — hạn cuối <strong>23:59 ngày 14/12/2025" in other


# The achievement report asks each carrier for what its form needs


def test_each_carrier_is_asked_for_its_own_section_one(
    client, clerk_a, leader_a, movement, agency_a
):
    proposal = complete_proposal(movement, agency_a, leader_a, nominees=1)
    collective = proposal.nominees.get()
    person = accepted(
        movement, agency_a, leader_a, carrier=Carrier.INDIVIDUAL, person_name="Đỗ Thị Mai"
    )
    individual = services.add_nominee(proposal=proposal, registration=person, by=clerk_a)
    client.force_login(clerk_a)
    form = client.get(reverse("awards:nominee", args=[movement.pk, individual.pk])).content
    assert "Ngày sinh" in form.decode() and "Đặc điểm, tình hình" not in form.decode()
    form = client.get(reverse("awards:nominee", args=[movement.pk, collective.pk])).content
    assert "Đặc điểm, tình hình" in form.decode() and "Ngày sinh" not in form.decode()
    # The list says the individual's report is not complete, and what it lacks.
    text = client.get(page(movement)).content.decode()
    assert text.count("Đã đủ") == 1
    assert "Còn thiếu: ngày sinh, giới tính, quê quán" in text
    # A post of the particulars with a bad line of earlier commendations saves nothing.
    url = reverse("awards:nominee", args=[movement.pk, individual.pk])
    fields = {
        "votes_in_favour": "7",
        "birth_date": "12/05/1980",
        "gender": "nu",
        "hometown": "Xã Phú Quới, tỉnh Vĩnh Long",
        "residence": "Phường Long Châu, tỉnh Vĩnh Long",
        "qualification": "Cử nhân Luật",
        "duties": "Phụ trách hộ tịch.",
        **ACHIEVEMENT,
        "earlier_awards": "2024 Giấy khen",
    }
    response = client.post(url, fields)
    assert response.status_code == 200
    assert "cần đủ 3 phần" in response.content.decode()
    assert Nominee.objects.get(pk=individual.pk).birth_date is None
    fields["earlier_awards"] = "2024; Giấy khen của Giám đốc Sở; Quyết định số 9/QĐ-STP"
    assert client.post(url, fields).status_code == 302
    saved = Nominee.objects.get(pk=individual.pk)
    assert (saved.birth_date, saved.get_gender_display()) == (date(1980, 5, 12), "Nữ")
    assert client.get(page(movement)).content.decode().count("Đã đủ") == 2


def test_another_agencys_clerk_cannot_open_a_nominee_form(
    client, clerk_b, leader_a, movement, agency_a
):
    proposal = complete_proposal(movement, agency_a, leader_a, nominees=1)
    client.force_login(clerk_b)
    url = reverse("awards:nominee", args=[movement.pk, proposal.nominees.get().pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"birth_date": "01/01/1990"}).status_code == 404
