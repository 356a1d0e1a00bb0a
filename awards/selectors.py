"""Reads of proposals reused by the pages, the admin, the Excel list and the dossier PDF."""

from django.db.models import Prefetch

from movements.models import DeadlineKind
from movements.selectors import register_sent_rows, required_agencies
from portal.models import Agency

from .models import AwardProposal, AwardSettings, Nominee, ProposalState


def award_settings_for(movement) -> AwardSettings:
    """The movement's award settings, or unsaved defaults (a read never creates them).
    Read through the relation, so a select_related or an earlier read costs no query."""
    try:
        return movement.award_settings
    except AwardSettings.DoesNotExist:
        return AwardSettings(movement=movement)


def proposal_of(*, movement, agency) -> AwardProposal | None:
    """The agency's proposal in the movement, or None: reading never starts one."""
    proposal = (
        AwardProposal.objects.filter(movement=movement, agency=agency)
        .select_related("award_kind")
        .first()
    )
    if proposal is not None:
        proposal.movement, proposal.agency = movement, agency
    return proposal


def unstarted_proposal(*, movement, agency) -> AwardProposal:
    """What the page shows before the first save: an unsaved, empty proposal (“Chưa lập”)."""
    settings = award_settings_for(movement)
    return AwardProposal(movement=movement, agency=agency, award_kind=settings.award_kind)


def nominees_of(proposal):
    if proposal.pk is None:
        return []
    return list(
        proposal.nominees.select_related("registration__field", "decision").order_by(
            "position", "pk"
        )
    )


def proposed_awardees(*, movement):
    """The province's consolidated list: every nominee of the proposals sent to the coordinator."""
    return (
        Nominee.objects.filter(
            proposal__movement=movement,
            proposal__state__in=(ProposalState.SUBMITTED, ProposalState.DECIDED),
        )
        .select_related(
            "proposal__agency__kind", "registration__field", "decision", "proposal__award_kind"
        )
        .order_by(
            "registration__carrier",
            "proposal__agency__kind__order",
            "proposal__agency__name",
            "position",
        )
    )


def proposals_with_nominees(queryset=None):
    queryset = queryset if queryset is not None else AwardProposal.objects.all()
    return queryset.select_related("movement", "agency", "award_kind").prefetch_related(
        Prefetch("nominees", queryset=Nominee.objects.select_related("registration"))
    )


@register_sent_rows(DeadlineKind.AWARD)
def sent_proposals():
    """The award proposals (dossiers) agencies sent, of any movement."""
    return AwardProposal.objects.exclude(state=ProposalState.DRAFT)


def agencies_without_proposal(movement):
    """The agencies the movement's award deadline asks (the kinds it names, or every active
    agency; every active agency when there is no such deadline) that have not even started a
    proposal."""
    deadlines = list(
        movement.deadlines.filter(kind=DeadlineKind.AWARD).prefetch_related("agency_kinds")
    )
    if deadlines:
        asked = {pk for d in deadlines for pk in required_agencies(d).values_list("pk", flat=True)}
        agencies = Agency.objects.filter(pk__in=asked)
    else:
        agencies = Agency.objects.filter(active=True)
    started = AwardProposal.objects.filter(movement=movement).values("agency")
    return agencies.exclude(pk__in=started).order_by("kind__order", "name")
