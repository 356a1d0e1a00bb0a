"""The signed dossier (hồ sơ ký số): the leader downloads the dossier the portal issued, signs it
with the agency's digital signature (VGCA certificates, PAdES) outside the portal and uploads it.
The portal keeps it as the record only when pyHanko finds the signature intact, made with a
certificate that chains to a configured root and was valid when it signed, over exactly the
issued dossier, with nothing changed after it.

    verify_signed_dossier(issued=…, signed=…, issued_at=…) -> VerifiedSignature (or refuses)
    attach_signed_dossier(proposal=…, upload=…, by=…)      -> the proposal with its record
    signature_label(proposal)                               -> “Đã ký số bởi … lúc …”
    SIGNATURE_CLEARED                                       -> what a newly stored dossier resets
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from portal.uploads import SIGNED_SCAN_MAX_BYTES
from portal.workflow import locked, save_with_history

from .models import AwardProposal, ProposalState

logger = logging.getLogger(__name__)

# The portal's one limit for a signed PDF (portal.uploads), a dossier signed included.
MAX_BYTES = SIGNED_SCAN_MAX_BYTES
SENT_STATES = (ProposalState.SUBMITTED, ProposalState.DECIDED)
# A signing computer's clock may run a little ahead of the portal's.
CLOCK_SKEW = timedelta(minutes=5)
# After the leader's signature only more signatures (the agency's own, added by its văn thư) and
# long-term validation data may follow; anything that changes the content may not.
LATER_CHANGES_ALLOWED = (
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
)
# VGCA certificates carry non-repudiation, some only digital signature: either signs a document.
KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)
# A newly stored (or dropped) dossier: the old signature no longer covers it.
SIGNATURE_CLEARED = {
    "signed_dossier": "",
    "signed_by": "",
    "signed_at": None,
    "signature_checked_at": None,
}

NO_ROOTS = (
    "Cổng chưa được cấu hình chứng thư số gốc tin cậy (ví dụ chứng thư gốc của Ban Cơ yếu "
    "Chính phủ) nên chưa thể kiểm tra chữ ký số. Vui lòng báo quản trị viên cổng."
)
NOT_SENT = (
    "Chỉ tải lên hồ sơ đã ký số khi đề nghị đã được gửi: hãy gửi đề nghị, tải hồ sơ cổng phát "
    "hành về để ký."
)
NOT_STORED = (
    "Cổng chưa lưu xong hồ sơ đã gửi nên chưa thể đối chiếu bản ký số; vui lòng thử lại sau ít "
    "phút."
)
DOSSIER_CHANGED = (
    "Hồ sơ của đề nghị vừa thay đổi (đề nghị bị trả lại hoặc gửi lại) trong lúc kiểm tra bản ký "
    "số. Hãy tải hồ sơ mới về, ký số và tải lên lại."
)
NO_FILE = "Chưa chọn tệp hồ sơ đã ký số."
TOO_BIG = f"Tệp hồ sơ đã ký số không quá {MAX_BYTES // (1024 * 1024)} MB."
NOT_PDF = "Tệp “{name}” không phải là tệp PDF: hãy tải lên tệp PDF hồ sơ đã ký số."
NOT_PDF_CONTENT = "Tệp tải lên không phải là tệp PDF: hãy tải lên tệp PDF hồ sơ đã ký số."
BROKEN = "Tệp PDF bị hỏng, không đọc được."
UNSIGNED = (
    "Tệp PDF chưa có chữ ký số. Hãy ký số hồ sơ bằng chứng thư số của đơn vị rồi tải lên lại."
)
UNREADABLE_SIGNATURE = "Không đọc được chữ ký số trong tệp (định dạng chữ ký không được hỗ trợ)."
TAMPERED = (
    "Chữ ký số không còn nguyên vẹn: nội dung tệp đã bị thay đổi sau khi ký. Hồ sơ không được nhận."
)
CHANGED_AFTER = (
    "Tệp đã bị sửa sau khi ký (có phần cập nhật làm thay đổi nội dung sau chữ ký). Hồ sơ không "
    "được nhận."
)
FOREIGN = (
    "Tệp đã ký không phải là hồ sơ cổng phát hành cho đề nghị này (có thể là hồ sơ của đề nghị "
    "khác hoặc một tệp PDF khác). Hãy tải hồ sơ trên trang này về, ký số và tải lên đúng tệp đó."
)
CHANGED_BEFORE = (
    "Hồ sơ đã bị sửa trước khi ký: chữ ký số phải đặt ngay trên tệp hồ sơ cổng phát hành, không "
    "thêm, sửa nội dung."
)
NO_SIGNING_TIME = "Chữ ký số không ghi thời điểm ký nên không kiểm tra được hiệu lực chứng thư."
BEFORE_ISSUE = (
    "Thời điểm ký ghi trong chữ ký ({signed}) sớm hơn lúc cổng phát hành hồ sơ ({issued}): "
    "đồng hồ máy ký sai hoặc chữ ký không hợp lệ."
)
IN_FUTURE = (
    "Thời điểm ký ghi trong chữ ký ({signed}) ở sau thời điểm hiện tại: kiểm tra lại đồng hồ "
    "máy ký rồi ký lại."
)
EXPIRED = (
    "Chứng thư số của người ký ({signer}) đã hết hạn ngày {until}, trước thời điểm ký "
    "{signed}. Hồ sơ không được nhận."
)
NOT_YET_VALID = (
    "Chứng thư số của người ký ({signer}) chỉ có hiệu lực từ ngày {since}, sau thời điểm ký "
    "{signed}. Hồ sơ không được nhận."
)
REVOKED = "Chứng thư số của người ký ({signer}) đã bị thu hồi. Hồ sơ không được nhận."
UNTRUSTED = (
    "Chứng thư số của người ký ({signer}) không do tổ chức chứng thực mà cổng tin cậy cấp "
    "(không dẫn về chứng thư gốc tin cậy nào đã cấu hình). Hồ sơ không được nhận."
)


@dataclass(frozen=True)
class VerifiedSignature:
    signed_by: str
    signed_at: datetime


def _moment(value: datetime) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def _day(value: datetime) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y")


def signature_label(proposal) -> str:
    """“Đã ký số bởi Lê Thị Hồng (Sở Tư pháp) lúc 12/12/2025 09:30”; “” while unsigned."""
    if not proposal.signed_dossier or proposal.signed_at is None:
        return ""
    return f"Đã ký số bởi {proposal.signed_by} lúc {_moment(proposal.signed_at)}"


def trust_roots() -> list:
    """The configured roots (settings.SIGNATURE_TRUST_ROOTS); refuses when none can be used."""
    paths = [p for p in getattr(settings, "SIGNATURE_TRUST_ROOTS", []) if str(p).strip()]
    if not paths:
        raise ValidationError(NO_ROOTS)
    roots = []
    for path in paths:
        try:
            roots.extend(load_certs_from_pemder([str(path).strip()]))
        except Exception:  # a missing or unreadable file is the deployment's fault, said plainly
            logger.exception("Cannot read the signature trust root %s", path)
            raise ValidationError(
                f"Không đọc được chứng thư số gốc tin cậy “{Path(str(path)).name}” trong cấu hình "
                "của cổng. Vui lòng báo quản trị viên cổng."
            ) from None
    return roots


def signer_name(cert) -> str:
    """The certificate subject's common name, with its organisation when it names one."""
    subject = cert.subject.native
    name = subject.get("common_name") or cert.subject.human_friendly
    organisation = subject.get("organization_name")
    if isinstance(organisation, list):
        organisation = ", ".join(organisation)
    if organisation and organisation != name:
        return f"{name} ({organisation})"
    return name


def verify_signed_dossier(
    *, issued: bytes, signed: bytes, issued_at: datetime | None = None, now: datetime | None = None
) -> VerifiedSignature:
    """Whether ``signed`` is ``issued`` with the leader's valid signature appended, and only that.

    The issued bytes must be exactly the prefix the signature's revision extends (an incremental
    update of the issued file); the signing time is the one the signature states, bounded by the
    moment the dossier was issued (a backdated signature with an expired certificate is refused)."""
    now = now or timezone.now()
    roots = trust_roots()
    if not signed.startswith(b"%PDF-"):
        raise ValidationError(NOT_PDF_CONTENT)
    try:
        reader = PdfFileReader(BytesIO(signed), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except Exception:  # untrusted bytes: any parser failure is a broken file
        raise ValidationError(BROKEN) from None
    if not signatures:
        raise ValidationError(UNSIGNED)
    # The leader's signature is the first one: the one whose revision extends the issued file.
    signature = min(signatures, key=lambda s: s.signed_revision)
    try:
        signed_at = signature.self_reported_timestamp
    except Exception:
        raise ValidationError(UNREADABLE_SIGNATURE) from None
    context = ValidationContext(
        trust_roots=roots,
        moment=signed_at or now,
        allow_fetching=False,  # intranets are often offline; no outgoing calls during an upload
    )
    try:
        status = validate_pdf_signature(
            signature, signer_validation_context=context, key_usage_settings=KEY_USAGE
        )
    except Exception:
        logger.warning("Unreadable signature in an uploaded signed dossier", exc_info=True)
        raise ValidationError(UNREADABLE_SIGNATURE) from None

    if not (status.intact and status.valid):
        raise ValidationError(TAMPERED)
    if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        raise ValidationError(TAMPERED)
    _check_extends_issued(issued=issued, signed=signed, signature=signature)
    if status.modification_level not in LATER_CHANGES_ALLOWED or status.docmdp_ok is False:
        raise ValidationError(CHANGED_AFTER)

    cert = status.signing_cert
    signer = signer_name(cert)
    if status.timestamp_validity is not None and status.timestamp_validity.trusted:
        signed_at = status.timestamp_validity.timestamp  # a trusted timestamp outranks the claim
    if signed_at is None:
        raise ValidationError(NO_SIGNING_TIME)
    if issued_at is not None and signed_at < issued_at - CLOCK_SKEW:
        raise ValidationError(
            BEFORE_ISSUE.format(signed=_moment(signed_at), issued=_moment(issued_at))
        )
    if signed_at > now + CLOCK_SKEW:
        raise ValidationError(IN_FUTURE.format(signed=_moment(signed_at)))
    if cert.not_valid_after < signed_at:
        raise ValidationError(
            EXPIRED.format(
                signer=signer, until=_day(cert.not_valid_after), signed=_moment(signed_at)
            )
        )
    if cert.not_valid_before > signed_at:
        raise ValidationError(
            NOT_YET_VALID.format(
                signer=signer, since=_day(cert.not_valid_before), signed=_moment(signed_at)
            )
        )
    if status.revoked:
        raise ValidationError(REVOKED.format(signer=signer))
    if not status.trusted:
        raise ValidationError(UNTRUSTED.format(signer=signer))
    return VerifiedSignature(signed_by=signer[:255], signed_at=signed_at)


def _check_extends_issued(*, issued: bytes, signed: bytes, signature) -> None:
    """The signed file begins with the issued file byte for byte, and the signature's revision
    is the first one after it (nothing added in between)."""
    hole_start = signature.byte_range[1]
    if not issued or signed[: len(issued)] != issued or hole_start < len(issued):
        raise ValidationError(FOREIGN)
    try:
        issued_revisions = PdfFileReader(BytesIO(issued), strict=False).xrefs.total_revisions
    except Exception:
        raise ValidationError(FOREIGN) from None
    # Revisions count from 0: the issued file holds 0 … issued_revisions - 1.
    if signature.signed_revision != issued_revisions:
        raise ValidationError(CHANGED_BEFORE)


def _read_upload(upload) -> bytes:
    if upload is None:
        raise ValidationError(NO_FILE)
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG)
    upload.seek(0)
    content = upload.read()
    if not content.startswith(b"%PDF-"):
        raise ValidationError(NOT_PDF.format(name=Path(upload.name or "").name))
    return content


def _issued_dossier(proposal) -> bytes:
    if proposal.state not in SENT_STATES:
        raise ValidationError(NOT_SENT)
    if not proposal.dossier:
        raise ValidationError(NOT_STORED)
    try:
        with proposal.dossier.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ValidationError(NOT_STORED) from None


def attach_signed_dossier(*, proposal, upload, by, now=None) -> AwardProposal:
    """Keep the leader's signed copy of the issued dossier as the proposal's record.

    Verification (pyHanko, some tenths of a second) runs before any lock; the row then takes
    the new file only if its dossier is still the one verified against. A previous signed
    copy is replaced, its file deleted once the change commits."""
    now = now or timezone.now()
    trust_roots()  # with none configured, say so whatever the file
    signed = _read_upload(upload)
    current = AwardProposal.objects.select_related("movement", "agency").get(pk=proposal.pk)
    issued_name = current.dossier.name
    verified = verify_signed_dossier(
        issued=_issued_dossier(current), signed=signed, issued_at=current.submitted_at, now=now
    )
    field = current.signed_dossier
    storage = field.storage
    field.save(
        f"{current.agency.code}-{current.movement.year}-{current.pk}-ky-so.pdf",
        ContentFile(signed),
        save=False,
    )
    new = field.name
    try:
        with transaction.atomic():
            row = locked(AwardProposal.objects, current.pk)
            if row.state not in SENT_STATES or row.dossier.name != issued_name:
                raise ValidationError(DOSSIER_CHANGED)
            old = row.signed_dossier.name or ""
            row.signed_dossier = new
            row.signed_by = verified.signed_by
            row.signed_at = verified.signed_at
            row.signature_checked_at = now
            save_with_history(row, by=by, reason=f"Tải lên hồ sơ đã ký số ({verified.signed_by})")
            if old and old != new:
                transaction.on_commit(lambda: storage.delete(old))
    except Exception:
        storage.delete(new)
        raise
    proposal.refresh_from_db()
    return proposal
