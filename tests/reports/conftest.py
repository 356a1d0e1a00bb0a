"""Fixtures of the reports tests: plans (plan_factories.py)."""

from .plan_factories import (  # noqa: F401
    areas,
    coordinator,
    deadline,
    movement_2026,
    plan_a,
    plan_b,
    task_a,
)
