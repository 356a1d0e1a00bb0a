"""The registration rules, through the one door every caller uses."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from initiatives.services import merge_agency
from movements.models import DeadlineKind, MovementStatus
from registrations import services
from registrations.models import Carrier, Registration, State
from tests.factories import (
    AgencyFactory,
    AgencyKindFactory,
    MovementFactory,
    QuotaRuleFactory,
    RegistrationFactory,
    complete_content,
    deadline_on,
    extend,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def submitted(movement, agency, by, carrier=Carrier.COLLECTIVE, **kwargs):
    registration = RegistrationFactory(
        movement=movement, agency=agency, created_by=by, carrier=carrier, **kwargs
    )
    if carrier == Carrier.INDIVIDUAL:
        registration.collective_name = ""
        registration.person_name = "Nguyễn Thị Hà"
        registration.person_position = "Chuyên viên"
        registration.person_workplace = agency.name
        registration.save()
    return services.submit_registration(registration=registration, by=by)


def test_default_rule_allows_two_collectives_and_refuses_a_third(movement, agency_a, leader_a):
    submitted(movement, agency_a, leader_a)
    submitted(movement, agency_a, leader_a)
    third = RegistrationFactory(movement=movement, agency=agency_a, created_by=leader_a)

    with pytest.raises(ValidationError, match="đã đăng ký 2/2 mô hình tập thể"):
        services.submit_registration(registration=third, by=leader_a)

    third.refresh_from_db()
    assert third.state == State.DRAFT
    assert Registration.objects.filter(state=State.SUBMITTED).count() == 2


def test_individual_quota_is_counted_apart_from_collectives(movement, agency_a, leader_a):
    for _ in range(4):
        submitted(movement, agency_a, leader_a, carrier=Carrier.INDIVIDUAL)
    submitted(movement, agency_a, leader_a)  # a collective still fits

    extra = RegistrationFactory(
        movement=movement,
        agency=agency_a,
        created_by=leader_a,
        carrier=Carrier.INDIVIDUAL,
        collective_name="",
        person_name="Lê Văn Bình",
        person_position="Chuyên viên",
        person_workplace="Sở Tư pháp",
    )
    with pytest.raises(ValidationError, match="4/4 mô hình cá nhân"):
        services.submit_registration(registration=extra, by=leader_a)


def test_kind_specific_rule_gives_the_health_sector_five_collectives(
    movement, health_kind, leader_a
):
    health = AgencyFactory(code="SYT", name="Sở Y tế", kind=health_kind)
    for _ in range(5):
        submitted(movement, health, leader_a)
    sixth = RegistrationFactory(movement=movement, agency=health, created_by=leader_a)
    with pytest.raises(ValidationError, match="5/5"):
        services.submit_registration(registration=sixth, by=leader_a)


def test_a_kind_without_its_own_rule_falls_back_to_the_default(movement, leader_a):
    party = AgencyFactory(kind=AgencyKindFactory(code="dang-doan-the", name="Đoàn thể"))
    submitted(movement, party, leader_a)
    submitted(movement, party, leader_a)
    with pytest.raises(ValidationError, match="2/2"):
        services.submit_registration(
            registration=RegistrationFactory(movement=movement, agency=party, created_by=leader_a),
            by=leader_a,
        )


def test_a_movement_without_any_rule_refuses_with_a_clear_message(agency_a, leader_a):
    bare = MovementFactory()
    draft = RegistrationFactory(movement=bare, agency=agency_a, created_by=leader_a)
    with pytest.raises(ValidationError, match="chưa có chỉ tiêu"):
        services.submit_registration(registration=draft, by=leader_a)


def test_drafts_and_withdrawn_registrations_do_not_use_quota(movement, agency_a, leader_a):
    RegistrationFactory.create_batch(3, movement=movement, agency=agency_a, created_by=leader_a)
    first = submitted(movement, agency_a, leader_a)
    services.withdraw_registration(registration=first, by=leader_a)
    submitted(movement, agency_a, leader_a)
    submitted(movement, agency_a, leader_a)

    assert Registration.objects.filter(state=State.SUBMITTED).count() == 2
    assert Registration.objects.get(pk=first.pk).state == State.WITHDRAWN


def test_returned_registrations_keep_their_slot(movement, agency_a, leader_a, reviewer):
    one = submitted(movement, agency_a, leader_a)
    submitted(movement, agency_a, leader_a)
    services.return_registration(registration=one, by=reviewer, reason="Bổ sung số liệu")
    with pytest.raises(ValidationError, match="2/2"):
        services.submit_registration(
            registration=RegistrationFactory(
                movement=movement, agency=agency_a, created_by=leader_a
            ),
            by=leader_a,
        )


def test_creating_a_draft_is_refused_once_the_carrier_quota_is_full(
    movement, agency_a, leader_a, field
):
    submitted(movement, agency_a, leader_a)
    submitted(movement, agency_a, leader_a)
    with pytest.raises(ValidationError, match="đã đủ chỉ tiêu"):
        services.create_registration(
            movement=movement,
            agency=agency_a,
            by=leader_a,
            carrier=Carrier.COLLECTIVE,
            name="Mô hình thứ ba",
            collective_name="Văn phòng Sở",
            field=field,
        )


def test_district_quota_pools_its_communes(movement, leader_a):
    """Seed 000: a district's 05/10 includes its divisions and commune People's Committees."""
    district_kind = AgencyKindFactory(code="ubnd-huyen", name="UBND cấp huyện")
    commune_kind = AgencyKindFactory(code="ubnd-xa", name="UBND cấp xã")
    QuotaRuleFactory(
        movement=movement,
        agency_kind=district_kind,
        max_collectives=2,
        max_individuals=2,
        pools_subordinates=True,
    )
    district = AgencyFactory(kind=district_kind, name="UBND huyện Long Hồ")
    commune_1 = AgencyFactory(kind=commune_kind, parent=district)
    commune_2 = AgencyFactory(kind=commune_kind, parent=district)
    submitted(movement, district, leader_a)
    submitted(movement, commune_1, leader_a)

    with pytest.raises(ValidationError, match="chỉ tiêu chung của UBND huyện Long Hồ"):
        services.submit_registration(
            registration=RegistrationFactory(
                movement=movement, agency=commune_2, created_by=leader_a
            ),
            by=leader_a,
        )


def test_submission_on_the_last_day_is_on_time_and_the_next_day_is_late(agency_a, leader_a):
    """Seed 000: “chậm nhất là ngày 15/4/2025” — the whole 15th counts, the 16th does not."""
    movement = MovementFactory(
        registration_opens_at=datetime(2025, 4, 2, tzinfo=VN),
        registration_closes_at=datetime(2025, 4, 16, tzinfo=VN),
    )
    QuotaRuleFactory(movement=movement)
    on_time = RegistrationFactory(movement=movement, agency=agency_a, created_by=leader_a)
    late = RegistrationFactory(movement=movement, agency=agency_a, created_by=leader_a)

    services.submit_registration(
        registration=on_time, by=leader_a, now=datetime(2025, 4, 15, 23, 59, 59, tzinfo=VN)
    )
    with pytest.raises(
        ValidationError, match=r"hết hạn đăng ký mô hình \(hạn cuối 23:59 ngày 15/04/2025\)"
    ):
        services.submit_registration(
            registration=late, by=leader_a, now=datetime(2025, 4, 16, 0, 0, tzinfo=VN)
        )
    assert Registration.objects.get(pk=on_time.pk).state == State.SUBMITTED
    assert Registration.objects.get(pk=late.pk).state == State.DRAFT


def test_an_extension_lets_one_agency_submit_after_the_close(
    agency_a, agency_b, leader_a, reviewer
):
    movement = MovementFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    QuotaRuleFactory(movement=movement)
    extend(
        movement,
        DeadlineKind.REGISTRATION,
        agency_a,
        timezone.localdate() + timedelta(days=3),
        by=reviewer,
    )
    allowed = RegistrationFactory(movement=movement, agency=agency_a, created_by=leader_a)
    refused = RegistrationFactory(movement=movement, agency=agency_b, created_by=leader_a)

    services.submit_registration(registration=allowed, by=leader_a)
    with pytest.raises(ValidationError, match="hết hạn"):
        services.submit_registration(registration=refused, by=leader_a)
    assert Registration.objects.get(pk=allowed.pk).state == State.SUBMITTED


def test_an_award_extension_does_not_extend_registration(agency_a, leader_a, reviewer):
    movement = MovementFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    QuotaRuleFactory(movement=movement)
    extend(
        movement,
        DeadlineKind.AWARD,
        agency_a,
        timezone.localdate() + timedelta(days=70),
        by=reviewer,
    )
    draft = RegistrationFactory(movement=movement, agency=agency_a, created_by=leader_a)
    with pytest.raises(ValidationError, match="hết hạn"):
        services.submit_registration(registration=draft, by=leader_a)


def test_a_movement_not_yet_open_or_closed_refuses(agency_a, leader_a):
    early = MovementFactory(registration_opens_at=timezone.now() + timedelta(days=1))
    QuotaRuleFactory(movement=early)
    with pytest.raises(ValidationError, match="Chưa đến thời gian đăng ký mô hình"):
        services.submit_registration(
            registration=RegistrationFactory(movement=early, agency=agency_a, created_by=leader_a),
            by=leader_a,
        )
    closed = MovementFactory(status=MovementStatus.CLOSED)
    QuotaRuleFactory(movement=closed)
    with pytest.raises(ValidationError, match="không nhận đăng ký"):
        services.submit_registration(
            registration=RegistrationFactory(movement=closed, agency=agency_a, created_by=leader_a),
            by=leader_a,
        )


def test_a_returned_registration_may_be_resent_after_the_close(
    movement, agency_a, leader_a, reviewer
):
    sent = submitted(movement, agency_a, leader_a)
    services.return_registration(registration=sent, by=reviewer, reason="Ghi rõ số liệu")
    deadline_on(movement, DeadlineKind.REGISTRATION, timezone.now() - timedelta(minutes=1))

    services.submit_registration(registration=sent, by=leader_a)
    assert Registration.objects.get(pk=sent.pk).state == State.RESUBMITTED


def test_an_incomplete_draft_cannot_be_submitted_and_the_message_lists_what_is_missing(
    movement, agency_a, leader_a
):
    draft = RegistrationFactory(
        movement=movement, agency=agency_a, created_by=leader_a, goals="", starts_on=None
    )
    with pytest.raises(ValidationError) as error:
        services.submit_registration(registration=draft, by=leader_a)
    assert "Mục tiêu" in error.value.messages[0]
    assert "Thời gian bắt đầu" in error.value.messages[0]
    assert Registration.objects.get(pk=draft.pk).state == State.DRAFT


def test_state_transitions_follow_the_life_of_a_registration(
    movement, agency_a, leader_a, reviewer
):
    registration = submitted(movement, agency_a, leader_a)
    assert registration.state == State.SUBMITTED
    assert registration.submitted_by == leader_a

    services.return_registration(registration=registration, by=reviewer, reason="Bổ sung")
    registration.refresh_from_db()
    assert (registration.state, registration.return_reason) == (State.RETURNED, "Bổ sung")

    services.update_registration(registration=registration, by=leader_a, goals="Mục tiêu mới")
    services.submit_registration(registration=registration, by=leader_a)
    assert registration.state == State.RESUBMITTED

    services.accept_registration(registration=registration, by=reviewer)
    registration.refresh_from_db()
    assert registration.state == State.ACCEPTED
    assert registration.reviewed_by == reviewer

    with pytest.raises(ValidationError):
        services.withdraw_registration(registration=registration, by=leader_a)
    with pytest.raises(ValidationError):
        services.update_registration(registration=registration, by=leader_a, goals="Sửa")
    with pytest.raises(ValidationError):
        services.submit_registration(registration=registration, by=leader_a)


def test_withdrawn_and_drafts_cannot_be_reviewed(draft_a, reviewer):
    with pytest.raises(ValidationError, match="chờ duyệt"):
        services.accept_registration(registration=draft_a, by=reviewer)
    assert Registration.objects.get(pk=draft_a.pk).state == State.DRAFT


def test_returning_requires_a_reason(movement, agency_a, leader_a, reviewer):
    sent = submitted(movement, agency_a, leader_a)
    with pytest.raises(ValidationError, match="lý do"):
        services.return_registration(registration=sent, by=reviewer, reason="   ")
    assert Registration.objects.get(pk=sent.pk).state == State.SUBMITTED


def test_bulk_review_is_all_or_nothing(movement, agency_a, leader_a, reviewer, draft_b):
    sent = submitted(movement, agency_a, leader_a)
    with pytest.raises(ValidationError, match="Không có thay đổi nào"):
        services.accept_registrations(registrations=[sent, draft_b], by=reviewer)
    assert Registration.objects.get(pk=sent.pk).state == State.SUBMITTED


def test_only_drafts_can_be_deleted(movement, agency_a, leader_a, draft_a):
    sent = submitted(movement, agency_a, leader_a)
    with pytest.raises(ValidationError, match="Chỉ xoá được bản nháp"):
        services.delete_registration(registration=sent, by=leader_a)
    services.delete_registration(registration=draft_a, by=leader_a)
    assert not Registration.objects.filter(pk=draft_a.pk).exists()


def test_a_duplicate_name_in_the_same_movement_is_refused(movement, agency_a, leader_a, field):
    services.create_registration(
        movement=movement,
        agency=agency_a,
        by=leader_a,
        carrier=Carrier.COLLECTIVE,
        name="Một cửa thân thiện",
        collective_name="Văn phòng",
        field=field,
    )
    with pytest.raises(ValidationError, match="cùng tên"):
        services.create_registration(
            movement=movement,
            agency=agency_a,
            by=leader_a,
            carrier=Carrier.COLLECTIVE,
            name="MỘT CỬA THÂN THIỆN",
            collective_name="Văn phòng",
            field=field,
        )
    assert Registration.objects.count() == 1


def test_a_merged_agency_cannot_register_and_its_models_carry_over(
    movement, agency_a, leader_a, field, department_kind
):
    """Seed 001: units merged in 2025 hand their models to the successor."""
    last_year = MovementFactory(year=2025)
    QuotaRuleFactory(movement=last_year)
    old_unit = AgencyFactory(kind=department_kind, name="Xã Nhơn Khánh")
    old_model = submitted(last_year, old_unit, leader_a)
    assert merge_agency(merged=old_unit, into=agency_a, by=leader_a) == 1
    old_unit.refresh_from_db()

    with pytest.raises(ValidationError, match="đã sáp nhập vào Sở Tư pháp"):
        services.create_registration(
            movement=movement,
            agency=old_unit,
            by=leader_a,
            carrier=Carrier.COLLECTIVE,
            name="Mô hình mới",
            collective_name="UBND xã",
            field=field,
        )
    carried = services.create_registration(
        movement=movement,
        agency=agency_a,
        by=leader_a,
        carrier=Carrier.COLLECTIVE,
        name="Tổ hòa giải tiếp tục hoạt động",
        collective_name="Tổ hòa giải",
        field=field,
        initiative=old_model.initiative,
        **complete_content(),
    )
    assert carried.initiative == old_model.initiative
    assert carried.initiative.agency == agency_a


def test_a_model_cannot_continue_another_agencys_model(
    movement, agency_a, agency_b, leader_a, field
):
    last_year = MovementFactory(year=2025)
    QuotaRuleFactory(movement=last_year)
    theirs = submitted(last_year, agency_b, leader_a)
    with pytest.raises(ValidationError):
        services.create_registration(
            movement=movement,
            agency=agency_a,
            by=leader_a,
            carrier=Carrier.COLLECTIVE,
            name="Mô hình tiếp nối",
            collective_name="Văn phòng",
            field=field,
            initiative=theirs.initiative,
        )


def test_every_change_is_kept_in_history_with_who(movement, agency_a, leader_a, reviewer):
    registration = submitted(movement, agency_a, leader_a)
    services.return_registration(registration=registration, by=reviewer, reason="Bổ sung")
    states = list(registration.history.order_by("history_date").values_list("state", flat=True))
    assert states == [State.DRAFT, State.SUBMITTED, State.RETURNED]


def test_history_records_who_acted_even_outside_a_request(movement, agency_a, leader_a, reviewer):
    registration = submitted(movement, agency_a, leader_a)
    services.accept_registration(registration=registration, by=reviewer)
    records = registration.history.order_by("history_date")
    assert [(r.history_user, r.history_change_reason) for r in records][1:] == [
        (leader_a, "Gửi đăng ký"),
        (reviewer, "Chấp thuận"),
    ]


def test_an_edit_from_a_stale_page_cannot_undo_a_submission(draft_a, leader_a, clerk_a):
    stale = Registration.objects.get(pk=draft_a.pk)  # the clerk's edit page, opened earlier
    services.submit_registration(registration=draft_a, by=leader_a)
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.update_registration(registration=stale, by=clerk_a, goals="Sửa muộn")
    current = Registration.objects.get(pk=draft_a.pk)
    assert current.state == State.SUBMITTED
    assert current.goals != "Sửa muộn"


def test_a_delete_from_a_stale_page_cannot_remove_a_submission(draft_a, leader_a, clerk_a):
    stale = Registration.objects.get(pk=draft_a.pk)
    services.submit_registration(registration=draft_a, by=leader_a)
    with pytest.raises(ValidationError, match="Chỉ xoá được bản nháp"):
        services.delete_registration(registration=stale, by=clerk_a)
    assert Registration.objects.filter(pk=draft_a.pk, state=State.SUBMITTED).exists()


def test_deleting_a_draft_records_who_in_history(draft_a, clerk_a):
    services.delete_registration(registration=draft_a, by=clerk_a)
    deleted = Registration.history.filter(id=draft_a.pk, history_type="-").get()
    assert deleted.history_user == clerk_a


def test_switching_a_draft_to_a_full_carrier_is_refused(movement, agency_a, leader_a):
    for _ in range(4):
        submitted(movement, agency_a, leader_a, carrier=Carrier.INDIVIDUAL)
    draft = RegistrationFactory(movement=movement, agency=agency_a, created_by=leader_a)
    with pytest.raises(ValidationError, match="4/4 mô hình cá nhân"):
        services.update_registration(
            registration=draft,
            by=leader_a,
            carrier=Carrier.INDIVIDUAL,
            person_name="Lê Văn Cường",
            person_position="Chuyên viên",
            person_workplace="Sở Tư pháp",
        )
    assert Registration.objects.get(pk=draft.pk).carrier == Carrier.COLLECTIVE


def test_pasted_control_characters_are_dropped_from_text(movement, agency_a, leader_a, field):
    registration = services.create_registration(
        movement=movement,
        agency=agency_a,
        by=leader_a,
        carrier=Carrier.COLLECTIVE,
        name="Một cửa\x0b thân thiện\x00",
        collective_name="Văn phòng",
        field=field,
        goals="Dòng một\ndòng hai\x07",
    )
    registration.refresh_from_db()
    assert registration.name == "Một cửa thân thiện"
    assert registration.goals == "Dòng một\ndòng hai"


def test_a_returned_registration_cannot_be_resent_once_the_movement_has_ended(
    movement, agency_a, leader_a, reviewer
):
    sent = submitted(movement, agency_a, leader_a)
    services.return_registration(registration=sent, by=reviewer, reason="Bổ sung")
    movement.status = MovementStatus.CLOSED
    movement.save()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.submit_registration(registration=sent, by=leader_a)
