"""What the public may read: published models recognised and still on the list, and of each
only what a citizen should see — never a draft, a score, an evidence file, a vote, a reviewer's
note, a review, or an individual's particulars beyond name and position. Every public page,
the open data and the sitemap read through here."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from initiatives.models import (
    RECOGNISED_STATUSES,
    Carrier,
    EventKind,
    Initiative,
    InitiativeEvent,
    fold,
)
from initiatives.selectors import commended_filter
from movements.models import Field
from portal.models import Agency
from registrations.models import Registration

from .services import SENT_REGISTRATION_STATES

# A search is a handful of words; longer input is cut, never an error.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
# How close a model's text must come to the whole search to count as a close match (0–1, pg_trgm's
# own default): “dan van keo” still finds “Dân vận khéo”, an unrelated phrase does not.
CLOSE_MATCH = 0.6
# The steps of a model's life the public sees (a hand-over or replication shows elsewhere).
PUBLIC_EVENTS = (EventKind.REGISTERED, EventKind.RECOGNISED, EventKind.KEPT, EventKind.STRENGTHENED)


def public_rows() -> QuerySet:
    """The one rule of what is public: published by the coordinator, and recognised and still
    on the list — a model removed after publication never shows."""
    return Initiative.objects.filter(published=True, status__in=RECOGNISED_STATUSES)


def published() -> QuerySet:
    """Public models as pages list them, with what a row shows."""
    return (
        public_rows()
        .select_related("agency", "field")
        .annotate(commended=commended_filter())
        .order_by("-recognised_on", "name", "pk")
    )


def search_words(query: str) -> list[str]:
    return fold(query[:MAX_QUERY_LENGTH]).split()[:MAX_QUERY_WORDS]


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Every word, without diacritics or case: “dan van kheo” finds “Dân vận khéo”."""
    for word in search_words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def close_matches(queryset: QuerySet, query: str) -> QuerySet | None:
    """When no model holds every word: those whose text comes closest to the search, a typo or a
    missing letter forgiven (PostgreSQL's trigram similarity over the same folded column; on
    another database there is none, and None says so)."""
    words = search_words(query)
    if connection.vendor != "postgresql" or not words:
        return None
    phrase = " ".join(words)
    # The %> operator (trigram_word_similar, threshold 0.6) is what the GIN index serves.
    return (
        queryset.filter(search_text__trigram_word_similar=phrase)
        .annotate(closeness=TrigramWordSimilarity(phrase, "search_text"))
        .filter(closeness__gte=CLOSE_MATCH)
        .order_by("-closeness", *queryset.query.order_by)
    )


def filter_choices() -> dict:
    """The fields, agencies and years that have published models, for the list's filters."""
    public = public_rows()
    return {
        "fields": list(
            Field.objects.filter(initiatives__in=public).distinct().values_list("pk", "name")
        ),
        "agencies": list(
            Agency.objects.filter(initiatives__in=public)
            .distinct()
            .order_by("name")
            .values_list("pk", "name")
        ),
        "years": sorted(
            {day.year for day in public.exclude(recognised_on=None).dates("recognised_on", "year")},
            reverse=True,
        ),
    }


def public_model(pk) -> Initiative:
    return get_object_or_404(published(), pk=pk)


def public_agency(pk) -> Agency:
    """An agency with at least one published model; any other is not found."""
    return get_object_or_404(Agency.objects.filter(initiatives__in=public_rows()).distinct(), pk=pk)


@dataclass(frozen=True)
class PublicStep:
    kind: str
    year: int
    number: str
    decided_on: date | None


@dataclass
class PublicModel:
    """A model's public page: no note, no recorder, no review, no registration's particulars."""

    initiative: Initiative
    carrier_line: str
    years: list[int]
    steps: list[PublicStep]
    commendations: list = field(default_factory=list)
    replications: list = field(default_factory=list)


def carrier_line(initiative: Initiative) -> str:
    """Who carries it, as the latest sent registration names them: a collective's name, or an
    individual's name and position only."""
    row = (
        Registration.objects.filter(initiative=initiative, state__in=SENT_REGISTRATION_STATES)
        .order_by("-movement__year", "-pk")
        .values("collective_name", "person_name", "person_position")
        .first()
    )
    if row is None:
        return ""
    if initiative.carrier == Carrier.INDIVIDUAL:
        return ", ".join(part for part in (row["person_name"], row["person_position"]) if part)
    return row["collective_name"]


def model_page(initiative: Initiative) -> PublicModel:
    years = sorted(
        set(
            Registration.objects.filter(
                initiative=initiative, state__in=SENT_REGISTRATION_STATES
            ).values_list("movement__year", flat=True)
        )
        | ({initiative.start_year} if initiative.start_year else set())
    )
    steps = [
        PublicStep(EventKind(kind).label, year, number, decided_on)
        for kind, year, number, decided_on in InitiativeEvent.objects.filter(
            initiative=initiative, kind__in=PUBLIC_EVENTS
        )
        .order_by("year", "recorded_at", "pk")
        .values_list("kind", "year", "decision_number", "decided_on")
    ]
    commendations = list(
        initiative.registrations.filter(nominations__decision__isnull=False)
        .order_by("nominations__decision__decided_on")
        .values(
            "movement__year",
            "nominations__decision__award_kind__name",
            "nominations__decision__number",
            "nominations__decision__decided_on",
        )
    )
    replications = list(initiative.replications.order_by("since").values("agency__name", "since"))
    return PublicModel(
        initiative=initiative,
        carrier_line=carrier_line(initiative),
        years=years,
        steps=steps,
        commendations=commendations,
        replications=replications,
    )


def registered_years(initiatives) -> dict[int, list[int]]:
    """{model id: the years it was registered}, for the open data, in one query."""
    years: dict[int, set[int]] = {}
    for initiative_id, year in Registration.objects.filter(
        initiative__in=initiatives, state__in=SENT_REGISTRATION_STATES
    ).values_list("initiative_id", "movement__year"):
        years.setdefault(initiative_id, set()).add(year)
    return {key: sorted(value) for key, value in years.items()}
