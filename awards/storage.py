"""The sent dossier kept as submitted (a PDF file on the proposal), and the download that
serves it."""

from django.core.files.base import ContentFile
from django.db import transaction

from . import pdf
from .models import AwardProposal, ProposalState
from .signing import SIGNATURE_CLEARED


def store_dossier(proposal) -> None:
    """Keep the dossier exactly as submitted; a proposal no longer sent drops its file.

    Called after the state change commits (awards.services), holding no lock: the PDF is
    rendered first (``pdf.dossier_pdf``, looked up at call time), then the row points at it only
    if it is still as read — a return, resubmission or another store in between wins, and
    this file is dropped instead. A new or dropped dossier drops its signed copy too."""
    sent = proposal.state in (ProposalState.SUBMITTED, ProposalState.DECIDED)
    storage, old = proposal.dossier.storage, proposal.dossier.name or ""
    new = ""
    if sent:
        name = f"{proposal.agency.code}-{proposal.movement.year}-{proposal.pk}.pdf"
        proposal.dossier.save(name, ContentFile(pdf.dossier_pdf(proposal)), save=False)
        new = proposal.dossier.name
    unchanged = AwardProposal.objects.filter(
        pk=proposal.pk, submitted_at=proposal.submitted_at, dossier=old
    )
    if sent:
        unchanged = unchanged.filter(state__in=(ProposalState.SUBMITTED, ProposalState.DECIDED))
    else:
        unchanged = unchanged.exclude(state__in=(ProposalState.SUBMITTED, ProposalState.DECIDED))
    with transaction.atomic():
        # A signed copy of the old dossier no longer matches the new one (awards.signing).
        signed_old = unchanged.select_for_update().values_list("signed_dossier", flat=True).first()
        stored = signed_old is not None and unchanged.update(dossier=new, **SIGNATURE_CLEARED)
    if stored:
        if old and old != new:
            storage.delete(old)
        if signed_old:
            storage.delete(signed_old)
        proposal.signed_dossier.name = ""
    elif new:
        storage.delete(new)
        proposal.dossier.name = old


def dossier_for_download(proposal, request=None) -> bytes:
    """The stored dossier once sent (fast, and what the coordinator received); a draft renders live."""
    if proposal.dossier and proposal.state in (ProposalState.SUBMITTED, ProposalState.DECIDED):
        try:
            with proposal.dossier.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    return pdf.dossier_pdf(proposal, request=request)
