"""Appraisal of scorecards and the ranking, in the admin."""
