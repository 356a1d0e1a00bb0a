"""The demo province's agencies: the departments and sectors, the districts with their divisions
and communes before the 2025 reform, the schools attached to the education department, and the
reform itself (01/7/2025), which ends the districts."""

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from demo.people import Carriers
from portal.models import Agency, AgencyKind, Coordinator, User
from portal.workflow import save_with_history

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


@dataclass
class Province:
    """What the seed builds step by step and each later step reads: agencies by code, people."""

    kinds: dict
    agencies: dict
    districts: list  # the districts and their divisions, which end with the reform
    merged: Agency  # the commune merged in 2025 into LHO-X1
    carriers: Carriers = field(default_factory=Carriers)  # one run never repeats a carrier
    reviewer: User | None = None
    people: dict = field(default_factory=dict)  # agency code → (clerk, leader)


def build_province():
    """The coordinator, the agencies as they stood before the 2025 reform, the merged commune."""
    Coordinator.objects.update_or_create(singleton=True, defaults=COORDINATOR)
    AgencyKind.objects.get_or_create(code=ATTACHED_KIND["code"], defaults=ATTACHED_KIND)
    kinds = {k.code: k for k in AgencyKind.objects.all()}
    agencies = {}
    for code, name, kind in PROVINCIAL:
        agencies[code] = Agency.objects.create(
            code=code, name=name, short_name=name, kind=kinds[kind]
        )
    for code, name, short in SCHOOLS:
        agencies[code] = Agency.objects.create(
            code=code,
            name=name,
            short_name=short,
            kind=kinds[ATTACHED_KIND["code"]],
            parent=agencies["SGDDT"],
        )
    districts = []
    for code, name, communes in DISTRICTS:
        district = Agency.objects.create(
            code=code,
            name=name,
            short_name=name.replace("Ủy ban nhân dân ", "UBND "),
            kind=kinds["ubnd-huyen"],
        )
        agencies[code] = district
        districts.append(district)
        for div_code, div_name in DIVISIONS:
            districts.append(
                Agency.objects.create(
                    code=f"{code}-{div_code}",
                    name=f"{div_name} {district.short_name[5:]}",
                    kind=kinds["phong-chuyen-mon"],
                    parent=district,
                )
            )
        for i, commune in enumerate(communes, start=1):
            agencies[f"{code}-X{i}"] = Agency.objects.create(
                code=f"{code}-X{i}",
                name=f"Ủy ban nhân dân {commune}",
                short_name=f"UBND {commune}",
                kind=kinds["ubnd-xa"],
                parent=district,
            )
    # Seed 001: a commune merged in 2025; its models carry over to the successor.
    merged = Agency.objects.create(
        code="LHO-X9",
        name="Ủy ban nhân dân xã Phú Đức (cũ)",
        short_name="UBND xã Phú Đức (cũ)",
        kind=kinds["ubnd-xa"],
        parent=agencies["LHO"],
    )
    return Province(kinds=kinds, agencies=agencies, districts=districts, merged=merged)


def reform(province):
    """01/7/2025: districts and their divisions end, their accounts close, and communes and
    wards answer to the province directly (the 2025 history keeps the districts' names)."""
    for agency in province.districts:
        agency.active = False
        save_with_history(
            agency,
            by=province.reviewer,
            reason=f"Kết thúc hoạt động cấp huyện từ {REFORM_DAY:%d/%m/%Y}",
        )
    User.objects.filter(agency__in=province.districts).update(is_active=False)
    for commune in Agency.objects.filter(parent__in=province.districts, active=True):
        commune.parent = None
        save_with_history(
            commune,
            by=province.reviewer,
            reason=f"Trực thuộc tỉnh từ {REFORM_DAY:%d/%m/%Y} (chính quyền 2 cấp)",
        )
