"""Writes to plans (services/plans.py) and periodic reports (services/periodic.py)."""
