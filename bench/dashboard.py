"""Times the targets-against-fact dashboard with the model register at scale.

    .venv/bin/python bench/dashboard.py [--models 10000] [--agencies 500] [--runs 5]

Builds the same throw-away database as bench/model_register.py (``--models`` models over
2022–2026), adds a plan deadline with half the agencies' plans sent and seed 003's targets to
the 2026 movement, then prints the median time and query count of the dashboard page, a
drill-down (a page, its print, its Excel file) and the dashboard's Excel file. Target: the dashboard with 10,000 models ≤ 150 ms.
"""

import argparse
import statistics
import time

from setup_django import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from model_register import build

    reviewer, clerk, _sample = build(args.models, args.agencies)
    movement, target = add_targets(clerk)
    staff = Client()
    staff.force_login(reviewer)

    def measure(label, url):
        timings = []
        for _ in range(args.runs):
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = staff.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:<40} median {statistics.median(timings):8.1f} ms"
            f"  (min {min(timings):7.1f})  {len(queries):3d} queries"
        )

    print(f"{args.models} models, {args.agencies} agencies ({connection.vendor})")
    measure("dashboard (target ≤ 150 ms)", f"/bang-dieu-khien/{movement.pk}/")
    measure(
        "drill-down: agencies behind a target",
        f"/bang-dieu-khien/{movement.pk}/chi-tiet/?muc=chi-tieu-{target.pk}-chua",
    )
    measure(
        "drill-down printed: every agency",
        f"/bang-dieu-khien/{movement.pk}/chi-tiet/in/?muc=chi-tieu-{target.pk}-chua",
    )
    measure(
        "drill-down Excel: every agency",
        f"/bang-dieu-khien/{movement.pk}/chi-tiet/excel/?muc=chi-tieu-{target.pk}-chua",
    )
    measure(
        "drill-down: models in one status",
        f"/bang-dieu-khien/{movement.pk}/chi-tiet/?muc=trang-thai-kept",
    )
    measure("Excel of the dashboard", f"/bang-dieu-khien/{movement.pk}/excel/")


def add_targets(clerk):
    from datetime import date, datetime, timedelta
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from dashboard.models import Comparison, FactKind, Target
    from movements.models import Deadline, DeadlineKind, Movement
    from portal.models import Agency
    from reports.models import Plan, State

    movement = Movement.objects.get(year=2026)
    deadline = Deadline.objects.create(
        movement=movement, kind=DeadlineKind.PLAN, title="Gửi kế hoạch", due_on=date(2026, 3, 10)
    )
    sent = datetime(2026, 3, 1, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    Plan.objects.bulk_create(
        Plan(
            deadline=deadline,
            agency=agency,
            state=State.SUBMITTED,
            submitted_at=sent + timedelta(days=20 * (i % 3 == 0)),
            created_by=clerk,
        )
        for i, agency in enumerate(Agency.objects.filter(active=True)[::2])
    )
    target = Target.objects.create(
        movement=movement,
        name="100% đơn vị quán triệt kế hoạch",
        fact_kind=FactKind.PLAN_ON_TIME,
        target_value=Decimal(100),
    )
    Target.objects.create(
        movement=movement,
        name="Trên 80% đơn vị thực hiện tốt quy chế dân chủ",
        fact_kind=FactKind.MANUAL,
        target_value=Decimal(80),
        comparison=Comparison.MORE_THAN,
        manual_value=Decimal(85),
        source="Báo cáo sơ kết",
    )
    return movement, target


if __name__ == "__main__":
    main()
