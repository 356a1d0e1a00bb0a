"""The demo's logins: the coordinator's reviewer, a superuser, each agency's clerk and leader,
a provincial leader; all share one password, printed with the table of logins."""

from demo.people import REVIEWER, STAFF
from portal.models import Role, User

DEMO_PASSWORD = "DanVan@2026"
# (username, role, where) as printed after seeding.
LOGINS = [
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


def make_user(province, username, full_name, code, group, staff=False, position=""):
    user = User.objects.create_user(
        username,
        f"{username}@demo.gov.vn",
        DEMO_PASSWORD,
        full_name=full_name,
        agency=province.agencies[code],
        is_staff=staff,
        position=position,
    )
    user.groups.add(group)
    return user


def build_accounts(province, groups):
    """The reviewer, the superuser and every agency's clerk and leader, into ``province``."""
    province.reviewer = make_user(
        province,
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
    for code, ((clerk, clerk_position), (leader, leader_position)) in STAFF.items():
        slug = code.lower()
        province.people[code] = (
            make_user(
                province, f"{slug}.canbo", clerk, code, groups[Role.CLERK], position=clerk_position
            ),
            make_user(
                province,
                f"{slug}.lanhdao",
                leader,
                code,
                groups[Role.LEADER],
                position=leader_position,
            ),
        )


def add_provincial_leader(groups):
    """A provincial leader reads the dashboard; belongs to no agency, writes nothing."""
    User.objects.create_user(
        "ubnd.lanhdao",
        "ubnd.lanhdao@demo.gov.vn",
        DEMO_PASSWORD,
        full_name="Trần Minh Đức",
        position="Phó Chủ tịch UBND tỉnh",
    ).groups.add(groups[Role.PROVINCIAL_LEADER])
