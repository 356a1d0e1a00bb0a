"""The demo province's people: each a different full name, with a position their agency has."""

# Who works the portal for each agency with demo logins: (clerk, leader), each (name, position).
STAFF = {
    "STP": (
        ("Nguyễn Văn An", "Chánh Văn phòng Sở"),
        ("Lê Thị Hồng", "Phó Giám đốc"),
    ),
    "SXD": (
        ("Bùi Thanh Tùng", "Chuyên viên Văn phòng Sở"),
        ("Đỗ Quang Vinh", "Phó Giám đốc"),
    ),
    "SYT": (
        ("Huỳnh Thị Kim Ngân", "Chuyên viên Phòng Tổ chức cán bộ"),
        ("Phan Hữu Lộc", "Phó Giám đốc"),
    ),
    "CA": (
        ("Võ Thành Đạt", "Thiếu tá, cán bộ Phòng Công tác đảng và công tác chính trị"),
        ("Ngô Trung Kiên", "Đại tá, Phó Giám đốc Công an tỉnh"),
    ),
    "SGDDT": (
        ("Dương Thị Thanh Thảo", "Chuyên viên Văn phòng Sở"),
        ("Trương Công Danh", "Phó Giám đốc"),
    ),
    "SGDDT-T1": (
        ("Lý Thị Cẩm Tú", "Thư ký Hội đồng trường"),
        ("Hồ Văn Tám", "Hiệu trưởng"),
    ),
    "LHO-X1": (
        ("Lâm Thị Diễm My", "Công chức Văn phòng HĐND và UBND xã"),
        ("Châu Minh Triết", "Phó Chủ tịch UBND xã"),
    ),
    "STC": (
        ("Tạ Thị Hoài Thương", "Chuyên viên Văn phòng Sở"),
        ("Mai Xuân Hiếu", "Phó Giám đốc"),
    ),
    "SVHTTDL": (
        ("Kiều Thị Yến Nhi", "Chuyên viên Văn phòng Sở"),
        ("Đinh Công Thành", "Phó Giám đốc"),
    ),
    # The district registered its 2025 models before the reform; its accounts closed with it.
    "LHO": (
        ("Phạm Văn Hùng", "Chuyên viên Phòng Nội vụ huyện"),
        ("Trần Quốc Việt", "Phó Chủ tịch UBND huyện"),
    ),
}
REVIEWER = ("Trần Thị Bích Ngọc", "Chuyên viên chính Phòng Xây dựng chính quyền")
WARD_STAFF = (
    ("Đặng Thị Thu", "Chuyên viên Văn phòng HĐND và UBND phường"),
    ("Nguyễn Minh Tâm", "Chủ tịch UBND phường"),
)

# Those who carry individual models, each used once: (full name, gender code of the forms).
CARRIERS = [
    ("Nguyễn Thị Thu Hà", "nu"),
    ("Trần Văn Phúc", "nam"),
    ("Lê Hoàng Nam", "nam"),
    ("Võ Minh Tuấn", "nam"),
    ("Huỳnh Ngọc Trâm", "nu"),
    ("Đỗ Thị Kim Loan", "nu"),
    ("Bùi Quốc Thái", "nam"),
    ("Hồ Thị Ngọc Hân", "nu"),
    ("Ngô Thanh Hải", "nam"),
    ("Dương Văn Lợi", "nam"),
    ("Lý Thị Kim Phượng", "nu"),
    ("Trương Thị Diễm Trinh", "nu"),
    ("Đặng Hữu Nghĩa", "nam"),
    ("Phan Thanh Sơn", "nam"),
    ("Nguyễn Hoàng Anh Thư", "nu"),
    ("Trần Thị Ánh Nguyệt", "nu"),
    ("Võ Thị Hồng Nhung", "nu"),
    ("Huỳnh Tấn Lực", "nam"),
    ("Thái Thị Mỹ Duyên", "nu"),
    ("Phạm Quốc Cường", "nam"),
    ("Lâm Văn Tài", "nam"),
    ("Châu Thị Ngọc Bích", "nu"),
    ("Mai Thanh Phong", "nam"),
    ("Tô Thị Bảo Ngọc", "nu"),
    ("Nguyễn Tấn Đạt", "nam"),
    ("Trần Ngọc Quyên", "nu"),
    ("Lê Văn Thuận", "nam"),
    ("Đoàn Thị Mộng Cầm", "nu"),
]
GENDER = dict(CARRIERS)

# Positions an individual carrier holds, by agency kind (cycled through).
POSITIONS = {
    "so-nganh": ["Chuyên viên", "Phó Trưởng phòng", "Chuyên viên chính", "Trưởng phòng"],
    "y-te": [
        "Chuyên viên Phòng Nghiệp vụ Y",
        "Phó Chánh Thanh tra Sở",
        "Trưởng phòng Nghiệp vụ Dược",
    ],
    "cong-an": [
        "Thượng úy, cán bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        "Trung tá, Phó Trưởng phòng Tham mưu",
    ],
    "quan-su": ["Thiếu tá, Trợ lý dân vận", "Trung tá, Phó Chủ nhiệm Chính trị"],
    "giao-duc": ["Chuyên viên Phòng Giáo dục phổ thông", "Phó Chánh Văn phòng Sở"],
    "don-vi-su-nghiep": ["Giáo viên", "Phó Hiệu trưởng", "Bí thư Đoàn trường"],
    "ubnd-huyen": ["Chuyên viên Phòng Nội vụ", "Phó Chánh Văn phòng HĐND và UBND huyện"],
    "ubnd-xa": [
        "Công chức Văn phòng HĐND và UBND",
        "Chuyên viên Phòng Kinh tế",
        "Chuyên viên Phòng Văn hóa – Xã hội",
    ],
}
DEFAULT_POSITIONS = ["Chuyên viên", "Phó Trưởng ban"]


class Carriers:
    """Hands out the next carrier's name, never the same one twice."""

    def __init__(self):
        self.used = 0

    def next(self, kind_code):
        name, _ = CARRIERS[self.used % len(CARRIERS)]
        positions = POSITIONS.get(kind_code, DEFAULT_POSITIONS)
        position = positions[self.used % len(positions)]
        self.used += 1
        return name, position
