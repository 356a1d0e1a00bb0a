"""Roles come from a migration; the demo province is built through the services."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from movements.models import Movement
from portal.models import Agency, Role, User
from registrations.models import Registration, State

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_three_roles_with_their_permissions():
    perms = {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }
    clerk, leader, reviewer = (perms[r.label] for r in (Role.CLERK, Role.LEADER, Role.REVIEWER))
    assert "registrations.add_registration" in clerk
    assert "registrations.submit_registration" not in clerk
    assert {"registrations.submit_registration", "registrations.withdraw_registration"} <= leader
    assert "registrations.review_registration" in reviewer
    assert "registrations.review_registration" not in leader


def test_seed_demo_builds_a_believable_province_and_can_run_twice(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    output = capsys.readouterr().out

    assert "stp.canbo" in output and "DanVan@2026" in output
    assert Agency.objects.filter(kind__tier="province").count() >= 25
    # The 8 districts of 2025 are history: ended on 01/7/2025, their communes under the province.
    assert Agency.objects.filter(kind__code="ubnd-huyen", active=False).count() == 8
    assert not Agency.objects.filter(kind__tier="district", active=True).exists()
    for code in ("cong-an", "quan-su", "giao-duc", "y-te"):
        assert Agency.objects.filter(kind__code=code).exists()
    communes = Agency.objects.filter(kind__code="ubnd-xa", active=True)
    assert communes.count() > 8
    assert not communes.filter(parent__isnull=False).exists()
    states = set(Registration.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert User.objects.filter(groups__name=Role.REVIEWER.label, is_staff=True).exists()
    assert Movement.objects.filter(status="open").count() == 1
    # Sở Tư pháp is at its quota; Sở Xây dựng has registered nothing.
    justice = Registration.objects.filter(
        agency__code="STP", movement__year=2026, state__in=["submitted", "accepted", "returned"]
    )
    assert justice.count() == 6
    assert not Registration.objects.filter(agency__code="SXD").exists()

    # The calendar: the plan deadline in every standing, reports, and notifications to read.
    from collections import Counter

    from movements.models import Deadline
    from movements.selectors import deadline_standing
    from notifications.models import Notification
    from portal.models import Coordinator

    assert Coordinator.objects.get().name == "Sở Nội vụ tỉnh Vĩnh Long"
    plan_deadline = Deadline.objects.get(movement__year=2026, kind="plan")
    standing = {row.agency.code: row.standing for row in deadline_standing(deadline=plan_deadline)}
    assert (standing["STP"], standing["SYT"], standing["CA"], standing["SXD"]) == (
        "on_time",
        "late",
        "extended",
        "missing",
    )
    assert Deadline.objects.filter(movement__year=2026, kind="report").count() == 2
    told = Counter(Notification.objects.values_list("user__username", flat=True))
    assert told["lho-x1.canbo"] >= 2  # the returned plan, and a reminder
    assert told["sxd.canbo"] >= 2  # the missed plan, and the report due soon
    assert Notification.objects.filter(
        user__username="lho-x1.canbo", subject__contains="bị trả lại"
    ).exists()


def test_an_agency_cannot_sit_under_itself_or_its_own_unit():
    from django.core.exceptions import ValidationError

    from tests.factories import AgencyFactory

    district = AgencyFactory(name="UBND huyện A")
    commune = AgencyFactory(name="UBND xã B", parent=district)
    district.parent = commune
    with pytest.raises(ValidationError, match="Cơ quan cấp trên"):
        district.full_clean()


def test_the_suite_runs_on_the_database_ci_asked_for():
    """CI runs the suite twice; the PostgreSQL run must really be on PostgreSQL (row locks)."""
    import os

    from django.db import connection

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_the_demo_ward_plays_seed_001():
    """Three former units merged into a ward; their models reviewed and decided; new ones."""
    call_command("seed_demo")
    from initiatives.models import Initiative, InitiativeReview, ReviewState

    ward = Agency.objects.get(code="PBD")
    assert Agency.objects.filter(merged_into=ward, active=False).count() == 3
    inherited = Initiative.objects.filter(agency=ward, start_year__lt=2026)
    statuses = sorted(inherited.values_list("status", flat=True))
    assert statuses == ["kept", "kept", "recognised", "recognised", "removed", "strengthened"]
    assert all(i.events.filter(kind="transferred").exists() for i in inherited)
    assert InitiativeReview.objects.get(agency=ward).state == ReviewState.SUBMITTED
    new = Registration.objects.filter(agency=ward, movement__year=2026, state="submitted")
    assert new.count() == 2
    assert {r.initiative.start_year for r in new} == {2026}


def test_the_demo_reads_like_a_real_province_after_the_2025_reform(tmp_path):
    """Communes written as Vietnamese writes them, people all different, no district acting in
    anything dated after 01/7/2025, and no “sample” wording on what prints on documents."""
    import subprocess

    from awards.models import AwardProposal
    from movements.models import DeadlineExtension, QuotaRule
    from notifications.models import Notification
    from registrations.selectors import usage_for
    from reports.models import Plan, Report
    from reports.pdf_plans import plan_pdf
    from scoring.models import BandScheme, CriteriaSet, Scorecard
    from scoring.pdf import score_sheet_pdf

    call_command("seed_demo")

    shorts = list(Agency.objects.filter(kind__code="ubnd-xa").values_list("short_name", flat=True))
    assert shorts and all(s.startswith(("UBND xã ", "UBND phường ")) for s in shorts), shorts
    assert "UBND xã Phú Quới" in shorts and "UBND phường Cái Vồn" in shorts
    names = list(User.objects.values_list("full_name", flat=True))
    assert len(names) == len(set(names)), names
    assert not [n for n in names if n.startswith("Cán bộ")]
    people = list(
        Registration.objects.exclude(person_name="").values_list("person_name", flat=True)
    )
    assert len(people) == len(set(people)) and not set(people) & set(names)

    new, old = Movement.objects.get(year=2026), Movement.objects.get(year=2025)
    district = {"agency__kind__tier": "district"}
    assert not QuotaRule.objects.filter(movement=new, agency_kind__tier="district").exists()
    for rows in (
        Registration.objects.filter(movement=new),
        Scorecard.objects.filter(movement__in=[new, old]),  # 2025's are scored after the reform
        AwardProposal.objects.all(),
        Plan.objects.filter(deadline__movement=new),
        Report.objects.filter(deadline__movement=new),
        DeadlineExtension.objects.filter(deadline__movement=new),
    ):
        assert rows.exists()
        assert not rows.filter(**district).exists() and not rows.filter(agency__active=False)
    assert not Notification.objects.filter(
        user__agency__kind__tier="district", user__is_active=True
    )
    assert not User.objects.filter(agency__kind__tier="district", is_active=True).exists()
    # The shared quota after the reform: a school's models count in its department's 05/10.
    school = usage_for(movement=new, agency=Agency.objects.get(code="SGDDT-T1"))
    assert school.shared and school.holder.code == "SGDDT"
    assert (school.collectives, school.individuals) == (3, 2)

    for title in Movement.objects.values_list("title", flat=True):
        assert "mẫu" not in title and "dữ liệu" not in title
    assert "mẫu" not in CriteriaSet.objects.get(pk=1).title
    assert "mẫu" not in BandScheme.objects.get(pk=1).name

    def text(pdf):
        path = tmp_path / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout

    plan = text(plan_pdf(Plan.objects.get(agency__code="LHO-X1")))
    assert "UBND TỈNH VĨNH LONG" in plan and "ỦY BAN NHÂN DÂN XÃ PHÚ QUỚI" in plan
    assert "Số: 3/KH-UBND" in plan
    sheet = text(score_sheet_pdf(Scorecard.objects.get(movement=old, agency__code="LHO-X1")))
    for document in (plan, sheet):
        assert "huyện" not in document.lower() and "mẫu" not in document and "xxx" not in document
