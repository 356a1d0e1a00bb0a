"""Times the model register (sổ theo dõi mô hình) at national scale and prints the figures.

    .venv/bin/python bench/model_register.py [--models 10000] [--agencies 500] [--runs 5]

Builds a throw-away SQLite database (or uses DATABASE_URL if given) with ``--models`` models
over five movements (2022–2026): each registered every year from its start, most recognised,
some kept, strengthened or removed, some handed over by merged units and some replicated. Prints
the median time and query count of the coordinator's register (unfiltered, filtered, searched),
a model's page in the admin and on the agency's side, and the Excel export of every model with
its peak memory (tracemalloc) against a fifth of the rows, to show memory stays flat.
"""

import argparse
import statistics
import time
import tracemalloc

from setup_django import setup_django

YEARS = (2022, 2023, 2024, 2025, 2026)


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

    reviewer, clerk, sample = build(args.models, args.agencies)
    staff, agency = Client(), Client()
    staff.force_login(reviewer)
    agency.force_login(clerk)

    def measure(label, client, url):
        timings = []
        for _ in range(args.runs):
            # The log keeps 9,000 queries: cleared, so the count is never of a full log.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:<48} median {statistics.median(timings):8.1f} ms"
            f"  (min {min(timings):7.1f})  {len(queries):3d} queries"
        )

    print(
        f"{args.models} models, {args.agencies} agencies, years {YEARS[0]}–{YEARS[-1]}"
        f" ({connection.vendor})"
    )
    register = "/admin/initiatives/initiative/"
    measure("register, 50 per page", staff, register)
    measure(
        "register filtered (status, agency kind)",
        staff,
        f"{register}?status__exact=kept&agency__kind__id__exact={sample.agency.kind_id}",
    )
    measure(
        "register filtered (commended, replicated)",
        staff,
        f"{register}?nhan-rong=co&khen-thuong=khong",
    )
    measure(
        "register filtered (period, year recognised)",
        staff,
        f"{register}?giai-doan=2021%E2%80%932025&nam-cong-nhan=2023",
    )
    measure("register searched (“hòa giải”)", staff, f"{register}?q=h%C3%B2a+gi%E1%BA%A3i")
    measure("a model in the admin (timeline)", staff, f"{register}{sample.pk}/change/")
    measure("a model on the agency's page", agency, f"/so-mo-hinh/{sample.pk}/")
    measure("the agency's own register", agency, "/so-mo-hinh/")
    for label, query in [
        ("Excel, a fifth of the models (status=kept)", "?status__exact=kept"),
        ("Excel, every model", ""),
    ]:
        url = f"{register}excel/{query}"
        timings = []
        for _ in range(args.runs):
            # The log keeps 9,000 queries: cleared, so the count is never of a full log.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = staff.get(url)
                timings.append(time.perf_counter() - start)
            count = len(queries.captured_queries)
            assert response.status_code == 200
        # Memory in a run of its own: tracemalloc slows Python down several times.
        tracemalloc.start()
        staff.get(url)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{label:<48} median {statistics.median(timings) * 1000:8.1f} ms"
            f"  peak {peak / 2**20:5.1f} MiB  {len(response.content) / 2**20:4.2f} MiB file"
            f"  {count:3d} queries"
        )


def build(n_models, n_agencies):
    """Rows written in bulk (this is a bench); the shapes are those the services make."""
    from datetime import date

    from django.contrib.auth.models import Group

    from initiatives.models import (
        Carrier,
        EventKind,
        Initiative,
        InitiativeEvent,
        Replication,
        Status,
    )
    from movements.models import Field, Movement, MovementStatus
    from portal.models import Agency, AgencyKind, Role, User
    from registrations.models import Registration, State

    kinds = list(AgencyKind.objects.order_by("pk"))
    fields = list(Field.objects.order_by("pk"))
    agencies = Agency.objects.bulk_create(
        Agency(code=f"M{i:05d}", name=f"Đơn vị sổ mô hình {i}", kind=kinds[i % len(kinds)])
        for i in range(n_agencies)
    )
    merged = Agency.objects.bulk_create(
        Agency(
            code=f"MC{i:04d}",
            name=f"Đơn vị đã sáp nhập {i}",
            kind=kinds[0],
            active=False,
            merged_into=agencies[i],
        )
        for i in range(n_agencies // 10)
    )
    reviewer = User.objects.create_user("bench.so.snv", password="x", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=Role.REVIEWER.label))
    clerk = User.objects.create_user("bench.so.canbo", password="x", agency=agencies[0])
    clerk.groups.add(Group.objects.get(name=Role.CLERK.label))
    movements = {
        year: Movement.objects.create(
            title=f"Phong trào “Dân vận khéo” năm {year} (đo hiệu năng)",
            year=year,
            period="2021–2025" if year < 2026 else "2026–2030",
            status=MovementStatus.OPEN if year == 2026 else MovementStatus.CLOSED,
        )
        for year in YEARS
    }
    ideas = [
        "Tổ hòa giải ở cơ sở",
        "Chợ văn minh",
        "Một cửa thân thiện",
        "Khu dân cư an toàn",
        "Đối thoại với Nhân dân",
        "Hỗ trợ hộ nghèo",
    ]
    statuses = [
        Status.RECOGNISED,
        Status.KEPT,
        Status.KEPT,
        Status.STRENGTHENED,
        Status.REMOVED,
        Status.REGISTERED,
    ]
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                name=f"{ideas[i % len(ideas)]} số {i}",
                carrier=Carrier.COLLECTIVE if i % 3 else Carrier.INDIVIDUAL,
                field=fields[i % len(fields)],
                agency=agencies[i % n_agencies],
                start_year=YEARS[i % len(YEARS)],
                status=statuses[i % len(statuses)],
                recognised_by=""
                if statuses[i % len(statuses)] == Status.REGISTERED
                else "Ủy ban nhân dân tỉnh",
                recognised_number=""
                if statuses[i % len(statuses)] == Status.REGISTERED
                else f"{i % 300}/QĐ-UBND",
                recognised_on=None
                if statuses[i % len(statuses)] == Status.REGISTERED
                else date(YEARS[i % len(YEARS)], 12, 1),
                removed_reason="Không còn hiệu quả"
                if statuses[i % len(statuses)] == Status.REMOVED
                else "",
            )
            for i in range(n_models)
        ],
        batch_size=1000,
    )
    registrations, events, replications = [], [], []
    for i, initiative in enumerate(initiatives):
        for year in YEARS:
            if year < initiative.start_year:
                continue
            registrations.append(
                Registration(
                    movement=movements[year],
                    agency=initiative.agency,
                    initiative=initiative,
                    carrier=initiative.carrier,
                    name=initiative.name,
                    field=initiative.field,
                    collective_name="Tập thể",
                    person_name="Nguyễn Văn A",
                    state=State.ACCEPTED,
                    created_by=clerk,
                )
            )
            events.append(
                InitiativeEvent(
                    initiative=initiative,
                    kind=EventKind.KEPT if year > initiative.start_year else EventKind.REGISTERED,
                    year=year,
                    decision_number=f"{year}/QĐ",
                    recorded_by=reviewer,
                )
            )
        if i % 10 == 0 and merged:
            events.append(
                InitiativeEvent(
                    initiative=initiative,
                    kind=EventKind.TRANSFERRED,
                    year=2025,
                    from_agency=merged[i % len(merged)],
                    to_agency=initiative.agency,
                )
            )
        if i % 20 == 0:
            replications.append(
                Replication(
                    initiative=initiative,
                    agency=agencies[(i + 1) % n_agencies],
                    since=date(2025, 6, 1),
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=1000)
    InitiativeEvent.objects.bulk_create(events, batch_size=1000)
    Replication.objects.bulk_create(replications, batch_size=1000)
    # The first model: the clerk's agency's, recognised, handed over and replicated.
    sample = initiatives[0]
    print(
        f"built {len(initiatives)} models, {len(registrations)} registrations, "
        f"{len(events)} timeline steps, {len(replications)} replications"
    )
    return reviewer, clerk, sample


if __name__ == "__main__":
    main()
