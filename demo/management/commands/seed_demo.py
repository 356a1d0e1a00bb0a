"""Build a believable demo province through the same services the users go through."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from dashboard.models import Comparison, FactKind, Target, ValueKind
from demo.calendar import build_calendar
from demo.people import GENDER, REVIEWER, STAFF, WARD_STAFF, Carriers
from demo.ward import build_ward
from initiatives.services import merge_agency
from movements.models import (
    Deadline,
    DeadlineKind,
    Field,
    Movement,
    MovementStatus,
    QuotaRule,
)
from notifications.reminders import create_reminders
from portal.models import Agency, AgencyKind, Coordinator, Role, User
from portal.workflow import save_with_history
from registrations import services
from registrations.models import Carrier
from scoring import services as scoring
from scoring.models import CriteriaSet
from showcase.demo import publish_demo_models

DEMO_PASSWORD = "DanVan@2026"
# The demo province's coordinating body (a deployment enters its own in the admin).
COORDINATOR = {
    "name": "Sở Nội vụ tỉnh Vĩnh Long",
    "short_name": "Sở Nội vụ",
    "parent_name": "UBND tỉnh Vĩnh Long",
    "place_name": "Vĩnh Long",
    "reminder_days": "7, 1",
}

VN = ZoneInfo("Asia/Ho_Chi_Minh")

PROVINCIAL = [
    ("SNV", "Sở Nội vụ", "so-nganh"),
    ("STC", "Sở Tài chính", "so-nganh"),
    ("STP", "Sở Tư pháp", "so-nganh"),
    ("SXD", "Sở Xây dựng", "so-nganh"),
    ("SCT", "Sở Công Thương", "so-nganh"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "so-nganh"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "so-nganh"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "so-nganh"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "so-nganh"),
    ("TTT", "Thanh tra tỉnh", "so-nganh"),
    ("VPUBND", "Văn phòng Ủy ban nhân dân tỉnh", "so-nganh"),
    ("BQLKCN", "Ban Quản lý các khu công nghiệp tỉnh", "so-nganh"),
    ("DPTTH", "Đài Phát thanh và Truyền hình tỉnh", "so-nganh"),
    ("BHXH", "Bảo hiểm xã hội tỉnh", "so-nganh"),
    ("THUE", "Thuế tỉnh", "so-nganh"),
    ("KBNN", "Kho bạc Nhà nước khu vực", "so-nganh"),
    ("CA", "Công an tỉnh", "cong-an"),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh", "quan-su"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "giao-duc"),
    ("SYT", "Sở Y tế", "y-te"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "dang-doan-the"),
    ("TDOAN", "Tỉnh Đoàn", "dang-doan-the"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "dang-doan-the"),
    ("HND", "Hội Nông dân tỉnh", "dang-doan-the"),
    ("LDLD", "Liên đoàn Lao động tỉnh", "dang-doan-the"),
]
# Before 01/7/2025 the province had districts; their communes and wards, as Vietnamese writes them.
DISTRICTS = [
    (
        "TPVL",
        "Ủy ban nhân dân thành phố Vĩnh Long",
        ["phường Thanh Đức", "phường Long Châu", "phường Phước Hậu"],
    ),
    ("TXBM", "Ủy ban nhân dân thị xã Bình Minh", ["phường Cái Vồn", "phường Bình Minh"]),
    ("LHO", "Ủy ban nhân dân huyện Long Hồ", ["xã Phú Quới", "xã Long Hồ", "xã An Bình"]),
    ("MTH", "Ủy ban nhân dân huyện Mang Thít", ["xã Cái Nhum", "xã Tân Long Hội"]),
    ("VLI", "Ủy ban nhân dân huyện Vũng Liêm", ["xã Trung Thành", "xã Hiếu Phụng"]),
    ("TBI", "Ủy ban nhân dân huyện Tam Bình", ["xã Tam Bình", "xã Hòa Hiệp"]),
    ("TON", "Ủy ban nhân dân huyện Trà Ôn", ["xã Trà Ôn", "xã Hựu Thành"]),
    ("BTA", "Ủy ban nhân dân huyện Bình Tân", ["xã Tân Quới", "xã Tân Lược"]),
]
DIVISIONS = [("PNV", "Phòng Nội vụ"), ("PTP", "Phòng Tư pháp")]
# The two-tier government (from 01/7/2025): districts and their divisions end.
REFORM_DAY = date(2025, 7, 1)
# Units attached to Sở Giáo dục và Đào tạo; in 2026 the sector's 05/10 counts them too.
SCHOOLS = [
    ("SGDDT-T1", "Trường Trung học phổ thông Lưu Văn Liệt", "Trường THPT Lưu Văn Liệt"),
    (
        "SGDDT-T2",
        "Trường Trung học phổ thông chuyên Nguyễn Bỉnh Khiêm",
        "Trường THPT chuyên Nguyễn Bỉnh Khiêm",
    ),
]
ATTACHED_KIND = {
    "code": "don-vi-su-nghiep",
    "name": "Đơn vị sự nghiệp trực thuộc sở, ngành",
    "tier": "province",
    "order": 65,
}
# The sample criteria set and band scheme print on score sheets: give them their real titles.
CRITERIA_TITLE = "Bộ tiêu chí đánh giá công tác dân vận chính quyền trong các cơ quan nhà nước"
BAND_SCHEME_NAME = "Thang xếp loại công tác dân vận chính quyền"

MODEL_IDEAS = [
    ("Dân vận khéo trong giải phóng mặt bằng", "kinh-te"),
    ("Một cửa thân thiện — người dân hài lòng", "xay-dung-he-thong-chinh-tri"),
    ("Tuyên truyền pháp luật qua mạng xã hội Zalo", "van-hoa-xa-hoi"),
    ("Khu dân cư an toàn về an ninh trật tự", "quoc-phong-an-ninh"),
    ("Hỗ trợ hộ nghèo chuyển đổi sinh kế", "kinh-te"),
    ("Đối thoại với Nhân dân mỗi quý", "xay-dung-he-thong-chinh-tri"),
    ("Thư viện sách lưu động cho học sinh vùng sâu", "van-hoa-xa-hoi"),
    ("Chữ thập đỏ — hiến máu cứu người", "van-hoa-xa-hoi"),
    ("Tiếp nhận hồ sơ tại nhà cho người cao tuổi", "xay-dung-he-thong-chinh-tri"),
    ("Vận động đồng bào hiến đất làm đường", "kinh-te"),
    ("Hòa giải cơ sở gắn với tranh chấp đất đai", "quoc-phong-an-ninh"),
    ("Chuyển đổi số trong thanh toán dịch vụ công", "kinh-te"),
]


def _content(name, start_year, agency=None):
    # A switchboard number per agency, as the 0270 (Vĩnh Long) numbers read.
    phone = f"0270 3822 {100 + (agency.pk if agency else 0) % 900:03d}"
    return {
        "situation": f"Thực tế tại đơn vị cho thấy cần có cách làm mới: {name.lower()}.",
        "goals": "Nâng cao sự hài lòng của Nhân dân; giải quyết dứt điểm kiến nghị tồn đọng.",
        "content": "Xây dựng kế hoạch, phân công cán bộ phụ trách, sơ kết hằng quý.",
        "scope": "Người dân, tổ chức trên địa bàn; cán bộ, công chức của đơn vị.",
        "resources": "Cán bộ, công chức, đoàn viên; kinh phí thường xuyên của đơn vị.",
        "starts_on": date(start_year, 5, 1),
        "ends_on": date(start_year, 12, 31),
        "expected_outputs": "90% kiến nghị được giải quyết đúng hạn; không có khiếu nại vượt cấp.",
        "replicability": "Có thể nhân rộng ra các đơn vị cùng cấp.",
        "contact": f"Văn phòng {agency.display_name if agency else 'đơn vị'}, {phone}",
    }


def _answers(leaves, share):
    """Believable self-scores: a share of each maximum (to half points), no deductions."""
    answers = {}
    for criterion in leaves:
        if criterion.kind == "deduction":
            points = Decimal("0")
        else:
            points = (criterion.max_points * Decimal(str(max(share, 0.3))) * 2).quantize(
                Decimal("1")
            ) / 2
        answers[criterion.pk] = {
            "points": str(min(points, criterion.max_points)),
            "explanation": "Đã triển khai theo kế hoạch của đơn vị.",
            "evidence_note": "Báo cáo số 45/BC-UBND" if criterion.evidence_required else "",
        }
    return answers


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: cơ quan, người dùng, phong trào và mô hình ở mọi trạng thái."

    def handle(self, *args, **options):
        call_command("loaddata", "reference", "criteria_sample", "vinh_long_2025", verbosity=0)
        self._retitle_samples()
        # The demo plays the province that issued this sheet: its score sheets and dossiers print.
        CriteriaSet.objects.filter(pk=1, is_sample=True).update(is_sample=False)
        if Agency.objects.filter(code="SNV").exists():
            self.stdout.write("Dữ liệu mẫu đã có sẵn; không tạo lại.")
        else:
            with transaction.atomic():
                self._build()
            self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu mẫu."))
        self._print_logins()

    def _retitle_samples(self):
        """The fixtures' criteria set and band scheme are named as samples; the demo's score
        sheets print the names, so they read as the province's own (reloaded each run)."""
        from scoring.models import BandScheme, CriteriaSet

        for row, field, value in (
            (CriteriaSet.objects.filter(pk=1).first(), "title", CRITERIA_TITLE),
            (BandScheme.objects.filter(pk=1).first(), "name", BAND_SCHEME_NAME),
        ):
            if row is not None and getattr(row, field) != value:
                setattr(row, field, value)
                row.save(update_fields=[field])

    # Agencies and people
    def _build(self):
        Coordinator.objects.update_or_create(singleton=True, defaults=COORDINATOR)
        AgencyKind.objects.get_or_create(code=ATTACHED_KIND["code"], defaults=ATTACHED_KIND)
        kinds = {k.code: k for k in AgencyKind.objects.all()}
        self.kinds = kinds
        self.carriers = Carriers()
        self.agencies = {}
        for code, name, kind in PROVINCIAL:
            self.agencies[code] = Agency.objects.create(
                code=code, name=name, short_name=name, kind=kinds[kind]
            )
        for code, name, short in SCHOOLS:
            self.agencies[code] = Agency.objects.create(
                code=code,
                name=name,
                short_name=short,
                kind=kinds[ATTACHED_KIND["code"]],
                parent=self.agencies["SGDDT"],
            )
        self.districts = []
        for code, name, communes in DISTRICTS:
            district = Agency.objects.create(
                code=code,
                name=name,
                short_name=name.replace("Ủy ban nhân dân ", "UBND "),
                kind=kinds["ubnd-huyen"],
            )
            self.agencies[code] = district
            self.districts.append(district)
            for div_code, div_name in DIVISIONS:
                self.districts.append(
                    Agency.objects.create(
                        code=f"{code}-{div_code}",
                        name=f"{div_name} {district.short_name[5:]}",
                        kind=kinds["phong-chuyen-mon"],
                        parent=district,
                    )
                )
            for i, commune in enumerate(communes, start=1):
                self.agencies[f"{code}-X{i}"] = Agency.objects.create(
                    code=f"{code}-X{i}",
                    name=f"Ủy ban nhân dân {commune}",
                    short_name=f"UBND {commune}",
                    kind=kinds["ubnd-xa"],
                    parent=district,
                )
        # Seed 001: a commune merged in 2025; its models carry over to the successor.
        successor = self.agencies["LHO-X1"]
        self.merged = Agency.objects.create(
            code="LHO-X9",
            name="Ủy ban nhân dân xã Phú Đức (cũ)",
            short_name="UBND xã Phú Đức (cũ)",
            kind=kinds["ubnd-xa"],
            parent=self.agencies["LHO"],
        )
        groups = {role: Group.objects.get(name=role.label) for role in Role}
        self.reviewer = self._user(
            "snv.chuyenvien",
            REVIEWER[0],
            "SNV",
            groups[Role.REVIEWER],
            staff=True,
            position=REVIEWER[1],
        )
        User.objects.create_superuser(
            "quantri", "quantri@sonoivu.gov.vn", DEMO_PASSWORD, full_name="Quản trị hệ thống"
        )
        self.people = {}
        for code, ((clerk, clerk_position), (leader, leader_position)) in STAFF.items():
            slug = code.lower()
            self.people[code] = (
                self._user(
                    f"{slug}.canbo", clerk, code, groups[Role.CLERK], position=clerk_position
                ),
                self._user(
                    f"{slug}.lanhdao", leader, code, groups[Role.LEADER], position=leader_position
                ),
            )
        self._movements(successor)
        build_calendar(
            Movement.objects.get(year=2026, status=MovementStatus.OPEN),
            agencies=self.agencies,
            people=self.people,
            reviewer=self.reviewer,
        )
        self._targets(Movement.objects.get(year=2026, status=MovementStatus.OPEN))
        # A provincial leader reads the dashboard; belongs to no agency, writes nothing.
        User.objects.create_user(
            "ubnd.lanhdao",
            "ubnd.lanhdao@demo.gov.vn",
            DEMO_PASSWORD,
            full_name="Trần Minh Đức",
            position="Phó Chủ tịch UBND tỉnh",
        ).groups.add(groups[Role.PROVINCIAL_LEADER])
        self._ward(kinds["ubnd-xa"], groups)
        # Reminders of what is due soon or was missed, as the scheduled sender would make them.
        create_reminders()
        # The public showcase: a few recognised models published by the coordinator.
        publish_demo_models(by=self.reviewer)

    def _targets(self, movement):
        """Seed 003's targets against what the 2026 movement records (the last one typed in)."""
        report = movement.deadlines.filter(kind=DeadlineKind.REPORT).order_by("due_on").first()
        settings = movement.scoring_settings
        band = settings.target_band or settings.band_scheme.bands.order_by("rank").first()
        rows = [
            ("100% đơn vị quán triệt Kế hoạch, đưa vào chương trình công tác năm",
             FactKind.PLAN_ON_TIME, 100, Comparison.AT_LEAST, {}),
            ("100% đơn vị triển khai thực hiện, báo cáo đầy đủ",
             FactKind.REPORT_SENT, 100, Comparison.AT_LEAST, {"deadline": report}),
            ("80% đơn vị đạt tiêu chí “Dân vận khéo”",
             FactKind.BAND_REACHED, 80, Comparison.AT_LEAST, {"band": band}),
            ("Trên 80% đơn vị thực hiện tốt quy chế dân chủ ở cơ sở",
             FactKind.MANUAL, 80, Comparison.MORE_THAN,
             {"manual_value": Decimal(85), "source": "Báo cáo sơ kết quy chế dân chủ (số liệu minh họa)"}),
        ]  # fmt: skip
        for position, (name, kind, value, comparison, extra) in enumerate(rows, start=1):
            Target.objects.create(
                movement=movement,
                position=position,
                name=name,
                fact_kind=kind,
                target_value=Decimal(value),
                value_kind=ValueKind.SHARE,
                comparison=comparison,
                **extra,
            )

    def _reform(self):
        """01/7/2025: districts and their divisions end, their accounts close, and communes and
        wards answer to the province directly (the 2025 history keeps the districts' names)."""
        for agency in self.districts:
            agency.active = False
            save_with_history(
                agency,
                by=self.reviewer,
                reason=f"Kết thúc hoạt động cấp huyện từ {REFORM_DAY:%d/%m/%Y}",
            )
        User.objects.filter(agency__in=self.districts).update(is_active=False)
        for commune in Agency.objects.filter(parent__in=self.districts, active=True):
            commune.parent = None
            save_with_history(
                commune,
                by=self.reviewer,
                reason=f"Trực thuộc tỉnh từ {REFORM_DAY:%d/%m/%Y} (chính quyền 2 cấp)",
            )

    def _ward(self, kind, groups):
        """Seed 001: the ward formed from three units, its models reviewed, new ones registered."""

        def people(ward):
            self.agencies["PBD"] = ward
            (clerk, clerk_position), (leader, leader_position) = WARD_STAFF
            self.people["PBD"] = (
                self._user("pbd.canbo", clerk, "PBD", groups[Role.CLERK], position=clerk_position),
                self._user(
                    "pbd.lanhdao", leader, "PBD", groups[Role.LEADER], position=leader_position
                ),
            )
            return self.people["PBD"]

        fields = {f.code: f for f in Field.objects.all()}
        new = Movement.objects.get(year=2026, status=MovementStatus.OPEN)
        ward, clerk, leader = build_ward(
            movement=new, kind=kind, fields=fields, reviewer=self.reviewer, make_people=people
        )
        # New models for 2026–2031, registered by the ward itself.
        self._register(new, "PBD", 2, 2, fields, leader, timezone.now())

    def _user(self, username, full_name, code, group, staff=False, position=""):
        user = User.objects.create_user(
            username,
            f"{username}@demo.gov.vn",
            DEMO_PASSWORD,
            full_name=full_name,
            agency=self.agencies[code],
            is_staff=staff,
            position=position,
        )
        user.groups.add(group)
        return user

    # Movements and registrations, through the services
    def _movements(self, successor):
        fields = {f.code: f for f in Field.objects.all()}
        old = Movement.objects.get(pk=1)
        now = timezone.now()
        new = Movement.objects.create(
            title="Phong trào thi đua thực hiện mô hình “Dân vận khéo” năm 2026",
            province="Vĩnh Long",
            year=2026,
            period="2026–2030",
            document_number="120/QĐ-UBND",
            document_date=date(2026, 1, 15),
            document_issuer="Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long",
            document_subject="về việc ban hành Kế hoạch thực hiện mô hình “Dân vận khéo” năm 2026",
            status=MovementStatus.OPEN,
        )
        # The schedule as a plan words it: “chậm nhất là ngày …” counts the day, “trước ngày …” not.
        today = timezone.localdate()
        schedule = [
            (DeadlineKind.REGISTRATION, "Đăng ký mô hình", 29, True),
            (DeadlineKind.SCORECARD, "Gửi bản chấm điểm tiêu chí", 45, True),
            (DeadlineKind.AWARD, "Hồ sơ đề nghị khen thưởng", 60, False),
        ]
        for kind, title, days, day_counts in schedule:
            Deadline.objects.create(
                movement=new,
                kind=kind,
                title=title,
                opens_at=datetime(2026, 1, 15, tzinfo=VN)
                if kind == DeadlineKind.REGISTRATION
                else None,
                due_on=today + timedelta(days=days),
                due_day_counts=day_counts,
            )
        # Two tiers from 2026: no district rule; the education sector's 05/10 counts its schools.
        for rule in QuotaRule.objects.filter(movement=old).exclude(agency_kind__tier="district"):
            rule.pk = None
            rule.movement = new
            rule.min_models = 1 if rule.agency_kind_id is None else 2
            rule.pools_subordinates = rule.agency_kind_id == self.kinds["giao-duc"].pk
            rule.save()

        # 2025: registered on time, reviewed; shown as last year's accepted models.
        old.status = MovementStatus.OPEN
        old.save()
        on_time = datetime(2025, 4, 10, 9, 0, tzinfo=VN)
        history = {}
        for i, code in enumerate(["STP", "SYT", "CA", "LHO", "SVHTTDL"]):
            clerk, leader = self.people[code]
            history[code] = self._register(old, code, i, 2, fields, leader, on_time, year=2025)
        merged_reg = self._register_one(
            old, self.merged, 7, Carrier.COLLECTIVE, fields, self.reviewer, on_time, year=2025
        )
        services.accept_registrations(
            registrations=[r for regs in history.values() for r in regs] + [merged_reg],
            by=self.reviewer,
            now=on_time + timedelta(days=5),
        )
        old.status = MovementStatus.CLOSED
        old.save()
        merge_agency(merged=self.merged, into=successor, by=self.reviewer)
        self._reform()

        # 2026: every state, one agency at its quota, several with nothing yet.
        clerk, leader = self.people["STP"]
        regs = self._register(
            new,
            "STP",
            0,
            6,
            fields,
            leader,
            now,
            carriers=[Carrier.COLLECTIVE] * 2 + [Carrier.INDIVIDUAL] * 4,
        )
        services.accept_registrations(registrations=regs[:3], by=self.reviewer)
        services.return_registration(
            registration=regs[3],
            by=self.reviewer,
            reason="Đề nghị bổ sung số liệu cụ thể ở mục “Kết quả, sản phẩm dự kiến”.",
        )

        clerk, leader = self.people["SYT"]
        regs = self._register(new, "SYT", 3, 4, fields, leader, now)
        services.return_registration(
            registration=regs[0],
            by=self.reviewer,
            reason="Tên mô hình trùng với mô hình năm 2025; đề nghị làm rõ điểm mới.",
        )
        services.submit_registration(registration=regs[0], by=leader)  # resubmitted
        services.withdraw_registration(registration=regs[1], by=leader)
        services.create_registration(
            movement=new,
            agency=self.agencies["SYT"],
            by=clerk,
            carrier=Carrier.INDIVIDUAL,
            name="Khám bệnh lưu động cho người cao tuổi",
            person_name="Phạm Thị Mỹ Linh",
            person_position="Điều dưỡng trưởng",
            person_workplace="Bệnh viện Đa khoa tỉnh Vĩnh Long",
            field=fields["van-hoa-xa-hoi"],
        )

        # The education sector's one quota, shared with the schools attached to it.
        clerk, leader = self.people["SGDDT"]
        self._register(new, "SGDDT", 5, 3, fields, leader, now)
        clerk, leader = self.people["SGDDT-T1"]
        self._register(new, "SGDDT-T1", 6, 2, fields, leader, now)
        clerk_x1, leader_x1 = self.people["LHO-X1"]
        carried = services.create_registration(
            movement=new,
            agency=successor,
            by=clerk_x1,
            carrier=Carrier.COLLECTIVE,
            name="Tổ hòa giải ấp Phú Đức tiếp tục hoạt động",
            collective_name="Tổ hòa giải ấp Phú Đức",
            field=fields["quoc-phong-an-ninh"],
            initiative=merged_reg.initiative,
            **_content("Tổ hòa giải", 2026, successor),
        )
        services.submit_registration(registration=carried, by=leader_x1)

        clerk, leader = self.people["CA"]
        self._register(new, "CA", 8, 2, fields, leader, now, submit=False)
        self._scorecards(old, new)

    # Scorecards: last year's appraised and ranked, this year's in progress
    def _scorecards(self, old, new):
        settings = old.scoring_settings
        settings.pk, settings.movement = None, new
        settings.save()
        leaves = list(settings.criteria_set.criteria.filter(is_leaf=True).order_by("position"))
        # Scored at the end of 2025, after the reform: departments and communes, no district.
        ranked = [code for code, _, _ in PROVINCIAL[:14]] + [
            f"{code}-X1" for code, _, _ in DISTRICTS[:4]
        ]
        for index, code in enumerate(ranked):
            card = scoring.start_scorecard(
                movement=old, agency=self.agencies[code], by=self.reviewer
            )
            scoring.save_self_scores(
                scorecard=card, by=self.reviewer, answers=_answers(leaves, 0.97 - index * 0.03)
            )
            scoring.submit_scorecard(scorecard=card, by=self.reviewer)
            first = leaves[index % len(leaves)]
            if first.kind == "ordinary" and index % 3 == 0:
                scoring.appraise(
                    scorecard=card,
                    by=self.reviewer,
                    changes={first.pk: ("0", "Không có minh chứng kèm theo")},
                )
            scoring.finalise_scorecard(
                scorecard=card,
                by=self.reviewer,
                not_classifiable=code == "BHXH",
                not_classifiable_reason="Đơn vị chưa nộp báo cáo năm" if code == "BHXH" else "",
            )
        justice = scoring.start_scorecard(
            movement=new, agency=self.agencies["STP"], by=self.people["STP"][0]
        )
        scoring.save_self_scores(
            scorecard=justice, by=self.people["STP"][0], answers=_answers(leaves[:12], 0.9)
        )
        health = scoring.start_scorecard(
            movement=new, agency=self.agencies["SYT"], by=self.people["SYT"][0]
        )
        scoring.save_self_scores(
            scorecard=health, by=self.people["SYT"][0], answers=_answers(leaves, 0.85)
        )
        scoring.submit_scorecard(scorecard=health, by=self.people["SYT"][1])
        self._awards(old, new)

    # Award proposals: last year's decided, this year's being prepared
    def _awards(self, old, new):
        from awards import services as awards
        from awards.models import AwardKind, AwardSettings

        kind = AwardKind.objects.get(pk=1)
        AwardSettings.objects.create(movement=new, award_kind=kind, max_nominees=5)
        clerk, leader = self.people["STP"]
        proposal = awards.start_proposal(movement=old, agency=self.agencies["STP"], by=clerk)
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
            by=self.reviewer,
        )
        # 2026: Sở Tư pháp has started; its list of what is missing shows the way.
        draft = awards.start_proposal(movement=new, agency=self.agencies["STP"], by=clerk)
        accepted = new.registrations.filter(agency__code="STP", state="accepted").first()
        if accepted is not None:
            awards.add_nominee(proposal=draft, registration=accepted, by=clerk)

    def _register(
        self,
        movement,
        code,
        offset,
        count,
        fields,
        by,
        now,
        *,
        year=2026,
        carriers=None,
        submit=True,
    ):
        agency = self.agencies[code]
        carriers = carriers or [
            Carrier.COLLECTIVE if i % 2 == 0 else Carrier.INDIVIDUAL for i in range(count)
        ]
        return [
            self._register_one(
                movement, agency, offset + i, carriers[i], fields, by, now, year=year, submit=submit
            )
            for i in range(count)
        ]

    def _register_one(
        self, movement, agency, index, carrier, fields, by, now, *, year=2026, submit=True
    ):
        idea, field_code = MODEL_IDEAS[index % len(MODEL_IDEAS)]
        if carrier == Carrier.COLLECTIVE:
            carrier_fields = {"collective_name": f"Tập thể {agency.name}"}
        else:
            person, position = self.carriers.next(agency.kind.code)
            carrier_fields = {
                "person_name": person,
                "person_position": position,
                "person_workplace": agency.name,
            }
        registration = services.create_registration(
            movement=movement,
            agency=agency,
            by=by,
            now=now,
            carrier=carrier,
            name=f"{idea} ({agency.short_name or agency.code})"
            if index >= len(MODEL_IDEAS)
            else idea,
            field=fields[field_code],
            **carrier_fields,
            **_content(idea, year, agency),
        )
        if submit:
            services.submit_registration(registration=registration, by=by, now=now)
        return registration

    def _print_logins(self):
        rows = [
            ("quantri", "Quản trị hệ thống (superuser)", "Sở Nội vụ — /admin/"),
            ("snv.chuyenvien", "Chuyên viên theo dõi phong trào (duyệt)", "Sở Nội vụ — /admin/"),
            ("ubnd.lanhdao", "Lãnh đạo tỉnh (chỉ xem)", "Bảng điều khiển — /bang-dieu-khien/"),
            ("stp.canbo", "Cán bộ phụ trách", "Sở Tư pháp (đủ chỉ tiêu)"),
            ("stp.lanhdao", "Lãnh đạo đơn vị", "Sở Tư pháp"),
            ("syt.canbo", "Cán bộ phụ trách", "Sở Y tế (chỉ tiêu 05/10)"),
            ("syt.lanhdao", "Lãnh đạo đơn vị", "Sở Y tế"),
            (
                "sgddt.canbo",
                "Cán bộ phụ trách",
                "Sở Giáo dục và Đào tạo (chỉ tiêu chung với trường)",
            ),
            ("sgddt-t1.canbo", "Cán bộ phụ trách", "Trường THPT Lưu Văn Liệt (trực thuộc Sở GDĐT)"),
            ("lho-x1.canbo", "Cán bộ phụ trách", "UBND xã Phú Quới (tiếp nhận xã sáp nhập)"),
            ("sxd.canbo", "Cán bộ phụ trách", "Sở Xây dựng (chưa đăng ký)"),
            ("sxd.lanhdao", "Lãnh đạo đơn vị", "Sở Xây dựng"),
            ("pbd.canbo", "Cán bộ phụ trách", "UBND phường Bình Định (3 đơn vị sáp nhập)"),
            ("pbd.lanhdao", "Lãnh đạo đơn vị", "UBND phường Bình Định — rà soát mô hình"),
        ]
        self.stdout.write(f"\nTài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD})")
        for username, role, where in rows:
            self.stdout.write(f"  {username:<16} {role:<32} {where}")
        self.stdout.write(
            "Cổng thông tin: http://127.0.0.1:8000  ·  Quản trị: http://127.0.0.1:8000/admin/\n"
        )
