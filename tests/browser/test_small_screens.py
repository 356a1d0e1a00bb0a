"""The clerk's pages on a 390 px phone and the reviewer's lists on a 1366 px laptop: nothing
scrolls sideways and no menu item is broken inside a word, with data as long as a real
province's (Vietnamese agency and model names, long criteria, a dozen rows)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards import services as awards
from initiatives import reviews
from initiatives.models import Status as InitiativeStatus
from movements.models import Deadline, DeadlineKind
from portal.models import Role
from registrations.models import Carrier, State
from reports.models import State as ReportState
from scoring import services as scoring
from scoring.models import Criterion
from tests.awards.factories import ACHIEVEMENT, LETTER, MEETING, award_movement
from tests.factories import (
    AgencyFactory,
    AgencyKindFactory,
    InitiativeFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.reports.periodic_factories import filled_report, report_deadline
from tests.reports.plan_factories import PlanFactory, plan_deadline
from tests.scoring.factories import full_answers

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

AGENCY = "Ban Quản lý các khu công nghiệp và khu kinh tế tỉnh Vĩnh Long"
OTHERS = [
    "Ủy ban nhân dân xã Phú Quới",
    "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Vĩnh Long",
    "Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long",
    "Ủy ban nhân dân phường Thanh Đức",
]
MODEL_NAMES = [
    "Tiếp nhận và trả kết quả giải quyết thủ tục hành chính tại nhà cho người cao tuổi, "
    "người khuyết tật và hộ nghèo",
    "Doanh nghiệp đồng hành cùng người lao động trong khu công nghiệp Hòa Phú: nhà trọ an toàn, "
    "bữa cơm công nhân",
    "Cà phê doanh nhân — đối thoại định kỳ giữa lãnh đạo Ban với doanh nghiệp và nhà đầu tư",
    "Chuyển đổi số trong tiếp nhận phản ánh, kiến nghị của người dân và doanh nghiệp",
]
LONG_CRITERION = (
    "Xây dựng và ban hành kế hoạch tuyên truyền, phổ biến chủ trương của Đảng, chính sách, pháp "
    "luật của Nhà nước đến cán bộ, công chức, viên chức, người lao động và Nhân dân trên địa bàn; "
    "có lồng ghép nội dung công tác dân vận chính quyền vào chương trình công tác năm"
)
GUIDANCE = (
    "Có kế hoạch ban hành trước ngày 31/3: 2 điểm; có báo cáo kết quả thực hiện: 1 điểm; "
    "có minh chứng (văn bản số, đường dẫn cổng thông tin điện tử): 1 điểm."
)


@pytest.fixture
def province(db, reviewer):
    """One agency with a dozen registrations, a scorecard half filled, a proposal with two
    nominees, five agencies ranked (one apart, not classifiable), plans, reports and reviews."""
    kind = AgencyKindFactory(code="so-nganh", name="Sở, ban, ngành, đoàn thể cấp tỉnh")
    agency = AgencyFactory(code="BQLKCN", name=AGENCY, short_name="Ban Quản lý các KCN", kind=kind)
    clerk = UserFactory(
        username="canbo.bqlkcn", full_name="Huỳnh Thị Ngọc Bích", agency=agency, role=Role.CLERK
    )
    leader = UserFactory(
        username="lanhdao.bqlkcn", full_name="Trương Văn Phước", agency=agency, role=Role.LEADER
    )
    movement = award_movement(
        title="Phong trào thi đua “Dân vận khéo” giai đoạn 2026–2030 trên địa bàn tỉnh Vĩnh Long",
        max_nominees=3,
    )
    sheet = movement.scoring_settings.criteria_set
    sheet.title = "Bộ tiêu chí đánh giá công tác dân vận chính quyền của các cơ quan, đơn vị"
    sheet.save(update_fields=["title"])
    for criterion in Criterion.objects.filter(criteria_set=sheet):
        criterion.text = f"{criterion.text}: {LONG_CRITERION}"
        criterion.guidance = GUIDANCE
        criterion.save(update_fields=["text", "guidance"])

    states = [State.DRAFT, State.SUBMITTED, State.RETURNED, State.ACCEPTED, State.RESUBMITTED]
    for i in range(12):
        state = states[i % len(states)]
        registration = RegistrationFactory(
            movement=movement,
            agency=agency,
            created_by=clerk,
            state=state,
            name=f"{MODEL_NAMES[i % len(MODEL_NAMES)]} (năm thứ {i + 1})",
            carrier=Carrier.COLLECTIVE,
            collective_name="Phòng Quản lý doanh nghiệp, lao động và Văn phòng Đảng ủy Ban",
            return_reason=(
                "Mục tiêu chưa lượng hóa được; đề nghị bổ sung số hộ, số doanh nghiệp tham gia "
                "và kết quả dự kiến theo từng năm."
                if state == State.RETURNED
                else ""
            ),
        )

    # The proposal: two accepted models nominated, meeting and letter filled in.
    proposal = awards.start_proposal(movement=movement, agency=agency, by=clerk)
    awards.update_proposal(proposal=proposal, by=clerk, **MEETING, **LETTER)
    for name in MODEL_NAMES[:2]:
        registration = RegistrationFactory(
            movement=movement, agency=agency, created_by=clerk, state=State.ACCEPTED, name=name
        )
        nominee = awards.add_nominee(proposal=proposal, registration=registration, by=clerk)
        awards.update_nominee(nominee=nominee, by=clerk, votes_in_favour=7, **ACHIEVEMENT)

    # The clerk's own scorecard is half filled; five other agencies are appraised and ranked.
    card = scoring.start_scorecard(movement=movement, agency=agency, by=clerk)
    answers = full_answers(sheet)
    scoring.save_self_scores(scorecard=card, by=clerk, answers=dict(list(answers.items())[:3]))
    plans = plan_deadline(movement)
    others = []
    for position, name in enumerate(OTHERS):
        other = AgencyFactory(name=name, kind=kind)
        other_clerk = UserFactory(agency=other, role=Role.CLERK)
        others.append((other, other_clerk))
        other_leader = UserFactory(agency=other, role=Role.LEADER)
        card = scoring.start_scorecard(movement=movement, agency=other, by=None)
        scoring.save_self_scores(scorecard=card, by=other_leader, answers=answers)
        scoring.submit_scorecard(scorecard=card, by=other_leader)
        scoring.finalise_scorecard(
            scorecard=card,
            by=reviewer,
            not_classifiable=position == 0,
            not_classifiable_reason=(
                "Đơn vị có cán bộ bị xử lý kỷ luật từ khiển trách trở lên trong năm đánh giá"
                if position == 0
                else ""
            ),
        )
        # Plans, reports and model reviews, so the reviewer's lists have rows.
        PlanFactory(
            deadline=plans,
            agency=other,
            title="Kế hoạch thực hiện công tác dân vận chính quyền và phong trào “Dân vận khéo”",
            state=ReportState.SUBMITTED,
            created_by=other_clerk,
            submitted_by=other_clerk,
            submitted_at=timezone.now(),
        )
        InitiativeFactory(
            agency=other,
            status=InitiativeStatus.RECOGNISED,
            name=f"{MODEL_NAMES[position % len(MODEL_NAMES)]} ({name})",
            start_year=2024,
        )
    report = report_deadline(movement, title="Báo cáo sơ kết 6 tháng đầu năm 2026")
    review = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REVIEW,
        title="Rà soát mô hình “Dân vận khéo” năm 2026",
        due_on=timezone.localdate() + timedelta(days=20),
    )
    for other, by in others:
        filled_report(report, other, by, scan_file=False)
        reviews.start_review(deadline=review, agency=other, by=by)
    return {
        "movement": movement,
        "clerk": clerk,
        "leader": leader,
        "registration": registration,
        "nominee": nominee,
    }


OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`);
  return {scroll: document.documentElement.scrollWidth, inner: width, wide};
}"""

# A menu item broken inside a word is taller than one line; break-all would allow it anywhere.
BROKEN_MENU = """() => [...document.querySelectorAll(".topbar nav a, .topbar nav button")]
  .filter((el) => {
    const style = getComputedStyle(el);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
    return el.getClientRects().length > 1 || el.getBoundingClientRect().height > line * 1.5
      || style.wordBreak === "break-all" || style.overflowWrap === "anywhere";
  })
  .map((el) => el.textContent.trim())"""

BREAK_ALL = """() => [...document.querySelectorAll("*")]
  .filter((el) => getComputedStyle(el).wordBreak === "break-all").length"""

CLERK_PAGES = (
    "/",
    "/mo-hinh/",
    "/so-mo-hinh/",
    "/cham-diem/",
    "/cham-diem/{pk}/",
    "/khen-thuong/",
    "/khen-thuong/{pk}/",
)


def assert_fits(page, path):
    """The page is no wider than the window: nothing scrolls sideways."""
    page.goto(path)
    page.wait_for_load_state("load")
    measured = page.evaluate(OVERFLOW)
    assert measured["scroll"] <= measured["inner"] + 1, f"{path} tràn ngang: {measured}"
    assert page.evaluate(BREAK_ALL) == 0, f"{path}: có chữ bị ngắt tùy ý (break-all)"


def assert_menu_whole(page, path):
    """On a phone the menu opens from its button; open, it still fits and no item breaks."""
    toggle = page.locator(".menu-toggle")
    expect(page.locator("#menu")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#menu")).to_be_visible()
    assert page.evaluate(BROKEN_MENU) == [], f"{path}: mục trình đơn bị ngắt giữa từ"
    measured = page.evaluate(OVERFLOW)
    assert measured["scroll"] <= measured["inner"] + 1, f"{path} tràn ngang: {measured}"


@pytest.mark.django_db(transaction=True)
def test_clerk_pages_fit_a_390_px_phone(login, province):
    movement = province["movement"]
    clerk = login(province["clerk"].username)
    clerk.set_viewport_size(PHONE)
    for path in CLERK_PAGES:
        path = path.format(pk=movement.pk)
        assert_fits(clerk, path)
        assert_menu_whole(clerk, path)
    # A registration and a nominee's achievement report, reached from those lists.
    assert_fits(clerk, f"/mo-hinh/{province['registration'].pk}/")
    assert_fits(clerk, f"/khen-thuong/{movement.pk}/de-cu/{province['nominee'].pk}/")

    # The list shows each registration as a card whose cells name their column.
    clerk.goto("/mo-hinh/")
    cards = clerk.locator("table.list tbody tr")
    expect(cards).to_have_count(14)
    name = cards.first.locator("td").nth(1)
    assert name.get_attribute("data-label") == "Tên mô hình"
    assert name.bounding_box()["width"] > 300  # the card's width, not a squeezed column
    # The scorecard's inputs take the card's width, so a phone can type in them.
    clerk.goto(f"/cham-diem/{movement.pk}/")
    row = clerk.locator("tr.leaf").first
    for field in ("input[name^=points-]", "textarea[name^=explanation-]"):
        width = row.locator(field).bounding_box()["width"]
        assert width > row.bounding_box()["width"] * 0.8, f"{field}: {width} px"

    # The ranking, which the agency's leader sees.
    leader = login(province["leader"].username)
    leader.set_viewport_size(PHONE)
    path = f"/cham-diem/{movement.pk}/xep-hang/"
    assert_fits(leader, path)
    expect(leader.locator("#ranking tbody tr")).to_have_count(4)
    expect(leader.locator("#unranked tbody tr")).to_have_count(1)
    assert_menu_whole(leader, path)


@pytest.mark.django_db(transaction=True)
def test_the_menu_stays_open_on_a_wide_screen(login, province):
    """At 1366 px the menu is one line of links and its button is not shown."""
    clerk = login(province["clerk"].username)
    clerk.set_viewport_size(LAPTOP)
    clerk.goto("/")
    expect(clerk.locator(".menu-toggle")).to_be_hidden()
    expect(clerk.locator("#menu")).to_be_visible()
    assert clerk.evaluate(BROKEN_MENU) == []


@pytest.mark.django_db(transaction=True)
def test_reviewer_lists_fit_a_1366_px_screen(login, province, reviewer):
    desk = login(reviewer.username, admin=True)
    desk.set_viewport_size(LAPTOP)
    for path in (
        "/admin/registrations/registration/",
        "/admin/scoring/scorecard/",
        "/admin/awards/awardproposal/",
        "/admin/reports/plan/",
        "/admin/reports/report/",
        "/admin/initiatives/initiative/",
        "/admin/portal/agency/",
        "/admin/initiatives/initiativereview/",
        "/admin/initiatives/reviewitem/",
    ):
        assert_fits(desk, path)
        expect(desk.locator("#result_list tbody tr").first).to_be_visible()
        # Django's admin scrolls a wide table inside its own box: that hides columns too.
        results = desk.locator("#changelist .results")
        scroll, client = results.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
        assert scroll <= client + 1, f"{path}: bảng rộng {scroll} px trong khung {client} px"
