"""Periodic reports: start from the previous one, fill, send, accept or return."""
