"""Nothing private leaks, page by page: an individual's model that was proposed, voted on,
scored, commended and returned once shows its name, position, story and commendation — never
the particulars of its achievement report, the votes, the meeting, the scores, the evidence,
the contact, a reviewer's reason or a review, and never another agency's unpublished model."""

from datetime import date

import pytest
from django.urls import reverse

from awards import services as awards
from initiatives import services as initiatives
from initiatives.models import Status
from registrations.models import Carrier
from showcase import services
from tests.awards.factories import LETTER, MEETING, PARTICULARS, award_movement, complete_proposal

from .conftest import published, recognised

pytestmark = pytest.mark.django_db

PRIVATE = [
    # The individual's particulars in the achievement report (section I).
    PARTICULARS["hometown"],
    PARTICULARS["residence"],
    PARTICULARS["qualification"],
    PARTICULARS["duties"],
    "12/05/1980",
    "1980",
    "Ngày sinh",
    "Quê quán",
    # The meeting, its votes and the letter.
    MEETING["meeting_chair"],
    MEETING["meeting_secretary"],
    MEETING["meeting_place"],
    LETTER["signer_name"],
    "phiếu",
    # The registration's contact and the agency's reasons, scores and evidence.
    "0912 000 000",
    "Chị Hà",
    "Bổ sung số liệu minh chứng",
    "điểm",
    "/media/",
    "minh chứng",
    # Models that are not public.
    "Mô hình còn nháp",
    "Mô hình chưa công bố",
    "Mô hình đã bị loại",
    # Who recorded what.
    "chuyenvien",
    "Nguyễn Văn An",
]


@pytest.fixture
def individual(agency_a, leader_a, reviewer):
    """An individual's model, in a proposal that was returned, resent and commended."""
    movement = award_movement()
    proposal = complete_proposal(movement, agency_a, leader_a, nominees=1)
    nominee = proposal.nominees.get()
    registration = nominee.registration
    registration.carrier = Carrier.INDIVIDUAL
    registration.person_name, registration.person_position = "Trần Thị Mai", "Phó Trưởng phòng"
    registration.person_workplace = "Phòng Phổ biến, giáo dục pháp luật"
    registration.save()
    initiative = registration.initiative
    initiative.carrier = Carrier.INDIVIDUAL
    initiative.save()
    awards.submit_proposal(proposal=proposal, by=leader_a)
    awards.return_proposals(proposals=[proposal], by=reviewer, reason="Bổ sung số liệu minh chứng")
    awards.submit_proposal(proposal=proposal, by=leader_a)
    awards.record_decision(
        movement=movement,
        award_kind=movement.award_settings.award_kind,
        number="3001/QĐ-UBND",
        decided_on=date(2026, 1, 20),
        signer="Chủ tịch UBND tỉnh",
        nominees=[nominee],
        by=reviewer,
    )
    initiatives.decide(
        [initiative],
        status=Status.RECOGNISED,
        by=reviewer,
        number="15/QĐ-UBND",
        decided_on=date(2026, 2, 1),
        recognised_by="UBND tỉnh Vĩnh Long",
    )
    services.publish([initiative], by=reviewer)
    return initiative


@pytest.fixture
def others(movement, agency_a, field, reviewer):
    """Beside it: a draft, a recognised model never published, one published then removed."""
    from tests.factories import RegistrationFactory

    RegistrationFactory(movement=movement, agency=agency_a, field=field, name="Mô hình còn nháp")
    recognised(movement, agency_a, field, by=reviewer, name="Mô hình chưa công bố")
    removed = published(movement, agency_a, field, by=reviewer, name="Mô hình đã bị loại")
    initiatives.decide(
        [removed],
        status=Status.REMOVED,
        by=reviewer,
        number="9/QĐ",
        decided_on=date(2026, 3, 1),
        note="Không còn hiệu quả",
    )


def public_pages(individual):
    return {
        "danh sách": reverse("showcase:list"),
        "tìm kiếm": reverse("showcase:list") + "?q=mo+hinh",
        "trang mô hình": reverse("showcase:detail", args=[individual.pk]),
        "trang đơn vị": reverse("showcase:agency", args=[individual.agency_id]),
        "CSV": reverse("showcase:csv"),
        "JSON": reverse("showcase:json"),
        "sơ đồ trang": "/sitemap.xml",
    }


def test_no_public_page_shows_anything_private(client, individual, others):
    for page, url in public_pages(individual).items():
        response = client.get(url)
        assert response.status_code == 200, page
        text = response.content.decode("utf-8-sig")
        leaked = [value for value in PRIVATE if value in text]
        assert leaked == [], f"{page} ({url}) để lộ: {leaked}"


def test_the_model_page_shows_name_position_story_and_commendation(client, individual):
    text = client.get(reverse("showcase:detail", args=[individual.pk])).text
    assert "Trần Thị Mai, Phó Trưởng phòng" in text
    assert "Phòng Phổ biến, giáo dục pháp luật" not in text
    assert "312 hồ sơ được tiếp nhận tại nhà, 100% đúng hạn." in text
    assert "Năm 2026: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in text
    assert "Quyết định số 3001/QĐ-UBND ngày 20/01/2026" in text


def test_the_commended_filter_finds_it(client, individual, others):
    response = client.get(reverse("showcase:list"), {"khen-thuong": "co"})
    assert [row.name for row in response.context["page"].object_list] == [individual.name]
