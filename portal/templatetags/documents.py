"""Template filters over portal/documents.py, the one home of state-document formatting."""

from django import template

from portal import documents

register = template.Library()


@register.filter
def date_in_words(value) -> str:
    return documents.date_in_words(value)


@register.filter
def points(value) -> str:
    return documents.points(value)


@register.filter
def document_date(value) -> str:
    return documents.document_date(value) if value else ""


@register.filter
def as_lines(value) -> list:
    """A string as one line, a list or tuple as its lines, nothing as none."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return list(value)
