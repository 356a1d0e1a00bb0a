"""Times the movement's calendar at provincial scale and prints the figures.

    .venv/bin/python bench/movement_calendar.py [--agencies 100 1000] [--runs 5]

Builds a throw-away SQLite database (or uses DATABASE_URL if given) with one movement of eight
deadlines (registration, plan, three reports, scorecard, award dossier, review) and agencies
that answered them in every state: on time, late, returned, extended, not yet, not at all.
Prints the median time and query count of the coordinator's tracker page, its Excel export,
one agency's calendar (its home page) and the consolidated Excel of a report deadline every
agency answered, then one run of the reminder sender (send_notifications) over every agency,
each with a clerk and a leader, and a second run that must make and send nothing.

On PostgreSQL, give the bench its own database (never the tests' one):

    createdb -h 127.0.0.1 -U postgres bench_calendar
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_calendar .venv/bin/python bench/movement_calendar.py
    dropdb -h 127.0.0.1 -U postgres bench_calendar
"""

import argparse
import os
import statistics
import time
from datetime import timedelta

from setup_django import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    # Mails stay in memory: the sender's run is timed, nothing leaves the machine.
    os.environ.setdefault("EMAIL_URL", "memorymail://")
    setup_django()
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    movement, deadlines, reviewer = build_movement()
    yearly = build_yearly_report(movement)
    clerk = None

    def measure(label, client, url):
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:<44} median {statistics.median(timings):7.1f} ms"
            f"  (min {min(timings):6.1f})  {len(queries):3d} queries"
        )

    def send(label):
        from notifications.models import Notification

        before = Notification.objects.count()
        mail.outbox = []
        with CaptureQueriesContext(connection) as queries, open(os.devnull, "w") as quiet:
            start = time.perf_counter()
            call_command("send_notifications", limit=1_000_000, stdout=quiet)
            took = (time.perf_counter() - start) * 1000
        made = Notification.objects.count() - before
        print(
            f"{label:<44} {took:9.1f} ms  {made:5d} notifications"
            f" {len(mail.outbox):5d} mails  {len(queries):5d} queries"
        )

    made = 0
    for target in sorted(args.agencies):
        made_before = made
        clerk = (
            add_agencies(movement, deadlines, reviewer, start=made, count=target - made) or clerk
        )
        made = target
        print(f"{made} agencies × {len(deadlines)} deadlines ({connection.vendor})")
        staff = Client()
        staff.force_login(reviewer)
        base = f"/admin/movements/movement/{movement.pk}/theo-doi/"
        measure("tracker page (every agency)", staff, base)
        measure("tracker page filtered (late)", staff, f"{base}?trang-thai=late")
        measure("tracker Excel export", staff, f"{base}excel/")
        agency = Client()
        agency.force_login(clerk)
        measure("one agency's home page with its calendar", agency, "/")
        add_report_answers(yearly, start=made_before, count=target - made_before)
        consolidation = f"/admin/reports/report/tong-hop/{yearly.pk}/excel/"
        measure("consolidated report Excel (every agency)", staff, consolidation)
        # Every agency is reminded afresh: the run covers all of them, not the ones just added.
        from notifications.models import Notification

        Notification.objects.all().delete()
        send("reminder sender, first run")
        send("reminder sender, second run (nothing new)")


def build_movement():
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from movements.models import Deadline, DeadlineKind, Movement, MovementStatus, QuotaRule
    from portal.models import Role, User
    from scoring.models import CriteriaSet

    today = timezone.localdate()
    movement = Movement.objects.create(
        title="Phong trào đo hiệu năng lịch công việc",
        province="Vĩnh Long",
        year=today.year,
        status=MovementStatus.OPEN,
    )
    QuotaRule.objects.create(movement=movement, max_collectives=5, max_individuals=10)
    # Four deadlines already passed, four still ahead: every state shows somewhere.
    plan = [
        (DeadlineKind.REGISTRATION, "Đăng ký mô hình", -60),
        (DeadlineKind.PLAN, "Gửi kế hoạch năm", -45),
        (DeadlineKind.REPORT, "Báo cáo quý I", -20),
        (DeadlineKind.REPORT, "Báo cáo 6 tháng", -5),
        (DeadlineKind.REPORT, "Báo cáo 9 tháng", 30),
        (DeadlineKind.SCORECARD, "Chấm điểm tiêu chí", 60),
        (DeadlineKind.AWARD, "Hồ sơ đề nghị khen thưởng", 90),
        (DeadlineKind.REVIEW, "Rà soát mô hình", 120),
    ]
    deadlines = [
        Deadline.objects.create(
            movement=movement, kind=kind, title=title, due_on=today + timedelta(days=offset)
        )
        for kind, title, offset in plan
    ]
    reviewer = User.objects.create_user("bench.lich.snv", password="x", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=Role.REVIEWER.label))
    CriteriaSet.objects.create(
        code="01/HDLT",
        title="Bộ tiêu chí đo hiệu năng",
        province="Vĩnh Long",
        year_from=2023,
        max_total=100,
    )
    return movement, deadlines, reviewer


def build_yearly_report(movement):
    """A report deadline already closed that every agency answers, with figures and sections:
    what the consolidated Excel reads. Its own movement keeps the tracker at eight deadlines."""
    from django.utils import timezone

    from movements.models import Deadline, DeadlineKind, Movement, MovementStatus
    from reports.models import ContentArea, Indicator, IndicatorKind

    today = timezone.localdate()
    yearly = Movement.objects.create(
        title="Phong trào đo hiệu năng tổng hợp báo cáo",
        province=movement.province,
        year=movement.year,
        status=MovementStatus.CLOSED,
    )
    for position in range(8):
        ContentArea.objects.create(
            movement=yearly, position=position, name=f"Nội dung công tác {position + 1}"
        )
    for position in range(6):
        Indicator.objects.create(
            movement=yearly,
            position=position,
            name=f"Chỉ số {position + 1}",
            kind=IndicatorKind.PERCENT if position == 5 else IndicatorKind.NUMBER,
            unit="" if position == 5 else "cuộc",
        )
    return Deadline.objects.create(
        movement=yearly,
        kind=DeadlineKind.REPORT,
        title="Báo cáo năm",
        due_on=today - timedelta(days=10),
    )


def add_report_answers(deadline, *, start, count):
    """Agencies ``start``… send the yearly report: figures for every indicator, a section per
    content area, difficulties and proposals. Rows written in bulk: this is a bench."""
    from portal.models import Agency, User
    from reports.models import ContentArea, Indicator, Report, ReportFigure, ReportSection

    author = User.objects.get(username="bench.lich.canbo")
    agencies = list(
        Agency.objects.filter(code__startswith="L").order_by("code")[start : start + count]
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                deadline=deadline,
                agency=agency,
                created_by=author,
                state="accepted" if n % 3 else "submitted",
                submitted_at=deadline.closes_at - timedelta(days=1, minutes=n % 1440),
                difficulties=f"Khó khăn của {agency.name}.",
                proposals=f"Đề xuất của {agency.name}.",
            )
            for n, agency in enumerate(agencies, start=start)
        ],
        batch_size=500,
    )
    indicators = list(Indicator.objects.filter(movement_id=deadline.movement_id))
    areas = list(ContentArea.objects.filter(movement_id=deadline.movement_id))
    ReportFigure.objects.bulk_create(
        [
            ReportFigure(report=report, indicator=indicator, value=(report.agency_id + i) % 90)
            for report in reports
            for i, indicator in enumerate(indicators)
        ],
        batch_size=1000,
    )
    ReportSection.objects.bulk_create(
        [
            ReportSection(report=report, area=area, results=f"Kết quả {area.name.lower()}.")
            for report in reports
            for area in areas
        ],
        batch_size=1000,
    )


def add_people(agencies):
    """A clerk and a leader with an e-mail address for each agency: whom reminders reach."""
    from django.contrib.auth.models import Group

    from portal.models import Role, User

    users = User.objects.bulk_create(
        [
            User(
                username=f"bench.{role.value}.{agency.code}",
                email=f"{role.value}.{agency.code.lower()}@bench.invalid",
                password="!",
                agency=agency,
            )
            for agency in agencies
            for role in (Role.CLERK, Role.LEADER)
        ],
        batch_size=500,
    )
    groups = {role: Group.objects.get(name=role.label) for role in (Role.CLERK, Role.LEADER)}
    through = User.groups.through
    through.objects.bulk_create(
        [
            through(user_id=user.pk, group_id=groups[Role(user.username.split(".")[1])].pk)
            for user in users
        ],
        batch_size=1000,
    )


def add_agencies(movement, deadlines, reviewer, *, start, count):
    """``count`` more agencies; agency i answers each deadline in state (i + deadline) % 6."""
    from bulk import bulk_registrations
    from django.contrib.auth.models import Group

    from awards.models import AwardKind, AwardProposal
    from movements.models import DeadlineExtension, DeadlineKind, Field
    from portal.models import Agency, AgencyKind, Role, User
    from registrations.models import Carrier, Registration
    from reports.models import Plan, Report
    from scoring.models import CriteriaSet, Scorecard

    kinds = list(AgencyKind.objects.order_by("pk"))
    agencies = Agency.objects.bulk_create(
        Agency(code=f"L{i:05d}", name=f"Cơ quan lịch {i}", kind=kinds[i % len(kinds)])
        for i in range(start, start + count)
    )
    add_people(agencies)
    clerk = None
    if start == 0:
        clerk = User.objects.create_user("bench.lich.canbo", password="x", agency=agencies[0])
        clerk.groups.add(Group.objects.get(name=Role.CLERK.label))
    field = Field.objects.first()
    sheet = CriteriaSet.objects.first()
    award_kind = AwardKind.objects.first()
    author = clerk or User.objects.get(username="bench.lich.canbo")
    rows = {"registration": [], "plan": [], "report": [], "scorecard": [], "award": []}
    extensions = []
    for offset, agency in enumerate(agencies, start=start):
        for index, deadline in enumerate(deadlines):
            # 0 on time, 1 late, 2 returned, 3 extended, 4 draft only, 5 nothing
            shape = (offset + index) % 6
            if shape == 3:
                extensions.append(
                    DeadlineExtension(
                        deadline=deadline,
                        agency=agency,
                        until_on=deadline.due_on + timedelta(days=10),
                        reason="Đo hiệu năng",
                        granted_by=reviewer,
                    )
                )
                continue
            if shape == 5:
                continue
            state = {0: "submitted", 1: "accepted", 2: "returned", 4: "draft"}[shape]
            sent_at = None
            if shape != 4:
                # Each agency at its own minute, as in life: no two cells share a text by chance.
                spread = timedelta(minutes=offset * 37 % 2000)
                sent_at = deadline.closes_at + (
                    -timedelta(days=1) - spread if shape == 0 else timedelta(days=2) + spread
                )
            common = {
                "agency": agency,
                "state": state,
                "submitted_at": sent_at,
                "return_reason": "Bổ sung" if state == "returned" else "",
            }
            if deadline.kind == DeadlineKind.REGISTRATION:
                for n in range(3):
                    rows["registration"].append(
                        Registration(
                            movement=movement,
                            carrier=Carrier.COLLECTIVE if n else Carrier.INDIVIDUAL,
                            name=f"Mô hình {offset}.{n}",
                            collective_name="Tập thể",
                            person_name="Nguyễn Văn A",
                            field=field,
                            created_by=author,
                            **common,
                        )
                    )
            elif deadline.kind == DeadlineKind.PLAN:
                rows["plan"].append(Plan(deadline=deadline, created_by=author, **common))
            elif deadline.kind == DeadlineKind.REPORT:
                rows["report"].append(Report(deadline=deadline, created_by=author, **common))
            elif deadline.kind == DeadlineKind.SCORECARD:
                rows["scorecard"].append(Scorecard(movement=movement, criteria_set=sheet, **common))
            elif deadline.kind == DeadlineKind.AWARD:
                rows["award"].append(
                    AwardProposal(movement=movement, award_kind=award_kind, **common)
                )
    for model, items in [
        (Registration, rows["registration"]),
        (Plan, rows["plan"]),
        (Report, rows["report"]),
        (Scorecard, rows["scorecard"]),
        (AwardProposal, rows["award"]),
        (DeadlineExtension, extensions),
    ]:
        if model is Registration:
            bulk_registrations(items)
        elif model is DeadlineExtension:
            # bulk_create skips save(), which sets the closing moment.
            for extension in items:
                extension.save()
        else:
            model.objects.bulk_create(items, batch_size=500)
    return clerk


if __name__ == "__main__":
    main()
