"""Times the movement's calendar at provincial scale and prints the figures.

    .venv/bin/python bench/calendar.py [--agencies 100 1000] [--runs 5]

Builds a throw-away SQLite database (or uses DATABASE_URL if given) with one movement of eight
deadlines (registration, plan, three reports, scorecard, award dossier, review) and agencies
that answered them in every state: on time, late, returned, extended, not yet, not at all.
Prints the median time and query count of the coordinator's tracker page, its Excel export
and one agency's calendar (its home page), at each number of agencies.
"""

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from setup_django import setup_django

# This file shares its name with the standard library's calendar, which Django imports: once
# setup_django is loaded, bench/ leaves the import path so `import calendar` finds the real one.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    movement, deadlines, reviewer = build_movement()
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

    made = 0
    for target in sorted(args.agencies):
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


def add_agencies(movement, deadlines, reviewer, *, start, count):
    """``count`` more agencies; agency i answers each deadline in state (i + deadline) % 6."""
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
        if model is DeadlineExtension:
            # bulk_create skips save(), which sets the closing moment.
            for extension in items:
                extension.save()
        else:
            model.objects.bulk_create(items, batch_size=500)
    return clerk


if __name__ == "__main__":
    main()
