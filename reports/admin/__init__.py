"""The coordinator's screens for plans (admin/plans.py) and periodic reports (admin/periodic.py)."""

from . import periodic, plans  # noqa: F401
