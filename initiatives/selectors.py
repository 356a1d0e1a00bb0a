"""Reads of the model register (sổ theo dõi mô hình) and of one model's life, shared by the
coordinator's admin, the agency's pages and the Excel export. Registrations and commendations
are read through their relations to the model, so this app imports none of the later ones."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from movements.models import Deadline, DeadlineExtension, DeadlineKind, MovementStatus
from movements.selectors import AgencyDeadline, register_sent_rows

from .models import (
    RECOGNISED_STATUSES,
    REVIEW_SENT_STATES,
    EventKind,
    Initiative,
    InitiativeEvent,
    InitiativeReview,
    Replication,
    Status,
)

# What a register row needs, in one query.
REGISTER_RELATED = ("agency", "agency__kind", "field")


def register(queryset: QuerySet | None = None) -> QuerySet:
    """Every model that reached the coordinator (a model still in draft is its agency's own)."""
    queryset = Initiative.objects.all() if queryset is None else queryset
    return queryset.exclude(status=Status.DRAFT).select_related(*REGISTER_RELATED)


def commended_filter() -> Exists:
    """A model one of whose registrations received an award decision."""
    return Exists(
        Initiative.registrations.rel.related_model.objects.filter(
            initiative=OuterRef("pk"), nominations__decision__isnull=False
        )
    )


def replicated_filter() -> Exists:
    return Exists(Replication.objects.filter(initiative=OuterRef("pk")))


def period_filter(period: str) -> Q:
    """Models registered in a movement of that period (“2026–2030”)."""
    return Q(registrations__movement__period=period)


def held_by(agency) -> QuerySet:
    """An agency's own models, current and past (handed over ones included), drafts left out."""
    return register(Initiative.objects.filter(agency=agency)).order_by("-start_year", "name")


def came_from(initiatives) -> dict[int, str]:
    """{initiative id: the former unit it was handed over from} for those that were, in one query
    (the last hand-over names the unit the agency knows)."""
    names = {}
    for initiative_id, name in (
        InitiativeEvent.objects.filter(
            initiative__in=initiatives, kind=EventKind.TRANSFERRED, from_agency__isnull=False
        )
        .order_by("initiative_id", "recorded_at", "pk")
        .values_list("initiative_id", "from_agency__name")
    ):
        names[initiative_id] = name
    return names


@dataclass(frozen=True)
class Commendation:
    year: int
    award: str
    number: str
    decided_on: date | None


@dataclass(frozen=True)
class Life:
    """A model's page: its timeline, its yearly registrations, commendations, replications."""

    initiative: Initiative
    events: list[InitiativeEvent]
    registrations: list
    commendations: list[Commendation]
    replications: list[Replication]
    came_from: str
    reviews: list


def life_of(initiative: Initiative) -> Life:
    events = list(
        initiative.events.select_related("from_agency", "to_agency", "recorded_by").order_by(
            "year", "recorded_at", "pk"
        )
    )
    registrations = list(
        initiative.registrations.select_related("movement", "agency").order_by(
            "movement__year", "pk"
        )
    )
    commendations = [
        Commendation(year, award, number, decided_on)
        for year, award, number, decided_on in initiative.registrations.filter(
            nominations__decision__isnull=False
        )
        .order_by("nominations__decision__decided_on")
        .values_list(
            "movement__year",
            "nominations__decision__award_kind__name",
            "nominations__decision__number",
            "nominations__decision__decided_on",
        )
    ]
    replications = list(initiative.replications.select_related("agency").order_by("since"))
    return Life(
        initiative=initiative,
        events=events,
        registrations=registrations,
        commendations=commendations,
        replications=replications,
        came_from=came_from([initiative]).get(initiative.pk, ""),
        # Each year's review of it, once sent: what the agency proposed and what was decided.
        reviews=list(
            initiative.review_items.filter(review__state__in=REVIEW_SENT_STATES)
            .select_related("review__deadline__movement", "review__agency")
            .order_by("review__deadline__movement__year", "pk")
        ),
    )


# The annual review


def reviewed_initiatives(agency) -> QuerySet:
    """What an agency reviews: every recognised model it holds and runs, handed-over included."""
    return Initiative.objects.filter(agency=agency, status__in=RECOGNISED_STATUSES).order_by(
        "name", "pk"
    )


def review_deadlines_for(agency) -> QuerySet:
    """The review deadlines of movements under way that name the agency's kind, or every kind."""
    return (
        Deadline.objects.filter(kind=DeadlineKind.REVIEW)
        .exclude(movement__status=MovementStatus.DRAFT)
        .filter(Q(agency_kinds=agency.kind_id) | Q(agency_kinds__isnull=True))
        .distinct()
        .select_related("movement")
        .order_by("-movement__year", "due_on", "pk")
    )


def review_window(*, deadline, agency) -> AgencyDeadline:
    """When this review deadline closes for this agency: its extension counts."""
    extension = DeadlineExtension.objects.filter(deadline=deadline, agency=agency).first()
    return AgencyDeadline(deadline, extension)


def review_of(*, deadline, agency):
    return (
        InitiativeReview.objects.select_related("deadline__movement", "agency")
        .filter(deadline=deadline, agency=agency)
        .first()
    )


@register_sent_rows(DeadlineKind.REVIEW, answered_by="deadline")
def sent_reviews():
    """The reviews agencies sent (and any that came back), each answering its own deadline."""
    return InitiativeReview.objects.filter(state__in=REVIEW_SENT_STATES)
