"""Criteria sheets, their Excel import/export, and classification bands in the admin."""
