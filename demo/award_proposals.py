"""The demo's award proposals: last year's decided (meeting, votes, nominees' records, the
decision), this year's being prepared."""

from datetime import date, datetime, time

from awards import services as awards
from awards.models import AwardKind, AwardSettings
from demo.people import GENDER
from demo.province import VN


def build_awards(province, old, new):
    """Sở Tư pháp's 2025 proposal, submitted and decided; its 2026 one just started."""
    kind = AwardKind.objects.get(pk=1)
    AwardSettings.objects.create(movement=new, award_kind=kind, max_nominees=5)
    clerk, leader = province.people["STP"]
    proposal = awards.start_proposal(movement=old, agency=province.agencies["STP"], by=clerk)
    awards.update_proposal(
        proposal=proposal,
        by=clerk,
        meeting_date=date(2025, 12, 5),
        meeting_place="Phòng họp Sở Tư pháp",
        meeting_chair="Lê Thị Hồng",
        meeting_secretary="Nguyễn Văn An",
        members_total=9,
        members_present=8,
        minutes_number="3",
        meeting_started_at=time(14, 0),
        meeting_ended_at=time(16, 15),
        members_attending="Lê Thị Hồng, Phó Giám đốc\nNguyễn Văn An, Chánh Văn phòng\n"
        "Trần Minh Khoa, Trưởng phòng Hành chính tư pháp\nHuỳnh Thị Ngọc Diệp, Chánh Thanh tra"
        "\nVõ Hoàng Phúc, Trưởng phòng Phổ biến, giáo dục pháp luật\nĐặng Thị Thu Trang, "
        "Giám đốc Trung tâm Trợ giúp pháp lý\nLâm Quốc Bảo, Chủ tịch Công đoàn\n"
        "Phan Thị Mỹ Linh, Bí thư Chi đoàn",
        members_absent="Trương Văn Sang, Phó Giám đốc, đi công tác",
        ballots_issued=8,
        ballots_returned=8,
        ballots_valid=8,
        report_number="41",
        letter_number="5",
        letter_symbol="TTr-STP",
        letter_date=date(2025, 12, 10),
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Lê Thị Hồng",
        report_results="Triển khai 6 mô hình “Dân vận khéo”; 100% cán bộ, công chức tham gia.",
        report_limitations="Một số mô hình chưa có số liệu đánh giá cụ thể.",
        report_lessons="Lãnh đạo sát sao, phân công rõ người, rõ việc.",
        report_proposals="Đề nghị tỉnh tổ chức tập huấn kỹ năng dân vận cho công chức.",
    )
    nominees = []
    for votes, registration in zip(
        (8, 7), old.registrations.filter(agency__code="STP").order_by("pk"), strict=False
    ):
        nominee = awards.add_nominee(proposal=proposal, registration=registration, by=clerk)
        awards.update_nominee(
            nominee=nominee,
            by=clerk,
            votes_in_favour=votes,
            summary=registration.content,
            actions="Lập tổ công tác, phân công trực hằng tuần, sơ kết mỗi quý.",
            results="312 hồ sơ được tiếp nhận đúng hạn; không có khiếu nại vượt cấp.",
            effectiveness="Người dân hài lòng; 3 xã đến học tập cách làm.",
            replicability=registration.replicability,
            situation="Đơn vị có 14 công chức, tiếp nhận và giải quyết hồ sơ tư pháp "
            "cho người dân, doanh nghiệp trên địa bàn tỉnh.",
            birth_date=date(1982, 3, 14),
            gender=GENDER.get(registration.person_name, "nu"),
            ethnicity="Kinh",
            hometown="Xã Phú Quới, tỉnh Vĩnh Long",
            residence="Phường Thanh Đức, tỉnh Vĩnh Long",
            qualification="Thạc sĩ Luật",
            political_theory="Cao cấp",
            duties="Phụ trách công tác hộ tịch, chứng thực và trợ giúp pháp lý.",
            earlier_awards="2024; Giấy khen của Giám đốc Sở Tư pháp; Quyết định số "
            "118/QĐ-STP ngày 20/12/2024 của Giám đốc Sở Tư pháp",
        )
        nominees.append(nominee)
    awards.submit_proposal(
        proposal=proposal, by=leader, now=datetime(2025, 12, 10, 9, 0, tzinfo=VN)
    )
    awards.record_decision(
        movement=old,
        award_kind=kind,
        number="215/QĐ-UBND",
        decided_on=date(2026, 1, 20),
        signer="Chủ tịch Ủy ban nhân dân tỉnh",
        nominees=nominees[:1],
        by=province.reviewer,
    )
    # 2026: Sở Tư pháp has started; its list of what is missing shows the way.
    draft = awards.start_proposal(movement=new, agency=province.agencies["STP"], by=clerk)
    accepted = new.registrations.filter(agency__code="STP", state="accepted").first()
    if accepted is not None:
        awards.add_nominee(proposal=draft, registration=accepted, by=clerk)
