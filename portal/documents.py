"""How state documents write dates, moments, points, numbers and citations (Decree 30/2020).

One home for the formatting every document, export, page and message uses.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone

# Blanks the văn thư fills in by hand when a document is printed before it is dated.
_BLANK = "\u00a0" * 6


def _as_date(value) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"expected a date, not {type(value).__name__}")
    return value


def _month(value: date) -> str:
    # Decree 30: months 1 and 2 take a leading zero (so a 1 cannot be written in front later).
    return f"{value.month:02d}" if value.month < 3 else str(value.month)


def date_in_words(value) -> str:
    """“ngày 05 tháng 01 năm 2025”, “ngày 15 tháng 3 năm 2025”; None leaves blanks to fill in."""
    if value is None or value == "":
        return f"ngày{_BLANK}tháng{_BLANK}năm{_BLANK}"
    value = _as_date(value)
    return f"ngày {value.day:02d} tháng {_month(value)} năm {value.year}"


def document_date(value) -> str:
    """A date as documents cite it: “02/4/2025”, “15/12/2025”, “05/01/2026”."""
    value = _as_date(value)
    return f"{value.day:02d}/{_month(value)}/{value.year}"


def moment_text(value, *, last_minute=False) -> str:
    """“23:59 ngày 15/04/2025” on the portal's clock; ``last_minute`` shows the minute before
    an exclusive closing moment (the last one still on time)."""
    if last_minute:
        value = value - timedelta(minutes=1)
    value = timezone.localtime(value)
    return f"{value:%H:%M} ngày {value:%d/%m/%Y}"


def closing_moment_of(day: date, day_counts: bool) -> datetime:
    """The first moment no longer on time, on the portal's clock.

    “chậm nhất là ngày 15/4/2025” (the day counts) closes at 00:00 on 16/4;
    “trước ngày 15/12/2025” (it does not) closes at 00:00 on 15/12.
    """
    first_late_day = day + timedelta(days=1) if day_counts else day
    return timezone.make_aware(datetime.combine(first_late_day, time.min))


def deadline_wording(day: date, day_counts: bool) -> str:
    """The deadline as the plan words it: “chậm nhất là ngày 15/4/2025”, “trước ngày 15/12/2025”."""
    prefix = "chậm nhất là ngày" if day_counts else "trước ngày"
    return f"{prefix} {document_date(day)}"


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


def two_digits(count: int) -> str:
    """Counts in documents: “02 tập thể”, “12 cá nhân”."""
    return f"{count:02d}"


def letter_number(number: str, symbol: str = "") -> str:
    """“05/TTr-STP”: the number with a leading zero below 10 (Decree 30/2020)."""
    number = (number or "").strip()
    if number.isdigit() and len(number) == 1:
        number = f"0{number}"
    return f"{number}/{symbol}" if symbol else number


def cite_document(*, kind="", number="", issued_on=None, issuer="", subject="") -> str:
    """“Quyết định số 553/QĐ-UBND ngày 02/4/2025 của Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long
    về việc …”: each part only when known, never “văn bản số” for a decision."""
    parts = [kind.strip() or "Văn bản"]
    if number:
        parts.append(f"số {number.strip()}")
    if issued_on:
        parts.append(f"ngày {document_date(issued_on)}")
    if issuer:
        parts.append(f"của {issuer.strip()}")
    if subject:
        parts.append(subject.strip())
    return " ".join(parts)
