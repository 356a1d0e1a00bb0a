"""Sở Nội vụ's desk for award proposals: the list, bulk return, the consolidated list in Excel,
its own Tờ trình to UBND tỉnh, and the decision."""

import subprocess
from datetime import date
from html import unescape
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from awards import services
from awards.exports import HEADERS
from awards.models import (
    AwardDecision,
    AwardKind,
    AwardProposal,
    AwardSettings,
    Nominee,
    ProposalState,
)
from movements.models import Movement
from registrations.models import Carrier
from tests.admin_import import FORMULA_LIKE, assert_text_cell
from tests.factories import (
    AgencyFactory,
    AgencyKindFactory,
    MovementFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.workbooks import header_index, headers, table, title_text

pytestmark = pytest.mark.django_db

CHANGELIST_URL = "/admin/awards/awardproposal/"


def consolidated_url(movement, tail=""):
    return f"/admin/awards/awardproposal/tong-hop/{movement.pk}/{tail}"


def text(response):
    return unescape(response.content.decode())


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# ---------------------------------------------------------------------------- data


@pytest.fixture
def bang_khen(db):
    return AwardKind.objects.create(
        code="bang-khen-chu-tich-ubnd-tinh",
        name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        issuer="Chủ tịch Ủy ban nhân dân tỉnh",
        order=10,
    )


@pytest.fixture
def movement(movement, bang_khen):
    """The shared movement, opened for award proposals."""
    AwardSettings.objects.update_or_create(movement=movement, defaults={"award_kind": bang_khen})
    return movement


def collective(movement, agency, by, name, *, collective_name="Phòng Hành chính - Tổng hợp"):
    return RegistrationFactory(
        movement=movement,
        agency=agency,
        created_by=by,
        state="accepted",
        name=name,
        collective_name=collective_name,
    )


def individual(movement, agency, by, name, *, person, position="Chuyên viên", workplace=""):
    return RegistrationFactory(
        movement=movement,
        agency=agency,
        created_by=by,
        state="accepted",
        name=name,
        carrier=Carrier.INDIVIDUAL,
        collective_name="",
        person_name=person,
        person_position=position,
        person_workplace=workplace,
    )


def proposal_with(movement, agency, by, *registrations, votes=7, members_total=9):
    """A proposal with its council and one passing vote count per nominee (not yet sent)."""
    proposal = services.start_proposal(movement=movement, agency=agency, by=by)
    services.update_proposal(
        proposal=proposal, by=by, members_total=members_total, members_present=members_total
    )
    for registration in registrations:
        nominee = services.add_nominee(proposal=proposal, registration=registration, by=by)
        services.update_nominee(nominee=nominee, by=by, votes_in_favour=votes)
    return proposal


def send(*proposals):
    """Submitted, without walking the whole completeness path (tested in test_services)."""
    AwardProposal.objects.filter(pk__in=[p.pk for p in proposals]).update(
        state=ProposalState.SUBMITTED, submitted_at=timezone.now()
    )


@pytest.fixture
def sent_a(movement, agency_a, clerk_a):
    proposal = proposal_with(
        movement,
        agency_a,
        clerk_a,
        collective(movement, agency_a, clerk_a, "Trợ giúp pháp lý lưu động"),
        individual(
            movement,
            agency_a,
            clerk_a,
            "Hòa giải ở cơ sở",
            person="Phạm Thị Dung",
            position="Trưởng phòng",
            workplace="Phòng Phổ biến, giáo dục pháp luật",
        ),
    )
    send(proposal)
    return proposal


@pytest.fixture
def sent_b(movement, agency_b, clerk_b):
    proposal = proposal_with(
        movement,
        agency_b,
        clerk_b,
        collective(movement, agency_b, clerk_b, "Một cửa tại nhà", collective_name="Văn phòng Sở"),
        votes=5,
        members_total=7,
    )
    send(proposal)
    return proposal


@pytest.fixture
def draft_c(movement, clerk_a, health_kind):
    agency = AgencyFactory(code="SCT", name="Sở Công Thương", kind=health_kind)
    return proposal_with(
        movement, agency, clerk_a, collective(movement, agency, clerk_a, "Chợ văn minh")
    )


def refreshed(*proposals):
    return [AwardProposal.objects.get(pk=p.pk) for p in proposals]


def staff_with(*codenames, username="chi.xem"):
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="awards", codename__in=codenames)
    )
    return user


# ---------------------------------------------------------------------------- the list


def test_reviewer_sees_the_changelist(client, reviewer, sent_a, sent_b, draft_c):
    client.force_login(reviewer)

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 200
    rows = {p.agency.name: p for p in response.context["cl"].result_list}
    assert set(rows) == {"Sở Tư pháp", "Sở Xây dựng", "Sở Công Thương"}
    assert rows["Sở Tư pháp"].nominee_count == 2
    assert rows["Sở Xây dựng"].nominee_count == 1
    page = text(response)
    assert "Đã gửi" in page
    assert "Đang chuẩn bị" in page
    # The changelist links to the province's consolidated list of the movement.
    assert consolidated_url(sent_a.movement) in page


def test_changelist_filters_by_state_and_searches_by_agency(client, reviewer, sent_a, draft_c):
    client.force_login(reviewer)

    by_state = client.get(CHANGELIST_URL, {"state__exact": "submitted"})
    by_agency = client.get(CHANGELIST_URL, {"q": "Công Thương"})
    by_kind = client.get(CHANGELIST_URL, {"agency__kind__id__exact": draft_c.agency.kind_id})

    assert [p.pk for p in by_state.context["cl"].result_list] == [sent_a.pk]
    assert [p.pk for p in by_agency.context["cl"].result_list] == [draft_c.pk]
    assert [p.pk for p in by_kind.context["cl"].result_list] == [draft_c.pk]


def _queries(client, url=CHANGELIST_URL):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_changelist_query_count_does_not_grow_with_rows(client, reviewer, clerk_a, bang_khen):
    """Each row shows its agency, movement and number of nominees: no query per row."""

    def one_more(n):
        own = MovementFactory(award_kind=bang_khen)
        agency = AgencyFactory(code=f"CQ-K{n}", name=f"Cơ quan khen thưởng {n}")
        proposal_with(own, agency, clerk_a, collective(own, agency, clerk_a, f"Mô hình {n}"))

    one_more(0)
    client.force_login(reviewer)
    _queries(client)  # warm caches (content types, permissions)
    with_one, response = _queries(client)
    assert len(response.context["cl"].result_list) == 1

    for n in range(1, 20):
        one_more(n)
    with_many, response = _queries(client)

    assert len(response.context["cl"].result_list) == 20
    assert with_many == with_one


@pytest.mark.parametrize("tail", ["", "quyet-dinh/"])
def test_consolidated_pages_query_count_does_not_grow_with_rows(
    client, reviewer, movement, clerk_a, tail
):
    """The list and the decision form read every nominee, agency and field in one query."""

    def one_more(n):
        agency = AgencyFactory(code=f"CQ-D{n}", name=f"Cơ quan đề nghị {n}")
        person = individual(movement, agency, clerk_a, f"Cá nhân {n}", person=f"Người {n}")
        send(
            proposal_with(
                movement,
                agency,
                clerk_a,
                person,
                collective(movement, agency, clerk_a, f"Tập thể {n}"),
            )
        )

    one_more(0)
    client.force_login(reviewer)
    url = consolidated_url(movement, tail)
    _queries(client, url)
    with_one, _ = _queries(client, url)

    for n in range(1, 15):
        one_more(n)
    with_many, response = _queries(client, url)

    assert text(response).count("Người 14") == 1
    assert with_many == with_one


def test_decision_changelist_query_count_does_not_grow_with_rows(
    client, reviewer, movement, clerk_a
):
    def one_more(n):
        agency = AgencyFactory(code=f"CQ-Q{n}", name=f"Cơ quan được khen {n}")
        proposal = proposal_with(
            movement, agency, clerk_a, collective(movement, agency, clerk_a, f"Mô hình {n}")
        )
        send(proposal)
        services.record_decision(
            movement=movement,
            award_kind=movement.award_settings.award_kind,
            number=f"{3100 + n}/QĐ-UBND",
            decided_on=date(2025, 12, 20),
            signer="",
            nominees=list(proposal.nominees.all()),
            by=reviewer,
        )

    one_more(0)
    client.force_login(reviewer)
    url = "/admin/awards/awarddecision/"
    _queries(client, url)
    with_one, _ = _queries(client, url)

    for n in range(1, 15):
        one_more(n)
    with_many, response = _queries(client, url)

    assert len(response.context["cl"].result_list) == 15
    assert with_many == with_one


def test_clerk_is_sent_to_the_admin_login(client, clerk_a, sent_a):
    client.force_login(clerk_a)

    for url in (
        CHANGELIST_URL,
        consolidated_url(sent_a.movement),
        consolidated_url(sent_a.movement, "quyet-dinh/"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_change_view_shows_the_dossier_read_only(client, reviewer, sent_a):
    services_fields = {
        "meeting_place": "Phòng họp số 2, Sở Tư pháp",
        "letter_number": "5",
        "letter_symbol": "TTr-STP",
        "report_lessons": "Lãnh đạo sát sao, phân công rõ ràng.",
    }
    AwardProposal.objects.filter(pk=sent_a.pk).update(**services_fields)
    Nominee.objects.filter(proposal=sent_a).update(results="312 hồ sơ được tiếp nhận tại nhà.")
    client.force_login(reviewer)

    response = client.get(f"{CHANGELIST_URL}{sent_a.pk}/change/")

    assert response.status_code == 200
    page = text(response)
    for value in services_fields.values():
        assert value in page
    assert "Trợ giúp pháp lý lưu động" in page
    assert "Cá nhân: Phạm Thị Dung" in page
    assert "312 hồ sơ được tiếp nhận tại nhà." in page
    assert "Đạt ngưỡng" in page  # 7 of 9 votes
    assert 'name="_save"' not in page
    assert client.post(f"{CHANGELIST_URL}{sent_a.pk}/change/", {}).status_code == 403
    assert client.get(f"{CHANGELIST_URL}add/").status_code == 403
    assert client.post(f"{CHANGELIST_URL}{sent_a.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AwardProposal.objects.filter(pk=sent_a.pk).exists()


def test_a_past_version_is_shown_read_only_and_cannot_be_restored(
    client, reviewer, sent_a, leader_a
):
    first = sent_a.history.earliest("history_date")
    AwardProposal.objects.filter(pk=sent_a.pk).update(report_lessons="Bài học mới")
    client.force_login(reviewer)
    url = f"{CHANGELIST_URL}{sent_a.pk}/history/{first.history_id}/"

    response = client.get(url)

    assert response.status_code == 200
    assert "Đang chuẩn bị" in text(response)  # the state it had then
    assert "Bài học mới" not in text(response)
    assert 'name="_save"' not in text(response)
    assert client.post(url, {"report_lessons": "Sửa qua lịch sử"}).status_code == 403
    assert AwardProposal.objects.get(pk=sent_a.pk).report_lessons == "Bài học mới"


# ---------------------------------------------------------------------------- bulk return


def run_return(client, proposals, **extra):
    data = {"action": "return_selected", "_selected_action": [str(p.pk) for p in proposals]}
    return client.post(CHANGELIST_URL, {**data, **extra})


def test_return_first_shows_a_confirmation_and_changes_nothing(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)

    response = run_return(client, [sent_a, sent_b], index="0")

    assert response.status_code == 200
    page = text(response)
    assert "Trả lại <strong>2</strong> đề nghị khen thưởng sau:" in page
    assert "Sở Tư pháp" in page
    assert "Sở Xây dựng" in page
    assert 'name="confirm" value="yes"' in page
    assert [p.state for p in refreshed(sent_a, sent_b)] == ["submitted", "submitted"]


def test_return_without_reason_is_refused_and_changes_nothing(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)

    response = run_return(client, [sent_a, sent_b], confirm="yes", reason="   ")

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert "Trả lại <strong>2</strong> đề nghị khen thưởng sau:" in text(response)
    assert [p.state for p in refreshed(sent_a, sent_b)] == ["submitted", "submitted"]


def test_return_with_reason_returns_all_and_history_keeps_who(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)
    reason = "Báo cáo thành tích cần số liệu cụ thể."

    response = run_return(client, [sent_a, sent_b], confirm="yes", reason=reason)

    assert response.status_code == 302
    shown = messages_of(client.get(response["Location"]))
    assert "Đã trả lại 2 đề nghị khen thưởng kèm lý do." in shown
    for proposal in refreshed(sent_a, sent_b):
        assert proposal.state == ProposalState.RETURNED
        assert proposal.return_reason == reason
        assert proposal.reviewed_by == reviewer
        latest = proposal.history.first()
        assert (latest.history_user, latest.history_change_reason) == (reviewer, "Trả lại")
    history = client.get(f"{CHANGELIST_URL}{sent_a.pk}/history/")
    assert history.status_code == 200
    assert str(reviewer) in text(history)
    assert "Trả lại" in text(history)


def test_mixed_selection_with_a_draft_is_refused_whole(client, reviewer, sent_a, draft_c):
    client.force_login(reviewer)

    confirmation = run_return(client, [sent_a, draft_c], index="0")
    assert "1 đề nghị khen thưởng không ở trạng thái đã gửi" in text(confirmation)

    response = run_return(client, [sent_a, draft_c], confirm="yes", reason="Thiếu số liệu.")

    assert response.status_code == 302
    shown = " ".join(messages_of(client.get(response["Location"])))
    assert "Chỉ trả lại được đề nghị đã gửi." in shown
    assert "Sở Công Thương (Đang chuẩn bị)" in shown
    assert "Không có thay đổi nào được lưu." in shown
    a, c = refreshed(sent_a, draft_c)
    assert (a.state, a.return_reason, a.reviewed_by) == ("submitted", "", None)
    assert c.state == "draft"


def test_staff_without_review_permission_cannot_return(client, sent_a):
    client.force_login(staff_with("view_awardproposal"))

    changelist = client.get(CHANGELIST_URL)
    assert changelist.status_code == 200
    assert "return_selected" not in text(changelist)
    assert consolidated_url(sent_a.movement) not in text(changelist)

    run_return(client, [sent_a], confirm="yes", reason="Thiếu số liệu.")

    assert AwardProposal.objects.get(pk=sent_a.pk).state == "submitted"


# ---------------------------------------------------------------------------- the consolidated list


def test_consolidated_page_lists_the_sent_nominees(client, reviewer, sent_a, sent_b, draft_c):
    client.force_login(reviewer)

    response = client.get(consolidated_url(sent_a.movement))

    assert response.status_code == 200
    page = text(response)
    for name in ("Trợ giúp pháp lý lưu động", "Phạm Thị Dung", "Một cửa tại nhà"):
        assert name in page
    assert "Chợ văn minh" not in page  # a draft is not on the province's list
    for tail in ("excel/", "to-trinh/", "quyet-dinh/"):
        assert consolidated_url(sent_a.movement, tail) in page


def test_consolidated_page_counts_agencies_with_no_proposal_at_all(
    client, reviewer, sent_a, sent_b, draft_c, department_kind
):
    from movements.models import Deadline, DeadlineKind

    silent = AgencyFactory(code="SKHCN", name="Sở Khoa học và Công nghệ", kind=department_kind)
    commune = AgencyKindFactory(code="ubnd-xa-khac", name="UBND xã")
    elsewhere = AgencyFactory(code="XA1", name="UBND xã Một", kind=commune)  # not asked
    # The movement's award deadline asks the provincial departments and the health sector.
    for deadline in Deadline.objects.filter(movement=sent_a.movement, kind=DeadlineKind.AWARD):
        deadline.agency_kinds.set([department_kind, draft_c.agency.kind])
    client.force_login(reviewer)
    page = text(client.get(consolidated_url(sent_a.movement)))
    # Asked: Sở Tư pháp, Sở Xây dựng (sent), Sở Công Thương (draft), the coordinator's own
    # agency and Sở Khoa học và Công nghệ (nothing); UBND xã Một is not asked.
    from awards.selectors import agencies_without_proposal

    missing = set(agencies_without_proposal(sent_a.movement).values_list("name", flat=True))
    assert silent.name in missing and elsewhere.name not in missing
    assert not missing & {sent_a.agency.name, sent_b.agency.name, draft_c.agency.name}
    assert f"chưa lập đề nghị: <strong>{len(missing)}</strong>" in page


def read_sheet(response):
    book = load_workbook(BytesIO(response.content))
    return book.active


def test_excel_lists_collectives_first_then_individuals(client, reviewer, sent_a, sent_b, draft_c):
    client.force_login(reviewer)

    response = client.get(consolidated_url(sent_a.movement, "excel/"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = read_sheet(response)
    assert sent_a.movement.title in title_text(sheet)
    assert headers(sheet) == [
        "STT",
        "Tên tập thể / Họ và tên cá nhân",
        "Chức vụ",
        "Đơn vị công tác / Cơ quan đề nghị",
        "Tên mô hình",
        "Lĩnh vực",
        "Số phiếu đồng ý",
        "Tổng số thành viên",
        "Tỷ lệ (%)",
        "Hình thức đề nghị",
        "Quyết định (số, ngày)",
    ]
    award = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    rows = [[], *table(sheet)]  # rows[1] is the first under the header
    assert [row[:2] for row in rows[1:]] == [
        ["I", "TẬP THỂ (02)"],
        [1, "Phòng Hành chính - Tổng hợp"],
        [2, "Văn phòng Sở"],
        ["II", "CÁ NHÂN (01)"],
        [1, "Phạm Thị Dung"],
    ]
    assert rows[2][2:] == [
        None,
        "Sở Tư pháp",
        "Trợ giúp pháp lý lưu động",
        "Kinh tế",
        7,
        9,
        77.78,
        award,
        None,
    ]
    assert rows[3][3:9] == ["Sở Xây dựng", "Một cửa tại nhà", "Kinh tế", 5, 7, 71.43]
    assert rows[5][2:5] == [
        "Trưởng phòng",
        "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp",
        "Hòa giải ở cơ sở",
    ]
    assert not any("Chợ văn minh" in str(cell) for row in rows for cell in row)


@pytest.mark.parametrize("typed", FORMULA_LIKE)
def test_excel_keeps_formula_like_text_as_text(
    client, reviewer, movement, agency_a, clerk_a, typed
):
    registration = collective(movement, agency_a, clerk_a, typed, collective_name=typed)
    send(proposal_with(movement, agency_a, clerk_a, registration))
    client.force_login(reviewer)

    sheet = read_sheet(client.get(consolidated_url(movement, "excel/")))

    first = header_index(sheet) + 2  # under the section's row “I. TẬP THỂ (01)”
    assert_text_cell(sheet.cell(row=first, column=HEADERS.index("Tên mô hình") + 1), typed)
    assert_text_cell(sheet.cell(row=first, column=2), typed)


# ---------------------------------------------------------------------------- Sở Nội vụ's Tờ trình


def pdftotext(pdf, tmp_path, *, layout=False):
    """The PDF's text, whitespace collapsed; without -layout a table cell's lines stay together."""
    path = tmp_path / "to-trinh.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    result = subprocess.run(args, capture_output=True, check=True, text=True)
    return " ".join(result.stdout.split())


def page_sizes(pdf, tmp_path):
    path = tmp_path / "to-trinh-sizes.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, check=True, text=True
    )
    sizes = []
    for line in result.stdout.splitlines():
        if line.startswith("Page") and "size:" in line:
            width, _, height = line.split("size:")[1].split()[:3]
            sizes.append((float(width), float(height)))
    return sizes


LETTER = {
    "number": "12",
    "symbol": "TTr-SNV",
    "issued_on": "15/12/2025",
    "addressees": "Ủy ban nhân dân tỉnh",
    "legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "copies": "Như trên;\nLưu: VT, TĐKT.",
    "sign_authority": "KT. GIÁM ĐỐC",
    "sign_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Nguyễn Thị Thu Hà",
}


def test_letter_form_offers_the_defaults(client, reviewer, sent_a, coordinator):
    Movement.objects.filter(pk=sent_a.movement_id).update(
        document_number="553/QĐ-UBND",
        document_date=date(2025, 4, 2),
        document_issuer="Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long",
        document_subject="về việc ban hành Kế hoạch “Dân vận khéo”",
    )
    client.force_login(reviewer)
    # The symbol's agency part is the coordinating agency's code: data, not a constant.
    response = client.get(consolidated_url(sent_a.movement, "to-trinh/"))
    assert response.context["form"]["symbol"].value() == "TTr"
    coordinator.agency = AgencyFactory(code="SNV-TEST", name="Sở Nội vụ")
    coordinator.save()

    response = client.get(consolidated_url(sent_a.movement, "to-trinh/"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["symbol"].value() == "TTr-SNV-TEST"
    assert form["addressees"].value() == "Ủy ban nhân dân tỉnh"
    assert form["sign_authority"].value() == "KT. GIÁM ĐỐC"
    bases = form["legal_bases"].value().splitlines()
    assert bases[0] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert bases[-1] == (
        "Căn cứ Quyết định số 553/QĐ-UBND ngày 02/4/2025 của Chủ tịch Ủy ban nhân dân tỉnh "
        "Vĩnh Long về việc ban hành Kế hoạch “Dân vận khéo”;"
    )
    assert not any("98/2023" in line for line in bases)
    assert any("152/2025/NĐ-CP" in line for line in bases)


def test_provincial_letter_pdf_carries_the_list(client, reviewer, sent_a, sent_b, tmp_path):
    client.force_login(reviewer)

    response = client.post(consolidated_url(sent_a.movement, "to-trinh/"), LETTER)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    flat = pdftotext(response.content, tmp_path)
    assert "UBND TỈNH VĨNH LONG" in flat
    assert "SỞ NỘI VỤ" in flat
    assert "Số: 12/TTr-SNV" in flat
    assert "Vĩnh Long, ngày 15 tháng 12 năm 2025" in flat
    assert "TỜ TRÌNH" in flat
    assert (
        "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho các tập thể, cá "
        "nhân có thành tích trong phong trào thi đua “Dân vận khéo” năm 2026"
    ) in flat
    assert "Kính gửi: Ủy ban nhân dân tỉnh" in flat
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in flat
    assert "hồ sơ đề nghị của 02 cơ quan, đơn vị" in flat
    assert "cho 02 tập thể và 01 cá nhân" in flat
    assert "Nơi nhận:" in flat
    assert "Nguyễn Thị Thu Hà" in flat
    assert "(Kèm theo Tờ trình số 12/TTr-SNV ngày 15/12/2025 của Sở Nội vụ)" in flat
    assert "Vĩnh Long, ngày 15 tháng 12 năm 2025" in pdftotext(
        response.content, tmp_path, layout=True
    )
    annex = flat[flat.index("DANH SÁCH") :]
    order = [
        "TẬP THỂ (02)",
        "Trợ giúp pháp lý lưu động",
        "Văn phòng Sở",
        "Một cửa tại nhà",
        "CÁ NHÂN (01)",
        "Phạm Thị Dung",
        "Hòa giải ở cơ sở",
    ]
    assert [annex.index(part) for part in order] == sorted(annex.index(p) for p in order)
    assert "Trưởng phòng" in annex
    assert "7 9 77,78" in annex
    sizes = page_sizes(response.content, tmp_path)
    assert sizes[0][0] < sizes[0][1]  # the letter on A4 portrait
    assert sizes[-1][0] > sizes[-1][1]  # the list on A4 landscape


def test_provincial_letter_pads_a_small_number_and_leaves_blanks(
    client, reviewer, sent_a, tmp_path
):
    client.force_login(reviewer)

    response = client.post(
        consolidated_url(sent_a.movement, "to-trinh/"), {**LETTER, "number": "5", "issued_on": ""}
    )

    flat = pdftotext(response.content, tmp_path)
    assert "Số: 05/TTr-SNV" in flat
    assert "Vĩnh Long, ngày tháng năm" in flat


def test_provincial_letter_is_refused_without_sent_proposals(client, reviewer, draft_c):
    client.force_login(reviewer)

    response = client.post(consolidated_url(draft_c.movement, "to-trinh/"), LETTER)

    assert response.status_code == 200
    assert "Chưa có đề nghị khen thưởng nào được gửi" in text(response)


def test_provincial_letter_number_must_be_digits(client, reviewer, sent_a):
    client.force_login(reviewer)

    response = client.post(
        consolidated_url(sent_a.movement, "to-trinh/"), {**LETTER, "number": "12/TTr"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "Số văn bản chỉ gồm chữ số, ví dụ 12 hoặc 05."
    ]


# ---------------------------------------------------------------------------- the decision


def decision_data(movement, nominees, **overrides):
    return {
        "award_kind": str(movement.award_settings.award_kind_id),
        "number": "3120/QĐ-UBND",
        "decided_on": "20/12/2025",
        "signer": "Chủ tịch UBND tỉnh",
        "nominees": [str(n.pk) for n in nominees],
        **overrides,
    }


def test_decision_form_offers_only_nominees_of_sent_proposals(client, reviewer, sent_a, draft_c):
    client.force_login(reviewer)

    response = client.get(consolidated_url(sent_a.movement, "quyet-dinh/"))

    assert response.status_code == 200
    assert {n.pk for n in response.context["candidates"]} == set(
        sent_a.nominees.values_list("pk", flat=True)
    )
    assert (
        response.context["form"]["award_kind"].value()
        == sent_a.movement.award_settings.award_kind_id
    )


def test_recording_a_decision_awards_the_chosen_nominees(client, reviewer, sent_a, sent_b):
    chosen = list(sent_a.nominees.all())
    client.force_login(reviewer)

    response = client.post(
        consolidated_url(sent_a.movement, "quyet-dinh/"), decision_data(sent_a.movement, chosen)
    )

    assert response.status_code == 302
    assert response["Location"] == consolidated_url(sent_a.movement)
    decision = AwardDecision.objects.get()
    assert (decision.number, decision.decided_on) == ("3120/QĐ-UBND", date(2025, 12, 20))
    assert decision.recorded_by == reviewer
    assert {n.decision_id for n in Nominee.objects.filter(proposal=sent_a)} == {decision.pk}
    assert Nominee.objects.get(proposal=sent_b).decision is None
    a, b = refreshed(sent_a, sent_b)
    assert (a.state, b.state) == (ProposalState.DECIDED, ProposalState.SUBMITTED)
    page = client.get(response["Location"])
    assert "Đã ghi nhận Quyết định số 3120/QĐ-UBND ngày 20/12/2025: 2 tập thể, cá nhân" in " ".join(
        messages_of(page)
    )
    assert text(page).count("Đã khen thưởng: Số 3120/QĐ-UBND ngày 20/12/2025") == 2
    # Awarded nominees leave the form; the one still waiting stays.
    form = client.get(consolidated_url(sent_a.movement, "quyet-dinh/"))
    assert [n.pk for n in form.context["candidates"]] == [sent_b.nominees.get().pk]


def test_decision_number_recorded_twice_is_refused(client, reviewer, sent_a, sent_b):
    client.force_login(reviewer)
    url = consolidated_url(sent_a.movement, "quyet-dinh/")
    client.post(url, decision_data(sent_a.movement, sent_a.nominees.all()))

    response = client.post(url, decision_data(sent_b.movement, sent_b.nominees.all()))

    assert response.status_code == 200
    assert "Quyết định số 3120/QĐ-UBND đã được ghi nhận." in text(response)
    assert AwardDecision.objects.count() == 1
    assert Nominee.objects.get(proposal=sent_b).decision is None


def test_an_awarded_nominee_cannot_be_awarded_again(client, reviewer, sent_a):
    client.force_login(reviewer)
    url = consolidated_url(sent_a.movement, "quyet-dinh/")
    first = sent_a.nominees.first()
    client.post(url, decision_data(sent_a.movement, [first]))

    response = client.post(url, decision_data(sent_a.movement, [first], number="3200/QĐ-UBND"))

    assert response.status_code == 200
    assert "chưa có quyết định: Trợ giúp pháp lý lưu động" in text(response)
    assert AwardDecision.objects.count() == 1


def test_a_nominee_of_a_draft_proposal_cannot_be_awarded(client, reviewer, sent_a, draft_c):
    client.force_login(reviewer)

    response = client.post(
        consolidated_url(sent_a.movement, "quyet-dinh/"),
        decision_data(sent_a.movement, [*sent_a.nominees.all(), *draft_c.nominees.all()]),
    )

    assert response.status_code == 200
    assert (
        "Chỉ ghi nhận cho mô hình trong đề nghị đã gửi của phong trào này và chưa có quyết định: "
        "Chợ văn minh."
    ) in text(response)
    assert not AwardDecision.objects.exists()
    assert not Nominee.objects.filter(decision__isnull=False).exists()
    assert AwardProposal.objects.get(pk=sent_a.pk).state == ProposalState.SUBMITTED


def test_a_nominee_of_another_movement_or_none_is_refused(
    client, reviewer, sent_a, bang_khen, agency_b, clerk_b
):
    other = MovementFactory(award_kind=bang_khen)
    elsewhere = proposal_with(
        other, agency_b, clerk_b, collective(other, agency_b, clerk_b, "Khác")
    )
    send(elsewhere)
    client.force_login(reviewer)
    url = consolidated_url(sent_a.movement, "quyet-dinh/")

    foreign = client.post(url, decision_data(sent_a.movement, elsewhere.nominees.all()))
    empty = client.post(url, decision_data(sent_a.movement, []))
    undated = client.post(url, decision_data(sent_a.movement, sent_a.nominees.all(), decided_on=""))

    assert foreign.context["form"].errors["nominees"] == [
        "Lựa chọn không thuộc danh sách đề nghị của phong trào này."
    ]
    assert empty.context["form"].errors["nominees"] == [
        "Chọn ít nhất một tập thể, cá nhân được khen thưởng."
    ]
    assert undated.context["form"].errors["decided_on"]
    assert not AwardDecision.objects.exists()


def test_decisions_are_listed_read_only(client, reviewer, sent_a):
    services.record_decision(
        movement=sent_a.movement,
        award_kind=sent_a.award_kind,
        number="3120/QĐ-UBND",
        decided_on=date(2025, 12, 20),
        signer="",
        nominees=list(sent_a.nominees.all()),
        by=reviewer,
    )
    decision = AwardDecision.objects.get()
    client.force_login(reviewer)

    response = client.get("/admin/awards/awarddecision/")

    assert response.status_code == 200
    assert [d.awarded_count for d in response.context["cl"].result_list] == [2]
    assert "3120/QĐ-UBND" in text(response)
    assert consolidated_url(sent_a.movement, "quyet-dinh/") in text(response)
    detail = client.get(f"/admin/awards/awarddecision/{decision.pk}/change/")
    assert "Phạm Thị Dung – Hòa giải ở cơ sở (Sở Tư pháp)" in text(detail)
    assert client.get("/admin/awards/awarddecision/add/").status_code == 403


# ---------------------------------------------------------------------------- access


@pytest.mark.parametrize("tail", ["", "excel/", "to-trinh/", "quyet-dinh/"])
def test_staff_without_review_permission_gets_403(client, sent_a, tail):
    client.force_login(staff_with("view_awardproposal", "view_awarddecision", "add_awarddecision"))

    assert client.get(consolidated_url(sent_a.movement, tail)).status_code == 403


def test_recording_a_decision_needs_the_add_permission_too(client, sent_a):
    client.force_login(staff_with("view_awardproposal", "review_awardproposal"))
    url = consolidated_url(sent_a.movement, "quyet-dinh/")

    assert client.get(consolidated_url(sent_a.movement)).status_code == 200
    assert client.get(url).status_code == 403
    assert (
        client.post(url, decision_data(sent_a.movement, sent_a.nominees.all())).status_code == 403
    )
    assert not AwardDecision.objects.exists()


def test_unknown_movement_is_404(client, reviewer):
    client.force_login(reviewer)

    assert client.get("/admin/awards/awardproposal/tong-hop/999999/").status_code == 404


def test_reviewers_download_any_dossier_and_clerks_cannot_reach_it(client, reviewer, clerk_a):
    from awards.models import AwardProposal
    from tests.awards.factories import award_movement, complete_proposal

    movement = award_movement()
    proposal = complete_proposal(movement, clerk_a.agency, clerk_a)
    url = f"/admin/awards/awardproposal/{proposal.pk}/ho-so.pdf"
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(clerk_a)
    assert client.get(url).status_code == 302
    assert AwardProposal.objects.count() == 1


def test_staff_without_review_permission_cannot_download_a_dossier(client, clerk_a):
    from django.contrib.auth.models import Permission

    from tests.awards.factories import award_movement, complete_proposal
    from tests.factories import UserFactory

    proposal = complete_proposal(award_movement(), clerk_a.agency, clerk_a)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_awardproposal"))
    client.force_login(viewer)
    assert client.get(f"/admin/awards/awardproposal/{proposal.pk}/ho-so.pdf").status_code == 403


def test_a_decision_form_with_a_huge_id_gets_a_message(client, reviewer):
    from awards.models import AwardDecision
    from tests.awards.factories import award_movement

    movement = award_movement()
    client.force_login(reviewer)
    url = f"/admin/awards/awardproposal/tong-hop/{movement.pk}/quyet-dinh/"
    response = client.post(
        url,
        {
            "award_kind": movement.award_settings.award_kind_id,
            "number": "1/QĐ-UBND",
            "decided_on": "20/01/2026",
            "nominees": [str(2**70)],
        },
    )
    assert response.status_code == 200
    assert "không thuộc danh sách đề nghị" in response.content.decode()
    assert not AwardDecision.objects.exists()


def test_the_award_settings_are_edited_on_the_movement(client, reviewer):
    from tests.awards.factories import award_movement

    movement = award_movement()
    client.force_login(reviewer)
    text = client.get(f"/admin/movements/movement/{movement.pk}/change/").content.decode()
    for name in (
        "award_kind",
        "max_nominees",
        "vote_threshold",
        "vote_strictly_above",
        "vote_base",
    ):
        assert f'name="award_settings-0-{name}"' in text
