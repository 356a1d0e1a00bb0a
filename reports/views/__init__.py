"""Agency pages for plans (views/plans.py) and periodic reports (views/periodic.py)."""
