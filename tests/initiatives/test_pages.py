"""The register in the admin and the agency's own pages: what each sees, the Excel export, the
decisions in bulk, the denied paths, and constant queries."""

from datetime import date
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from initiatives import services
from initiatives.models import EventKind, Initiative, Status
from tests.factories import InitiativeFactory, UserFactory
from tests.workbooks import header_index, headers, table, title_text

REGISTER = reverse("admin:initiatives_initiative_changelist")


@pytest.fixture
def staff(client, reviewer):
    client.force_login(reviewer)
    return client


def test_the_register_lists_sent_models_only_in_constant_queries(
    staff, agency_a, agency_b, django_assert_max_num_queries
):
    InitiativeFactory.create_batch(3, agency=agency_a, status=Status.RECOGNISED)
    InitiativeFactory(agency=agency_b, status=Status.DRAFT, name="Bản nháp chưa gửi")
    with django_assert_max_num_queries(14) as few:
        response = staff.get(REGISTER)
    assert response.status_code == 200
    assert response.content.decode().count('class="field-name"') == 3
    assert "Bản nháp chưa gửi" not in response.content.decode()
    InitiativeFactory.create_batch(20, agency=agency_b, status=Status.REGISTERED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff.get(REGISTER).status_code == 200


def test_the_register_filters_by_status_commended_and_replicated(
    staff, reviewer, agency_a, agency_b
):
    kept = InitiativeFactory(agency=agency_a, status=Status.KEPT, name="Tổ tự quản")
    InitiativeFactory(agency=agency_a, status=Status.REGISTERED, name="Chợ văn minh")
    services.replicate(initiative=kept, agency=agency_b, since=date(2026, 3, 1), by=reviewer)
    page = staff.get(REGISTER, {"status__exact": "kept"}).content.decode()
    assert "Tổ tự quản" in page and "Chợ văn minh" not in page
    page = staff.get(REGISTER, {"nhan-rong": "co"}).content.decode()
    assert "Tổ tự quản" in page and "Chợ văn minh" not in page
    page = staff.get(REGISTER, {"khen-thuong": "co"}).content.decode()
    assert "Tổ tự quản" not in page
    # Malformed filters are ignored or refused, never a 500.
    assert staff.get(REGISTER, {"nam-cong-nhan": "x'; drop"}).status_code in (200, 302)


def test_the_excel_export_has_a_title_headers_and_every_filtered_row(staff, agency_a, agency_b):
    InitiativeFactory(
        agency=agency_a,
        status=Status.RECOGNISED,
        name="=HYPERLINK(1)",
        recognised_on=date(2026, 6, 15),
    )
    InitiativeFactory(agency=agency_b, status=Status.REMOVED, removed_reason="Không hiệu quả")
    response = staff.get(
        reverse("admin:initiatives_initiative_excel"), {"status__exact": "recognised"}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "Sổ theo dõi mô hình"
    header = header_index(sheet)
    assert (sheet.page_setup.orientation, sheet.print_title_rows, sheet.freeze_panes) == (
        "landscape",
        f"${header}:${header}",
        f"C{header + 1}",
    )
    assert sheet.cell(row=header, column=2).font.bold
    assert "SỔ THEO DÕI MÔ HÌNH" in title_text(sheet)
    assert headers(sheet)[:3] == ["STT", "Tên mô hình", "Tập thể / Cá nhân"]
    rows = table(sheet)
    assert len(rows) == 1
    assert rows[0][0] == 1 and rows[0][1] == "=HYPERLINK(1)"
    assert rows[0][8] == "Đã công nhận"
    # The day recognised is a date Excel can sort, shown dd/mm/yyyy.
    recognised = sheet.cell(row=header + 1, column=12)
    assert (recognised.value.date(), recognised.number_format) == (date(2026, 6, 15), "dd/mm/yyyy")


def test_the_coordinator_recognises_in_bulk_from_the_admin(staff, reviewer, agency_a):
    chosen = InitiativeFactory.create_batch(2, agency=agency_a, status=Status.REGISTERED)
    ids = [str(i.pk) for i in chosen]
    action = {"action": "recognise_selected", "_selected_action": ids}
    page = staff.post(REGISTER, action)
    assert (
        page.status_code == 200 and "Công nhận <strong>2</strong> mô hình" in page.content.decode()
    )
    refused = staff.post(REGISTER, {**action, "confirm": "yes", "number": "", "decided_on": ""})
    assert refused.status_code == 200
    assert Initiative.objects.filter(status=Status.RECOGNISED).count() == 0
    done = staff.post(
        REGISTER,
        {
            **action,
            "confirm": "yes",
            "number": "07/QĐ-UBND",
            "decided_on": "15/06/2026",
            "recognised_by": "UBND phường Bình Định",
        },
    )
    assert done.status_code == 302
    assert set(Initiative.objects.values_list("status", "recognised_number", "recognised_on")) == {
        (Status.RECOGNISED, "07/QĐ-UBND", date(2026, 6, 15))
    }
    assert set(Initiative.objects.values_list("events__kind", "events__recorded_by")) == {
        (EventKind.RECOGNISED, reviewer.pk)
    }


def test_an_agency_account_cannot_open_the_register_or_decide(client, clerk_a, agency_a):
    initiative = InitiativeFactory(agency=agency_a, status=Status.REGISTERED)
    client.force_login(clerk_a)
    assert client.get(REGISTER).status_code == 302
    client.post(REGISTER, {"action": "recognise_selected", "_selected_action": [initiative.pk]})
    initiative.refresh_from_db()
    assert initiative.status == Status.REGISTERED


def test_staff_without_the_decision_permission_cannot_decide(client, agency_a):
    viewer = UserFactory(username="chi.xem", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_initiative"))
    initiative = InitiativeFactory(agency=agency_a, status=Status.REGISTERED)
    client.force_login(viewer)
    assert client.get(REGISTER).status_code == 200
    client.post(
        REGISTER,
        {
            "action": "recognise_selected",
            "_selected_action": [initiative.pk],
            "confirm": "yes",
            "number": "1",
            "decided_on": "01/06/2026",
            "recognised_by": "UBND",
        },
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.REGISTERED


def test_an_agency_sees_its_own_models_and_never_anothers(
    client, clerk_a, agency_a, agency_b, reviewer, department_kind
):
    from tests.factories import AgencyFactory

    former = AgencyFactory(kind=department_kind, name="Xã Nhơn Phúc")
    handed = InitiativeFactory(agency=former, status=Status.RECOGNISED, name="Tổ hòa giải")
    services.merge_agency(merged=former, into=agency_a, by=reviewer)
    own = InitiativeFactory(agency=agency_a, status=Status.KEPT, name="Một cửa thân thiện")
    removed = InitiativeFactory(
        agency=agency_a, status=Status.REMOVED, name="Mô hình cũ", removed_reason="Hết hiệu quả"
    )
    theirs = InitiativeFactory(agency=agency_b, status=Status.RECOGNISED, name="Của Sở Xây dựng")
    client.force_login(clerk_a)
    page = client.get(reverse("initiatives:list")).content.decode()
    assert "Một cửa thân thiện" in page and "Mô hình cũ" in page
    assert 'Tổ hòa giải</a> <span class="meta">(từ Xã Nhơn Phúc)' in page
    assert "Của Sở Xây dựng" not in page
    detail = client.get(reverse("initiatives:detail", args=[handed.pk])).content.decode()
    assert "Mô hình chuyển giao từ Xã Nhơn Phúc" in detail
    assert client.get(reverse("initiatives:detail", args=[own.pk])).status_code == 200
    assert (
        "Hết hiệu quả"
        in client.get(reverse("initiatives:detail", args=[removed.pk])).content.decode()
    )
    assert client.get(reverse("initiatives:detail", args=[theirs.pk])).status_code == 404


def test_the_agency_pages_need_an_agency_account(client, reviewer, agency_a):
    initiative = InitiativeFactory(agency=agency_a, status=Status.RECOGNISED)
    assert client.get(reverse("initiatives:list")).status_code == 302
    client.force_login(reviewer)
    # The reviewer's account belongs to the coordinator's own agency, not to agency A.
    assert client.get(reverse("initiatives:detail", args=[initiative.pk])).status_code == 404


def test_a_models_page_shows_its_reviews_and_every_commendation(
    client, clerk_a, agency_a, leader_a, reviewer, movement, field
):
    from awards.models import AwardDecision, AwardKind, AwardProposal, Nominee
    from initiatives import reviews
    from initiatives.models import Proposal
    from movements.models import Deadline, DeadlineKind
    from tests.factories import RegistrationFactory

    registration = RegistrationFactory(
        movement=movement, agency=agency_a, created_by=clerk_a, field=field, state="accepted"
    )
    initiative = registration.initiative
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.RECOGNISED)
    kind = AwardKind.objects.create(code="bk-thu", name="Bằng khen của Chủ tịch UBND tỉnh")
    proposal = AwardProposal.objects.create(movement=movement, agency=agency_a, award_kind=kind)
    nominee = Nominee.objects.create(proposal=proposal, registration=registration)
    nominee.decision = AwardDecision.objects.create(
        movement=movement,
        award_kind=kind,
        number="1234/QĐ-UBND",
        decided_on=date(2026, 12, 20),
        recorded_by=reviewer,
    )
    nominee.save()
    deadline = Deadline.objects.create(
        movement=movement, kind=DeadlineKind.REVIEW, title="Rà soát", due_on=date(2099, 1, 1)
    )
    review = reviews.start_review(deadline=deadline, agency=agency_a, by=leader_a)
    reviews.save_items(
        review=review,
        by=leader_a,
        answers={initiative.pk: {"proposal": Proposal.KEEP, "assessment": "Hiệu quả rõ rệt"}},
    )
    client.force_login(clerk_a)
    url = reverse("initiatives:detail", args=[initiative.pk])
    # A draft review is the agency's own work in progress: not on the model's record yet.
    assert "Hiệu quả rõ rệt" not in client.get(url).content.decode()
    reviews.submit_review(review=review, by=leader_a)
    page = client.get(url).content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh (Quyết định số 1234/QĐ-UBND ngày 20/12/2026)" in page
    assert "Hiệu quả rõ rệt" in page and "Chờ quyết định" in page


def test_the_coordinator_records_a_replication_and_a_refusal_is_a_message(
    staff, reviewer, agency_a, agency_b
):
    recognised = InitiativeFactory(agency=agency_a, status=Status.RECOGNISED, name="Tổ tự quản")
    registered = InitiativeFactory(agency=agency_a, status=Status.REGISTERED, name="Mới đăng ký")
    url = reverse("admin:initiatives_replication_add")
    refused = staff.post(
        url, {"initiative": registered.pk, "agency": agency_b.pk, "since": "01/03/2026"}
    )
    assert refused.status_code == 200
    assert "Chỉ nhân rộng được mô hình đã được công nhận" in refused.content.decode()
    own = staff.post(
        url, {"initiative": recognised.pk, "agency": agency_a.pk, "since": "01/03/2026"}
    )
    assert "không tự nhân rộng" in own.content.decode()
    done = staff.post(
        url, {"initiative": recognised.pk, "agency": agency_b.pk, "since": "01/03/2026"}
    )
    assert done.status_code == 302
    replication = recognised.replications.get()
    assert (replication.agency, replication.since) == (agency_b, date(2026, 3, 1))
    assert recognised.events.get(kind=EventKind.REPLICATED).recorded_by == reviewer


def test_recording_a_merger_in_the_agency_admin_hands_the_models_over(
    client, department_kind, agency_a
):
    from tests.factories import AgencyFactory

    superuser = UserFactory(username="quantri.test", is_staff=True, is_superuser=True)
    former = AgencyFactory(kind=department_kind, name="Xã Nhơn Hậu", code="XNH")
    model = InitiativeFactory(agency=former, status=Status.RECOGNISED)
    client.force_login(superuser)
    url = reverse("admin:portal_agency_change", args=[former.pk])
    form = {"code": "XNH", "name": "Xã Nhơn Hậu", "kind": department_kind.pk, "active": ""}
    itself = client.post(url, {**form, "merged_into": former.pk})
    assert "Không thể sáp nhập một đơn vị vào chính nó." in itself.content.decode()
    done = client.post(url, {**form, "merged_into": agency_a.pk})
    assert done.status_code == 302
    model.refresh_from_db()
    assert model.agency == agency_a
    assert model.events.get(kind=EventKind.TRANSFERRED).from_agency == former
