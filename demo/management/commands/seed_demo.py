"""Build a believable demo province through the same services the users go through.

The data and the steps live in demo/: province.py (agencies, the 2025 reform), accounts.py
(logins), registrations.py, scorecards.py, award_proposals.py, calendar.py, targets.py, ward.py.
"""

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from demo.accounts import DEMO_PASSWORD, LOGINS, add_provincial_leader, build_accounts, make_user
from demo.award_proposals import build_awards
from demo.calendar import build_calendar
from demo.people import WARD_STAFF
from demo.province import build_province
from demo.registrations import build_registrations, register
from demo.scorecards import build_scorecards, retitle_samples
from demo.targets import build_targets
from demo.ward import build_ward
from movements.models import Field, Movement, MovementStatus
from notifications.reminders import create_reminders
from portal.models import Agency, Role
from scoring.models import CriteriaSet
from showcase.demo import publish_demo_models


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: cơ quan, người dùng, phong trào và mô hình ở mọi trạng thái."

    def handle(self, *args, **options):
        call_command("loaddata", "reference", "criteria_sample", "vinh_long_2025", verbosity=0)
        retitle_samples()
        # The demo plays the province that issued this sheet: its score sheets and dossiers print.
        CriteriaSet.objects.filter(pk=1, is_sample=True).update(is_sample=False)
        if Agency.objects.filter(code="SNV").exists():
            self.stdout.write("Dữ liệu mẫu đã có sẵn; không tạo lại.")
        else:
            with transaction.atomic():
                self._build()
            self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu mẫu."))
        self._print_logins()

    def _build(self):
        province = build_province()
        groups = {role: Group.objects.get(name=role.label) for role in Role}
        build_accounts(province, groups)
        old, new = build_registrations(province)
        build_scorecards(province, old, new)
        build_awards(province, old, new)
        build_calendar(
            Movement.objects.get(year=2026, status=MovementStatus.OPEN),
            agencies=province.agencies,
            people=province.people,
            reviewer=province.reviewer,
        )
        build_targets(Movement.objects.get(year=2026, status=MovementStatus.OPEN))
        add_provincial_leader(groups)
        self._ward(province, province.kinds["ubnd-xa"], groups)
        # Reminders of what is due soon or was missed, as the scheduled sender would make them.
        create_reminders()
        # The public showcase: a few recognised models published by the coordinator.
        publish_demo_models(by=province.reviewer)

    def _ward(self, province, kind, groups):
        """Seed 001: the ward formed from three units, its models reviewed, new ones registered."""

        def people(ward):
            province.agencies["PBD"] = ward
            (clerk, clerk_position), (leader, leader_position) = WARD_STAFF
            province.people["PBD"] = (
                make_user(
                    province, "pbd.canbo", clerk, "PBD", groups[Role.CLERK], position=clerk_position
                ),
                make_user(
                    province,
                    "pbd.lanhdao",
                    leader,
                    "PBD",
                    groups[Role.LEADER],
                    position=leader_position,
                ),
            )
            return province.people["PBD"]

        fields = {f.code: f for f in Field.objects.all()}
        new = Movement.objects.get(year=2026, status=MovementStatus.OPEN)
        ward, clerk, leader = build_ward(
            movement=new, kind=kind, fields=fields, reviewer=province.reviewer, make_people=people
        )
        # New models for 2026–2031, registered by the ward itself.
        register(province, new, "PBD", 2, 2, fields, leader, timezone.now())

    def _print_logins(self):
        self.stdout.write(f"\nTài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD})")
        for username, role, where in LOGINS:
            self.stdout.write(f"  {username:<16} {role:<32} {where}")
        self.stdout.write(
            "Cổng thông tin: http://127.0.0.1:8000  ·  Quản trị: http://127.0.0.1:8000/admin/\n"
        )
