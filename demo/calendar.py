"""The demo province's calendar: content areas, indicators, a plan deadline in every standing
and the periodic reports, built through the services as agencies and the coordinator would."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from movements.models import Deadline, DeadlineExtension, DeadlineKind
from reports.models import ContentArea, Indicator, IndicatorKind
from reports.services import periodic, plans

# Seed 002's eight content areas of the year's work.
CONTENT_AREAS = [
    "Tuyên truyền, quán triệt chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    "Công tác dân vận gắn với cải cách hành chính, kỷ luật, kỷ cương, thực hiện dân chủ ở cơ sở",
    "Phong trào thi đua yêu nước, các chương trình phát triển kinh tế – xã hội",
    "Công tác dân vận vùng đồng bào dân tộc thiểu số, tôn giáo",
    "Tiếp xúc, đối thoại với Nhân dân; giải quyết khiếu nại, tố cáo, kiến nghị",
    "Phối hợp với Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị – xã hội",
    "Kiểm tra công vụ, kiểm tra việc triển khai thực hiện",
    "Công tác dân vận phục vụ bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp",
]
INDICATORS = [
    ("Số cuộc đối thoại trực tiếp với Nhân dân", IndicatorKind.NUMBER, "cuộc"),
    ("Số đơn thư đã giải quyết", IndicatorKind.NUMBER, "đơn"),
    ("Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ ở cơ sở", IndicatorKind.PERCENT, ""),
]
# The symbol an agency's plans and reports carry after their number (“15/KH-STP”); a commune's
# People's Committee writes “UBND”.
SYMBOLS = {"SGDDT": "SGDĐT"}
# The smallest file the scan check accepts as a PDF; the demo's “signed scans”.
SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _symbol(code, agency):
    return "UBND" if agency.kind.tier == "commune" else SYMBOLS.get(code, code)


def build_calendar(movement, *, agencies, people, reviewer):
    """Plans and periodic reports of the demo movement: every standing the tracker shows."""
    now, today = timezone.now(), timezone.localdate()
    areas = [
        ContentArea.objects.create(movement=movement, position=i, name=name)
        for i, name in enumerate(CONTENT_AREAS, start=1)
    ]
    indicators = [
        Indicator.objects.create(movement=movement, position=i, name=n, kind=k, unit=u)
        for i, (n, k, u) in enumerate(INDICATORS, start=1)
    ]
    deadline = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.PLAN,
        title="Gửi kế hoạch thực hiện công tác dân vận năm 2026",
        due_on=today + timedelta(days=5),
        due_day_counts=False,
    )
    sent = {}
    for number, (code, days_ago) in enumerate(
        [("STP", 15), ("SGDDT", 14), ("LHO-X1", 13), ("SYT", 3), ("STC", None)], start=1
    ):
        clerk, leader = people[code]
        plan = plans.start_plan(deadline=deadline, agency=agencies[code], by=clerk)
        commune = agencies[code].kind.tier == "commune"
        plans.update_plan(
            plan=plan,
            by=clerk,
            number=f"{number}/KH-{_symbol(code, agencies[code])}",
            issued_on=today - timedelta(days=16),
            # The document prints “KẾ HOẠCH” above; the title goes on from it.
            title="Thực hiện công tác dân vận chính quyền năm 2026",
            targets="100% cán bộ, công chức được quán triệt kế hoạch.\n"
            "Tổ chức ít nhất 02 cuộc đối thoại trực tiếp với Nhân dân.",
        )
        for area, task, timing in (
            (areas[0], "Quán triệt kế hoạch đến toàn thể cán bộ, công chức", "Quý I/2026"),
            (areas[4], "Tổ chức đối thoại trực tiếp với Nhân dân", "Quý II, Quý IV/2026"),
        ):
            plans.add_task(
                plan=plan,
                by=clerk,
                area=area,
                task=task,
                directs="Chủ tịch UBND xã" if commune else "Giám đốc Sở",
                carries_out="Văn phòng HĐND và UBND xã" if commune else "Văn phòng Sở",
                timing=timing,
            )
        if days_ago is not None:
            sent[code] = plans.submit_plan(plan=plan, by=leader, now=now - timedelta(days=days_ago))
    plans.accept_plan(plan=sent["STP"], by=reviewer)
    plans.return_plan(
        plan=sent["LHO-X1"],
        by=reviewer,
        reason="Đề nghị ghi rõ thời gian thực hiện và đơn vị tham mưu của từng nhiệm vụ.",
    )
    # The plan's date was first entered wrong and then corrected to the one the plan words:
    # Sở Y tế's send, three days ago, now reads as late — as the tracker shows it.
    deadline.due_on = today - timedelta(days=5)
    deadline.save()
    DeadlineExtension.objects.create(
        deadline=deadline,
        agency=agencies["CA"],
        until_on=today + timedelta(days=6),
        reason="Đơn vị đang kiện toàn tổ chức bộ máy sau sắp xếp.",
        granted_by=reviewer,
    )
    # Periodic reports: the 6-month one due soon, the annual one at year end.
    half_year = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REPORT,
        title="Báo cáo 6 tháng đầu năm 2026",
        due_on=today + timedelta(days=6),
        due_day_counts=True,
    )
    Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.REPORT,
        title="Báo cáo năm 2026",
        due_on=today + timedelta(days=40),
        due_day_counts=False,
    )
    for code, figures, accept in (("STP", (3, 12, 95), True), ("LHO-X1", (5, 20, 80), False)):
        clerk, leader = people[code]
        report = periodic.start_report(deadline=half_year, agency=agencies[code], by=clerk)
        periodic.save_report(
            report=report,
            by=clerk,
            fields={
                "number": f"15/BC-{_symbol(code, agencies[code])}",
                "difficulties": "Một số đơn vị mới sắp xếp, cán bộ còn kiêm nhiệm.",
                "proposals": "Đề nghị tổ chức tập huấn kỹ năng dân vận cho cán bộ cơ sở.",
            },
            sections={areas[0].pk: "Đã quán triệt kế hoạch đến 100% cán bộ, công chức."},
            figures={i.pk: str(v) for i, v in zip(indicators, figures, strict=True)},
        )
        periodic.save_signed_scan(
            report=report,
            upload=SimpleUploadedFile(f"bao-cao-{code.lower()}.pdf", SCAN),
            by=leader,
        )
        report = periodic.submit_report(report=report, by=leader)
        if accept:
            periodic.accept_report(report=report, by=reviewer)
