"""When scoring data stops changing: one home for the frozen rules (README: “Rules → files”).

- A criteria set is frozen once a scorecard was **sent** against it (submitted, returned or
  finalised): what an agency sent was scored against that exact sheet. A draft does not freeze
  it. To change a frozen set, copy it to a new version.
- A band scheme is frozen once it **classified** a finalised scorecard (the result is on record).
- A movement's sheet, bands and target band are locked once any of its agencies **started**
  a scorecard (its first saved answer): the drafts were made against them. Opening a page
  starts nothing.

What an agency may print and score:

- A **sample** criteria set (``is_sample``: made to try the portal, issued by nobody) never
  gives an official score sheet, nor an award dossier that carries one.
- A group “do cấp trên xem xét, cho điểm” (``scored_by_superior``) is not self-scored: only the
  appraisal counts for its criteria.
"""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from portal.coordinator import current_coordinator

from .models import CriteriaSet, Scorecard, ScorecardState

FREEZING_STATES = (ScorecardState.SUBMITTED, ScorecardState.RETURNED, ScorecardState.FINALISED)


def _freezing_scorecards():
    return Scorecard.objects.filter(state__in=FREEZING_STATES)


def criteria_set_is_frozen(criteria_set) -> bool:
    return bool(criteria_set.pk) and (
        _freezing_scorecards().filter(criteria_set=criteria_set).exists()
    )


def with_frozen_flag(criteria_sets):
    """The same rule as a column: ``frozen`` on every set, in the list's one query."""
    return criteria_sets.annotate(
        frozen=Exists(_freezing_scorecards().filter(criteria_set=OuterRef("pk")))
    )


def band_scheme_is_frozen(scheme) -> bool:
    return Scorecard.objects.filter(
        movement__scoring_settings__band_scheme=scheme, state=ScorecardState.FINALISED
    ).exists()


def movement_scoring_is_locked(movement) -> bool:
    return bool(movement.pk) and Scorecard.objects.filter(movement=movement).exists()


def sample_set_refusal(criteria_set) -> str:
    """Why no official sheet can be printed from this set (“” when it can)."""
    if criteria_set is None or not criteria_set.is_sample:
        return ""
    return (
        f"Bộ tiêu chí “{criteria_set.title}” là bộ tiêu chí mẫu, không phải văn bản đã ban hành, "
        "nên không thể in bản chấm điểm chính thức hay gửi hồ sơ khen thưởng theo bộ này. "
        f"Đề nghị {current_coordinator().short_name} cập nhật bộ tiêu chí chính thức cho phong trào."
    )


def check_official_sheet(criteria_set) -> None:
    refusal = sample_set_refusal(criteria_set)
    if refusal:
        raise ValidationError(refusal)


SUPERIOR_NOTE = "Do cấp trên xem xét, cho điểm"


def check_self_scored(criterion) -> None:
    """The agency does not score a criterion the level above scores."""
    if criterion.scored_by_superior:
        raise ValidationError(
            f"Tiêu chí {criterion.code}: {SUPERIOR_NOTE.lower()}, đơn vị không tự chấm."
        )


def sample_sheet_missing(*, movement, agency) -> list[str]:
    """For an award dossier's checklist: the movement's set, or the one the agency's scorecard
    was scored against, is a sample, so the dossier could not carry an official sheet."""
    title = (
        CriteriaSet.objects.filter(is_sample=True)
        .filter(
            Q(movement_settings__movement=movement)
            | Q(scorecards__movement=movement, scorecards__agency=agency)
        )
        .values_list("title", flat=True)
        .first()
    )
    if title is None:
        return []
    return [
        f"Bản chấm điểm được chấm theo bộ tiêu chí mẫu “{title}”, không phải văn bản đã ban "
        "hành: không thể in bản chấm điểm chính thức cho hồ sơ"
    ]
