"""Publication is the coordinator's decision: only recognised models still on the list, all or
none, the story drafted from the model's papers, the search column kept by every write."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from initiatives import services as initiatives
from initiatives.models import Initiative, Status
from showcase import services
from showcase.selectors import public_rows
from tests.factories import AgencyFactory, InitiativeFactory, RegistrationFactory

from .conftest import published, recognised

pytestmark = pytest.mark.django_db


def test_publishing_drafts_the_story_from_the_registration_and_folds_the_search_text(
    movement, agency_a, field, reviewer
):
    initiative = recognised(movement, agency_a, field, by=reviewer, name="Dân vận khéo Đoàn kết")
    services.publish([initiative], by=reviewer)
    initiative.refresh_from_db()
    assert initiative.published and initiative.published_at is not None
    assert initiative.public_story == "Tiếp nhận hồ sơ tại nhà, trả kết quả qua bưu điện."
    assert initiative.search_text == (
        "dan van kheo doan ket so tu phap kinh te tiep nhan ho so tai nha, tra ket qua qua buu dien."
    )
    assert initiative.history.first().history_change_reason == "Công bố trên trang công khai"


def test_the_coordinators_story_replaces_the_draft(movement, agency_a, field, reviewer):
    initiative = published(
        movement, agency_a, field, by=reviewer, name="Chợ văn minh", story="  Câu chuyện duyệt.  "
    )
    assert initiative.public_story == "Câu chuyện duyệt."
    services.edit_story(initiative, story="Bản sửa: Phường Bình Định", by=reviewer)
    initiative.refresh_from_db()
    assert "phuong binh dinh" in initiative.search_text


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REGISTERED, Status.REMOVED])
def test_only_recognised_models_can_be_published(status, agency_a, field, reviewer):
    initiative = InitiativeFactory(
        agency=agency_a, field=field, status=status, removed_reason="Không còn hiệu quả"
    )
    with pytest.raises(ValidationError, match="Chỉ công bố được mô hình đã được công nhận"):
        services.publish([initiative], by=reviewer, story="Câu chuyện")
    assert not Initiative.objects.get(pk=initiative.pk).published


def test_publication_is_all_or_none(movement, agency_a, field, reviewer):
    good = recognised(movement, agency_a, field, by=reviewer, name="Mô hình tốt")
    draft = InitiativeFactory(agency=agency_a, field=field)
    with pytest.raises(ValidationError, match="Không có thay đổi nào được lưu"):
        services.publish([good, draft], by=reviewer)
    assert not Initiative.objects.filter(published=True).exists()


def test_a_model_without_any_story_is_refused(agency_a, field, reviewer):
    bare = InitiativeFactory(agency=agency_a, field=field, status=Status.RECOGNISED)
    with pytest.raises(ValidationError, match="chưa có nội dung giới thiệu"):
        services.publish([bare], by=reviewer)
    assert not Initiative.objects.get(pk=bare.pk).published


def test_a_published_story_cannot_be_emptied(movement, agency_a, field, reviewer):
    initiative = published(movement, agency_a, field, by=reviewer, name="Mô hình A")
    with pytest.raises(ValidationError):
        services.edit_story(initiative, story="   ", by=reviewer)
    assert Initiative.objects.get(pk=initiative.pk).public_story


def test_a_removed_model_leaves_the_public_pages(movement, agency_a, field, reviewer):
    initiative = published(movement, agency_a, field, by=reviewer, name="Mô hình bị loại")
    assert list(public_rows()) == [initiative]
    initiatives.decide(
        [initiative],
        status=Status.REMOVED,
        by=reviewer,
        number="9/QĐ-UBND",
        decided_on=date(2026, 3, 1),
        note="Không còn hiệu quả",
    )
    assert list(public_rows()) == []
    with pytest.raises(ValidationError):
        services.publish([initiative], by=reviewer)


def test_unpublishing_keeps_the_story(movement, agency_a, field, reviewer):
    initiative = published(movement, agency_a, field, by=reviewer, name="Mô hình B")
    assert services.unpublish([initiative], by=reviewer) == [initiative]
    initiative.refresh_from_db()
    assert (initiative.published, initiative.published_at) == (False, None)
    assert initiative.public_story and initiative.search_text == ""


def test_a_merger_refreshes_the_search_text_of_a_published_model(
    movement, agency_a, field, reviewer
):
    initiative = published(movement, agency_a, field, by=reviewer, name="Mô hình C")
    ward = AgencyFactory(code="PBD", name="UBND phường Bình Định")
    initiatives.merge_agency(merged=agency_a, into=ward, by=reviewer)
    initiative.refresh_from_db()
    assert "ubnd phuong binh dinh" in initiative.search_text
    assert "so tu phap" not in initiative.search_text


def test_the_story_takes_the_achievement_report_of_a_sent_proposal(agency_a, leader_a, reviewer):
    from awards import services as awards
    from tests.awards.factories import award_movement, complete_proposal

    movement = award_movement()
    proposal = complete_proposal(movement, agency_a, leader_a, nominees=1)
    nominee = proposal.nominees.get()
    initiative = nominee.registration.initiative
    initiatives.decide(
        [initiative],
        status=Status.RECOGNISED,
        by=reviewer,
        number="1/QĐ",
        decided_on=date(2026, 1, 2),
        recognised_by="UBND tỉnh",
    )
    # A proposal still being prepared is the agency's own: its report stays out.
    assert "312 hồ sơ" not in services.drafted_story(initiative)
    awards.submit_proposal(proposal=proposal, by=leader_a)
    story = services.drafted_story(initiative)
    assert story.startswith("Tiếp nhận hồ sơ tại nhà, trả kết quả qua bưu điện.")
    assert "312 hồ sơ được tiếp nhận tại nhà, 100% đúng hạn." in story
    assert "Nguyễn Văn Minh" not in story and "1980" not in story
    # The same words in the report and the registration appear once.
    nominee.summary = nominee.registration.content
    nominee.save()
    assert services.drafted_story(initiative).count(nominee.summary) == 1


def test_an_unpublished_model_carries_no_search_text(movement, agency_a, field):
    registration = RegistrationFactory(movement=movement, agency=agency_a, field=field)
    assert registration.initiative.search_text == ""
