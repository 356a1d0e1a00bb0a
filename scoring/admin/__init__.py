"""Sở Nội vụ's scoring desk: criteria sheets and bands (criteria.py), appraisal (scorecards.py)."""

from . import criteria, scorecards  # noqa: F401
