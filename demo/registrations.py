"""The demo's movements and registered models, through the services: 2025 registered on time and
accepted (then the reform and the commune merger), and 2026 with a registration in every state,
one agency at its quota and several with nothing yet."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from demo.province import VN, reform
from initiatives.services import merge_agency
from movements.models import Deadline, DeadlineKind, Field, Movement, MovementStatus, QuotaRule
from registrations import services
from registrations.models import Carrier

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


def content(name, start_year, agency=None):
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


def register(
    province,
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
    """``count`` models of the agency ``code``, collective and individual in turn (or as given)."""
    agency = province.agencies[code]
    carriers = carriers or [
        Carrier.COLLECTIVE if i % 2 == 0 else Carrier.INDIVIDUAL for i in range(count)
    ]
    return [
        register_one(
            province,
            movement,
            agency,
            offset + i,
            carriers[i],
            fields,
            by,
            now,
            year=year,
            submit=submit,
        )
        for i in range(count)
    ]


def register_one(
    province, movement, agency, index, carrier, fields, by, now, *, year=2026, submit=True
):
    idea, field_code = MODEL_IDEAS[index % len(MODEL_IDEAS)]
    if carrier == Carrier.COLLECTIVE:
        carrier_fields = {"collective_name": f"Tập thể {agency.name}"}
    else:
        person, position = province.carriers.next(agency.kind.code)
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
        name=f"{idea} ({agency.short_name or agency.code})" if index >= len(MODEL_IDEAS) else idea,
        field=fields[field_code],
        **carrier_fields,
        **content(idea, year, agency),
    )
    if submit:
        services.submit_registration(registration=registration, by=by, now=now)
    return registration


def build_registrations(province):
    """The 2026 movement and its schedule; 2025's models, the reform; 2026's models. Returns
    (the 2025 movement, the 2026 one)."""
    successor = province.agencies["LHO-X1"]
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
        rule.pools_subordinates = rule.agency_kind_id == province.kinds["giao-duc"].pk
        rule.save()

    # 2025: registered on time, reviewed; shown as last year's accepted models.
    old.status = MovementStatus.OPEN
    old.save()
    on_time = datetime(2025, 4, 10, 9, 0, tzinfo=VN)
    history = {}
    for i, code in enumerate(["STP", "SYT", "CA", "LHO", "SVHTTDL"]):
        clerk, leader = province.people[code]
        history[code] = register(province, old, code, i, 2, fields, leader, on_time, year=2025)
    merged_reg = register_one(
        province,
        old,
        province.merged,
        7,
        Carrier.COLLECTIVE,
        fields,
        province.reviewer,
        on_time,
        year=2025,
    )
    services.accept_registrations(
        registrations=[r for regs in history.values() for r in regs] + [merged_reg],
        by=province.reviewer,
        now=on_time + timedelta(days=5),
    )
    old.status = MovementStatus.CLOSED
    old.save()
    merge_agency(merged=province.merged, into=successor, by=province.reviewer)
    reform(province)

    # 2026: every state, one agency at its quota, several with nothing yet.
    clerk, leader = province.people["STP"]
    regs = register(
        province,
        new,
        "STP",
        0,
        6,
        fields,
        leader,
        now,
        carriers=[Carrier.COLLECTIVE] * 2 + [Carrier.INDIVIDUAL] * 4,
    )
    services.accept_registrations(registrations=regs[:3], by=province.reviewer)
    services.return_registration(
        registration=regs[3],
        by=province.reviewer,
        reason="Đề nghị bổ sung số liệu cụ thể ở mục “Kết quả, sản phẩm dự kiến”.",
    )

    clerk, leader = province.people["SYT"]
    regs = register(province, new, "SYT", 3, 4, fields, leader, now)
    services.return_registration(
        registration=regs[0],
        by=province.reviewer,
        reason="Tên mô hình trùng với mô hình năm 2025; đề nghị làm rõ điểm mới.",
    )
    services.submit_registration(registration=regs[0], by=leader)  # resubmitted
    services.withdraw_registration(registration=regs[1], by=leader)
    services.create_registration(
        movement=new,
        agency=province.agencies["SYT"],
        by=clerk,
        carrier=Carrier.INDIVIDUAL,
        name="Khám bệnh lưu động cho người cao tuổi",
        person_name="Phạm Thị Mỹ Linh",
        person_position="Điều dưỡng trưởng",
        person_workplace="Bệnh viện Đa khoa tỉnh Vĩnh Long",
        field=fields["van-hoa-xa-hoi"],
    )

    # The education sector's one quota, shared with the schools attached to it.
    clerk, leader = province.people["SGDDT"]
    register(province, new, "SGDDT", 5, 3, fields, leader, now)
    clerk, leader = province.people["SGDDT-T1"]
    register(province, new, "SGDDT-T1", 6, 2, fields, leader, now)
    clerk_x1, leader_x1 = province.people["LHO-X1"]
    carried = services.create_registration(
        movement=new,
        agency=successor,
        by=clerk_x1,
        carrier=Carrier.COLLECTIVE,
        name="Tổ hòa giải ấp Phú Đức tiếp tục hoạt động",
        collective_name="Tổ hòa giải ấp Phú Đức",
        field=fields["quoc-phong-an-ninh"],
        initiative=merged_reg.initiative,
        **content("Tổ hòa giải", 2026, successor),
    )
    services.submit_registration(registration=carried, by=leader_x1)

    clerk, leader = province.people["CA"]
    register(province, new, "CA", 8, 2, fields, leader, now, submit=False)
    return old, new
