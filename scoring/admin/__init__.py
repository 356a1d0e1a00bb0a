"""The coordinator's scoring desk: criteria sheets and bands (criteria.py), appraisal (scorecards.py),
and the movement's scoring settings inline (movement_settings.py)."""

from . import criteria, movement_settings, scorecards  # noqa: F401
