"""The signed dossier: a leader signs the issued dossier (PAdES) and uploads it; the portal keeps
it only when the signature is intact, trusted, valid when made and over exactly that dossier.

A certificate authority is made for the tests (keys once per module); dossiers are rendered by
WeasyPrint once per agency and module, then stored for each test's proposal."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
import weasyprint
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from awards import services, signing
from awards.models import AwardProposal
from portal.models import Role
from tests.factories import UserFactory

from .factories import award_movement, complete_proposal

pytestmark = pytest.mark.django_db

# PKI made for the tests


@dataclass
class Identity:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    chain: tuple = ()


def _name(common_name, organisation=None):
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(attributes)


def _certificate(subject, key, issuer: Identity | None, *, ca, starts, ends):
    usage = dict.fromkeys(
        (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    usage.update(
        {"key_cert_sign": True, "crl_sign": True}
        if ca
        else {"digital_signature": True, "content_commitment": True}
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(starts)
        .not_valid_after(ends)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**usage), critical=True)
        .sign(issuer.key if issuer else key, hashes.SHA256())
    )


def _authority(common_name) -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = _certificate(
        _name(common_name),
        key,
        None,
        ca=True,
        starts=now - timedelta(days=3650),
        ends=now + timedelta(days=3650),
    )
    return Identity(cert, key)


def _person(authority: Identity, common_name, organisation, *, starts, ends) -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(
        _name(common_name, organisation), key, authority, ca=False, starts=starts, ends=ends
    )
    return Identity(cert, key, (authority.cert,))


@dataclass
class Pki:
    root: Identity
    leader: Identity
    expired: Identity
    stranger: Identity


@pytest.fixture(scope="module")
def pki() -> Pki:
    now = datetime.now(UTC)
    root = _authority("CA thử nghiệm của cổng")
    foreign = _authority("CA không được tin cậy")
    year = timedelta(days=365)
    return Pki(
        root=root,
        leader=_person(root, "Lê Thị Hồng", "Sở Tư pháp", starts=now - year, ends=now + year),
        expired=_person(
            root, "Lê Thị Hồng", "Sở Tư pháp", starts=now - 2 * year, ends=now - timedelta(days=1)
        ),
        stranger=_person(foreign, "Người lạ", "Đơn vị khác", starts=now - year, ends=now + year),
    )


@pytest.fixture
def roots(tmp_path, pki):
    """The test CA's root is the portal's only trust root."""
    path = tmp_path / "goc-tin-cay.pem"
    path.write_bytes(pki.root.cert.public_bytes(serialization.Encoding.PEM))
    with override_settings(SIGNATURE_TRUST_ROOTS=[str(path)]):
        yield path


def sign(pdf: bytes, who: Identity) -> bytes:
    """What the leader's signing tool does: a PAdES signature appended to the issued file."""
    signer = SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(who.cert),
        signing_key=translate_pyca_cryptography_key_to_asn1(who.key),
        cert_registry=SimpleCertificateStore.from_certs(
            [translate_pyca_cryptography_cert_to_asn1(c) for c in who.chain]
        ),
    )
    out = BytesIO()
    PdfSigner(PdfSignatureMetadata(field_name="ChuKyLanhDao"), signer=signer).sign_pdf(
        IncrementalPdfFileWriter(BytesIO(pdf)), output=out
    )
    return out.getvalue()


def upload(content: bytes, name="ho-so-da-ky-so.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# Sent proposals with their stored dossiers

RENDERED: dict[str, bytes] = {}


@pytest.fixture
def movement():
    return award_movement()


@pytest.fixture
def leader_b(agency_b):
    return UserFactory(username="lanhdao.b", agency=agency_b, role=Role.LEADER)


@pytest.fixture
def send(movement, django_capture_on_commit_callbacks):
    """Submit an agency's complete proposal; its dossier is rendered for real once per agency,
    and the same bytes stored for later tests' proposals (rendering takes a second)."""

    def send(agency, leader) -> AwardProposal:
        proposal = complete_proposal(movement, agency, leader)
        if agency.code not in RENDERED:
            with django_capture_on_commit_callbacks(execute=True):
                services.submit_proposal(proposal=proposal, by=leader)
            proposal.refresh_from_db()
            RENDERED[agency.code] = proposal.dossier.open("rb").read()
        else:
            services.submit_proposal(proposal=proposal, by=leader)
            proposal.refresh_from_db()
            proposal.dossier.save(f"{agency.code}.pdf", ContentFile(RENDERED[agency.code]))
        return proposal

    return send


@pytest.fixture
def sent_a(send, agency_a, leader_a):
    return send(agency_a, leader_a)


def issued(proposal) -> bytes:
    with proposal.dossier.open("rb") as handle:
        return handle.read()


def record(proposal):
    proposal.refresh_from_db()
    return (proposal.signed_dossier.name, proposal.signed_by, proposal.signed_at)


# The happy path


def test_a_valid_signature_is_kept_and_the_coordinator_sees_who_signed_when(
    client, roots, pki, sent_a, leader_a, reviewer, movement
):
    signed = sign(issued(sent_a), pki.leader)
    client.force_login(leader_a)
    response = client.post(
        reverse("awards:signed_dossier_upload", args=[movement.pk]),
        {"signed_dossier": upload(signed)},
        follow=True,
    )
    assert "Đã kiểm tra chữ ký số và lưu hồ sơ đã ký số." in response.content.decode()

    sent_a.refresh_from_db()
    assert sent_a.signed_dossier.open("rb").read() == signed
    assert sent_a.signed_by == "Lê Thị Hồng (Sở Tư pháp)"
    assert abs(sent_a.signed_at - timezone.now()) < timedelta(minutes=1)
    assert sent_a.signature_checked_at is not None
    label = (
        "Đã ký số bởi Lê Thị Hồng (Sở Tư pháp) lúc "
        f"{timezone.localtime(sent_a.signed_at):%d/%m/%Y %H:%M}"
    )
    assert label in response.content.decode()
    download = client.get(reverse("awards:signed_dossier", args=[movement.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == signed

    client.force_login(reviewer)
    changelist = client.get(reverse("admin:awards_awardproposal_changelist")).content.decode()
    assert label in changelist
    change = client.get(reverse("admin:awards_awardproposal_change", args=[sent_a.pk]))
    assert label in change.content.decode()
    served = client.get(reverse("admin:awards_awardproposal_signed_dossier", args=[sent_a.pk]))
    assert b"".join(served.streaming_content) == signed


def test_a_new_signature_replaces_the_old_and_its_file(
    roots, pki, sent_a, leader_a, django_capture_on_commit_callbacks
):
    signing.attach_signed_dossier(
        proposal=sent_a, upload=upload(sign(issued(sent_a), pki.leader)), by=leader_a
    )
    old = sent_a.signed_dossier.name
    again = sign(issued(sent_a), pki.leader)
    with django_capture_on_commit_callbacks(execute=True):
        signing.attach_signed_dossier(proposal=sent_a, upload=upload(again), by=leader_a)
    assert sent_a.signed_dossier.name != old
    assert sent_a.signed_dossier.open("rb").read() == again
    assert not sent_a.signed_dossier.storage.exists(old)


def test_a_returned_proposal_drops_its_signed_copy(
    roots, pki, sent_a, leader_a, reviewer, django_capture_on_commit_callbacks
):
    signing.attach_signed_dossier(
        proposal=sent_a, upload=upload(sign(issued(sent_a), pki.leader)), by=leader_a
    )
    stored = sent_a.signed_dossier.name
    with django_capture_on_commit_callbacks(execute=True):
        services.return_proposals(proposals=[sent_a], by=reviewer, reason="Bổ sung minh chứng")
    sent_a.refresh_from_db()
    assert (sent_a.signed_dossier.name, sent_a.signed_by, sent_a.signed_at) == ("", "", None)
    assert not sent_a.dossier.storage.exists(stored)
    assert signing.signature_label(sent_a) == ""


# Refusals: each says which fault, and changes nothing


def _tampered_inside(signed: bytes, dossier: bytes) -> bytes:
    """One byte of a stream inside the signed range changed."""
    at = dossier.index(b"stream", len(dossier) // 2) + 40
    return signed[:at] + bytes([signed[at] ^ 0xFF]) + signed[at + 1 :]


def _page_changed_after(signed: bytes) -> bytes:
    """An incremental update after the signature that writes on the first page."""
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT 72 72 Td (Sua) Tj ET"))
    writer.add_stream_to_page(0, stream)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _changed_then_signed(dossier: bytes, who) -> bytes:
    """The issued file with a page written on, then signed: not what the portal issued."""
    writer = IncrementalPdfFileWriter(BytesIO(dossier))
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT 72 72 Td (Them) Tj ET"))
    writer.add_stream_to_page(0, stream)
    out = BytesIO()
    writer.write(out)
    return sign(out.getvalue(), who)


def _other_pdf() -> bytes:
    return weasyprint.HTML(string="<p>Một văn bản khác</p>").write_pdf()


CASES = {
    "tampered inside the signed range": (
        lambda pki, dossier, other: _tampered_inside(sign(dossier, pki.leader), dossier),
        signing.TAMPERED,
    ),
    "a page changed after signing": (
        lambda pki, dossier, other: _page_changed_after(sign(dossier, pki.leader)),
        signing.CHANGED_AFTER,
    ),
    "another proposal's dossier": (
        lambda pki, dossier, other: sign(other, pki.leader),
        signing.FOREIGN,
    ),
    "a page changed before signing": (
        lambda pki, dossier, other: _changed_then_signed(dossier, pki.leader),
        signing.CHANGED_BEFORE,
    ),
    "any other PDF": (lambda pki, dossier, other: sign(_other_pdf(), pki.leader), signing.FOREIGN),
    "unsigned": (lambda pki, dossier, other: dossier, signing.UNSIGNED),
    "expired certificate": (lambda pki, dossier, other: sign(dossier, pki.expired), "đã hết hạn"),
    "untrusted authority": (
        lambda pki, dossier, other: sign(dossier, pki.stranger),
        "không do tổ chức chứng thực mà cổng tin cậy cấp",
    ),
    "not a PDF": (
        lambda pki, dossier, other: b"MZ\x90\x00 not a pdf at all",
        "không phải là tệp PDF",
    ),
}


@pytest.fixture
def other_dossier(send, agency_b, leader_b):
    return issued(send(agency_b, leader_b))


@pytest.mark.parametrize("case", CASES)
def test_a_bad_signed_file_is_refused_saying_why_and_changes_nothing(
    case, roots, pki, sent_a, leader_a, other_dossier
):
    dossier = issued(sent_a)
    signing.attach_signed_dossier(
        proposal=sent_a, upload=upload(sign(dossier, pki.leader)), by=leader_a
    )
    before = record(sent_a)
    make, message = CASES[case]
    with pytest.raises(ValidationError) as refusal:
        signing.attach_signed_dossier(
            proposal=sent_a, upload=upload(make(pki, dossier, other_dossier)), by=leader_a
        )
    assert message in " ".join(refusal.value.messages)
    assert record(sent_a) == before


def test_an_oversized_file_is_refused(roots, sent_a, leader_a):
    big = upload(b"%PDF-1.7\n" + b"0" * signing.MAX_BYTES)
    with pytest.raises(ValidationError, match="không quá 10 MB"):
        signing.attach_signed_dossier(proposal=sent_a, upload=big, by=leader_a)
    assert record(sent_a) == ("", "", None)


def test_without_trust_roots_uploads_are_refused_saying_so(client, pki, sent_a, leader_a, movement):
    client.force_login(leader_a)
    with override_settings(SIGNATURE_TRUST_ROOTS=[]):
        response = client.post(
            reverse("awards:signed_dossier_upload", args=[movement.pk]),
            {"signed_dossier": upload(sign(issued(sent_a), pki.leader))},
            follow=True,
        )
    assert response.status_code == 200
    assert "Cổng chưa được cấu hình chứng thư số gốc tin cậy" in response.content.decode()
    assert record(sent_a) == ("", "", None)


def test_a_draft_has_no_issued_dossier_to_sign(roots, pki, movement, agency_a, leader_a):
    draft = complete_proposal(movement, agency_a, leader_a)
    with pytest.raises(ValidationError, match="khi đề nghị đã được gửi"):
        signing.attach_signed_dossier(
            proposal=draft, upload=upload(sign(_other_pdf(), pki.leader)), by=leader_a
        )


def test_the_page_says_why_a_file_was_refused(client, roots, pki, sent_a, leader_a, movement):
    client.force_login(leader_a)
    response = client.post(
        reverse("awards:signed_dossier_upload", args=[movement.pk]),
        {"signed_dossier": upload(sign(issued(sent_a), pki.stranger))},
        follow=True,
    )
    text = response.content.decode()
    assert "Chứng thư số của người ký (Người lạ (Đơn vị khác)) không do tổ chức" in text
    assert record(sent_a) == ("", "", None)


# Who may


def test_only_the_agencys_leader_uploads_and_only_the_agency_downloads(
    client, roots, pki, sent_a, leader_a, clerk_a, clerk_b, leader_b, reviewer, movement
):
    signed = sign(issued(sent_a), pki.leader)
    upload_url = reverse("awards:signed_dossier_upload", args=[movement.pk])
    download_url = reverse("awards:signed_dossier", args=[movement.pk])

    client.force_login(clerk_a)
    assert client.post(upload_url, {"signed_dossier": upload(signed)}).status_code == 403
    assert client.get(download_url).status_code == 404  # nothing signed yet
    assert record(sent_a) == ("", "", None)

    signing.attach_signed_dossier(proposal=sent_a, upload=upload(signed), by=leader_a)
    before = record(sent_a)
    client.force_login(clerk_a)
    assert b"".join(client.get(download_url).streaming_content) == signed
    page = client.get(reverse("awards:proposal", args=[movement.pk])).content.decode()
    assert signing.signature_label(sent_a) in page and download_url in page
    assert upload_url not in page  # the clerk sees the record, not the leader's upload form

    for outsider in (clerk_b, reviewer):
        client.force_login(outsider)
        assert client.get(download_url).status_code in (403, 404)
        assert client.post(upload_url, {"signed_dossier": upload(signed)}).status_code == 403
    client.force_login(leader_b)  # a leader of another agency reaches only their own proposal
    assert client.get(download_url).status_code == 404
    assert client.post(upload_url, {"signed_dossier": upload(signed)}).status_code == 404
    admin_url = reverse("admin:awards_awardproposal_signed_dossier", args=[sent_a.pk])
    client.force_login(clerk_b)
    assert client.get(admin_url).status_code in (302, 403)
    assert record(sent_a) == before
