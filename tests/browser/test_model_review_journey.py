"""The annual review in a real browser (seed 001): a ward formed from former units reviews the
models it holds — keeps two, strengthens one, removes one; the leader sends the review; the
coordinator decides as proposed in the admin; the register and the model pages show it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from initiatives import services
from initiatives.models import Initiative, InitiativeReview, ReviewState, Status
from movements.models import Deadline, DeadlineKind
from portal.models import Role, Tier
from tests.factories import (
    AgencyFactory,
    AgencyKindFactory,
    InitiativeFactory,
    MovementFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

KEEP = ["Khu phố văn minh, sạch đẹp", "Cánh đồng lớn liên kết tiêu thụ"]
STRENGTHEN = "Đối thoại với Nhân dân mỗi quý"
REMOVE = "Nhà văn hóa thôn – điểm sinh hoạt cộng đồng"
CHANGES = "Bổ sung hình thức đối thoại trực tuyến"
REASON = "Sau sáp nhập, các thôn sinh hoạt chung tại nhà văn hóa khu phố"


@pytest.mark.django_db(transaction=True)
def test_a_ward_reviews_its_models_and_the_coordinator_decides(login, live_server, reviewer):
    kind = AgencyKindFactory(code="ubnd-xa", name="UBND xã, phường", tier=Tier.COMMUNE)
    ward = AgencyFactory(code="PBD", name="UBND phường Bình Định", kind=kind)
    former = AgencyFactory(code="XNK", name="UBND xã Nhơn Khánh (cũ)", kind=kind)
    clerk = UserFactory(username="canbo.binhdinh", agency=ward, role=Role.CLERK)
    leader = UserFactory(username="lanhdao.binhdinh", agency=ward, role=Role.LEADER)
    names = [*KEEP, STRENGTHEN, REMOVE]
    models = {
        name: InitiativeFactory(
            name=name, agency=former if name == REMOVE else ward, status=Status.RECOGNISED
        )
        for name in names
    }
    services.merge_agency(merged=former, into=ward, by=reviewer)
    movement = MovementFactory(year=2026)
    deadline = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REVIEW,
        title="Rà soát mô hình năm 2026",
        due_on=timezone.localdate() + timedelta(days=20),
    )

    # The clerk opens the ward's register, then the review, and starts it.
    desk = login(clerk.username)
    desk.get_by_role("link", name="Sổ mô hình").click()
    expect(desk.locator("#current-initiatives")).to_contain_text(f"{REMOVE} (từ {former.name})")
    desk.get_by_role("link", name="Rà soát mô hình hằng năm").click()
    desk.get_by_role("link", name=deadline.title).click()
    desk.get_by_role("button", name="Bắt đầu rà soát").click()
    expect(desk.locator(".review-item")).to_have_count(4)

    def item(name):
        return desk.locator(f"#item-{models[name].pk}")

    for name in KEEP:
        item(name).get_by_label("Giữ lại, đề nghị công nhận lại").check()
        item(name).get_by_label("Đánh giá hiệu quả").fill("Duy trì đều, Nhân dân đồng tình.")
    item(STRENGTHEN).get_by_label("Kiện toàn, bổ sung", exact=True).check()
    item(STRENGTHEN).get_by_label("Nội dung kiện toàn, bổ sung (nếu đề xuất kiện toàn)").fill(
        CHANGES
    )
    item(REMOVE).get_by_label("Đưa ra khỏi danh sách", exact=True).check()
    item(REMOVE).get_by_label("Lý do đưa ra khỏi danh sách (nếu đề xuất)").fill(REASON)
    desk.get_by_role("button", name="Lưu", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text("Đã lưu bản rà soát.")
    # The clerk prepares; only the leader sends.
    expect(desk.get_by_role("button", name="Lưu và gửi Sở Nội vụ")).to_have_count(0)

    chief = login(leader.username)
    chief.goto(f"/so-mo-hinh/ra-soat/{deadline.pk}/")
    expect(
        item_of(chief, models[STRENGTHEN]).get_by_label(
            "Nội dung kiện toàn, bổ sung (nếu đề xuất kiện toàn)"
        )
    ).to_have_value(CHANGES)
    chief.get_by_role("button", name="Lưu và gửi Sở Nội vụ").click()
    expect(chief.locator(".messages")).to_contain_text("Đã gửi bản rà soát tới Sở Nội vụ.")
    expect(chief.locator("#review-state")).to_have_text("Đã gửi")
    assert InitiativeReview.objects.get(agency=ward).state == ReviewState.SUBMITTED

    # The coordinator decides every model as proposed, with the decision's document.
    admin = login(reviewer.username, admin=True)
    admin.goto("/admin/initiatives/reviewitem/")
    admin.locator("#action-toggle").check()
    admin.locator("select[name=action]").select_option(label="Quyết định theo đề xuất của đơn vị")
    admin.locator("button[name=index]").click()
    expect(admin.locator("#confirm-summary")).to_contain_text("Quyết định theo đề xuất 4 mô hình")
    admin.get_by_label("Số văn bản quyết định").fill("45/QĐ-UBND")
    admin.get_by_label("Ngày văn bản").fill(timezone.localdate().strftime("%d/%m/%Y"))
    admin.get_by_role("button", name="Đồng ý quyết định theo đề xuất").click()
    expect(admin.locator(".messagelist")).to_contain_text("Đã ghi nhận")

    # The register shows the outcome; the removed model stays on record.
    admin.goto("/admin/initiatives/initiative/?status__exact=removed")
    expect(admin.locator("#result_list")).to_contain_text(REMOVE)
    expect(admin.locator("#result_list")).not_to_contain_text(KEEP[0])
    statuses = dict(Initiative.objects.values_list("name", "status"))
    assert statuses == {
        KEEP[0]: Status.KEPT,
        KEEP[1]: Status.KEPT,
        STRENGTHEN: Status.STRENGTHENED,
        REMOVE: Status.REMOVED,
    }

    # The ward's pages: the removed model among the past ones, its timeline with the decision.
    desk.goto("/so-mo-hinh/")
    expect(desk.locator("#past-initiatives")).to_contain_text(REMOVE)
    expect(desk.locator("#current-initiatives")).not_to_contain_text(REMOVE)
    desk.locator("#current-initiatives").get_by_role("link", name=STRENGTHEN).click()
    expect(desk.locator("#initiative-status")).to_have_text("Kiện toàn, bổ sung")
    expect(desk.locator("#timeline")).to_contain_text(CHANGES)
    expect(desk.locator("#timeline")).to_contain_text("Số 45/QĐ-UBND")
    desk.goto("/so-mo-hinh/")
    desk.locator("#past-initiatives").get_by_role("link", name=REMOVE).click()
    expect(desk.locator("#came-from")).to_contain_text(former.name)
    expect(desk.locator("#removed")).to_contain_text(REASON)


def item_of(page, initiative):
    return page.locator(f"#item-{initiative.pk}")
