"""Filters for state documents (Decree 30/2020/NĐ-CP, Appendix I): dates in words, points."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()

# Blanks the văn thư fills in by hand when a document is printed before it is dated.
_BLANK = "\u00a0" * 6


@register.filter
def date_in_words(value) -> str:
    """“ngày 05 tháng 01 năm 2025”, “ngày 15 tháng 3 năm 2025”: a day below 10 and the months
    1 and 2 take a leading 0 (Decree 30, so a 1 or 2 cannot be written in front later); other
    months do not. An aware datetime is read on the portal's clock; None leaves blanks."""
    if value is None or value == "":
        return f"ngày{_BLANK}tháng{_BLANK}năm{_BLANK}"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if not isinstance(value, date):
        raise TypeError(f"date_in_words expects a date, not {type(value).__name__}")
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


@register.filter
def points(value) -> str:
    """Vietnamese number format for points: “7,5”, “87”, “-2”, “1.250,25”; empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


@register.filter
def as_lines(value) -> list:
    """A string as one line, a list or tuple as its lines, nothing as none."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return list(value)
