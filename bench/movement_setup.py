"""The movement every benchmark builds: its registration (and award) deadlines as Deadline rows,
its scoring and award settings as their apps' one-to-one rows."""


def deadline_before(movement, kind, closes_at, *, opens_at=None):
    """A deadline worded “trước ngày …” on the day of ``closes_at``: it closes at 00:00 that day,
    on or before ``closes_at``, so a moment in the past stays past (as tests/factories.py does)."""
    from django.utils import timezone

    from movements.models import Deadline, DeadlineKind

    return Deadline.objects.create(
        movement=movement,
        kind=kind,
        title=DeadlineKind(kind).label,
        opens_at=opens_at,
        due_on=timezone.localtime(closes_at).date(),
        due_day_counts=False,
    )


def create_movement(
    *,
    registration_opens_at,
    registration_closes_at,
    award_closes_at=None,
    scoring=None,
    awards=None,
    **fields,
):
    """Movement.objects.create(**fields) plus its registration deadline, its award deadline when
    ``award_closes_at`` is given, and ScoringSettings(**scoring) / AwardSettings(**awards)."""
    from awards.models import AwardSettings
    from movements.models import DeadlineKind, Movement
    from scoring.models import ScoringSettings

    movement = Movement.objects.create(**fields)
    deadline_before(
        movement, DeadlineKind.REGISTRATION, registration_closes_at, opens_at=registration_opens_at
    )
    if award_closes_at is not None:
        deadline_before(movement, DeadlineKind.AWARD, award_closes_at)
    if scoring:
        ScoringSettings.objects.create(movement=movement, **scoring)
    if awards:
        AwardSettings.objects.create(movement=movement, **awards)
    return movement
