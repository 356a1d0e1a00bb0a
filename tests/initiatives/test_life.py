"""A model's life: started by a registration, registered when sent, decided on by the
coordinator, handed over on a merger, replicated; every change allowed and refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from initiatives import services
from initiatives.models import EventKind, Initiative, Replication, Status
from registrations import services as registrations
from registrations.models import Carrier, Registration
from tests.factories import (
    AgencyFactory,
    InitiativeFactory,
    MovementFactory,
    QuotaRuleFactory,
    complete_content,
)

DECIDED = date(2026, 6, 1)


def register_new(movement, agency, by, field, name="Dân vận khéo trong cải cách hành chính"):
    registration = registrations.create_registration(
        movement=movement,
        agency=agency,
        by=by,
        carrier=Carrier.COLLECTIVE,
        name=name,
        collective_name="Văn phòng",
        field=field,
        **complete_content(),
    )
    return registrations.submit_registration(registration=registration, by=by)


def decide(initiatives, status, by, **extra):
    fields = {"number": "15/QĐ-SNV", "decided_on": DECIDED, **extra}
    if status == Status.RECOGNISED:
        fields.setdefault("recognised_by", "Ban Thường vụ Đảng ủy phường")
    if status in (Status.STRENGTHENED, Status.REMOVED):
        fields.setdefault("note", "Bổ sung thành viên tổ tự quản; không còn hiệu quả")
    return services.decide(initiatives, status=status, by=by, **fields)


def test_a_new_registration_starts_a_draft_model_registered_when_sent(
    movement, agency_a, leader_a, field
):
    draft = registrations.create_registration(
        movement=movement,
        agency=agency_a,
        by=leader_a,
        carrier=Carrier.COLLECTIVE,
        name="Chợ văn minh",
        collective_name="Ban quản lý chợ",
        field=field,
        **complete_content(),
    )
    assert draft.initiative.status == Status.DRAFT
    assert draft.initiative.name == "Chợ văn minh"
    registrations.update_registration(registration=draft, by=leader_a, name="Chợ văn minh, an toàn")
    draft.initiative.refresh_from_db()
    assert draft.initiative.name == "Chợ văn minh, an toàn"

    sent = registrations.submit_registration(registration=draft, by=leader_a)
    initiative = Initiative.objects.get(pk=sent.initiative_id)
    assert (initiative.status, initiative.start_year) == (Status.REGISTERED, movement.year)
    assert list(initiative.events.values_list("kind", "year")) == [
        (EventKind.REGISTERED, movement.year)
    ]


def test_deleting_a_draft_leaves_no_model_behind(movement, agency_a, leader_a, field):
    draft = registrations.create_registration(
        movement=movement,
        agency=agency_a,
        by=leader_a,
        carrier=Carrier.COLLECTIVE,
        name="Mô hình thử",
        collective_name="Văn phòng",
        field=field,
    )
    registrations.delete_registration(registration=draft, by=leader_a)
    assert not Initiative.objects.exists()


def test_next_years_registration_continues_the_model(movement, agency_a, leader_a, field):
    first = register_new(movement, agency_a, leader_a, field)
    next_year = MovementFactory(year=movement.year + 1)
    QuotaRuleFactory(movement=next_year)
    again = registrations.create_registration(
        movement=next_year,
        agency=agency_a,
        by=leader_a,
        carrier=Carrier.COLLECTIVE,
        name="Dân vận khéo trong cải cách hành chính (năm thứ hai)",
        collective_name="Văn phòng",
        field=field,
        initiative=first.initiative,
    )
    assert again.initiative == first.initiative
    assert Initiative.objects.count() == 1
    # One registration per model per movement.
    with pytest.raises(ValidationError, match="đã được đăng ký trong phong trào này"):
        registrations.create_registration(
            movement=next_year,
            agency=agency_a,
            by=leader_a,
            carrier=Carrier.COLLECTIVE,
            name="Tên khác",
            collective_name="Văn phòng",
            field=field,
            initiative=first.initiative,
        )


def test_a_removed_or_foreign_model_cannot_be_continued(
    movement, agency_a, agency_b, leader_a, reviewer, field
):
    first = register_new(movement, agency_a, leader_a, field)
    decide([first.initiative], Status.RECOGNISED, reviewer)
    decide([first.initiative], Status.REMOVED, reviewer)
    theirs = InitiativeFactory(agency=agency_b, status=Status.RECOGNISED, field=field)
    next_year = MovementFactory(year=movement.year + 1)
    QuotaRuleFactory(movement=next_year)
    for initiative, message in [
        (first.initiative, "Đã đưa ra khỏi danh sách"),
        (theirs, "do chính đơn vị đang quản lý"),
    ]:
        with pytest.raises(ValidationError, match=message):
            registrations.create_registration(
                movement=next_year,
                agency=agency_a,
                by=leader_a,
                carrier=Carrier.COLLECTIVE,
                name="Tiếp nối",
                collective_name="Văn phòng",
                field=field,
                initiative=initiative,
            )
    assert Registration.objects.filter(movement=next_year).count() == 0


# Every decision, from every status: allowed where the table says, refused elsewhere.
ALLOWED = {
    Status.RECOGNISED: {Status.REGISTERED},
    Status.KEPT: {Status.RECOGNISED, Status.KEPT, Status.STRENGTHENED},
    Status.STRENGTHENED: {Status.RECOGNISED, Status.KEPT, Status.STRENGTHENED},
    Status.REMOVED: {Status.REGISTERED, Status.RECOGNISED, Status.KEPT, Status.STRENGTHENED},
}


@pytest.mark.parametrize("target", list(ALLOWED))
@pytest.mark.parametrize("start", list(Status))
def test_each_decision_from_each_status(db, reviewer, start, target):
    reason = "Không hiệu quả" if start == Status.REMOVED else ""
    initiative = InitiativeFactory(status=start, removed_reason=reason)
    if start in ALLOWED[target]:
        decide([initiative], target, reviewer)
        initiative.refresh_from_db()
        assert initiative.status == target
        event = initiative.events.get()
        assert (event.decision_number, event.decided_on, event.recorded_by) == (
            "15/QĐ-SNV",
            DECIDED,
            reviewer,
        )
    else:
        with pytest.raises(ValidationError, match="Không có thay đổi nào được lưu"):
            decide([initiative], target, reviewer)
        initiative.refresh_from_db()
        assert initiative.status == start
        assert not initiative.events.exists()


def test_a_decision_needs_its_document_and_reason(db, reviewer):
    initiative = InitiativeFactory(status=Status.RECOGNISED)
    with pytest.raises(ValidationError) as error:
        services.decide(
            [initiative], status=Status.REMOVED, by=reviewer, number=" ", decided_on=None, note=""
        )
    assert set(error.value.message_dict) == {"number", "decided_on", "note"}
    with pytest.raises(ValidationError, match="nội dung kiện toàn"):
        services.decide(
            [initiative], status=Status.STRENGTHENED, by=reviewer, number="1", decided_on=DECIDED
        )
    initiative.refresh_from_db()
    assert initiative.status == Status.RECOGNISED


def test_a_bulk_decision_is_all_or_none(db, reviewer):
    ready = InitiativeFactory.create_batch(3, status=Status.REGISTERED)
    already = InitiativeFactory(status=Status.RECOGNISED, name="Đã công nhận trước")
    with pytest.raises(ValidationError, match="Đã công nhận trước"):
        decide([*ready, already], Status.RECOGNISED, reviewer)
    assert Initiative.objects.filter(status=Status.RECOGNISED).count() == 1
    decided = decide(ready, Status.RECOGNISED, reviewer)
    assert len(decided) == 3
    recognised = Initiative.objects.filter(pk__in=[i.pk for i in ready])
    assert set(recognised.values_list("status", "recognised_number", "recognised_on")) == {
        (Status.RECOGNISED, "15/QĐ-SNV", DECIDED)
    }


def test_removal_keeps_the_model_and_its_history(db, reviewer):
    initiative = InitiativeFactory(status=Status.RECOGNISED)
    decide([initiative], Status.REMOVED, reviewer, note="Không còn phát huy hiệu quả")
    initiative.refresh_from_db()
    assert initiative.status == Status.REMOVED
    assert initiative.removed_reason == "Không còn phát huy hiệu quả"
    reasons = list(initiative.history.values_list("history_change_reason", flat=True))
    assert "Đưa ra khỏi danh sách (15/QĐ-SNV)" in reasons
    assert initiative.history.first().history_user == reviewer


def test_a_merger_hands_every_model_to_the_successor(db, reviewer, department_kind):
    ward = AgencyFactory(kind=department_kind, name="Phường Bình Định")
    former = AgencyFactory(kind=department_kind, name="Xã Nhơn Khánh")
    models = InitiativeFactory.create_batch(2, agency=former, status=Status.RECOGNISED)
    assert services.merge_agency(merged=former, into=ward, by=reviewer) == 2
    former.refresh_from_db()
    assert (former.active, former.merged_into) == (False, ward)
    for initiative in models:
        initiative.refresh_from_db()
        assert initiative.agency == ward
        event = initiative.events.get(kind=EventKind.TRANSFERRED)
        assert (event.from_agency, event.to_agency) == (former, ward)


def test_a_merger_follows_the_successors_own_merger(db, reviewer, department_kind):
    province = AgencyFactory(kind=department_kind, name="Tỉnh mới")
    old_province = AgencyFactory(kind=department_kind, name="Tỉnh cũ")
    commune = AgencyFactory(kind=department_kind, name="Xã cũ")
    services.merge_agency(merged=old_province, into=province, by=reviewer)
    initiative = InitiativeFactory(agency=commune, status=Status.KEPT)
    commune.merged_into, commune.active = old_province, False
    commune.save()
    services.hand_over(merged=commune, by=reviewer)
    initiative.refresh_from_db()
    assert initiative.agency == province


def test_a_unit_cannot_merge_into_itself_or_into_a_closed_unit(db, reviewer, agency_a, agency_b):
    with pytest.raises(ValidationError, match="chính nó"):
        services.merge_agency(merged=agency_a, into=agency_a, by=reviewer)
    services.merge_agency(merged=agency_b, into=agency_a, by=reviewer)
    other = AgencyFactory()
    with pytest.raises(ValidationError, match="không còn hoạt động"):
        services.merge_agency(merged=other, into=agency_b, by=reviewer)


def test_replication_is_recorded_once_and_only_for_recognised_models(
    db, reviewer, agency_a, agency_b
):
    initiative = InitiativeFactory(agency=agency_a, status=Status.RECOGNISED)
    services.replicate(initiative=initiative, agency=agency_b, since=DECIDED, by=reviewer)
    assert Replication.objects.get().agency == agency_b
    assert initiative.events.get(kind=EventKind.REPLICATED).to_agency == agency_b
    with pytest.raises(ValidationError, match="đã được ghi nhận"):
        services.replicate(initiative=initiative, agency=agency_b, since=DECIDED, by=reviewer)
    with pytest.raises(ValidationError, match="không tự nhân rộng"):
        services.replicate(initiative=initiative, agency=agency_a, since=DECIDED, by=reviewer)
    registered = InitiativeFactory(agency=agency_a, status=Status.REGISTERED)
    with pytest.raises(ValidationError, match="đã được công nhận"):
        services.replicate(initiative=registered, agency=agency_b, since=DECIDED, by=reviewer)
    assert Replication.objects.count() == 1


def test_an_edit_that_does_not_name_the_model_keeps_it(
    movement, agency_a, leader_a, reviewer, field
):
    first = register_new(movement, agency_a, leader_a, field)
    decide([first.initiative], Status.RECOGNISED, reviewer)
    next_year = MovementFactory(year=movement.year + 1)
    QuotaRuleFactory(movement=next_year)
    again = registrations.create_registration(
        movement=next_year,
        agency=agency_a,
        by=leader_a,
        carrier=Carrier.COLLECTIVE,
        name="Năm thứ hai",
        collective_name="Văn phòng",
        field=field,
        initiative=first.initiative,
    )
    decide([first.initiative], Status.REMOVED, reviewer)
    registrations.update_registration(registration=again, by=leader_a, name="Năm thứ hai (sửa)")
    again.refresh_from_db()
    assert (again.name, again.initiative_id) == ("Năm thứ hai (sửa)", first.initiative_id)
    assert Initiative.objects.count() == 1
