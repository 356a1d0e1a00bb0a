"""Admin for periodic reports: review, return with a reason, consolidate."""
