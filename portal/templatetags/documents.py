"""Template filters over portal/documents.py, the one home of state-document formatting."""

from django import template

from portal import documents

register = template.Library()


@register.filter
def date_in_words(value) -> str:
    return documents.date_in_words(value)


@register.filter
def document_date(value) -> str:
    """“02/4/2025”; blanks to fill in when there is no date."""
    return documents.document_date(value)


@register.filter
def time_in_words(value) -> str:
    return documents.time_in_words(value)


@register.filter
def points(value) -> str:
    return documents.points(value)


@register.filter
def percent(value) -> str:
    return documents.percent(value)


@register.filter
def two_digits(value) -> str:
    """“02” for 2; a list or a queryset counts its items."""
    if not isinstance(value, int):
        value = len(value)
    return documents.two_digits(value)


@register.simple_tag
def counted(collectives, individuals) -> str:
    """{% counted collectives individuals %} → “02 tập thể và 01 cá nhân”; never “00 …”."""
    count = [
        value if isinstance(value, int) else len(value) for value in (collectives, individuals)
    ]
    return documents.counted(*count)


@register.filter
def movement_citation(movement) -> str:
    return documents.movement_citation(movement)


@register.filter
def criteria_set_citation(criteria_set) -> str:
    return documents.criteria_set_citation(criteria_set)


@register.filter
def as_lines(value) -> list:
    """A string as one line, a list or tuple as its lines, nothing as none."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return list(value)
