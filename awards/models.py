"""Award proposals (đề nghị khen thưởng), their nominees and meeting votes, and decisions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portal.coordinator import current_coordinator
from portal.documents import cite_document, letter_number, paragraphs
from portal.models import Agency, ReviewTrail


def default_letter_recipients():
    """“Ủy ban nhân dân tỉnh Vĩnh Long (qua <coordinator>)”: the coordinator's superior, through it."""
    coordinator = current_coordinator()
    superior = coordinator.parent_name or "Ủy ban nhân dân tỉnh"
    return f"{superior} (qua {coordinator.short_name})"


class AwardKind(models.Model):
    """Data, not code: Bằng khen of the provincial Chairman, Giấy khen of an agency head, …"""

    code = models.SlugField("Mã", max_length=40, unique=True)
    name = models.CharField("Hình thức khen thưởng", max_length=200)
    issuer = models.CharField("Cấp khen", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "Hình thức khen thưởng"
        verbose_name_plural = "Hình thức khen thưởng"

    def __str__(self):
        return self.name


# The law in force (verified 11/2026): Nghị định 152/2025/NĐ-CP replaced 98/2023/NĐ-CP on 01/7/2025.
DEFAULT_LEGAL_BASES = "\n".join(
    (
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về "
        "phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn "
        "thi hành một số điều của Luật Thi đua, khen thưởng;",
        "Căn cứ Thông tư số 15/2025/TT-BNV ngày 04 tháng 8 năm 2025 của Bộ trưởng Bộ Nội vụ quy "
        "định biện pháp để tổ chức, hướng dẫn thi hành Luật Thi đua, khen thưởng và Nghị định số "
        "152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ;",
    )
)


class VoteBase(models.TextChoices):
    TOTAL = "total", "Tổng số thành viên hội đồng"
    PRESENT = "present", "Số thành viên có mặt"


class Gender(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class AwardSettings(models.Model):
    """A movement's awards (seed 000 IV.2): what is proposed, how many, the vote a nominee
    needs, and the legal bases the coordinator's Tờ trình cites."""

    movement = models.OneToOneField(
        "movements.Movement",
        on_delete=models.CASCADE,
        related_name="award_settings",
        verbose_name="Phong trào",
    )
    award_kind = models.ForeignKey(
        AwardKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movement_settings",
        verbose_name="Hình thức khen thưởng đề nghị",
    )
    max_nominees = models.PositiveSmallIntegerField(
        "Số mô hình đề nghị tối đa mỗi đơn vị", default=5
    )
    vote_threshold = models.DecimalField(
        "Ngưỡng phiếu đồng ý (%)",
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Cài đặt cần điều chỉnh theo quy định thi đua, khen thưởng của tỉnh.",
    )
    vote_strictly_above = models.BooleanField(
        "Phải vượt quá ngưỡng", default=True, help_text="Bỏ chọn: đạt đúng ngưỡng là được."
    )
    vote_base = models.CharField(
        "Tính trên", max_length=10, choices=VoteBase.choices, default=VoteBase.TOTAL
    )
    legal_bases = models.TextField(
        "Căn cứ pháp lý của tờ trình",
        blank=True,
        default=DEFAULT_LEGAL_BASES,
        help_text="Mỗi căn cứ một dòng, như in trên tờ trình; mặc định là các văn bản đang có hiệu lực.",
    )
    collective_form = models.CharField(
        "Mẫu báo cáo thành tích của tập thể",
        max_length=200,
        blank=True,
        help_text=(
            "In ở góc trên bên phải báo cáo, như quy định đang áp dụng ghi, ví dụ: "
            "“Mẫu số … Phụ lục … Nghị định số …”. Để trống thì không in."
        ),
    )
    individual_form = models.CharField(
        "Mẫu báo cáo thành tích của cá nhân", max_length=200, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Cài đặt khen thưởng"
        verbose_name_plural = "Cài đặt khen thưởng"
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_threshold__gte=0, vote_threshold__lte=100),
                name="award_settings_vote_threshold_is_a_percentage",
                violation_error_message="Ngưỡng phiếu đồng ý phải từ 0 đến 100%.",
            ),
        ]

    def __str__(self):
        return f"Khen thưởng – {self.movement}"

    @property
    def legal_basis_lines(self) -> list[str]:
        return paragraphs(self.legal_bases)


class ProposalState(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    DECIDED = "decided", "Đã có quyết định khen thưởng"


EDITABLE_PROPOSAL_STATES = (ProposalState.DRAFT, ProposalState.RETURNED)


class AwardProposal(ReviewTrail):
    """One agency's proposal in one movement: the dossier's documents as data (seed 000 IV.2)."""

    movement = models.ForeignKey(
        "movements.Movement",
        on_delete=models.PROTECT,
        related_name="award_proposals",
        verbose_name="Phong trào",
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="award_proposals", verbose_name="Cơ quan"
    )
    award_kind = models.ForeignKey(
        AwardKind,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name="Hình thức đề nghị",
    )
    state = models.CharField(
        "Trạng thái",
        max_length=20,
        choices=ProposalState.choices,
        default=ProposalState.DRAFT,
        db_index=True,
    )

    # Biên bản họp bình xét
    meeting_date = models.DateField("Ngày họp bình xét", null=True, blank=True)
    meeting_place = models.CharField("Địa điểm họp", max_length=255, blank=True)
    meeting_chair = models.CharField("Chủ trì", max_length=160, blank=True)
    meeting_secretary = models.CharField("Thư ký", max_length=160, blank=True)
    members_total = models.PositiveSmallIntegerField(
        "Tổng số thành viên hội đồng", null=True, blank=True
    )
    members_present = models.PositiveSmallIntegerField(
        "Số thành viên có mặt", null=True, blank=True
    )
    minutes_number = models.CharField(
        "Số biên bản", max_length=20, blank=True, help_text="Để trống nếu văn thư ghi số khi ký."
    )
    meeting_started_at = models.TimeField("Bắt đầu lúc", null=True, blank=True)
    meeting_ended_at = models.TimeField("Kết thúc lúc", null=True, blank=True)
    members_attending = models.TextField(
        "Danh sách thành viên có mặt", blank=True, help_text="Mỗi người một dòng: họ tên, chức vụ."
    )
    members_absent = models.TextField(
        "Danh sách thành viên vắng mặt",
        blank=True,
        help_text="Mỗi người một dòng: họ tên, chức vụ, lý do vắng. Để trống nếu không ai vắng.",
    )
    ballots_issued = models.PositiveSmallIntegerField("Số phiếu phát ra", null=True, blank=True)
    ballots_returned = models.PositiveSmallIntegerField("Số phiếu thu về", null=True, blank=True)
    ballots_valid = models.PositiveSmallIntegerField("Số phiếu hợp lệ", null=True, blank=True)

    # Tờ trình
    letter_number = models.CharField("Số tờ trình", max_length=20, blank=True)
    letter_symbol = models.CharField(
        "Ký hiệu", max_length=40, blank=True, help_text="Ví dụ: TTr-STP"
    )
    letter_date = models.DateField("Ngày tờ trình", null=True, blank=True)
    letter_recipients = models.TextField("Kính gửi", blank=True, default=default_letter_recipients)
    signer_authority = models.CharField(
        "Thẩm quyền ký", max_length=80, blank=True, help_text="Ví dụ: KT. GIÁM ĐỐC"
    )
    signer_title = models.CharField("Chức vụ người ký", max_length=120, blank=True)
    signer_name = models.CharField("Họ tên người ký", max_length=120, blank=True)

    # Báo cáo đánh giá kết quả
    report_number = models.CharField(
        "Số báo cáo", max_length=20, blank=True, help_text="Để trống nếu văn thư ghi số khi ký."
    )
    report_results = models.TextField("Kết quả đạt được", blank=True)
    report_limitations = models.TextField("Hạn chế, nguyên nhân", blank=True)
    report_lessons = models.TextField("Bài học kinh nghiệm", blank=True)
    report_proposals = models.TextField("Đề xuất, kiến nghị", blank=True)

    # The dossier as the leader sent it: rendered once at submission, served as it was.
    dossier = models.FileField("Hồ sơ đã gửi (PDF)", upload_to="ho-so-khen-thuong/", blank=True)
    # The same dossier signed by the agency's leader (PAdES), verified by awards.signing.
    signed_dossier = models.FileField("Hồ sơ đã ký số (PDF)", upload_to="ho-so-ky-so/", blank=True)
    signed_by = models.CharField("Người ký số", max_length=255, blank=True)
    signed_at = models.DateTimeField("Thời điểm ký số", null=True, blank=True)
    signature_checked_at = models.DateTimeField("Kiểm tra chữ ký số lúc", null=True, blank=True)
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["movement", "agency__name"]
        verbose_name = "Đề nghị khen thưởng"
        verbose_name_plural = "Đề nghị khen thưởng"
        permissions = [
            ("submit_awardproposal", "Gửi đề nghị khen thưởng"),
            ("review_awardproposal", "Xem xét, trả lại đề nghị khen thưởng; ghi nhận quyết định"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "agency"],
                name="award_proposal_one_per_agency",
                violation_error_message="Cơ quan đã có đề nghị khen thưởng trong phong trào này.",
            ),
            models.CheckConstraint(
                condition=Q(members_present__isnull=True)
                | Q(members_total__isnull=True)
                | Q(members_present__lte=models.F("members_total")),
                name="award_proposal_present_within_total",
                violation_error_message="Số thành viên có mặt không thể nhiều hơn tổng số thành viên.",
            ),
        ]

    def __str__(self):
        return f"Đề nghị khen thưởng – {self.agency} – {self.movement.year}"

    @property
    def is_editable(self):
        return self.state in EDITABLE_PROPOSAL_STATES

    @property
    def letter_reference(self):
        """“05/TTr-STP”: the number with a leading zero below 10 (Decree 30/2020); “” while
        the letter is not numbered."""
        return letter_number(self.letter_number, self.letter_symbol)


class AwardDecision(models.Model):
    """The decision (quyết định) that awards some nominees; recorded by the coordinator."""

    movement = models.ForeignKey(
        "movements.Movement",
        on_delete=models.PROTECT,
        related_name="award_decisions",
        verbose_name="Phong trào",
    )
    award_kind = models.ForeignKey(
        AwardKind, on_delete=models.PROTECT, related_name="decisions", verbose_name="Hình thức"
    )
    number = models.CharField("Số quyết định", max_length=60)
    decided_on = models.DateField("Ngày quyết định")
    signer = models.CharField("Người ký", max_length=160, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Người ghi nhận",
    )
    recorded_at = models.DateTimeField("Ghi nhận lúc", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on"]
        verbose_name = "Quyết định khen thưởng"
        verbose_name_plural = "Quyết định khen thưởng"
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "number"],
                name="award_decision_unique_number",
                violation_error_message="Quyết định số này đã được ghi nhận.",
            )
        ]

    def __str__(self):
        return cite_document(kind="Quyết định", number=self.number, issued_on=self.decided_on)


class Nominee(models.Model):
    """An accepted registration proposed for the award, with its achievement report and votes."""

    proposal = models.ForeignKey(
        AwardProposal, on_delete=models.CASCADE, related_name="nominees", verbose_name="Đề nghị"
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name="Mô hình",
    )
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)
    votes_in_favour = models.PositiveSmallIntegerField("Số phiếu đồng ý", null=True, blank=True)

    # Báo cáo thành tích, I: the collective's situation, or the individual's particulars.
    situation = models.TextField(
        "Đặc điểm, tình hình của tập thể",
        blank=True,
        help_text="Chức năng, nhiệm vụ; tổ chức bộ máy; số người; thuận lợi, khó khăn.",
    )
    birth_date = models.DateField("Ngày sinh", null=True, blank=True)
    gender = models.CharField("Giới tính", max_length=3, choices=Gender.choices, blank=True)
    ethnicity = models.CharField("Dân tộc", max_length=40, blank=True)
    hometown = models.CharField("Quê quán", max_length=255, blank=True)
    residence = models.CharField("Nơi ở hiện nay", max_length=255, blank=True)
    qualification = models.CharField("Trình độ chuyên môn, nghiệp vụ", max_length=160, blank=True)
    political_theory = models.CharField("Trình độ lý luận chính trị", max_length=80, blank=True)
    academic_title = models.CharField("Học hàm, học vị", max_length=80, blank=True)
    duties = models.TextField("Quyền hạn, nhiệm vụ được giao", blank=True)
    earlier_awards = models.TextField(
        "Các hình thức đã được khen thưởng",
        blank=True,
        help_text=(
            "Mỗi hình thức một dòng: năm; hình thức khen thưởng; số, ngày quyết định và cơ quan "
            "ban hành. Ví dụ: 2024; Giấy khen của Giám đốc Sở; Quyết định số 12/QĐ-STP "
            "ngày 20/12/2024 của Giám đốc Sở Tư pháp"
        ),
    )

    # Báo cáo thành tích, II: the achievements in the movement.
    summary = models.TextField("Tóm tắt mô hình", blank=True)
    actions = models.TextField("Những việc đã làm", blank=True)
    results = models.TextField("Kết quả đạt được (có số liệu)", blank=True)
    effectiveness = models.TextField("Hiệu quả, sức lan tỏa", blank=True)
    replicability = models.TextField("Khả năng nhân rộng", blank=True)

    decision = models.ForeignKey(
        AwardDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awarded",
        verbose_name="Quyết định khen thưởng",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "position", "pk"]
        verbose_name = "Tập thể, cá nhân được đề nghị"
        verbose_name_plural = "Tập thể, cá nhân được đề nghị"
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                name="nominee_once_per_registration",
                violation_error_message="Mô hình này đã có trong danh sách đề nghị.",
            )
        ]

    def __str__(self):
        return str(self.registration)
