"""Times the registration pages at provincial scale and prints the figures.

    .venv/bin/python bench/registration_pages.py [--agencies 500] [--registrations 2100]

Builds a throw-away SQLite database (or uses DATABASE_URL if given) with the agencies and
registrations of a large province (DOMAIN.md: one province registered 2,071 models in a year),
then times the reviewer's changelist, the movement quota page, the consolidated Excel export
and a clerk's list, printing the median of several runs and the number of queries.
"""

import argparse
import statistics
import time

from movement_setup import create_movement
from setup_django import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--registrations", type=int, default=2100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    movement, clerk, reviewer = build(args.agencies, args.registrations)

    def measure(label, client, url, data=None):
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.post(url, data) if data else client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:<46} median {statistics.median(timings):7.1f} ms"
            f"  (min {min(timings):6.1f})  {len(queries):3d} queries"
        )

    print(
        f"Province: {args.agencies} agencies, {args.registrations} registrations "
        f"({connection.vendor})"
    )
    staff = Client()
    staff.force_login(reviewer)
    measure("admin changelist, 50 per page", staff, "/admin/registrations/registration/")
    measure(
        "admin changelist filtered (state, movement)",
        staff,
        f"/admin/registrations/registration/?state__exact=submitted&movement__id__exact={movement.pk}",
    )
    measure(
        "movement quota page (all agencies)",
        staff,
        f"/admin/movements/movement/{movement.pk}/chi-tieu/",
    )
    from registrations.models import Registration

    ids = list(Registration.objects.values_list("pk", flat=True))
    measure(
        f"consolidated Excel export ({len(ids)} rows)",
        staff,
        "/admin/registrations/registration/",
        {
            "action": "export_consolidated",
            "select_across": "1",
            "index": "0",
            "_selected_action": ids[:1],
        },
    )
    clerk_client = Client()
    clerk_client.force_login(clerk)
    measure("clerk home (open movements, counters)", clerk_client, "/")
    measure("clerk list of own registrations", clerk_client, "/mo-hinh/")


def build(n_agencies, n_registrations):
    from datetime import timedelta

    from bulk import mixed_registrations
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from movements.models import Field, MovementStatus, QuotaRule
    from portal.models import Agency, AgencyKind, Role, User

    kind = AgencyKind.objects.get(code="so-nganh")
    now = timezone.now()
    movement = create_movement(
        title="Phong trào đo hiệu năng",
        province="Vĩnh Long",
        year=2026,
        registration_opens_at=now - timedelta(days=30),
        registration_closes_at=now + timedelta(days=30),
        status=MovementStatus.OPEN,
    )
    QuotaRule.objects.create(movement=movement, max_collectives=5, max_individuals=10)
    agencies = Agency.objects.bulk_create(
        Agency(code=f"B{i:04d}", name=f"Cơ quan đo hiệu năng {i}", kind=kind)
        for i in range(n_agencies)
    )
    clerk = User.objects.create_user("bench.canbo", password="x", agency=agencies[0])
    clerk.groups.add(Group.objects.get(name=Role.CLERK.label))
    reviewer = User.objects.create_user("bench.snv", password="x", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=Role.REVIEWER.label))
    field = Field.objects.first()
    mixed_registrations(
        movement=movement,
        agencies=agencies,
        field=field,
        author=clerk,
        count=n_registrations,
        name="Mô hình đo hiệu năng",
    )
    return movement, clerk, reviewer


if __name__ == "__main__":
    main()
